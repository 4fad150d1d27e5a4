import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const state = {
  kind: 'notification',
  method: 'simulator/state',
  params: {
    models: [
      { kind: 'rabbitmq', title: 'RabbitMQ model', destinations: 3, messages: 42 },
      { kind: 'kafka', title: 'Kafka model', destinations: 2, messages: 1000 },
    ],
    presets: [
      { id: 'burstOverload', title: 'A burst three times faster than the consumers', contrast: 'load', explanation: 'RabbitMQ queues the burst as depth; Kafka appends it and the group falls behind as lag.' },
      { id: 'consumerCrash', title: 'A consumer crashes before ack/commit', contrast: 'failure', explanation: 'RabbitMQ redelivers unacked messages; Kafka re-reads from the last committed offset.' },
    ],
    updatedAt: Date.UTC(2026, 10, 25, 9, 0, 0),
  },
};
const outcome = (over: Record<string, unknown>): Record<string, unknown> => ({
  published: 1400, delivered: 1400, redeliveries: 0, duplicates: 0, lost: 0, deadLettered: 0, leftAfterConsumption: 0,
  orderViolations: 0, peakBacklog: 900, latencyP50: 1936, latencyP95: 3808, latencyP99: 4000, timeMs: 12000, backlog: [0, 300, 600, 900, 500, 0], ...over,
});

for (const theme of ['dark', 'light', 'hc'] as const) {
  describe(`simulator panel in Chromium (${theme})`, { skip: browserSkipReason() }, () => {
    let panel: PanelPage;
    before(async () => {
      panel = await openPanel('simulator', theme);
    });
    after(async () => panel?.close());

    it('says it is ready once its script runs, and shows loading until the host answers', async () => {
      const ready = await panel.waitForPosted('webview/ready');
      assert.deepEqual(ready, { kind: 'command', method: 'webview/ready', params: {} });
      await panel.page.getByRole('heading', { name: 'BrokerLens Simulator' }).waitFor();
      assert.equal(await panel.page.locator('.actions vscode-button').first().textContent().then((t) => t?.trim()), 'Loading…');
    });

    it('renders one card per model with its figures', async () => {
      await panel.send(state);
      const cards = panel.page.locator('article.model');
      await cards.first().waitFor();
      assert.equal(await cards.count(), 2);
      assert.match((await cards.nth(0).innerText()).replace(/\s+/g, ' '), /RabbitMQ model Queues 3 Messages 42/);
      assert.match((await cards.nth(1).innerText()).replace(/\s+/g, ' '), /Kafka model Topics 2 Messages 1000/);
      fs.mkdirSync(shots, { recursive: true });
      await panel.page.screenshot({ path: path.join(shots, `simulator-${theme}.png`) });
    });

    it('asks the host for fresh figures when Refresh is clicked', async () => {
      await panel.page.locator('vscode-button', { hasText: 'Refresh' }).click();
      const refresh = await panel.waitForPosted('simulator/refresh');
      assert.deepEqual(refresh, { kind: 'command', method: 'simulator/refresh', params: {} });
    });

    it('lists the presets, explains the selected one, and runs it on both models through a request', async () => {
      const chips = panel.page.locator('button.preset');
      assert.equal(await chips.count(), 2);
      assert.equal(await chips.nth(0).getAttribute('aria-pressed'), 'true');
      await chips.nth(0).click();
      assert.match(await panel.page.locator('p.explanation').innerText(), /depth; Kafka appends it/);
      await panel.page.locator('vscode-button', { hasText: 'Run on both models' }).click();
      const req = await panel.waitForPosted('simulator/runPreset');
      assert.deepEqual({ kind: req.kind, params: req.params }, { kind: 'request', params: { id: 'burstOverload' } });
      await panel.send({ kind: 'reply', id: req.id, ok: true, result: { id: 'burstOverload', rabbitmq: outcome({}), kafka: outcome({ leftAfterConsumption: 1400, peakBacklog: 1100 }) } });
      const left = panel.page.locator('table.results tr', { hasText: 'Left after consumption' });
      await left.waitFor();
      assert.deepEqual((await left.locator('td').allInnerTexts()).map((t) => t.trim()), ['0', '1,400']);
      assert.equal(await left.getAttribute('class'), 'differs');
      // The highlight is explained, and marked for those who do not see colour.
      assert.match(await panel.page.locator('p.legend-note').innerText(), /Highlighted rows: the two models gave different figures/);
      assert.equal(await left.locator('.marker').innerText(), '≠');
      assert.equal(await panel.page.locator('table.results tr', { hasText: 'Published' }).getAttribute('class'), '');
      // One chart with axes, units and a legend, drawn from the same points as the table's peak.
      const chart = panel.page.locator('brokerlens-chart.backlog-chart');
      await chart.locator('canvas').first().waitFor();
      assert.match(await chart.locator('.u-legend').innerText(), /RabbitMQ queue depth[\s\S]*Kafka consumer lag/);
      assert.deepEqual(await chart.locator('.u-axis').count(), 2);
      assert.equal(await panel.page.locator('figure.spark').count(), 0);
      await panel.page.screenshot({ path: path.join(shots, `simulator-preset-${theme}.png`), fullPage: true });
    });

    it('opens the Compare panel on the selected preset', async () => {
      await panel.page.locator('vscode-button.compare').click();
      const cmd = await panel.waitForPosted('simulator/comparePreset');
      assert.deepEqual({ kind: cmd.kind, params: cmd.params }, { kind: 'command', params: { id: 'burstOverload' } });
    });

    it('keeps earlier results when another one arrives, and shows a scenario file\'s result when the host runs one', async () => {
      await panel.send({ kind: 'notification', method: 'simulator/showResult', params: { id: 'consumerCrash', rabbitmq: outcome({ redeliveries: 9 }), kafka: outcome({ redeliveries: 8 }) } });
      await panel.page.locator('table.results tr', { hasText: 'Redeliveries' }).locator('td', { hasText: '9' }).waitFor();
      assert.equal(await panel.page.locator('button.preset[aria-pressed="true"]').innerText().then((t) => t.replace('✓', '').trim()), 'A consumer crashes before ack/commit');
      // The earlier result of the first preset is still there.
      await panel.page.locator('button.preset').nth(0).click();
      await panel.page.locator('table.results tr', { hasText: 'Left after consumption' }).locator('td', { hasText: '1,400' }).waitFor();
    });

    it('shows the host\'s sentence when a run fails, and keeps the panel usable', async () => {
      await panel.send({ kind: 'notification', method: 'simulator/state', params: { ...state.params, presets: [...state.params.presets, { id: 'gone', title: 'Gone', contrast: 'load', explanation: 'A preset the host no longer has.' }] } });
      await panel.page.locator('button.preset', { hasText: 'Gone' }).click();
      await panel.page.locator('vscode-button', { hasText: 'Run on both models' }).click();
      const posted = (await panel.posted()) as { method?: string; id?: number }[];
      const req = posted.filter((m) => m.method === 'simulator/runPreset').pop()!;
      await panel.send({ kind: 'reply', id: req.id, ok: false, error: 'There is no preset "gone"; pick one from the list.' });
      await panel.page.getByRole('alert').waitFor();
      assert.match(await panel.page.getByRole('alert').innerText(), /pick one from the list/);
      assert.equal(await panel.page.locator('table.results').count(), 0);
    });

    it('ignores a host message that fails validation and reports it instead of rendering it', async () => {
      await panel.send({ kind: 'notification', method: 'simulator/state', params: { models: [{ kind: 'mqtt' }], updatedAt: 'soon' } });
      const report = await panel.waitForPosted('webview/error');
      assert.match(String((report.params as { message: string }).message), /simulator\/state/);
      assert.equal(await panel.page.locator('article.model').count(), 2);
    });

    it('keeps the selected preset in the page state, so a hidden and shown again page comes back to it', async () => {
      const saved = (await panel.savedState()) as { selectedPreset?: string };
      assert.equal(saved.selectedPreset, 'gone');
    });
  });
}

describe('simulator panel restored from its page state', { skip: browserSkipReason() }, () => {
  it('selects the preset the page had before it was hidden, and shows the host\'s kept result for it', async () => {
    const panel = await openPanel('simulator', 'dark', { state: { selectedPreset: 'consumerCrash' } });
    try {
      await panel.waitForPosted('webview/ready');
      await panel.send({ ...state, params: { ...state.params, results: [{ id: 'consumerCrash', rabbitmq: outcome({ redeliveries: 9 }), kafka: outcome({ redeliveries: 8 }) }] } });
      await panel.page.locator('table.results tr', { hasText: 'Redeliveries' }).waitFor();
      assert.equal(await panel.page.locator('button.preset[aria-pressed="true"]').innerText().then((t) => t.replace('✓', '').trim()), 'A consumer crashes before ack/commit');
    } finally {
      await panel.close();
    }
  });
});
