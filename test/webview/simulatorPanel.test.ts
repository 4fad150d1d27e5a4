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
const outcome = (over: Record<string, unknown>) => ({
  published: 1400, delivered: 1400, redeliveries: 0, duplicates: 0, lost: 0, deadLettered: 0, leftAfterConsumption: 0,
  orderViolations: 0, peakBacklog: 900, latencyP50: 1936, latencyP95: 3808, latencyP99: 4000, timeMs: 12000, backlog: [0, 300, 600, 900, 500, 0], ...over,
});

for (const theme of ['dark', 'light'] as const) {
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
      assert.equal(await panel.page.locator('vscode-button').textContent().then((t) => t?.trim()), 'Loading…');
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
      assert.equal(await panel.page.locator('figure.spark').count(), 2);
      await panel.page.screenshot({ path: path.join(shots, `simulator-preset-${theme}.png`), fullPage: true });
    });

    it('shows the host\'s sentence when a run fails, and keeps the panel usable', async () => {
      await panel.page.locator('button.preset').nth(1).click();
      await panel.page.locator('vscode-button', { hasText: 'Run on both models' }).click();
      const posted = (await panel.posted()) as { method?: string; id?: number }[];
      const req = posted.filter((m) => m.method === 'simulator/runPreset').pop()!;
      await panel.send({ kind: 'reply', id: req.id, ok: false, error: 'There is no preset "consumerCrash"; pick one from the list.' });
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
  });
}
