/**
 * Kafka fidelity cases with kafkajs, the same code against the simulator's Kafka listener and the
 * real broker: partition per key, per-key order, a consumer that crashes before committing, the
 * messages left (lag) after it, and a late consumer group replaying from offset 0.
 */
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { FidelityCase } from './rabbitCases.js';
import type { OutcomeTable } from './outcomeTable.js';

interface Seen {
  readonly key: string;
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
}

/** A client on `bootstrap`; kafkajs logs off (the rows say what happened). */
export function kafkaClient(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'brokerlens-fidelity', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 5 } });
}

/** Runs a consumer until `count` records arrived or 30 s passed; returns them in arrival order. */
export async function consumeUntil(consumer: Consumer, topic: string, count: number, onRecord?: (s: Seen, all: Seen[]) => Promise<void>): Promise<Seen[]> {
  const seen: Seen[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => { done = r; });
  if (count === 0) done();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const s = { key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', partition, offset: Number(message.offset) };
      seen.push(s);
      await onRecord?.(s, seen);
      if (seen.length >= count) done();
    },
  });
  await Promise.race([finished, new Promise((r) => setTimeout(r, 30000))]);
  return seen;
}

/** Per key, the values in the order they were read. */
function perKeyOrder(seen: readonly Seen[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of [...seen].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) (out[s.key] ??= []).push(s.value);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

async function crashAndReplay(bootstrap: string, prefix: string): Promise<OutcomeTable> {
  const kafka = kafkaClient(bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${prefix}.orders`;
  const group = `${prefix}.billing`;
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 4, replicationFactor: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 24 }, (_, i) => ({ key: `key-${i % 8}`, value: `v${i}` }));
    await producer.send({ topic, messages, acks: -1 });
    await producer.disconnect();

    // The first instance handles everything but commits only what it finished before v12, then crashes.
    const first = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 500 });
    const seenFirst = await consumeUntil(first, topic, 24, async (s) => {
      if (Number(s.value.slice(1)) < 12) await first.commitOffsets([{ topic, partition: s.partition, offset: String(s.offset + 1) }]);
    });
    await first.disconnect();
    const committed = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]!.partitions;
    const ends = await admin.fetchTopicOffsets(topic);
    const lag = ends.map((e) => ({ partition: e.partition, lag: Number(e.offset) - Math.max(0, Number(committed.find((c) => c.partition === e.partition)?.offset ?? 0)) }))
      .sort((a, b) => a.partition - b.partition);
    const expectedAgain = lag.reduce((n, l) => n + l.lag, 0);

    // The restarted instance resumes from the committed offsets: what was not committed comes again.
    const second = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 500 });
    const again = await consumeUntil(second, topic, expectedAgain);
    await second.disconnect();

    // A late consumer in a new group replays the whole log from offset 0.
    const late = kafka.consumer({ groupId: `${group}.late`, sessionTimeout: 6000, heartbeatInterval: 500 });
    const replay = await consumeUntil(late, topic, 24);
    await late.disconnect();

    const partitionOf = Object.fromEntries([...new Map(seenFirst.map((s) => [s.key, s.partition]))].sort(([a], [b]) => a.localeCompare(b)));
    return {
      'partition per key': partitionOf,
      'per-key order': perKeyOrder(seenFirst),
      'messages left (lag per partition) after the crash': lag,
      'reprocessed after the crash before commit': again.map((s) => s.value).sort(),
      'replayed by a late consumer group': replay.length,
      'late consumer per-key order': perKeyOrder(replay),
    };
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

export const kafkaCases: readonly FidelityCase[] = [
  {
    name: 'keyed records, a crash before commit, a late consumer group',
    group: 'kafka: partition per key, per-key order, redelivery, replay, lag',
    run: crashAndReplay,
    expect: (t) => {
      assert.equal(t['replayed by a late consumer group'], 24);
      assert.deepEqual(t['reprocessed after the crash before commit'], Array.from({ length: 12 }, (_, i) => `v${i + 12}`).sort());
    },
  },
];
