import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComparisonRun } from '../../../../src/extension/core/simulator/runtime/comparison.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { isScenarioError } from '../../../../src/extension/core/simulator/scenario/validate.js';
import { consumer, producer, scenario } from './fixtures.js';

const timed = scenario({ untilIdle: undefined, durationMs: 5000, producers: [producer({ count: 100, ratePerSec: 50 })] });

for (const model of ['rabbitmq', 'kafka'] as const) {
  test(`${model}: step runs one entry, runUntil stops at a time, a timed run ends at durationMs`, () => {
    const run = new ScenarioRun(timed, { model });
    assert.equal(run.step(), true);
    assert.equal(run.scheduler.executed, 1);
    run.runUntil(1234);
    assert.equal(run.timeMs, 1234);
    assert.ok(run.scheduler.peekTime() > 1234);
    const s = run.run();
    assert.equal(s.finished, true);
    assert.equal(s.timeMs, 5000);
    // 50/s for 5 s: messages 0..249 would be due, but the producer has 100, sent by 1980 ms.
    assert.equal(s.published, 100);
    assert.equal(run.step(), false);
    assert.throws(() => run.inject({ type: 'brokerRestart' }), /The run is over/);
  });

  test(`${model}: runAsync yields between slices and pause() stops it`, async () => {
    const run = new ScenarioRun(timed, { model });
    let slices = 0;
    await run.runAsync(async () => {
      slices++;
      if (slices === 3) run.pause();
    }, 10);
    assert.equal(slices, 3);
    assert.equal(run.finished, false);
    assert.equal(run.scheduler.executed, 30);
    const s = await run.runAsync(() => Promise.resolve(), 1000);
    assert.equal(s.finished, true);
  });
}

test('an engine that refuses the topology is a scenario problem, not a crash', () => {
  const bad = scenario({ topology: { rabbitmq: { exchanges: [{ name: 'ex', type: 'direct' }], queues: [{ name: 'q' }], bindings: [] }, kafka: { topics: [{ name: 't', partitions: 1, configs: { 'retention.ms': 'soon' } }] } } });
  assert.throws(() => new ScenarioRun(bad, { model: 'kafka' }), (err: unknown) => isScenarioError(err) && /^topology\.kafka: /.test(err.problems[0]!));
  assert.throws(() => new ScenarioRun(scenario(), { model: 'kafka' }).publish('nobody', new Uint8Array(0)), (err: unknown) => isScenarioError(err));
});

test('metrics: per-second buckets with rates, backlog and latency percentiles', () => {
  // 10 messages per second for 3 s, 20 ms each, one consumer: never a backlog, latency 20 ms.
  const sc = scenario({ untilIdle: undefined, durationMs: 3000, producers: [producer({ count: 30, ratePerSec: 10 })], consumers: [consumer({ processingMs: 20 })] });
  const run = new ScenarioRun(sc, { model: 'rabbitmq' });
  run.run();
  const series = run.series();
  assert.deepEqual(series.map((b) => [b.startMs, b.endMs, b.published, b.delivered, b.processed]), [[0, 1000, 10, 10, 10], [1000, 2000, 10, 10, 10], [2000, 3000, 10, 10, 10]]);
  for (const b of series) {
    assert.equal(b.publishRate, 10);
    assert.equal(b.deliveryRate, 10);
    assert.equal(b.queueDepth, 0);
    assert.deepEqual([b.latencyP50, b.latencyP95, b.latencyP99], [20, 20, 20]);
  }
});

test('metrics: queue depth and consumer lag are sampled at each second', () => {
  // 100 messages at once, the consumer starts at 2 s: the backlog is 100 at the 1 s and 2 s marks.
  const sc = scenario({ producers: [producer({ count: 100, ratePerSec: 1000 })], consumers: [consumer({ startAtMs: 2000, processingMs: 1 })] });
  const rabbit = new ScenarioRun(sc, { model: 'rabbitmq' });
  rabbit.run();
  assert.deepEqual(rabbit.series().slice(0, 2).map((b) => b.queueDepth), [100, 100]);
  const kafka = new ScenarioRun(sc, { model: 'kafka' });
  kafka.run();
  assert.deepEqual(kafka.series().slice(0, 2).map((b) => b.consumerLag), [100, 100]);
});

test('an injected event is checked like a scenario event, and a refused one changes nothing', () => {
  const run = new ScenarioRun(scenario(), { model: 'rabbitmq' });
  run.runUntil(100);
  const before = run.commands.length;
  assert.throws(
    () => run.inject({ type: 'groupJoins', consumer: consumer({ id: 'x', source: { rabbitmq: { queue: 'missing' }, kafka: { topic: 't', group: 'x' } } }) }),
    (err: unknown) => isScenarioError(err) && err.problems.includes('events[0].consumer.source.rabbitmq.queue: no queue "missing" in topology.rabbitmq.queues'),
  );
  assert.throws(() => run.inject({ type: 'consumerCrash', consumer: 'nobody' }), (err: unknown) => isScenarioError(err));
  assert.equal(run.commands.length, before);
  // A consumer that joined by injection can be crashed by a later injection.
  run.inject({ type: 'groupJoins', consumer: consumer({ id: 'extra' }) });
  run.inject({ type: 'consumerCrash', consumer: 'extra' });
  assert.equal(run.commands.length, before + 2);
});

test('a comparison runs both models in lockstep and each matches its own run', () => {
  const cmp = new ComparisonRun(scenario());
  cmp.runUntil(300);
  assert.deepEqual([cmp.rabbitmq.timeMs, cmp.kafka.timeMs], [300, 300]);
  cmp.inject({ type: 'burst', producer: 'p', count: 10, ratePerSec: 100 });
  const both = cmp.run();
  assert.equal(cmp.finished, true);
  assert.deepEqual([both.rabbitmq.model, both.kafka.model], ['rabbitmq', 'kafka']);
  // 50 planned + 10 burst on each model, all handled once.
  assert.deepEqual([both.rabbitmq.uniqueProcessed, both.kafka.uniqueProcessed], [60, 60]);
  const alone = new ScenarioRun(scenario(), { model: 'kafka' });
  alone.runUntil(300);
  alone.inject({ type: 'burst', producer: 'p', count: 10, ratePerSec: 100 });
  assert.deepEqual(alone.run(), both.kafka);
});
