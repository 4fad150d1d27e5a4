/**
 * The Compare panel's "On the real brokers" section in Chromium with a fake host. The run it shows
 * is a real one: `runOnRealBrokers` (the same run the command makes) on the simulator's AMQP and
 * Kafka listeners, put beside the in-memory simulator's prediction by the host's own message
 * builder. Checked: the button asks the host, progress and a refusal are shown, every cell is the
 * observation in words, a cell is marked ≠ exactly when the host found differing figures, and the
 * throughput of both brokers. Screenshots in light, dark and high contrast.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { after, before, describe, it } from 'node:test';
import { runOnRealBrokers, type RealRunResult } from '../../src/extension/core/realRuns/realRun.js';
import { RabbitBroker } from '../../src/extension/core/simulator/rabbitmq/broker.js';
import { runComparison, type Comparison } from '../../src/extension/core/simulator/compare/compareRun.js';
import { presetById } from '../../src/extension/core/simulator/presets/index.js';
import { createAmqpListener } from '../../src/extension/core/wire/amqp/amqpListener.js';
import { compareStateMessage } from '../../src/extension/panels/compare/messages.js';
import { presetText } from '../../src/extension/panels/compare/presetText.js';
import { realRunErrorMessage, realRunProgressMessage, realRunResultMessage } from '../../src/extension/panels/compare/realRunMessages.js';
import { startListener } from '../contract/kafkaWire/support.js';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const notification = (method: string, params: unknown): unknown => ({ kind: 'notification', method, params });
const names = { rabbitmq: 'Scratch RabbitMQ', kafka: 'Scratch Kafka' };
const ID = 'consumerCrash';

let prediction: Comparison;
let result: RealRunResult;

describe('compare panel: a run on real brokers beside the prediction', { skip: browserSkipReason() }, () => {
  before(async () => {
    const scenario = presetById(ID)!.scenario;
    prediction = await runComparison(scenario, { yieldControl: () => Promise.resolve() });
    const amqpListener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0, log: () => undefined });
    await amqpListener.start();
    const k = await startListener();
    try {
      result = await runOnRealBrokers(scenario, {
        rabbitmq: () => amqp.connect(`amqp://guest:guest@127.0.0.1:${amqpListener.address!.port}`),
        kafka: () => new Kafka({ clientId: 'brokerlens-webview-test', brokers: [k.bootstrap], logLevel: logLevel.NOTHING }),
      }, { maxMessages: 10_000, throughputMessages: 300 });
    } finally {
      await amqpListener.stop();
      await k.listener.stop();
    }
  });

  for (const theme of ['light', 'dark', 'hc'] as const) {
    describe(theme, () => {
      let panel: PanelPage;
      before(async () => {
        panel = await openPanel('compare', theme, { viewport: { width: 1280, height: 1400 } });
        await panel.waitForPosted('webview/ready');
        const t = presetText(ID)!;
        await panel.send(notification('compare/state', compareStateMessage('done', { kind: 'preset', id: ID, title: t.title, lookFor: t.lookFor }, prediction)));
      });
      after(async () => panel?.close());

      it('the button asks the host to run the workload on real brokers; progress and a refusal are shown', async () => {
        await panel.page.locator('vscode-button.run-real').click();
        await panel.waitForPosted('compare/runOnRealBrokers');
        await panel.send(notification('compare/realRun', realRunProgressMessage(names, 'RabbitMQ: 40 sent, 12 handled (1.0 s)', 'abcdef0123')));
        assert.match(await panel.page.locator('.real-progress').innerText(), /RabbitMQ: 40 sent, 12 handled/);
        assert.equal(await panel.page.locator('vscode-button.run-real').getAttribute('disabled'), '');
        const refusal = '"Prod" does not allow runs on real brokers: set "allowScratchRuns": true on this connection.';
        await panel.send(notification('compare/realRun', realRunErrorMessage(names, 'error', refusal)));
        assert.equal((await panel.page.locator('.real-run .error').innerText()).trim(), refusal);
      });

      it('shows each broker\'s observation beside the prediction, marks exactly the differing cells, and the throughput', async () => {
        const message = realRunResultMessage(names, prediction, result);
        await panel.send(notification('compare/realRun', message));
        const rows = panel.page.locator('table.real tbody tr');
        await rows.first().waitFor();
        assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-row'))), message.rows!.map((r) => r.id));
        let marked = 0;
        for (const r of message.rows!) {
          for (const model of ['rabbitmq', 'kafka'] as const) {
            const cell = panel.page.locator(`tr[data-row="${r.id}"] td[data-model="${model}"][data-side="observed"]`);
            const differs = r[model]!.differing.length > 0;
            assert.equal((await cell.getAttribute('class'))!.includes('real-differs'), differs, `${r.id} ${model}`);
            if (differs) {
              marked++;
              assert.match(await cell.innerText(), new RegExp(`≠[\\s\\S]*differs in: ${r[model]!.differing.join(', ')}`));
            }
          }
        }
        // The observed figures of this run are in the cell's words (RabbitMQ: every payment handled, the queue empty).
        const rabbit = result.models.find((m) => m.model === 'rabbitmq')!.facts.afterConsumption.figures;
        assert.match(await panel.page.locator('tr[data-row="afterConsumption"] td[data-model="rabbitmq"][data-side="observed"]').innerText(), new RegExp(`^${rabbit['left']} of ${rabbit['stored']} stored copies left; ${rabbit['handled']} handled`));
        assert.equal(rabbit['handled'], 100);
        const summary = await panel.page.locator('.real-run .summary').innerText();
        assert.match(summary, marked === 0 ? /as the simulator predicted/ : new RegExp(`^${marked} cell\\(s\\) came out differently`));
        const tp = panel.page.locator('table.throughput tbody tr');
        assert.deepEqual(await tp.evaluateAll((els) => els.map((e) => e.getAttribute('data-model'))), ['rabbitmq', 'kafka']);
        for (const m of result.models) {
          const cells = await panel.page.locator(`table.throughput tr[data-model="${m.model}"] td`).allInnerTexts();
          assert.deepEqual(cells, [m.throughput!.messages, m.throughput!.publishPerSec, m.throughput!.consumePerSec].map((x) => x.toLocaleString('en-US')));
          assert.ok(m.throughput!.publishPerSec > 0 && m.throughput!.consumePerSec > 0);
        }
        // The finished run is kept with setState: a reloaded window shows it again (the host checks it first).
        const saved = (await panel.savedState()) as { realRun?: { status: string; runId?: string } };
        assert.equal(saved.realRun?.status, 'done');
        assert.equal(saved.realRun?.runId, result.runId);
        await panel.page.locator('.real-run').scrollIntoViewIfNeeded();
        await panel.page.locator('.real-run').screenshot({ path: path.join(shots, `compare-real-run-${theme}.png`) });
      });
    });
  }
});
