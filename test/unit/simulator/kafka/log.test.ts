import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKafkaError } from '../../../../src/extension/core/simulator/kafka/errors.js';
import { RECORD_BATCH_OVERHEAD, recordSizeInBytes } from '../../../../src/extension/core/simulator/kafka/recordSize.js';
import { bytes, keyed, newCluster, T0, text } from './helpers.js';

/** A topic whose segments hold exactly `perSegment` records of `keyed()` shape produced one per call. */
function smallSegments(perSegment: number, configs: Record<string, string> = {}): ReturnType<typeof newCluster> {
  const env = newCluster({ minSegmentBytes: 1 });
  // One record "key-N"/"v-N" (N < 10) is 13 bytes plus the 61-byte batch header = 74 bytes.
  const batch = RECORD_BATCH_OVERHEAD + recordSizeInBytes(0, 0, 5, 3, 1);
  env.cluster.createTopic('t', { partitions: 1, configs: { 'segment.bytes': String(batch * perSegment), ...configs } });
  return env;
}

const codeOf = (e: unknown): string | undefined => (isKafkaError(e) ? e.code : undefined);

describe('partition log: offsets, fetch, list offsets', () => {
  it('assigns consecutive offsets per partition and keeps key, value, headers and timestamp', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', [{ key: bytes('k'), value: bytes('a'), headers: [{ key: 'h', value: bytes('1') }, { key: 'h', value: null }], timestamp: T0 - 5 }]);
    const r = cluster.produce('t', [{ value: bytes('b') }, { key: null, value: null }]);
    assert.deepEqual([...r.offsets], [1, 2]);
    const { records, highWatermark, logStartOffset } = cluster.fetch('t', 0, 0);
    assert.deepEqual(records.map((x) => [x.offset, text(x.key), text(x.value)]), [[0, 'k', 'a'], [1, null, 'b'], [2, null, null]]);
    assert.deepEqual(records[0]!.headers.map((h) => [h.key, text(h.value)]), [['h', '1'], ['h', null]]);
    assert.equal(records[0]!.timestamp, T0 - 5);
    assert.equal(records[1]!.timestamp, T0, 'a record without a timestamp gets the producer clock (CreateTime)');
    assert.deepEqual([logStartOffset, highWatermark], [0, 3]);
  });

  it('returns copies: changing fetched bytes does not change the log', () => {
    const { cluster } = newCluster();
    cluster.produce('t', [{ key: bytes('k'), value: bytes('abc') }]);
    cluster.fetch('t', 0, 0).records[0]!.value![0] = 0x7a;
    assert.equal(text(cluster.fetch('t', 0, 0).records[0]!.value), 'abc');
  });

  it('fetch respects maxRecords and maxBytes but always returns at least one record', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(10));
    assert.equal(cluster.fetch('t', 0, 0, { maxRecords: 4 }).records.length, 4);
    const one = cluster.fetch('t', 0, 2, { maxBytes: 1 });
    assert.deepEqual(one.records.map((r) => r.offset), [2]);
    assert.equal(one.nextOffset, 3);
    assert.deepEqual(cluster.fetch('t', 0, 10).records, [], 'reading at the high watermark returns nothing');
  });

  it('refuses offsets outside [log start, high watermark] with OFFSET_OUT_OF_RANGE', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(3));
    assert.throws(() => cluster.fetch('t', 0, 4), (e) => codeOf(e) === 'OFFSET_OUT_OF_RANGE');
    assert.throws(() => cluster.fetch('t', 0, -1), (e) => codeOf(e) === 'OFFSET_OUT_OF_RANGE');
    assert.throws(() => cluster.fetch('t', 1, 0), (e) => codeOf(e) === 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.throws(() => cluster.fetch('nope', 0, 0), (e) => codeOf(e) === 'UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('offsetsForTimes finds the first record at or after a time; listOffsets gives earliest, latest and max-timestamp', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', [10, 30, 20, 40].map((d) => ({ value: bytes(`${d}`), timestamp: T0 - 1000 + d })));
    assert.deepEqual(cluster.offsetsForTimes('t', 0, T0 - 1000 + 25), { offset: 1, timestamp: T0 - 970 });
    assert.deepEqual(cluster.offsetsForTimes('t', 0, T0 - 1000 + 31), { offset: 3, timestamp: T0 - 960 });
    assert.equal(cluster.offsetsForTimes('t', 0, T0), null);
    assert.equal(cluster.listOffsets('t', 0, 'earliest'), 0);
    assert.equal(cluster.listOffsets('t', 0, 'latest'), 4);
    assert.equal(cluster.listOffsets('t', 0, 'max-timestamp'), 3);
  });

  it('uses the broker time with message.timestamp.type=LogAppendTime and rejects far-future CreateTime', () => {
    const { cluster } = newCluster();
    cluster.createTopic('append', { partitions: 1, configs: { 'message.timestamp.type': 'LogAppendTime' } });
    cluster.produce('append', [{ value: bytes('x'), timestamp: 5 }]);
    assert.equal(cluster.fetch('append', 0, 0).records[0]!.timestamp, T0);
    cluster.createTopic('create', { partitions: 1 });
    const r = cluster.produce('create', [{ value: bytes('late'), timestamp: T0 + 3_600_001 }, { value: bytes('ok'), timestamp: T0 + 3_600_000 }]);
    assert.equal(r.errors?.[0]?.code, 'INVALID_TIMESTAMP', 'message.timestamp.after.max.ms is one hour in Kafka 4');
    assert.deepEqual([...r.offsets], [-1, 0]);
  });

  it('rejects a record larger than max.message.bytes with MESSAGE_TOO_LARGE and appends the rest', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1, configs: { 'max.message.bytes': '200' } });
    const r = cluster.produce('t', [{ value: new Uint8Array(500) }, { value: bytes('small') }]);
    assert.equal(r.errors?.[0]?.code, 'MESSAGE_TOO_LARGE');
    assert.equal(r.failed, 1);
    assert.deepEqual([...r.offsets], [-1, 0]);
  });

  it('reports no offsets with acks=none and refuses acks=all when min.insync.replicas exceeds the replicas', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1, replicationFactor: 1, configs: { 'min.insync.replicas': '2' } });
    assert.equal(cluster.produce('t', [{ value: bytes('a') }]).errors?.[0]?.code, 'NOT_ENOUGH_REPLICAS');
    const none = cluster.produce('t', [{ value: bytes('a') }], { acks: 'none' });
    assert.deepEqual([...none.offsets], [-1]);
    assert.equal(cluster.listOffsets('t', 0, 'latest'), 1, 'the record was still written');
  });
});

describe('partition log: segments and retention', () => {
  it('rolls a new segment before a batch that would pass segment.bytes', () => {
    const { cluster } = smallSegments(3);
    for (let i = 0; i < 7; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`) }]);
    const segs = cluster.topic('t').partition(0).segments;
    assert.deepEqual(segs.map((s) => [s.baseOffset, s.count]), [[0, 3], [3, 3], [6, 1]]);
  });

  it('rolls on segment.ms measured from the first batch timestamp', () => {
    const { cluster, clock } = newCluster();
    cluster.createTopic('t', { partitions: 1, configs: { 'segment.ms': '1000' } });
    cluster.produce('t', keyed(2));
    clock.advanceBy(1000);
    cluster.produce('t', keyed(1));
    clock.advanceBy(1);
    cluster.produce('t', keyed(1));
    assert.deepEqual(cluster.topic('t').partition(0).segments.map((s) => s.baseOffset), [0, 3]);
  });

  it('retention.ms deletes whole segments whose newest record is older, and moves the log start to a segment base', () => {
    const { cluster, clock } = smallSegments(3, { 'retention.ms': '60000' });
    for (let i = 0; i < 3; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`), timestamp: T0 - 120_000 }]);
    for (let i = 3; i < 5; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`), timestamp: T0 - 90_000 }]);
    cluster.produce('t', [{ key: bytes('key-5'), value: bytes('v-5'), timestamp: T0 }]);
    cluster.produce('t', [{ key: bytes('key-6'), value: bytes('v-6'), timestamp: T0 }]);
    // Segments: [0..2] newest T0-120s, [3..5] newest T0, [6] newest T0 (active).
    clock.advanceBy(1000);
    cluster.runRetention();
    const log = cluster.topic('t').partition(0);
    assert.equal(log.logStartOffset, 3, 'only the fully expired first segment went');
    assert.deepEqual(log.segments.map((s) => s.baseOffset), [3, 6]);
    assert.equal(cluster.fetch('t', 0, 3).records[0]!.offset, 3, 'records 3 and 4 are older than retention.ms yet kept: deletion is per segment');
    assert.throws(() => cluster.fetch('t', 0, 2), (e) => codeOf(e) === 'OFFSET_OUT_OF_RANGE');
  });

  it('the periodic retention check runs every log.retention.check.interval.ms of virtual time', () => {
    const { cluster } = smallSegments(2, { 'retention.ms': '1000' });
    for (let i = 0; i < 5; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`) }]);
    cluster.advanceTime(299_999);
    assert.equal(cluster.listOffsets('t', 0, 'earliest'), 0, 'no check yet');
    cluster.advanceTime(1);
    assert.equal(cluster.listOffsets('t', 0, 'earliest'), 5);
  });

  it('deletes a breached active segment too (rolling an empty one first) but never an empty last segment', () => {
    // UnifiedLog.deleteOldSegments / LocalLog.deletableSegments: only a last segment that is empty is kept.
    const { cluster, clock } = newCluster();
    cluster.createTopic('t', { partitions: 1, configs: { 'retention.ms': '1000' } });
    cluster.produce('t', keyed(4));
    clock.advanceBy(1001);
    cluster.runRetention();
    const log = cluster.topic('t').partition(0);
    assert.deepEqual([log.logStartOffset, log.highWatermark, log.segments.length, log.segments[0]!.count], [4, 4, 1, 0]);
    clock.advanceBy(10_000);
    cluster.runRetention();
    assert.equal(log.segments.length, 1, 'the empty active segment stays');
    assert.deepEqual([...cluster.produce('t', keyed(1)).offsets], [4], 'offsets continue after retention');
  });

  it('retention.bytes deletes the oldest whole segments while the log stays above the limit', () => {
    const { cluster } = smallSegments(2);
    for (let i = 0; i < 7; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`) }]);
    const log = cluster.topic('t').partition(0);
    const segBytes = log.segments[0]!.bytes;
    // 4 segments of 2+2+2+1 records (3.5 x segBytes in all); the limit is 1.5 x segBytes.
    cluster.alterConfigs('t', { 'retention.bytes': String(Math.floor(segBytes * 1.5)) });
    cluster.runRetention();
    // UnifiedLog.deleteRetentionSizeBreachedSegments: delete while (size - limit) still covers the whole segment.
    assert.deepEqual(log.segments.map((s) => s.baseOffset), [4, 6], 'a third deletion would take the log below the limit, so that segment stays');
    assert.equal(log.logStartOffset, 4);
    assert.ok(log.sizeBytes >= segBytes, 'the active segment is counted');
  });

  it('deleteRecords moves the log start; segments wholly below it are deleted', () => {
    const { cluster } = smallSegments(2);
    for (let i = 0; i < 5; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`) }]);
    assert.equal(cluster.deleteRecords('t', 0, 3), 3);
    assert.deepEqual(cluster.topic('t').partition(0).segments.map((s) => s.baseOffset), [2, 4]);
    assert.deepEqual(cluster.fetch('t', 0, 3).records.map((r) => r.offset), [3, 4]);
  });

  it('reports retention as events with the new log start', () => {
    const { cluster, clock, events } = smallSegments(1, { 'retention.ms': '10' });
    for (let i = 0; i < 3; i++) cluster.produce('t', [{ key: bytes(`key-${i}`), value: bytes(`v-${i}`) }]);
    clock.advanceBy(11);
    cluster.runRetention();
    const deleted = events.filter((e) => e.type === 'retention-deleted');
    assert.equal(deleted.length, 1);
    assert.deepEqual(deleted[0], { type: 'retention-deleted', time: T0 + 11, topic: 't', partition: 0, reason: 'retention.ms', segments: 3, records: 3, logStartOffset: 3 });
  });
});
