/**
 * The compare panel's outcome table: every cell follows from the run's log (recounted here from the
 * raw entries), agrees with the runtime's own independent counters, and its moment points at an
 * entry of the log; the backlog chart's highest point is the table's peak. Property tests over
 * random workloads (crashes, broker restarts, late consumers, several partitions and consumers),
 * and each preset's contrast as a developer reads it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runComparison, sceneAt, type Comparison } from '../../../../src/extension/core/simulator/compare/compareRun.js';
import type { CompareLog } from '../../../../src/extension/core/simulator/compare/compareLog.js';
import { CONTRAST_ROWS, type ContrastRow, type ContrastRowId } from '../../../../src/extension/core/simulator/compare/contrastTable.js';
import { presetById } from '../../../../src/extension/core/simulator/presets/index.js';
import { ComparisonRun } from '../../../../src/extension/core/simulator/runtime/comparison.js';
import type { Scenario, TimedEvent } from '../../../../src/extension/core/simulator/scenario/types.js';
import { consumer, producer, scenario } from '../runtime/fixtures.js';

const sync = (): Promise<void> => Promise.resolve();
const row = (c: Comparison, id: ContrastRowId): ContrastRow => c.rows.find((r) => r.id === id)!;
const events = (log: CompareLog, type: string): number => log.entries.filter((e) => e.kind === 'event' && e.event.type === type).length;

/** A random workload on one queue / topic. */
const workload = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    partitions: fc.integer({ min: 1, max: 4 }),
    consumers: fc.integer({ min: 1, max: 3 }),
    prefetch: fc.integer({ min: 1, max: 10 }),
    count: fc.integer({ min: 5, max: 120 }),
    rate: fc.integer({ min: 50, max: 400 }),
    keys: fc.integer({ min: 1, max: 6 }),
    processing: fc.integer({ min: 1, max: 25 }),
    crashAt: fc.option(fc.integer({ min: 50, max: 800 }), { nil: undefined }),
    restartAt: fc.option(fc.integer({ min: 50, max: 800 }), { nil: undefined }),
    lateAt: fc.option(fc.integer({ min: 10, max: 600 }), { nil: undefined }),
  })
  .map((w): Scenario => {
    const evts: TimedEvent[] = [];
    if (w.crashAt !== undefined) evts.push({ atMs: w.crashAt, type: 'consumerCrash', consumer: 'c', instance: 0 }, { atMs: w.crashAt + 300, type: 'consumerRestart', consumer: 'c', instance: 0 });
    if (w.restartAt !== undefined) evts.push({ atMs: w.restartAt, type: 'brokerRestart' });
    if (w.lateAt !== undefined) {
      evts.push({ atMs: w.lateAt, type: 'groupJoins', consumer: consumer({ id: 'late', source: { rabbitmq: { queue: 'late-q' }, kafka: { topic: 't', group: 'late' } }, processingMs: 2 }) });
    }
    const base = scenario({
      seed: w.seed,
      producers: [producer({ count: w.count, ratePerSec: w.rate, keys: { kind: 'roundRobin', keys: w.keys } })],
      consumers: [consumer({ count: w.consumers, prefetch: w.prefetch, maxPollRecords: w.prefetch, processingMs: { min: 1, max: w.processing + 1 }, sessionTimeoutMs: 6000 })],
      events: evts,
      settings: { kafka: { initialRebalanceDelayMs: 0 } },
    }, w.partitions);
    const rabbit = base.topology.rabbitmq;
    return {
      ...base,
      topology: {
        ...base.topology,
        rabbitmq: {
          ...rabbit,
          queues: [...rabbit.queues, { name: 'late-q', declare: 'onConsumerStart' }],
          bindings: [...rabbit.bindings, { exchange: 'ex', queue: 'late-q', routingKey: 'k' }],
        },
      },
    };
  });

describe('compare table: every cell follows from the log', () => {
  it('recounts each cell from the raw entries, matches the runtime counters, and points its moment at a log entry', async () => {
    await fc.assert(
      fc.asyncProperty(workload, async (s) => {
        const c = await runComparison(s, { yieldControl: sync, sliceMs: 500 });
        // The same scenario run without a recorder: the runtime's own counters (and proof that recording changes nothing).
        const summary = new ComparisonRun(s).run();
        assert.deepEqual(c.rows.map((r) => r.id), [...CONTRAST_ROWS]);
        for (const model of ['rabbitmq', 'kafka'] as const) {
          const log = c.logs[model];
          const sum = summary[model];
          const cell = (id: ContrastRowId): Readonly<Record<string, number>> => row(c, id)[model].figures;
          // published: 'published' events, and the runtime's count.
          assert.equal(cell('delivery')['published'], events(log, 'published'));
          assert.equal(cell('delivery')['published'], sum.published);
          // left after consumption: stored minus removed entries, and the runtime's count of what the broker still holds.
          const stored = model === 'rabbitmq' ? events(log, 'enqueued') : log.entries.reduce((n, e) => n + (e.kind === 'event' && e.event.type === 'appended' ? e.event.count : 0), 0);
          const removed = model === 'rabbitmq' ? ['acked', 'dropped', 'dead-lettered', 'expired'].reduce((n, t) => n + events(log, t), 0) : log.entries.reduce((n, e) => n + (e.kind === 'event' && (e.event.type === 'retention-deleted' || e.event.type === 'compacted') ? e.event.count : 0), 0);
          assert.equal(cell('afterConsumption')['left'], stored - removed);
          assert.equal(cell('afterConsumption')['left'], sum.leftAfterConsumption, `${model} left after consumption`);
          // distinct messages handled per subscriber.
          const handled = new Set(log.entries.flatMap((e) => (e.kind === 'processed' ? [`${e.subscription}/${e.messageId}`] : [])));
          assert.equal(cell('afterConsumption')['handled'], handled.size);
          assert.equal(cell('afterConsumption')['handled'], sum.uniqueProcessed);
          // order per key: the runtime's order violations; duplicates: its duplicate count.
          assert.equal(cell('orderPerKey')['violations'], sum.orderViolations);
          assert.equal(cell('crash')['reprocessed'], events(log, 'duplicate'));
          assert.equal(cell('crash')['reprocessed'], sum.duplicates);
          assert.equal(cell('crash')['crashes'], events(log, 'consumer-crashed'));
          const firstCrash = log.entries.find((e) => e.kind === 'event' && e.event.type === 'consumer-crashed');
          assert.equal(cell('crash')['redelivered'], firstCrash ? log.entries.filter((e) => e.kind === 'delivery' && e.redelivered && e.time >= firstCrash.time && log.entries.indexOf(e) > log.entries.indexOf(firstCrash)).length : 0);
          assert.equal(row(c, 'crash')[model].shown, firstCrash !== undefined);
          // broker restart: copies dropped by it.
          assert.equal(cell('restart')['restarts'], events(log, 'broker-restarted'));
          assert.equal(cell('restart')['lost'], log.entries.filter((e) => e.kind === 'event' && e.event.type === 'dropped' && e.event.detail === 'restart').length);
          if (model === 'kafka') assert.equal(cell('restart')['lost'], 0, 'a Kafka restart drops nothing');
          // late consumer: messages meant for it (its topic's producers) sent before its first consumer started.
          const startedAt = new Map<string, number>();
          const subOf = new Map(log.entries.flatMap((e) => (e.kind === 'delivery' ? [[e.consumer, e.subscription] as const] : [])));
          for (const e of log.entries) if (e.kind === 'event' && e.event.type === 'consumer-started') {
            const sub = subOf.get(e.event.consumer) ?? e.event.target;
            if (!startedAt.has(sub)) startedAt.set(sub, e.time);
          }
          const firstPublish = log.entries.find((e) => e.kind === 'event' && e.event.type === 'published')?.time ?? Number.POSITIVE_INFINITY;
          let before = 0;
          for (const [sub, t] of startedAt) {
            if (!(t > firstPublish)) continue;
            before += log.entries.filter((e) => e.kind === 'event' && e.event.type === 'published' && e.time < t && (log.owed?.get(sub)?.has(e.producer ?? -1) ?? true)).length;
          }
          assert.equal(cell('replay')['before'], before);
          assert.ok(cell('replay')['replayed']! <= before);
          // routing: copies routed by exchanges, commits of consumer positions.
          assert.equal(cell('routing')['routed'], log.entries.reduce((n, e) => n + (e.kind === 'event' && e.event.type === 'routed' ? e.event.count : 0), 0));
          assert.equal(cell('routing')['commits'], events(log, 'committed'));
          // backlog: the peak is the highest backlog entry, and the chart's highest point.
          const backlogs = log.entries.flatMap((e) => (e.kind === 'backlog' ? [e.value] : []));
          assert.equal(cell('backlog')['peak'], Math.max(0, ...backlogs));
          assert.equal(Math.max(...c.timeline[model].values), cell('backlog')['peak'], 'chart and table agree');
          // Every moment is an entry of that model's log, at the time it says.
          for (const r of c.rows) {
            const m = r[model].moment;
            if (m) assert.equal(log.entries[m.index]!.time, m.timeMs);
          }
        }
        for (const r of c.rows) if (r.moment) assert.equal(r.moment.timeMs, Math.min(...[r.rabbitmq.moment, r.kafka.moment].flatMap((m) => (m ? [m.timeMs] : []))));
      }),
      { numRuns: 40, seed: 1010 },
    );
  });
});

describe('compare table: the contrast of each preset, as counted', () => {
  const compare = (id: string): Promise<Comparison> => runComparison(presetById(id)!.scenario, { yieldControl: sync });

  it('deleted on ack vs retained: RabbitMQ keeps nothing after consumption, Kafka keeps every record', async () => {
    const c = await compare('orderConfirmationEmail');
    const r = row(c, 'afterConsumption');
    assert.equal(r.rabbitmq.figures['left'], 0);
    assert.equal(r.kafka.figures['left'], 200);
    assert.ok(r.differs);
  });

  it('fan-out: three queue copies vs one record read by three groups', async () => {
    const r = row(await compare('fanOutThreeServices'), 'delivery');
    assert.deepEqual([r.rabbitmq.figures['stored'], r.kafka.figures['stored']], [900, 300]);
    assert.deepEqual([r.rabbitmq.figures['subscribers'], r.kafka.figures['subscribers']], [3, 3]);
  });

  it('order per key: competing consumers break it, a keyed partition keeps it', async () => {
    const r = row(await compare('orderingByKey'), 'orderPerKey');
    assert.ok(r.rabbitmq.figures['violations']! > 0);
    assert.equal(r.kafka.figures['violations'], 0);
    assert.equal(r.kafka.figures['consumersPerKey'], 1);
    assert.ok(r.moment && r.moment.model === 'rabbitmq', 'the row links to the first violation');
  });

  it('crash before ack/commit: redelivered vs re-read from the committed offset', async () => {
    const r = row(await compare('consumerCrash'), 'crash');
    assert.equal(r.rabbitmq.figures['reprocessed'], 1);
    assert.equal(r.kafka.figures['reprocessed'], 8);
    assert.ok(r.moment!.timeMs >= 1950, 'the row links to the first redelivery after the crash');
  });

  it('broker restart: transient messages and the non-durable queue go, the log keeps all', async () => {
    const r = row(await compare('brokerRestart'), 'restart');
    assert.equal(r.rabbitmq.figures['lost'], 200);
    assert.equal(r.kafka.figures['lost'], 0);
    assert.equal(r.moment!.timeMs, 2000);
  });

  it('late consumer: a new queue sees only what follows, a new group replays the log', async () => {
    const r = row(await compare('lateConsumerReplay'), 'replay');
    assert.deepEqual([r.rabbitmq.figures['replayed'], r.kafka.figures['replayed']], [0, 100]);
    assert.equal(r.moment!.timeMs, 1990);
  });

  it('a burst: queue depth vs consumer lag, with the peak where the chart has it', async () => {
    const c = await compare('burstOverload');
    const r = row(c, 'backlog');
    assert.ok(r.rabbitmq.figures['peak']! > 500 && r.kafka.figures['peak']! > r.rabbitmq.figures['peak']!);
    assert.equal(Math.max(...c.timeline.kafka.values), r.kafka.figures['peak']);
  });

  it('the scene at a row\'s moment rebuilds both models at that time, with the events up to it', async () => {
    const c = await compare('brokerRestart');
    const scene = sceneAt(c, row(c, 'restart').moment!.timeMs);
    assert.equal(scene.timeMs, 2000);
    assert.deepEqual(scene.models.map((m) => m.model), ['rabbitmq', 'kafka']);
    assert.ok(scene.models[0]!.graph.nodes.some((n) => n.id === 'q:jobs-durable'));
    assert.ok(scene.events.some((e) => e.type === 'broker-restarted'));
    assert.ok(scene.events.every((e) => e.time <= 2000));
  });
});
