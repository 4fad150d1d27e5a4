/**
 * Admin operations on consumer groups, as kafka-consumer-groups.sh and the Admin client do them:
 * offset resets (computed as a preview, applied only to a group with no members, like the tool's
 * "Assignments can only be reset if the group is inactive"), revert of the last reset, group deletion
 * (NON_EMPTY_GROUP while members exist), and per-partition lag.
 * Reset targets follow the tool: earliest/latest/offsets/shift are clamped to [log start, high
 * watermark]; to-datetime takes the first offset at or after the time, else the end; shift-by needs a
 * committed offset. Copying another group's committed offsets is a BrokerLens addition.
 */
import type { OffsetResetTarget, PartitionLag } from '../../model/groups.js';
import { partitionLag } from '../../rules/lag.js';
import { planOffsetReset, resetRow, validateResetRequest, type PartitionPosition } from '../../rules/offsetReset.js';
import type { GroupCoordinator } from './coordinator.js';
import { KafkaError } from './errors.js';
import type { KafkaEventListener } from './events.js';
import type { ConsumerGroup } from './groups.js';
import type { Topic } from './topic.js';

/** One partition of a computed reset. */
export interface ResetRow {
  readonly partition: number;
  readonly current?: number;
  /** The offset to commit; null only in a revert, meaning "no committed offset" (it is deleted). */
  readonly next: number | null;
  readonly replayed: number;
  readonly skipped: number;
  readonly logStart: number;
  readonly logEnd: number;
}

/** Lag of one partition for one group: the model's type (figures by core/rules/lag.ts). */
export type LagRow = PartitionLag;

function position(group: ConsumerGroup | undefined, topic: Topic, p: number): PartitionPosition {
  const log = topic.partition(p);
  const committed = group?.committedOffset(topic.name, p);
  return { partition: p, logStart: log.logStartOffset, logEnd: log.highWatermark, ...(committed !== undefined ? { committed } : {}) };
}

/** Throws NON_EMPTY_GROUP unless the group has no members. */
export function ensureInactive(group: ConsumerGroup | undefined): void {
  if (group && group.members.size > 0) {
    throw new KafkaError('NON_EMPTY_GROUP', `Assignments can only be reset if the group '${group.groupId}' is inactive, but the current state is ${group.state} with ${group.members.size} member(s).`);
  }
}

/** Computes a reset with the shared rule (core/rules/offsetReset.ts); changes nothing. */
export function previewReset(coordinator: GroupCoordinator, groupId: string, topic: Topic,
  partitions: readonly number[] | undefined, target: OffsetResetTarget): ResetRow[] {
  const group = coordinator.groups.get(groupId);
  validateResetRequest(groupId, topic.name, target, topic.partitions.length, partitions);
  const other = target.kind === 'group' ? coordinator.groups.get(target.groupId) : undefined;
  const list = [...new Set(partitions ?? topic.partitions.map((_, p) => p))];
  const otherGroup = new Map<number, number>();
  const offsetsForTime = new Map<number, number | undefined>();
  for (const p of list) {
    const theirs = other?.committedOffset(topic.name, p);
    if (theirs !== undefined) otherGroup.set(p, theirs);
    if (target.kind === 'timestamp') offsetsForTime.set(p, topic.partition(p).offsetForTimestamp(target.timestamp)?.offset);
  }
  return planOffsetReset({ groupId, topic: topic.name, target, positions: list.map((p) => position(group, topic, p)), offsetsForTime, otherGroup });
}

/** Commits exactly the rows' offsets; refused while the group has members. */
export function applyReset(coordinator: GroupCoordinator, groupId: string, topic: Topic, rows: readonly Pick<ResetRow, 'partition' | 'next'>[],
  now: number, emit: KafkaEventListener | undefined): void {
  let group = coordinator.groups.get(groupId);
  ensureInactive(group);
  for (const r of rows) topic.partition(r.partition);
  group ??= coordinator.ensureGroup(groupId, now);
  const previous = new Map<number, number | undefined>();
  const offsets: Record<number, number | null> = {};
  for (const r of rows) {
    previous.set(r.partition, group.committedOffset(topic.name, r.partition));
    coordinator.commitAdmin(group, topic.name, r.partition, r.next);
    offsets[r.partition] = r.next;
  }
  group.lastReset = { topic: topic.name, previous };
  emit?.({ type: 'offset-reset', time: now, groupId, topic: topic.name, offsets });
}

/** What reverting the last applied reset would do; changes nothing. */
export function previewRevert(coordinator: GroupCoordinator, groupId: string, topicOf: (name: string) => Topic): { topic: string; rows: ResetRow[] } {
  const group = coordinator.groups.get(groupId);
  if (!group?.lastReset) throw new KafkaError('INVALID_REQUEST', `Group ${groupId} has no applied offset reset to revert.`);
  const { topic, previous } = group.lastReset;
  const rows: ResetRow[] = [];
  for (const [p, prev] of previous) {
    const current = group.committedOffset(topic, p);
    const pos = position(undefined, topicOf(topic), p);
    if (prev === undefined) rows.push(current === undefined ? { partition: p, next: null, replayed: 0, skipped: 0, logStart: pos.logStart, logEnd: pos.logEnd } : { partition: p, current, next: null, replayed: 0, skipped: 0, logStart: pos.logStart, logEnd: pos.logEnd });
    else rows.push(resetRow({ ...pos, ...(current !== undefined ? { committed: current } : {}) }, prev));
  }
  return { topic, rows };
}

/** True when the group has an applied reset to revert. */
export function hasRevert(coordinator: GroupCoordinator, groupId: string): boolean {
  return coordinator.groups.get(groupId)?.lastReset !== undefined;
}

/** Puts back what the last applied reset replaced; returns what it did (what previewRevert showed). */
export function revertReset(coordinator: GroupCoordinator, groupId: string, topicOf: (name: string) => Topic, now: number, emit: KafkaEventListener | undefined): { topic: string; rows: ResetRow[] } {
  const group = coordinator.groups.get(groupId);
  ensureInactive(group);
  const { topic, rows } = previewRevert(coordinator, groupId, topicOf);
  const offsets: Record<number, number | null> = {};
  for (const r of rows) {
    coordinator.commitAdmin(group!, topic, r.partition, r.next);
    offsets[r.partition] = r.next;
  }
  group!.lastReset = undefined;
  emit?.({ type: 'offset-reset', time: now, groupId, topic, offsets });
  return { topic, rows };
}

/** Deletes a group with no members (and its committed offsets). */
export function deleteGroup(coordinator: GroupCoordinator, groupId: string, now: number, emit: KafkaEventListener | undefined): void {
  const group = coordinator.groups.get(groupId);
  if (!group) throw new KafkaError('GROUP_ID_NOT_FOUND', `The group id ${groupId} does not exist.`);
  if (group.members.size > 0) throw new KafkaError('NON_EMPTY_GROUP', `The group ${groupId} is not empty: it has ${group.members.size} active member(s).`);
  for (const [topic, byPartition] of group.committed) for (const p of [...byPartition.keys()]) coordinator.commitAdmin(group, topic, p, null);
  coordinator.groups.delete(groupId);
  emit?.({ type: 'group-state', time: now, groupId, from: group.state, to: 'Dead' });
}

/** Committed offset and lag of every partition the group has committed on or subscribes to. */
export function groupLag(group: ConsumerGroup, topics: (name: string) => Topic | undefined, now: number): LagRow[] {
  const names = new Set<string>(group.committed.keys());
  for (const m of group.members.values()) for (const t of m.options.topics) names.add(t);
  const rows: LagRow[] = [];
  for (const name of [...names].sort()) {
    const topic = topics(name);
    if (!topic) continue;
    topic.partitions.forEach((log, p) => {
      const committed = group.committedOffset(name, p);
      const hw = log.highWatermark;
      const from = committed ?? log.logStartOffset;
      const lag = partitionLag({ ...(committed !== undefined ? { committed } : {}), logStart: log.logStartOffset, highWatermark: hw });
      let lagMs: number | undefined;
      if (lag > 0) {
        const read = log.read(Math.max(from, log.logStartOffset), 1, 1);
        const first = read.slices[0];
        if (first) lagMs = Math.max(0, now - first.segment.timestampAt(first.from));
      }
      const base = { topic: name, partition: p, logStart: log.logStartOffset, highWatermark: hw, lag };
      rows.push({ ...base, ...(committed !== undefined ? { committed } : {}), ...(lagMs !== undefined ? { lagMs } : {}) });
    });
  }
  return rows;
}
