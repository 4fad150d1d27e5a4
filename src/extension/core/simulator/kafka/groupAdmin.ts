/**
 * Admin operations on consumer groups, as kafka-consumer-groups.sh and the Admin client do them:
 * offset resets (computed as a preview, applied only to a group with no members, like the tool's
 * "Assignments can only be reset if the group is inactive"), revert of the last reset, group deletion
 * (NON_EMPTY_GROUP while members exist), and per-partition lag.
 * Reset targets follow the tool: earliest/latest/offsets/shift are clamped to [log start, high
 * watermark]; to-datetime takes the first offset at or after the time, else the end; shift-by needs a
 * committed offset. Copying another group's committed offsets is a BrokerLens addition.
 */
import type { OffsetResetTarget } from '../../model/groups.js';
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
}

/** Lag of one partition for one group. */
export interface LagRow {
  readonly topic: string;
  readonly partition: number;
  readonly committed?: number;
  readonly logStart: number;
  readonly highWatermark: number;
  readonly lag: number;
  readonly lagMs?: number;
}

function row(partition: number, current: number | undefined, next: number): ResetRow {
  const replayed = current === undefined ? 0 : Math.max(0, current - next);
  const skipped = current === undefined ? 0 : Math.max(0, next - current);
  return current === undefined ? { partition, next, replayed, skipped } : { partition, current, next, replayed, skipped };
}

/** Throws NON_EMPTY_GROUP unless the group has no members. */
export function ensureInactive(group: ConsumerGroup | undefined): void {
  if (group && group.members.size > 0) {
    throw new KafkaError('NON_EMPTY_GROUP', `Assignments can only be reset if the group '${group.groupId}' is inactive, but the current state is ${group.state} with ${group.members.size} member(s).`);
  }
}

/** Computes a reset; changes nothing. */
export function previewReset(coordinator: GroupCoordinator, groupId: string, topic: Topic,
  partitions: readonly number[] | undefined, target: OffsetResetTarget): ResetRow[] {
  const group = coordinator.groups.get(groupId);
  const other = target.kind === 'group' ? coordinator.groups.get(target.groupId) : undefined;
  if (target.kind === 'group' && !other) throw new KafkaError('GROUP_ID_NOT_FOUND', `The group id ${target.groupId} does not exist, so there are no offsets to copy.`);
  const list = partitions ?? topic.partitions.map((_, p) => p);
  const rows: ResetRow[] = [];
  for (const p of list) {
    const log = topic.partition(p);
    const current = group?.committedOffset(topic.name, p);
    const clamp = (o: number): number => Math.min(Math.max(o, log.logStartOffset), log.highWatermark);
    let next: number | undefined;
    switch (target.kind) {
      case 'earliest':
        next = log.logStartOffset;
        break;
      case 'latest':
        next = log.highWatermark;
        break;
      case 'timestamp':
        next = log.offsetForTimestamp(target.timestamp)?.offset ?? log.highWatermark;
        break;
      case 'offsets': {
        const wanted = target.offsets[p];
        if (wanted !== undefined) {
          if (!Number.isInteger(wanted)) throw new KafkaError('INVALID_REQUEST', `Offset for partition ${p} must be an integer, got ${wanted}.`);
          next = clamp(wanted);
        }
        break;
      }
      case 'shift':
        if (current === undefined) throw new KafkaError('INVALID_REQUEST', `Cannot shift offset for partition ${topic.name}-${p} since there is no current committed offset.`);
        next = clamp(current + target.by);
        break;
      case 'group': {
        const theirs = other!.committedOffset(topic.name, p);
        if (theirs !== undefined) next = clamp(theirs);
        break;
      }
    }
    if (next !== undefined) rows.push(row(p, current, next));
  }
  return rows;
}

/** Commits exactly the rows' offsets; refused while the group has members. */
export function applyReset(coordinator: GroupCoordinator, groupId: string, topic: Topic, rows: readonly ResetRow[],
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
export function previewRevert(coordinator: GroupCoordinator, groupId: string): { topic: string; rows: ResetRow[] } {
  const group = coordinator.groups.get(groupId);
  if (!group?.lastReset) throw new KafkaError('INVALID_REQUEST', `Group ${groupId} has no applied offset reset to revert.`);
  const { topic, previous } = group.lastReset;
  const rows: ResetRow[] = [];
  for (const [p, prev] of previous) {
    const current = group.committedOffset(topic, p);
    if (prev === undefined) rows.push(current === undefined ? { partition: p, next: null, replayed: 0, skipped: 0 } : { partition: p, current, next: null, replayed: 0, skipped: 0 });
    else rows.push(row(p, current, prev));
  }
  return { topic, rows };
}

/** True when the group has an applied reset to revert. */
export function hasRevert(coordinator: GroupCoordinator, groupId: string): boolean {
  return coordinator.groups.get(groupId)?.lastReset !== undefined;
}

/** Puts back what the last applied reset replaced; returns what it did (what previewRevert showed). */
export function revertReset(coordinator: GroupCoordinator, groupId: string, now: number, emit: KafkaEventListener | undefined): { topic: string; rows: ResetRow[] } {
  const group = coordinator.groups.get(groupId);
  ensureInactive(group);
  const { topic, rows } = previewRevert(coordinator, groupId);
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
      const lag = Math.max(0, hw - from);
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
