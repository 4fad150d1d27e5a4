/**
 * The Compare panel in Chromium with a fake host: the outcome table drawn from a real comparison's
 * messages (a row per contrast line, cells in words from the counted figures, differing rows marked
 * and explained), a row's moment asked of the host, the timeline and both diagrams at the moment,
 * the page state kept for hide/reload, and the Bengali bundle. Screenshots in light, dark, high
 * contrast and Bengali.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runComparison, sceneAt, type Comparison } from '../../src/extension/core/simulator/compare/compareRun.js';
import { presetById } from '../../src/extension/core/simulator/presets/index.js';
import { compareSceneMessage, compareStateMessage } from '../../src/extension/panels/compare/messages.js';
import { presetText } from '../../src/extension/panels/compare/presetText.js';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const notification = (method: string, params: unknown): unknown => ({ kind: 'notification', method, params });

async function comparison(id: string): Promise<Comparison> {
  return runComparison(presetById(id)!.scenario, { yieldControl: () => Promise.resolve() });
}

function source(id: string): { kind: 'preset'; id: string; title: string; lookFor: string } {
  const t = presetText(id)!;
  return { kind: 'preset', id, title: t.title, lookFor: t.lookFor };
}

async function show(panel: PanelPage, id: string, c: Comparison): Promise<void> {
  await panel.send(notification('compare/state', compareStateMessage('done', source(id), c)));
  const restart = c.rows.find((r) => r.id === 'restart')!;
  await panel.send(notification('compare/scene', compareSceneMessage(sceneAt(c, restart.moment?.timeMs ?? 0), restart.moment ? 'restart' : undefined)));
}

for (const theme of ['light', 'dark', 'hc'] as const) {
  describe(`compare panel in Chromium (${theme})`, { skip: browserSkipReason() }, () => {
    let panel: PanelPage;
    let c: Comparison;
    before(async () => {
      c = await comparison('brokerRestart');
      panel = await openPanel('compare', theme, { viewport: { width: 1280, height: 1000 } });
      await panel.waitForPosted('webview/ready');
      await show(panel, 'brokerRestart', c);
    });
    after(async () => panel?.close());

    it('shows one row per contrast line, each cell the counted figures in words, differing rows marked and explained', async () => {
      const rows = panel.page.locator('table.outcome tbody tr');
      await rows.first().waitFor();
      assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-row'))), ['afterConsumption', 'delivery', 'orderPerKey', 'crash', 'restart', 'replay', 'backlog', 'routing']);
      const restart = panel.page.locator('tr[data-row="restart"]');
      assert.equal((await restart.locator('td[data-model="rabbitmq"]').innerText()).trim(), '200 stored copies lost at the restart, 100 kept');
      assert.equal((await restart.locator('td[data-model="kafka"]').innerText()).trim(), '0 stored copies lost at the restart, 300 kept');
      assert.equal(await restart.getAttribute('class').then((k) => k?.includes('differs')), true);
      assert.match(await restart.locator('th').innerText(), /≠\s*The broker restarts/);
      // A row the run had nothing for says so instead of showing zeros.
      assert.equal((await panel.page.locator('tr[data-row="crash"] td[data-model="kafka"]').innerText()).trim(), 'No consumer crashed in this run.');
      assert.match(await panel.page.locator('.legend-note').innerText(), /Rows marked ≠ came out differently/);
      assert.match(await panel.page.locator('.look-for').innerText(), /The broker restarts while 300 jobs wait/);
    });

    it('draws both models at the row\'s moment, side by side, with the events up to it and the moment on the timeline', async () => {
      await panel.page.locator('.scene .model[data-model="rabbitmq"] brokerlens-diagram g.node').first().waitFor();
      await panel.page.locator('.scene .model[data-model="kafka"] brokerlens-diagram g.node').first().waitFor();
      assert.match(await panel.page.locator('section h2', { hasText: 'Both models at' }).innerText(), /Both models at 2\.00 s/);
      assert.match(await panel.page.locator('ol.events').innerText(), /broker-restarted/);
      assert.match(await panel.page.locator('.scrub .clock').innerText(), /^2\.00 s of 7\.00 s$/);
      assert.equal(await panel.page.locator('tr.selected').getAttribute('data-row'), 'restart');
      assert.equal(await panel.page.locator('brokerlens-chart').evaluate((el) => (el as unknown as { marker: number }).marker), 2);
      await panel.page.screenshot({ path: path.join(shots, `compare-${theme}.png`), fullPage: true });
    });

    it('asks the host for a row\'s moment, and keeps the workload and moment with setState', async () => {
      await panel.page.locator('tr[data-row="replay"] button.moment').click();
      const seek = await panel.waitForPosted('compare/seek');
      assert.deepEqual((seek as { params: unknown }).params, { timeMs: 3000, row: 'replay' });
      assert.deepEqual(await panel.savedState(), { source: { kind: 'preset', id: 'brokerRestart' }, timeMs: 2000, row: 'replay' });
    });

    it('asks for another preset from the picker, and sends Save and Open in the studio', async () => {
      await panel.page.locator('select[name="preset"]').selectOption('orderingByKey');
      const load = await panel.waitForPosted('compare/load');
      assert.deepEqual((load as { params: unknown }).params, { id: 'orderingByKey' });
      await panel.page.locator('vscode-button.save').click();
      await panel.waitForPosted('compare/saveScenario');
      await panel.page.locator('vscode-button.studio').click();
      await panel.waitForPosted('compare/openInSimulator');
    });
  });
}

describe('compare panel in Bengali', { skip: browserSkipReason() }, () => {
  it('shows the headings, the cells and the preset\'s two sentences from the Bengali bundle', async () => {
    const bundle = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'l10n', 'bundle.l10n.bn.json'), 'utf8')) as Record<string, string>;
    const c = await comparison('orderingByKey');
    const panel = await openPanel('compare', 'light', { viewport: { width: 1280, height: 1000 }, l10n: bundle });
    try {
      await panel.waitForPosted('webview/ready');
      // The host translates the preset's title and sentences; here the English source is looked up in the same bundle.
      const t = presetText('orderingByKey')!;
      await panel.send(notification('compare/state', compareStateMessage('done', { kind: 'preset', id: 'orderingByKey', title: bundle[t.title] ?? t.title, lookFor: bundle[t.lookFor] ?? t.lookFor }, c)));
      await panel.send(notification('compare/scene', compareSceneMessage(sceneAt(c, c.rows.find((r) => r.id === 'orderPerKey')!.moment!.timeMs), 'orderPerKey')));
      await panel.page.locator('table.outcome tbody tr').first().waitFor();
      const heading = bundle['Order per key'];
      assert.ok(heading, 'the bundle has the row heading');
      assert.match(await panel.page.locator('tr[data-row="orderPerKey"] th').innerText(), new RegExp(heading));
      assert.equal(await panel.page.locator('thead th').nth(1).innerText(), bundle['RabbitMQ (queue)']);
      assert.ok(/[\u0980-\u09FF]/.test(await panel.page.locator('tr[data-row="orderPerKey"] td[data-model="rabbitmq"]').innerText()), 'the cell is in Bengali');
      assert.ok(/[\u0980-\u09FF]/.test(await panel.page.locator('.look-for').innerText()), 'the preset explanation is in Bengali');
      await panel.page.locator('.scene .model[data-model="kafka"] brokerlens-diagram g.node').first().waitFor();
      await panel.page.screenshot({ path: path.join(shots, 'compare-bn-light.png'), fullPage: true });
    } finally {
      await panel.close();
    }
  });
});
