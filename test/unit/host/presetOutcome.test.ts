import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetInfos, runPresetComparison, runScenarioComparison } from '../../../src/extension/panels/simulator/presetOutcome.js';
import { PRESETS } from '../../../src/extension/core/simulator/presets/index.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { consumer, producer, scenario } from '../simulator/runtime/fixtures.js';

describe('simulator panel presets', () => {
  it('lists every preset with the paragraph a developer reads first', () => {
    const infos = presetInfos();
    assert.ok(infos.length >= 7);
    for (const p of infos) assert.ok(p.title.length > 0 && p.explanation.length > 40, p.id);
  });

  it('shows the after-delivery contrast: Kafka keeps consumed messages, RabbitMQ deletes them on ack', () => {
    const r = runPresetComparison('orderConfirmationEmail');
    assert.equal(r.rabbitmq.published, r.kafka.published);
    assert.equal(r.rabbitmq.leftAfterConsumption, 0);
    assert.equal(r.kafka.leftAfterConsumption, r.kafka.published);
  });

  it('shows the load contrast as a backlog curve: queue depth on RabbitMQ, consumer lag on Kafka', () => {
    const r = runPresetComparison('burstOverload');
    assert.ok(r.rabbitmq.peakBacklog > 0 && r.kafka.peakBacklog > 0);
    assert.equal(Math.max(...r.rabbitmq.backlog), r.rabbitmq.peakBacklog);
    assert.ok(r.rabbitmq.backlog.length <= 600);
  });

  it('draws the backlog from the same points the table\'s peak comes from, also when a long run is cut to 600 points', async () => {
    // 1,300 simulated seconds; a burst of 400 messages at 601.6 s is queued at the end of second
    // 602 only. Cut to 600 points by sampling every 3rd second, the chart lost it while the table
    // said 400; now each point is the highest of its seconds.
    const long = scenario({
      untilIdle: undefined,
      durationMs: 1_300_000,
      producers: [producer({ count: 400, ratePerSec: 1_000_000, startAtMs: 601_600 })],
      consumers: [consumer({ processingMs: 1, prefetch: 1000 })],
    });
    const r = await runScenarioComparison('long', long, { sliceMs: 100_000 });
    for (const o of [r.rabbitmq, r.kafka]) {
      assert.ok(o.backlog.length <= 600);
      assert.equal(Math.max(...o.backlog), o.peakBacklog);
      assert.equal(o.backlogStepSeconds, 3);
    }
    assert.ok(r.rabbitmq.peakBacklog > 0);
    for (const p of PRESETS) {
      const c = runPresetComparison(p.id);
      for (const o of [c.rabbitmq, c.kafka]) assert.equal(Math.max(0, ...o.backlog), o.peakBacklog, p.id);
    }
  });

  it('refuses an unknown preset with a sentence', () => {
    assert.throws(() => runPresetComparison('nope'), (e: unknown) => isBrokerError(e) && e.code === 'notFound');
  });
});

describe('running a scenario file in slices', () => {
  it('gives the same outcome as a run in one go, reporting progress as simulated time passes', async () => {
    const preset = PRESETS.find((p) => p.id === 'consumerCrash')!;
    const progress: number[] = [];
    const sliced = await runScenarioComparison('consumerCrash', preset.scenario, { sliceMs: 500, onProgress: (t) => progress.push(t) });
    assert.deepEqual(sliced, runPresetComparison('consumerCrash'));
    assert.ok(progress.length > 2 && progress.every((t, i) => i === 0 || t >= progress[i - 1]!));
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    const run = runScenarioComparison('x', PRESETS[0]!.scenario, { sliceMs: 10, signal: abort.signal, onProgress: () => abort.abort() });
    await assert.rejects(run, (e: unknown) => isBrokerError(e) && e.code === 'cancelled');
  });
});
