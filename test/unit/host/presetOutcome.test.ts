import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetInfos, runPresetComparison, runScenarioComparison } from '../../../src/extension/panels/simulator/presetOutcome.js';
import { PRESETS } from '../../../src/extension/core/simulator/presets/index.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';

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
