/**
 * Committed offsets are records in the compacted internal topic __consumer_offsets, as on a real
 * broker: the group's partition is Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions, the
 * key is an OffsetCommitKey (version 1: group, topic, partition) and the value an OffsetCommitValue
 * (version 3: offset, leader epoch, metadata, commit timestamp); a tombstone deletes an offset.
 * Browsing the internal topic therefore shows commits arriving, and compaction keeps the latest.
 */

import type { KafkaEventListener } from './events.js';
import { javaStringHash } from './murmur2.js';
import { RECORD_BATCH_OVERHEAD, recordSizeInBytes } from './recordSize.js';
import type { Topic } from './topic.js';
import type { TopicSpec } from './topicAdmin.js';

/** offsets.topic.num.partitions default. */
export const OFFSETS_TOPIC_PARTITIONS = 50;
/** The internal topic that holds committed offsets. */
export const OFFSETS_TOPIC = '__consumer_offsets';

const encoder = new TextEncoder();

/** How the broker creates the topic on first use (replication factor min(3, brokers)). */
export const OFFSETS_TOPIC_SPEC = (brokers: number): TopicSpec => ({
  partitions: OFFSETS_TOPIC_PARTITIONS,
  replicationFactor: Math.min(3, brokers),
  configs: { 'cleanup.policy': 'compact', 'segment.bytes': '104857600', 'compression.type': 'producer' },
});

/** Appends commit records to __consumer_offsets; keys are cached since a group commits the same partitions again and again. */
export class OffsetsTopicWriter {
  private readonly keys = new Map<string, Uint8Array>();

  /** Writes one commit (or, with null, a deletion tombstone); returns its offset in __consumer_offsets. */
  write(offsets: Topic, groupId: string, topic: string, partition: number, offset: number | null, now: number, emit: KafkaEventListener | undefined): number {
    const p = offsetsPartitionFor(groupId, offsets.partitionCount, javaStringHash);
    const cacheKey = `${groupId}\u0000${topic}\u0000${partition}`;
    let key = this.keys.get(cacheKey);
    if (key === undefined) {
      key = encodeOffsetKey(groupId, topic, partition);
      this.keys.set(cacheKey, key);
    }
    const value = offset === null ? null : encodeOffsetValue(offset, now);
    const size = RECORD_BATCH_OVERHEAD + recordSizeInBytes(0, 0, key.length, value === null ? -1 : value.length, 1);
    const at = offsets.partition(p).appendOne(key, value, now, size, now, offsets.settings);
    emit?.({ type: 'appended', time: now, topic: OFFSETS_TOPIC, partition: p, baseOffset: at, count: 1, bytes: size });
    return at;
  }
}

/** Utils.abs(groupId.hashCode()) % partitions (GroupCoordinator.partitionFor). */
export function offsetsPartitionFor(groupId: string, partitions: number, hash: (s: string) => number = javaStringHash): number {
  const h = hash(groupId);
  const abs = h === -2147483648 ? 0 : Math.abs(h);
  return abs % partitions;
}

/** OffsetCommitKey, version 1. */
export function encodeOffsetKey(groupId: string, topic: string, partition: number): Uint8Array {
  const g = encoder.encode(groupId);
  const t = encoder.encode(topic);
  const out = new Uint8Array(2 + 2 + g.length + 2 + t.length + 4);
  const view = new DataView(out.buffer);
  let pos = 0;
  view.setInt16(pos, 1);
  pos += 2;
  view.setInt16(pos, g.length);
  out.set(g, pos + 2);
  pos += 2 + g.length;
  view.setInt16(pos, t.length);
  out.set(t, pos + 2);
  pos += 2 + t.length;
  view.setInt32(pos, partition);
  return out;
}

/** OffsetCommitValue, version 3 (empty metadata, no leader epoch). */
export function encodeOffsetValue(offset: number, commitTimestamp: number): Uint8Array {
  const out = new Uint8Array(2 + 8 + 4 + 2 + 8);
  const view = new DataView(out.buffer);
  view.setInt16(0, 3);
  setInt64(view, 2, offset);
  view.setInt32(10, -1);
  view.setInt16(14, 0);
  setInt64(view, 16, commitTimestamp);
  return out;
}

/** Big-endian int64 of a non-negative safe integer, without a BigInt per call. */
function setInt64(view: DataView, at: number, n: number): void {
  view.setUint32(at, Math.floor(n / 4294967296));
  view.setUint32(at + 4, n >>> 0);
}
