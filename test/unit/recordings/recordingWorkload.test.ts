/**
 * A scenario producer that names a recording: the scenario file validates, the editor's loader fills
 * the messages from .brokerlens/recordings (relative times from the recorded timestamps), and both
 * models send exactly the recorded keys and values, on the recorded timing or scaled; a missing or
 * bad recording is a scenario problem, and Save as Scenario File writes the name, not the messages.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadScenarioRecordings, recordingScenario } from '../../../src/extension/core/recordings/recordingWorkload.js';
import { ScenarioRun } from '../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { scenarioFileText } from '../../../src/extension/core/simulator/scenario/saveScenario.js';
import type { Scenario } from '../../../src/extension/core/simulator/scenario/types.js';
import { parseScenario } from '../../../src/extension/core/simulator/scenario/validate.js';

let folder = '';
const COUNT = 50;
before(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'fidrec-workload-'));
  await mkdir(path.join(folder, '.brokerlens/recordings'), { recursive: true });
  const header = { format: 'brokerlens-recording', version: 1, source: { broker: 'kafka', destination: 'orders' }, brokerVersion: '4.4.0', startedAt: '2026-12-05T08:00:00.000Z' };
  // One message every 100 ms of recorded time, starting at an arbitrary epoch.
  const lines = Array.from({ length: COUNT }, (_, i) => JSON.stringify({ key: { text: `k${i % 5}` }, value: { text: `order-${i}` }, partition: 0, offset: String(i), timestamp: 1_764_921_600_000 + i * 100 }));
  await writeFile(path.join(folder, '.brokerlens/recordings/orders.ndjson'), `${[JSON.stringify(header), ...lines].join('\n')}\n`);
  await writeFile(path.join(folder, '.brokerlens/recordings/cut.ndjson'), `${JSON.stringify(header)}\n${lines[0]!.slice(0, 15)}`);
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

function scenarioText(recording: object, count = COUNT): string {
  return JSON.stringify({
    version: 1, name: 'recorded orders', seed: 7, untilIdle: true,
    topology: { rabbitmq: { exchanges: [], queues: [{ name: 'orders', type: 'classic' }], bindings: [] }, kafka: { topics: [{ name: 'orders', partitions: 3 }] } },
    producers: [{ id: 'replay', target: { rabbitmq: { exchange: '', routingKey: 'orders' }, kafka: { topic: 'orders' } }, ratePerSec: 1, count, recording }],
    consumers: [{ id: 'c', source: { rabbitmq: { queue: 'orders' }, kafka: { topic: 'orders', group: 'g' } }, processingMs: 1, strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' }, autoOffsetReset: 'earliest' }],
  });
}

async function loaded(recording: object, count = COUNT): Promise<Scenario> {
  const parsed = parseScenario(scenarioText(recording, count));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
  const result = await loadScenarioRecordings(parsed.scenario, folder);
  assert.deepEqual(result.problems, []);
  return result.scenario;
}

describe('a recording as a scenario workload', () => {
  it('sends the recorded keys and values on both models, at the recorded times', async () => {
    const scenario = await loaded({ name: 'orders' });
    const messages = scenario.producers[0]!.recording!.messages!;
    assert.equal(messages.length, COUNT);
    assert.deepEqual(messages.slice(0, 2).map((m) => m.atMs), [0, 100]);
    for (const model of ['rabbitmq', 'kafka'] as const) {
      const run = new ScenarioRun(scenario, { model });
      run.runUntil(1_050);
      assert.equal(run.producerCounts()[0]!.sent, 11, `${model}: messages at 0, 100, ..., 1000 ms`);
      const summary = run.run();
      assert.deepEqual([summary.published, summary.uniqueProcessed], [COUNT, COUNT], model);
    }
  });

  it('scales the timing, and sends at most count', async () => {
    const fast = new ScenarioRun(await loaded({ name: 'orders', timing: 'scaled', speed: 4 }), { model: 'kafka' });
    fast.runUntil(1_050);
    assert.equal(fast.producerCounts()[0]!.sent, 43, '4× faster: 0..1050 ms holds 43 messages (every 25 ms)');
    const capped = new ScenarioRun(await loaded({ name: 'orders' }, 10), { model: 'rabbitmq' });
    assert.equal(capped.run().published, 10);
  });

  it('reports a missing or truncated recording as a scenario problem, and an unloaded one at run time', async () => {
    const parse = (rec: object): Scenario => {
      const p = parseScenario(scenarioText(rec));
      assert.ok(p.ok);
      return p.scenario;
    };
    const missing = await loadScenarioRecordings(parse({ name: 'nope' }), folder);
    assert.match(missing.problems[0]!, /^producers\[0\]\.recording: no recording \.brokerlens\/recordings\/nope\.ndjson/);
    const cut = await loadScenarioRecordings(parse({ name: 'cut' }), folder);
    assert.match(cut.problems[0]!, /cut\.ndjson Line 2: .*truncated/);
    assert.throws(() => new ScenarioRun(parse({ name: 'orders' }), { model: 'kafka' }), /was not loaded/);
    const bad = parseScenario(scenarioText({ name: '../etc/passwd' }));
    assert.ok(!bad.ok && bad.problems.some((p) => p.startsWith('producers[0].recording.name')));
  });

  it('saves the recording by name, and a loaded scenario still validates (runs restore from it)', async () => {
    const scenario = await loaded({ name: 'orders', timing: 'scaled', speed: 2 });
    assert.ok(parseScenario(scenario).ok);
    const saved = JSON.parse(scenarioFileText(scenario)) as { producers: { recording: object }[] };
    assert.deepEqual(saved.producers[0]!.recording, { name: 'orders', timing: 'scaled', speed: 2 });
  });

  it('Replay into the simulator writes a scenario that validates, loads and runs the whole recording', async () => {
    const header = { format: 'brokerlens-recording' as const, version: 1, source: { broker: 'kafka' as const, destination: 'shop/orders' }, brokerVersion: null, startedAt: '2026-12-05T08:00:00.000Z' };
    const written = recordingScenario('orders', header, COUNT, 5);
    const parsed = parseScenario(JSON.parse(scenarioFileText(written)));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
    assert.deepEqual(parsed.scenario.producers[0]!.recording, { name: 'orders', timing: 'scaled', speed: 5 });
    const result = await loadScenarioRecordings(parsed.scenario, folder);
    assert.deepEqual(result.problems, []);
    for (const model of ['rabbitmq', 'kafka'] as const) assert.equal(new ScenarioRun(result.scenario, { model }).run().uniqueProcessed, COUNT, model);
    assert.deepEqual(recordingScenario('orders', header, COUNT, 1).producers[0]!.recording, { name: 'orders', timing: 'relative' });
  });
});
