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
    updatedAt: Date.UTC(2026, 10, 25, 9, 0, 0),
  },
};

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

    it('ignores a host message that fails validation and reports it instead of rendering it', async () => {
      await panel.send({ kind: 'notification', method: 'simulator/state', params: { models: [{ kind: 'mqtt' }], updatedAt: 'soon' } });
      const report = await panel.waitForPosted('webview/error');
      assert.match(String((report.params as { message: string }).message), /simulator\/state/);
      assert.equal(await panel.page.locator('article.model').count(), 2);
    });
  });
}
