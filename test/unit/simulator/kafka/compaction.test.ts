import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KafkaCluster } from '../../../../src/extension/core/simulator/kafka/cluster.js';
import { RECORD_BATCH_OVERHEAD, recordSizeInBytes } from '../../../../src/extension/core/simulator/kafka/recordSize.js';
import { bytes, newCluster, text } from './helpers.js';

/** Every record here has a 3-byte key and a 5-byte value, produced one per batch. */
const BATCH = RECORD_BATCH_OVERHEAD + recordSizeInBytes(0, 0, 3, 5, 1);

function compacted(perSegment: number, configs: Record<string, string> = {}): ReturnType<typeof newCluster> {
  const env = newCluster({ minSegmentBytes: 1 });
  env.cluster.createTopic('t', {
    partitions: 1,
    configs: { 'cleanup.policy': 'compact', 'segment.bytes': String(BATCH * perSegment), 'min.cleanable.dirty.ratio': '0.01', ...configs },
  });
  return env;
}

function put(cluster: KafkaCluster, key: string, value: string | null): void {
  const r = cluster.produce('t', [{ key: bytes(`k-${key}`), value: value === null ? null : bytes(value.padEnd(5, '.')) }]);
  assert.equal(r.failed, 0);
}

function contents(cluster: KafkaCluster): string[] {
  return cluster.fetch('t', 0, cluster.listOffsets('t', 0, 'earliest'), { maxRecords: 1000 }).records
    .map((r) => `${r.offset}:${text(r.key)}=${r.value === null ? 'null' : text(r.value)!.replace(/\.+$/, '')}`);
}

describe('log compaction (cleanup.policy=compact)', () => {
  it('keeps only the latest value per key in cleaned segments, preserving offsets (gaps) and the log start', () => {
    const { cluster } = compacted(3);
    for (const [k, v] of [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['c', 'c1'], ['b', 'b2'], ['a', 'a3'], ['d', 'd1']] as const) put(cluster, k, v);
    cluster.runCleaner();
    assert.deepEqual(contents(cluster), ['3:k-c=c1', '4:k-b=b2', '5:k-a=a3', '6:k-d=d1']);
    assert.equal(cluster.listOffsets('t', 0, 'earliest'), 0, 'compaction never moves the log start');
    assert.deepEqual(cluster.fetch('t', 0, 1).records.map((r) => r.offset), [3, 4, 5, 6], 'a read inside a gap starts at the next record');
    assert.equal(cluster.listOffsets('t', 0, 'latest'), 7);
  });

  it('never compacts the active segment', () => {
    const { cluster } = compacted(100);
    for (let i = 0; i < 5; i++) put(cluster, 'a', `a${i}`);
    cluster.runCleaner();
    assert.equal(contents(cluster).length, 5);
  });

  it('keeps a tombstone through its first cleaning, then removes it at the next cleaning after delete.retention.ms', () => {
    const { cluster, clock } = compacted(2, { 'delete.retention.ms': '60000' });
    put(cluster, 'a', 'a1');
    put(cluster, 'b', 'b1');
    put(cluster, 'a', null);
    put(cluster, 'c', 'c1');
    put(cluster, 'z', 'roll');
    cluster.runCleaner();
    assert.deepEqual(contents(cluster), ['1:k-b=b1', '2:k-a=null', '3:k-c=c1', '4:k-z=roll'], 'the tombstone hides a1 and stays so consumers can see the delete');
    clock.advanceBy(59_999);
    cluster.runCleaner();
    assert.ok(contents(cluster).includes('2:k-a=null'), 'still inside delete.retention.ms');
    clock.advanceBy(1);
    cluster.runCleaner();
    assert.ok(contents(cluster).includes('2:k-a=null'), 'past the horizon, but a quiet topic is not cleaned again (as on Kafka 4.4)');
    put(cluster, 'y', 'y1');
    put(cluster, 'w', 'w1');
    cluster.runCleaner();
    assert.deepEqual(contents(cluster), ['1:k-b=b1', '3:k-c=c1', '4:k-z=roll', '5:k-y=y1', '6:k-w=w1'], 'new dirty data starts a cleaning, which removes it');
  });

  it('runs on the cleaner schedule (log.cleaner.backoff.ms) and reports what it removed', () => {
    const { cluster, events } = compacted(2);
    for (const [k, v] of [['a', 'a1'], ['a', 'a2'], ['a', 'a3'], ['a', 'a4'], ['b', 'b1']] as const) put(cluster, k, v);
    cluster.advanceTime(14_999);
    assert.equal(contents(cluster).length, 5);
    cluster.advanceTime(1);
    assert.deepEqual(contents(cluster), ['3:k-a=a4', '4:k-b=b1']);
    const e = events.find((x) => x.type === 'compacted');
    assert.ok(e && e.type === 'compacted' && e.recordsBefore === 4 && e.recordsAfter === 1);
  });

  it('waits until the dirty ratio exceeds min.cleanable.dirty.ratio', () => {
    const { cluster } = compacted(2, { 'min.cleanable.dirty.ratio': '0.5' });
    for (const [k, v] of [['a', 'a1'], ['a', 'a2'], ['x', 'x1']] as const) put(cluster, k, v);
    cluster.runCleaner();
    assert.deepEqual(contents(cluster), ['1:k-a=a2', '2:k-x=x1'], 'first cleaning: everything was dirty');
    put(cluster, 'a', 'a3');
    put(cluster, 'y', 'y1');
    // Clean: 1 record in segment [0,2); dirty: segment [2,4) of 2 records, ratio 2/3 > 0.5.
    cluster.runCleaner();
    assert.deepEqual(contents(cluster), ['2:k-x=x1', '3:k-a=a3', '4:k-y=y1']);
    cluster.alterConfigs('t', { 'min.cleanable.dirty.ratio': '0.9' });
    put(cluster, 'x', 'x2');
    put(cluster, 'q', 'q1');
    cluster.runCleaner();
    assert.ok(contents(cluster).includes('2:k-x=x1'), 'below the ratio nothing is cleaned');
  });

  it('refuses a record without a key on a compacted topic (INVALID_RECORD)', () => {
    const { cluster } = compacted(2);
    const r = cluster.produce('t', [{ value: bytes('no key') }, { key: bytes('k-a'), value: bytes('ok') }]);
    assert.equal(r.errors?.[0]?.code, 'INVALID_RECORD');
    assert.equal(r.offsets[1], 0);
  });

  it('with compact,delete also deletes whole segments by retention.ms', () => {
    const { cluster, clock } = compacted(2, { 'cleanup.policy': 'compact,delete', 'retention.ms': '1000' });
    put(cluster, 'a', 'a1');
    put(cluster, 'b', 'b1');
    clock.advanceBy(2000);
    put(cluster, 'c', 'c1');
    cluster.runRetention();
    assert.equal(cluster.listOffsets('t', 0, 'earliest'), 2);
    assert.deepEqual(contents(cluster), ['2:k-c=c1']);
  });

  it('a consumer that reads a compacted log from the start sees each surviving key once, in offset order', () => {
    const { cluster } = compacted(2);
    for (const [k, v] of [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['b', 'b2'], ['c', 'c1'], ['end', 'e']] as const) put(cluster, k, v);
    cluster.runCleaner();
    const m = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest' });
    const seen = cluster.poll('g', m);
    assert.equal(seen.count, 4);
    assert.equal(seen.partitions[0]!.nextOffset, 6);
  });
});
