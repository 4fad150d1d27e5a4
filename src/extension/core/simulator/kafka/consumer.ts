/**
 * The client side of a simulated KafkaConsumer in a group: poll() heartbeats, takes part in a pending
 * rebalance, auto-commits when auto.commit.interval.ms has passed (before fetching, as
 * ConsumerCoordinator.poll does, so it commits what earlier polls returned), then fetches up to
 * max.poll.records from the owned partitions. A partition without a position starts at the committed
 * offset, else per auto.offset.reset; a position outside [log start, high watermark] is reset the same
 * way (or fails with OFFSET_OUT_OF_RANGE under 'none'). Records are returned as slices of the log,
 * without a per-record object, so consuming a million records allocates almost nothing.
 */
import type { GroupCoordinator, OffsetToCommit } from './coordinator.js';
import { KafkaError } from './errors.js';
import type { KafkaEventListener } from './events.js';
import type { ConsumerGroup, GroupMember, OwnedPartition } from './groups.js';
import type { LogSlice } from './log.js';
import type { KafkaHeader } from './recordSize.js';

/** The records one poll returned from one partition. */
export interface PolledPartition {
  readonly topic: string;
  readonly partition: number;
  readonly slices: readonly LogSlice[];
  readonly count: number;
  /** The position after these records (what a commit after processing them stores). */
  readonly nextOffset: number;
}

/** What one poll returned. */
export interface PollResult {
  readonly count: number;
  readonly partitions: readonly PolledPartition[];
  /** True while the group is rebalancing (an eager member then owns nothing and gets nothing). */
  readonly rebalancing: boolean;
}

/** A record as a consumer sees it, when materialized. */
export interface ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly KafkaHeader[];
}

const NO_HEADERS: readonly KafkaHeader[] = [];

/** One poll of a member. Throws NO_OFFSET_FOR_PARTITION / OFFSET_OUT_OF_RANGE under auto.offset.reset=none. */
export function pollMember(coordinator: GroupCoordinator, group: ConsumerGroup, member: GroupMember, now: number,
  emit: KafkaEventListener | undefined): PollResult {
  if (!member.alive || !group.members.has(member.memberId)) {
    throw new KafkaError('UNKNOWN_MEMBER_ID', `The consumer ${member.memberId} is no longer in group ${group.groupId}; start a new consumer.`);
  }
  member.lastPoll = now;
  member.lastHeartbeat = now;
  if ((group.state === 'PreparingRebalance' && !member.joined) || member.needsRejoin) coordinator.rejoin(group, member);
  else coordinator.tryCompleteJoin(group);
  const rebalancing = group.state !== 'Stable';
  if (!rebalancing && member.options.enableAutoCommit && now >= member.nextAutoCommit) {
    coordinator.commitPositions(group, member, true);
    member.nextAutoCommit = now + member.options.autoCommitIntervalMs;
  }
  const owned = member.owned;
  const n = owned.length;
  const partitions: PolledPartition[] = [];
  let remaining = member.options.maxPollRecords;
  let bytesLeft = member.options.fetchMaxBytes;
  let total = 0;
  for (let k = 0; k < n && remaining > 0 && bytesLeft > 0; k++) {
    const o = owned[(member.fetchCursor + k) % n]!;
    ensurePosition(group, member, o, now, emit);
    const log = o.log;
    if (o.position >= log.logEndOffset) continue;
    const read = log.read(o.position, remaining, Math.min(member.options.maxPartitionFetchBytes, bytesLeft));
    const from = o.position;
    o.position = read.nextOffset;
    if (read.count === 0) continue;
    partitions.push({ topic: o.topic, partition: o.partition, slices: read.slices, count: read.count, nextOffset: read.nextOffset });
    remaining -= read.count;
    bytesLeft -= read.bytes;
    total += read.count;
    emit?.({ type: 'fetched', time: now, topic: o.topic, partition: o.partition, offset: from, count: read.count, groupId: group.groupId, memberId: member.memberId });
  }
  if (n > 0) member.fetchCursor = (member.fetchCursor + 1) % n;
  return { count: total, partitions, rebalancing };
}

/** Initializes or repairs a fetch position as the Java client does. */
function ensurePosition(group: ConsumerGroup, member: GroupMember, o: OwnedPartition, now: number, emit: KafkaEventListener | undefined): void {
  const log = o.log;
  if (o.position < 0) {
    const committed = group.committedOffset(o.topic, o.partition);
    if (committed !== undefined) {
      o.position = committed;
    } else {
      if (member.options.autoOffsetReset === 'none') {
        throw new KafkaError('NO_OFFSET_FOR_PARTITION', `Undefined offset with no reset policy for partition ${o.topic}-${o.partition}: group ${group.groupId} has no committed offset and auto.offset.reset is none.`);
      }
      resetPosition(group, member, o, now, emit);
      return;
    }
  }
  if (o.position < log.logStartOffset || o.position > log.logEndOffset) {
    if (member.options.autoOffsetReset === 'none') {
      throw new KafkaError('OFFSET_OUT_OF_RANGE', `Fetch position ${o.position} is out of range for partition ${o.topic}-${o.partition} (log start ${log.logStartOffset}, high watermark ${log.logEndOffset}) and auto.offset.reset is none.`);
    }
    resetPosition(group, member, o, now, emit);
  }
}

function resetPosition(group: ConsumerGroup, member: GroupMember, o: OwnedPartition, now: number, emit: KafkaEventListener | undefined): void {
  o.position = member.options.autoOffsetReset === 'earliest' ? o.log.logStartOffset : o.log.logEndOffset;
  emit?.({ type: 'position-reset', time: now, groupId: group.groupId, memberId: member.memberId, topic: o.topic, partition: o.partition, offset: o.position, reason: 'auto.offset.reset' });
}

/** consumer.seek: moves the fetch position of an owned partition. */
export function seekMember(group: ConsumerGroup, member: GroupMember, topic: string, partition: number, offset: number,
  now: number, emit: KafkaEventListener | undefined): void {
  const o = member.owned.find((x) => x.topic === topic && x.partition === partition);
  if (!o) throw new KafkaError('INVALID_REQUEST', `No current assignment for partition ${topic}-${partition}: the consumer can only seek partitions it owns.`);
  if (!Number.isInteger(offset) || offset < 0) throw new KafkaError('INVALID_REQUEST', `Seek offset must be a non-negative integer, got ${offset}.`);
  o.position = offset;
  emit?.({ type: 'position-reset', time: now, groupId: group.groupId, memberId: member.memberId, topic, partition, offset, reason: 'seek' });
}

/** consumer.commitSync(): the given offsets, or every owned position. */
export function commitMember(coordinator: GroupCoordinator, group: ConsumerGroup, member: GroupMember, offsets?: readonly OffsetToCommit[]): void {
  if (!member.alive) throw new KafkaError('UNKNOWN_MEMBER_ID', `The consumer ${member.memberId} has crashed or closed and cannot commit.`);
  if (offsets) coordinator.commitMember(group, member, offsets, false);
  else coordinator.commitPositions(group, member, false);
}

/** Calls `fn` for every record of a poll, in order, without allocating per record. */
export function forEachPolled(result: PollResult, fn: (topic: string, partition: number, slice: LogSlice, index: number) => void): void {
  for (const p of result.partitions) {
    for (const s of p.slices) for (let i = s.from; i < s.to; i++) fn(p.topic, p.partition, s, i);
  }
}

/** Materializes the records of one slice (copies of the bytes, so callers may keep or change them). */
export function sliceRecords(topic: string, partition: number, slice: LogSlice, out: ConsumerRecord[] = []): ConsumerRecord[] {
  const seg = slice.segment;
  for (let i = slice.from; i < slice.to; i++) {
    const key = seg.keyAt(i);
    const value = seg.valueAt(i);
    out.push({
      topic,
      partition,
      offset: seg.offsetAt(i),
      timestamp: seg.timestampAt(i),
      key: key === null ? null : key.slice(),
      value: value === null ? null : value.slice(),
      headers: seg.headersAt(i) ?? NO_HEADERS,
    });
  }
  return out;
}

/** Materializes every record of a poll. */
export function polledRecords(result: PollResult): ConsumerRecord[] {
  const out: ConsumerRecord[] = [];
  for (const p of result.partitions) for (const s of p.slices) sliceRecords(p.topic, p.partition, s, out);
  return out;
}
