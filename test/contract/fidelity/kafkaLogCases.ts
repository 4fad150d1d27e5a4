/**
 * Kafka log retention and compaction cases of the differential suite: the same kafkajs and kcat code
 * runs on the simulator's Kafka listener and on the real broker, and the rows are what a user relies
 * on (the log start offset and the records left after retention, the records a compacted topic
 * keeps, the value each key ends with, the active segment, tombstones).
 *
 * Why the figures are deterministic on a real broker:
 *  - Segments roll by record timestamp, not by waiting. The producer sets each batch's CreateTime;
 *    a batch whose timestamp is more than segment.ms after the first batch of the active segment
 *    rolls it (LogSegment.shouldRoll uses the record timestamps once a segment has one). All
 *    timestamps are in the past (Kafka 4 accepts any past CreateTime: message.timestamp.before.max.ms
 *    is unlimited by default), hours apart, so no wall-clock race decides a roll.
 *  - Time retention compares the newest timestamp of a segment with retention.ms, so the verdict
 *    for each segment is fixed by the chosen timestamps (hours from the retention.ms boundary).
 *  - Each case is built so that the broker's periodic work can change what a reader sees only once,
 *    whenever it runs: a retention pass deletes the longest breached prefix at once (and, when the
 *    breached segment is still the active one, rolls and deletes it, which leaves the same log
 *    start), and one cleaner pass cleans every closed segment at once. The test waits (bounded:
 *    polls every 250 ms, at most 30 s) for that one change, then reads the partition to its end.
 *    The shared test broker runs retention checks every 1 s and the cleaner every 0.5 s
 *    (test/brokers/kafka/server.properties.template); the simulator's listener is given the same.
 *  - One partition, fresh topic names, nothing else writes to them.
 */
import assert from 'node:assert/strict';
import { type Admin, type Message } from 'kafkajs';
import { run } from '../kafkaWire/support.js';
import { kafkaClient } from './kafkaCases.js';
import type { OutcomeTable } from './outcomeTable.js';
import type { FidelityCase } from './rabbitCases.js';

const HOUR = 3_600_000;
const POLL_MS = 250;
const WAIT_MS = 30_000;

/** One record as a reader of the partition sees it: `offset key=value` (a tombstone shows `null`). */
export interface LogRecord {
  readonly offset: number;
  readonly key: string;
  readonly value: string | null;
}

/** Reads partition 0 of `topic` from its log start to its end with kcat (no group, nothing committed). */
export async function readPartition(bootstrap: string, topic: string): Promise<LogRecord[]> {
  const r = await run('kcat', ['-b', bootstrap, '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-Z', '-f', '%o\\t%k\\t%s\\n'], { timeoutMs: 20000 });
  if (r.code !== 0) throw new Error(`kcat could not read ${topic} from ${bootstrap} (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter((l) => l.length > 0).map((line) => {
    const [offset, key, value] = line.split('\t');
    return { offset: Number(offset), key: key ?? '', value: value === 'NULL' ? null : (value ?? '') };
  });
}

/** The log start offset (earliest) and end offset of partition 0. */
async function offsets(admin: Admin, topic: string): Promise<{ start: number; end: number }> {
  const p = (await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)!;
  return { start: Number(p.low), end: Number(p.high) };
}

/** Polls `probe` until `changed` says the broker's periodic work has happened, at most 30 s; returns the last probe. */
async function waitForChange<T>(probe: () => Promise<T>, changed: (v: T) => boolean): Promise<{ value: T; changed: boolean }> {
  const deadline = Date.now() + WAIT_MS;
  let value = await probe();
  while (!changed(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    value = await probe();
  }
  return { value, changed: changed(value) };
}

const text = (records: readonly LogRecord[]): string[] => records.map((r) => `${r.offset} ${r.key}=${r.value ?? 'null'}`);

/** The value each key ends with when the partition is read to its end (what a table built from the topic holds). */
function latestPerKey(records: readonly LogRecord[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of records) out[r.key] = r.value;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const batch = (timestamp: number, entries: readonly (readonly [string, string | null])[]): Message[] =>
  entries.map(([key, value]) => ({ key, value, timestamp: String(timestamp) }));

/** Creates a one-partition topic, runs `body`, deletes the topic. */
async function withTopic(bootstrap: string, topic: string, config: Record<string, string>, body: (admin: Admin, send: (m: Message[]) => Promise<void>) => Promise<OutcomeTable>): Promise<OutcomeTable> {
  const kafka = kafkaClient(bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: Object.entries(config).map(([name, value]) => ({ name, value })) }] });
    await producer.connect();
    // One send is one record batch (one partition): the unit a segment roll is decided on.
    return await body(admin, async (messages) => { await producer.send({ topic, messages, acks: -1 }); });
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Time retention: three batches three, two and zero hours old, segment.ms 10 min (each batch opens a
 * segment), retention.ms 2.5 h. Only the oldest segment is past retention: the log start moves to
 * the second batch and its five records stay.
 */
async function timeRetention(bootstrap: string, prefix: string): Promise<OutcomeTable> {
  const topic = `${prefix}.retention-ms`;
  const t0 = Date.now();
  return withTopic(bootstrap, topic, { 'cleanup.policy': 'delete', 'retention.ms': String(2.5 * HOUR), 'segment.ms': '600000', 'file.delete.delay.ms': '0' }, async (admin, send) => {
    await send(batch(t0 - 3 * HOUR, [['a', 'a1'], ['b', 'b1'], ['c', 'c1'], ['d', 'd1'], ['e', 'e1']]));
    await send(batch(t0 - 2 * HOUR, [['a', 'a2'], ['b', 'b2'], ['c', 'c2']]));
    await send(batch(t0, [['a', 'a3'], ['f', 'f3']]));
    const seen = await waitForChange(() => offsets(admin, topic), (o) => o.start > 0);
    const records = await readPartition(bootstrap, topic);
    return {
      'retention ran within 30 s': seen.changed,
      'log start offset after retention': seen.value.start,
      'log end offset after retention': seen.value.end,
      'records left after retention': text(records),
    };
  });
}

/**
 * Size retention: four batches of five 100-byte records (about 610 bytes each, each in its own
 * segment), retention.bytes 1500. retention.bytes deletes a segment only when the log stays at or
 * above the limit without it: with four segments of size S and 2S < 1500 <= 3S exactly one goes,
 * and with three there is nothing to delete, so whenever the passes run the log ends at one
 * deletion (a margin of +-20 % on S).
 */
async function sizeRetention(bootstrap: string, prefix: string): Promise<OutcomeTable> {
  const topic = `${prefix}.retention-bytes`;
  const t0 = Date.now();
  const value = (tag: string): string => tag.padEnd(100, '.');
  const five = (n: number): [string, string][] => Array.from({ length: 5 }, (_, i) => [`k${i}`, value(`v${n}-${i}`)]);
  return withTopic(bootstrap, topic, { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '1500', 'segment.ms': '600000', 'file.delete.delay.ms': '0' }, async (admin, send) => {
    for (let n = 0; n < 4; n++) await send(batch(t0 - (4 - n) * HOUR, five(n)));
    const seen = await waitForChange(() => offsets(admin, topic), (o) => o.start > 0);
    const records = await readPartition(bootstrap, topic);
    return {
      'retention ran within 30 s': seen.changed,
      'log start offset after retention': seen.value.start,
      'records left after retention': records.length,
      'first record left': text(records.slice(0, 1)),
    };
  });
}

/**
 * Compaction. One old batch holds every key's older values and a tombstone; a newer batch (two hours
 * later, so it rolls the segment) writes k0 again and a new key. The cleaner cleans the closed segment
 * only (the active segment is never cleaned), keeps the newest value per key there, and keeps the
 * tombstone on its first cleaning (KIP-534 stamps its delete horizon then). Before the roll nothing is
 * cleanable, and one cleaning cleans the whole closed range, so there is exactly one change to wait for.
 *
 * With delete.retention.ms=0 the case goes on: it waits 3 s on the now quiet topic (six cleaner
 * backoffs), then a third batch an hour newer rolls the active segment; the second cleaning removes
 * the tombstone whose horizon has passed and the k0 value of the first segment that the now closed
 * second segment replaces (the third batch's k0 sits in the new active segment, outside the cleaning).
 */
function compaction(deleteRetentionMs: number): (bootstrap: string, prefix: string) => Promise<OutcomeTable> {
  return async (bootstrap, prefix) => {
    const topic = `${prefix}.compact-${deleteRetentionMs}`;
    const t0 = Date.now();
    const config = { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.001', 'min.compaction.lag.ms': '0', 'delete.retention.ms': String(deleteRetentionMs), 'segment.ms': '600000', 'file.delete.delay.ms': '0' };
    return withTopic(bootstrap, topic, config, async (_admin, send) => {
      await send(batch(t0 - 3 * HOUR, [['k0', 'a'], ['k1', 'a'], ['k2', 'a'], ['k3', 'a'], ['k0', 'b'], ['k1', 'b'], ['k3', null], ['k4', 'a']]));
      await send(batch(t0 - HOUR, [['k0', 'c'], ['k5', 'c']]));
      const produced = 10;
      const first = await waitForChange(() => readPartition(bootstrap, topic), (r) => r.length < produced);
      const table: Record<string, unknown> = {
        'compaction ran within 30 s': first.changed,
        'records left after compaction': text(first.value),
        'for each key, the value a compacted topic keeps': latestPerKey(first.value),
        'active segment after compaction (offsets 8-9)': text(first.value.filter((r) => r.offset >= 8)),
        'tombstone after the first cleaning': first.value.some((r) => r.key === 'k3'),
      };
      if (deleteRetentionMs > 0) return table;
      await new Promise((r) => setTimeout(r, 3000));
      const quiet = await readPartition(bootstrap, topic);
      table['tombstone 3 s after its horizon on a quiet topic'] = quiet.some((r) => r.key === 'k3');
      await send(batch(t0, [['k0', 'd']]));
      // The count to compare with is the quiet log plus the one record sent, not a read after the
      // send: the cleaner may already have run by then (it did on the simulator's listener).
      const before = quiet.length + 1;
      const second = await waitForChange(() => readPartition(bootstrap, topic), (r) => r.length < before);
      table['second compaction ran within 30 s'] = second.changed;
      table['records left after a second compaction'] = text(second.value);
      table['tombstone after a cleaning past delete.retention.ms'] = second.value.some((r) => r.key === 'k3');
      return table;
    });
  };
}

export const kafkaLogCases: readonly FidelityCase[] = [
  {
    name: 'time retention: the segment past retention.ms goes, the log start moves',
    group: 'kafka: log retention (retention.ms, retention.bytes)',
    run: timeRetention,
    expect: (t) => {
      assert.equal(t['log start offset after retention'], 5);
      assert.deepEqual(t['records left after retention'], ['5 a=a2', '6 b=b2', '7 c=c2', '8 a=a3', '9 f=f3']);
    },
  },
  {
    name: 'size retention: retention.bytes deletes whole segments from the oldest',
    group: 'kafka: log retention (retention.ms, retention.bytes)',
    run: sizeRetention,
    expect: (t) => {
      assert.equal(t['log start offset after retention'], 5);
      assert.equal(t['records left after retention'], 15);
    },
  },
  {
    name: 'compaction: newest value per key in closed segments, active segment untouched, tombstone kept',
    group: 'kafka: log compaction (cleanup.policy=compact)',
    run: compaction(86_400_000),
    expect: (t) => {
      assert.deepEqual(t['records left after compaction'], ['2 k2=a', '4 k0=b', '5 k1=b', '6 k3=null', '7 k4=a', '8 k0=c', '9 k5=c']);
      assert.equal(t['tombstone after the first cleaning'], true);
    },
  },
  {
    name: 'compaction: a tombstone goes at the first cleaning after delete.retention.ms',
    group: 'kafka: log compaction (cleanup.policy=compact)',
    run: compaction(0),
    expect: (t) => {
      // Kafka 4.4 does not clean a quiet topic again for a tombstone whose horizon passed (the
      // simulator did, before this row caught it): it goes with the next cleaning that new data starts.
      assert.equal(t['tombstone 3 s after its horizon on a quiet topic'], true);
      assert.equal(t['tombstone after a cleaning past delete.retention.ms'], false);
      assert.deepEqual(t['records left after a second compaction'], ['2 k2=a', '5 k1=b', '7 k4=a', '8 k0=c', '9 k5=c', '10 k0=d']);
    },
  },
];
