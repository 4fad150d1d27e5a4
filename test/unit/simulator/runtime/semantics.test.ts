/**
 * The delivery semantics a run must show, each on a scenario small enough to count by hand. The
 * comment above each assertion says why the number is what it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import type { RunSummary } from '../../../../src/extension/core/simulator/runtime/summary.js';
import type { ModelKind, Scenario } from '../../../../src/extension/core/simulator/scenario/types.js';
import { consumer, producer, scenario } from './fixtures.js';

function run(s: Scenario, model: ModelKind): RunSummary {
  return new ScenarioRun(s, { model }).run();
}

// 20 messages sent at t = 0..19 ms (1000/s); the consumer starts at 1000 ms with all 20 waiting and
// handles one every 10 ms; it crashes at 1055 ms, while handling message 6 (1050..1060), having
// completed messages 1..5. No restart.
const crashAt1055 = (strategy: { rabbitmq: 'ack-after' | 'ack-before' | 'auto-ack'; kafka: 'commit-after' | 'commit-before' | 'auto' }): Scenario => scenario({
  producers: [producer({ count: 20, ratePerSec: 1000 })],
  consumers: [consumer({ processingMs: 10, startAtMs: 1000, prefetch: 4, maxPollRecords: 4, strategy })],
  events: [{ atMs: 1055, type: 'consumerCrash', consumer: 'c' }],
});

test('rabbitmq ack-after: a crash loses nothing; the unacked messages wait in the queue', () => {
  const s = run(crashAt1055({ rabbitmq: 'ack-after', kafka: 'commit-after' }), 'rabbitmq');
  assert.equal(s.processed, 5);
  assert.equal(s.lost, 0);
  // Message 6 (being handled) and 7..9 (prefetched, prefetch 4) were unacked: back in the queue with the other 11.
  assert.equal(s.leftAfterConsumption, 15);
});

test('rabbitmq ack-before: the message being handled when the process dies is lost', () => {
  const s = run(crashAt1055({ rabbitmq: 'ack-before', kafka: 'commit-after' }), 'rabbitmq');
  assert.equal(s.processed, 5);
  // Message 6 was acked as handling started, then the process died: at-most-once.
  assert.equal(s.lost, 1);
  // 7..9 were delivered but not yet acked (ack happens at start of handling): requeued.
  assert.equal(s.leftAfterConsumption, 14);
});

test('rabbitmq auto-ack: every message the process had buffered is lost', () => {
  const s = run(crashAt1055({ rabbitmq: 'auto-ack', kafka: 'commit-after' }), 'rabbitmq');
  // No-ack ignores prefetch: all 20 were pushed at 1000 ms and forgotten by the broker; 5 were handled.
  assert.equal(s.delivered, 20);
  assert.equal(s.processed, 5);
  assert.equal(s.lost, 15);
  assert.equal(s.leftAfterConsumption, 0);
});

test('kafka commit-after: a crash loses nothing; the group resumes from the last commit', () => {
  const s = run(crashAt1055({ rabbitmq: 'ack-after', kafka: 'commit-after' }), 'kafka');
  // Batches of 4: 1..4 handled and committed (offset 4) at 1040; 5 done at 1050, 6 in progress at the crash.
  assert.equal(s.processed, 5);
  assert.equal(s.lost, 0);
  // Kafka keeps everything; consumer lag = 20 - committed 4.
  assert.equal(s.leftAfterConsumption, 20);
  assert.equal(s.consumerLag, 16);
});

test('kafka commit-before: the rest of the batch is skipped when the process dies', () => {
  const s = run(crashAt1055({ rabbitmq: 'ack-after', kafka: 'commit-before' }), 'kafka');
  assert.equal(s.processed, 5);
  // The second batch (5..8) was committed (offset 8) when it arrived; 5 was handled, 6..8 never will be.
  assert.equal(s.lost, 3);
  assert.equal(s.consumerLag, 12);
});

test('a restarted consumer sees duplicates exactly where the model says', () => {
  const withRestart = (sc: Scenario): Scenario => ({ ...sc, events: [...sc.events!, { atMs: 1200, type: 'consumerRestart', consumer: 'c' }] });
  const rabbit = run(withRestart(crashAt1055({ rabbitmq: 'ack-after', kafka: 'commit-after' })), 'rabbitmq');
  // Only message 6 had been started: redelivered with 7..9 (4 redeliveries), seen twice once.
  assert.deepEqual([rabbit.uniqueProcessed, rabbit.duplicates, rabbit.redeliveries, rabbit.lost], [20, 1, 4, 0]);
  const kafka = run(withRestart(crashAt1055({ rabbitmq: 'ack-after', kafka: 'commit-after' })), 'kafka');
  // From committed offset 4: messages 5 (done) and 6 (in progress) are seen again; 5..8 re-fetched.
  assert.deepEqual([kafka.uniqueProcessed, kafka.duplicates, kafka.redeliveries, kafka.lost], [20, 2, 4, 0]);
  // The restarted member joins while the dead one is still in the group: the rebalance waits for its
  // session timeout (45 s by default), so Kafka finishes long after RabbitMQ.
  assert.ok(kafka.timeMs > 45_000 && rabbit.timeMs < 2000, `${kafka.timeMs} / ${rabbit.timeMs}`);
});

test('kafka auto-commit: a crash re-delivers what was handled since the last auto-commit', () => {
  const sc = scenario({
    producers: [producer({ count: 50, ratePerSec: 1000 })],
    consumers: [consumer({ processingMs: 10, startAtMs: 1000, maxPollRecords: 10, autoCommitIntervalMs: 200, sessionTimeoutMs: 6000, strategy: { rabbitmq: 'ack-after', kafka: 'auto' } })],
    events: [{ atMs: 1355, type: 'consumerCrash', consumer: 'c' }, { atMs: 1400, type: 'consumerRestart', consumer: 'c' }],
  });
  const s = run(sc, 'kafka');
  // Polls at 1000, 1100, 1200, 1300 (batches of 10, 10 ms each). The auto-commit runs inside poll()
  // once autoCommitIntervalMs has passed since the member joined: at 1200, committing offset 20 (the
  // position after the batches already handled); the next would be at 1400. At 1355, 20..34 were
  // handled and 35 was being handled: 16 records seen again by the restarted member.
  assert.equal(s.duplicates, 16);
  assert.equal(s.uniqueProcessed, 50);
  assert.equal(s.lost, 0);
});

test('rabbitmq: expiry without a dead-letter exchange loses, with one it moves the message', () => {
  const expire = (dlx: boolean): Scenario => scenario({
    topology: {
      rabbitmq: {
        exchanges: [{ name: 'ex', type: 'direct' }, { name: 'dlx', type: 'fanout' }],
        queues: [{ name: 'q', arguments: { messageTtlMs: 100, ...(dlx ? { deadLetterExchange: 'dlx' } : {}) } }, { name: 'parking' }],
        bindings: [{ exchange: 'ex', queue: 'q', routingKey: 'k' }, { exchange: 'dlx', queue: 'parking' }],
      },
      kafka: { topics: [{ name: 't', partitions: 1 }] },
    },
    producers: [producer({ count: 10 })],
    // The consumer starts after every message has waited longer than the 100 ms TTL.
    consumers: [consumer({ startAtMs: 1000 })],
  });
  const lost = run(expire(false), 'rabbitmq');
  assert.deepEqual([lost.expired, lost.processed, lost.lost, lost.leftAfterConsumption], [10, 0, 10, 0]);
  const moved = run(expire(true), 'rabbitmq');
  assert.deepEqual([moved.deadLettered, moved.processed, moved.lost, moved.leftAfterConsumption], [10, 0, 0, 10]);
});

test('rabbitmq: a full reject-publish queue and an unroutable key both lose messages', () => {
  const sc = scenario({
    topology: {
      rabbitmq: { exchanges: [{ name: 'ex', type: 'direct' }], queues: [{ name: 'q', arguments: { maxLength: 5, overflow: 'reject-publish' } }], bindings: [{ exchange: 'ex', queue: 'q', routingKey: 'k' }] },
      kafka: { topics: [{ name: 't', partitions: 1 }] },
    },
    producers: [producer({ count: 8 }), producer({ id: 'stray', count: 3, target: { rabbitmq: { exchange: 'ex', routingKey: 'nowhere' }, kafka: { topic: 't' } } })],
    consumers: [consumer({ startAtMs: 1000 })],
  });
  const s = run(sc, 'rabbitmq');
  // 5 fit, 3 refused by the full queue; the 3 "nowhere" messages match no binding.
  assert.deepEqual([s.processed, s.unroutable, s.lost], [5, 3, 6]);
  // On Kafka nothing is refused: both producers append to t and the group reads all 11.
  const k = run(sc, 'kafka');
  assert.deepEqual([k.processed, k.lost], [11, 0]);
});

test('failures: requeue retries (seen again), reject without a dead-letter exchange loses', () => {
  const failing = (onFailure: 'requeue' | 'reject'): Scenario => scenario({
    producers: [producer({ count: 200 })],
    consumers: [consumer({ failureProbability: 0.2, onFailure, prefetch: 1 })],
  });
  const requeue = run(failing('requeue'), 'rabbitmq');
  // Every failure puts the message back; it is handled again until it succeeds.
  assert.equal(requeue.uniqueProcessed, 200);
  assert.equal(requeue.lost, 0);
  assert.equal(requeue.duplicates, requeue.failures);
  const reject = run(failing('reject'), 'rabbitmq');
  assert.equal(reject.uniqueProcessed + reject.failures, 200);
  assert.equal(reject.lost, reject.failures);
  assert.equal(reject.duplicates, 0);
});

test('kafka: a failed record crashes the member, which restarts and reprocesses from the last commit', () => {
  const sc = scenario({
    producers: [producer({ count: 100, ratePerSec: 200 })],
    consumers: [consumer({ failureProbability: 0.02, maxPollRecords: 5, sessionTimeoutMs: 6000, restartAfterFailureMs: 100 })],
  });
  const s = run(sc, 'kafka');
  assert.equal(s.uniqueProcessed, 100);
  assert.equal(s.lost, 0);
  assert.ok(s.failures > 0);
  // Each crash re-delivers at least the failed record: it was seen, and is seen again.
  assert.ok(s.duplicates >= s.failures);
});

test('kafka retention: records deleted before a slow group read them are lost to it; a late group never owed them', () => {
  const sc = scenario({
    topology: {
      rabbitmq: { exchanges: [{ name: 'ex', type: 'direct' }], queues: [{ name: 'q' }], bindings: [{ exchange: 'ex', queue: 'q', routingKey: 'k' }] },
      // Segments roll every second; records older than 10 s go at the next check (every 1 s).
      kafka: { topics: [{ name: 't', partitions: 1, configs: { 'retention.ms': '10000', 'segment.ms': '1000' } }] },
    },
    producers: [producer({ count: 100, ratePerSec: 100 }), producer({ id: 'later', count: 10, ratePerSec: 100, startAtMs: 80_000 })],
    // 1 s per record: after 1 s of sending it has read ~1 record, and then a minute passes.
    consumers: [consumer({ processingMs: 1000, maxPollRecords: 1 })],
    events: [
      { atMs: 1500, type: 'retentionPasses', advanceMs: 60_000 },
      { atMs: 70_000, type: 'groupJoins', consumer: consumer({ id: 'late', source: { rabbitmq: { queue: 'q' }, kafka: { topic: 't', group: 'late' } } }) },
    ],
    settings: { kafka: { initialRebalanceDelayMs: 0, retentionCheckIntervalMs: 1000 } },
  });
  const s = run(sc, 'kafka');
  const slow = s.subscriptions.find((x) => x.name === 'g (t)')!;
  const late = s.subscriptions.find((x) => x.name === 'late (t)')!;
  // The 60 s skip made every first-producer record older than retention.ms: all but the ones the
  // slow group had already read are deleted, then it reads the 10 later ones.
  assert.ok(slow.lost > 90 && slow.unique + slow.lost === 110, JSON.stringify(slow));
  // The late group starts (earliest) at the log start after deletion: only the 10 later records, none owed before.
  assert.deepEqual([late.unique, late.lost], [10, 0]);
});

test('kafka: a group with auto.offset.reset=latest starts at the end and is owed nothing before', () => {
  const sc = scenario({ consumers: [consumer({ autoOffsetReset: 'latest', startAtMs: 2000 })], producers: [producer({ count: 50 })] });
  const s = run(sc, 'kafka');
  assert.deepEqual([s.processed, s.lost, s.leftAfterConsumption], [0, 0, 50]);
});

test('rabbitmq stream queue: a consumer reads from the first offset and the messages stay', () => {
  const sc = scenario({
    topology: {
      rabbitmq: { exchanges: [{ name: 'ex', type: 'direct' }], queues: [{ name: 'q', type: 'stream' }], bindings: [{ exchange: 'ex', queue: 'q', routingKey: 'k' }] },
      kafka: { topics: [{ name: 't', partitions: 1 }] },
    },
    consumers: [consumer({ startAtMs: 2000 }), consumer({ id: 'c2', startAtMs: 3000 })],
  });
  const s = run(sc, 'rabbitmq');
  // Two consumers of one stream are two independent readers (like two Kafka groups): each reads all
  // 50 from x-stream-offset first, nobody sees a duplicate, and nothing is deleted.
  assert.deepEqual([s.processed, s.uniqueProcessed, s.duplicates, s.lost, s.leftAfterConsumption], [100, 100, 0, 0, 50]);
  assert.equal(s.subscriptions.length, 2);
});
