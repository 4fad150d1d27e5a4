/**
 * Offset-reset planning: from each partition's committed offset and log bounds, the offset a reset
 * commits and what the group replays or skips. One rule for the real Kafka adapter and the simulator's
 * Kafka model; each side only gathers the figures (bounds, committed offsets, offsets for a time).
 *
 * Kept as Kafka's own tool (kafka-consumer-groups.sh, ConsumerGroupCommand) does it, because that is
 * what a user compares BrokerLens against:
 * - every target is clamped to [log start, log end];
 * - to-datetime takes the first offset at or after the time, else the log end;
 * - shift-by needs a committed offset ("Cannot shift offset for partition … since there is no current
 *   committed offset"): a group with no commit starts wherever its auto.offset.reset says, which the
 *   broker does not know, so there is nothing to shift from;
 * - offsets are whole numbers (the tool parses a Long); a fraction is refused, not truncated.
 * Copying another group's committed offsets is a BrokerLens addition.
 *
 * A partition with no committed offset that gets one IS a change (issue 15: a preview once said
 * "none → 0 (no change)" and hid 1,700 replays). Its row counts against both places the group could
 * have started: `replayed` against the log end (auto.offset.reset=latest, Kafka's default, would have
 * started there) and `skipped` against the log start (auto.offset.reset=earliest).
 */
import { BrokerError } from '../model/errors.js';
import type { OffsetResetRow, OffsetResetTarget } from '../model/groups.js';

/** What a reset needs to know about one partition. */
export interface PartitionPosition {
  readonly partition: number;
  /** The group's committed offset; undefined where it has none. */
  readonly committed?: number;
  /** First offset still in the log. */
  readonly logStart: number;
  /** High watermark: the offset the next record gets. */
  readonly logEnd: number;
}

/** Inputs of {@link planOffsetReset}. */
export interface ResetPlanInput {
  readonly groupId: string;
  readonly topic: string;
  readonly target: OffsetResetTarget;
  /** The partitions to reset (already narrowed to the request), in any order. */
  readonly positions: readonly PartitionPosition[];
  /** For a timestamp target: each partition's first offset at or after the time (undefined: none). */
  readonly offsetsForTime?: ReadonlyMap<number, number | undefined>;
  /** For a group target: the other group's committed offsets on this topic. */
  readonly otherGroup?: ReadonlyMap<number, number>;
}

function invalid(groupId: string, why: string): BrokerError {
  return new BrokerError('invalidInput', `Previewing the reset of group "${groupId}" failed: ${why}`);
}

/** Refuses what Kafka's tool refuses before anything is looked up: unknown partitions, fractions. */
export function validateResetRequest(groupId: string, topic: string, target: OffsetResetTarget, partitionCount: number, partitions?: readonly number[]): void {
  const unknown = (partitions ?? []).filter((p) => !Number.isInteger(p) || p < 0 || p >= partitionCount);
  if (unknown.length > 0) {
    throw invalid(groupId, `topic "${topic}" has no partition ${unknown.join(', ')}. Pick partitions from 0 to ${partitionCount - 1}.`);
  }
  if (target.kind === 'offsets') {
    const bad = Object.entries(target.offsets).filter(([, o]) => !Number.isSafeInteger(o));
    if (bad.length > 0) {
      throw invalid(groupId, `the offset for partition ${bad.map(([p, o]) => `${p} (${o})`).join(', ')} is not a whole number. Enter whole offsets.`);
    }
  }
  if (target.kind === 'shift' && !Number.isSafeInteger(target.by)) {
    throw invalid(groupId, `the shift ${target.by} is not a whole number of records. Enter a whole number such as -100.`);
  }
  if (target.kind === 'timestamp' && !Number.isFinite(target.timestamp)) {
    throw invalid(groupId, 'the time is not a valid date. Enter a date and time.');
  }
}

/** One row: the move from the committed offset (or from no commit) to `next`. */
export function resetRow(p: PartitionPosition, next: number): OffsetResetRow {
  const bounds = { logStart: p.logStart, logEnd: p.logEnd };
  if (p.committed === undefined) {
    return { partition: p.partition, next, replayed: Math.max(0, p.logEnd - next), skipped: Math.max(0, next - p.logStart), ...bounds };
  }
  return { partition: p.partition, current: p.committed, next, replayed: Math.max(0, p.committed - next), skipped: Math.max(0, next - p.committed), ...bounds };
}

/**
 * Every partition's next offset and its effect; changes nothing. Partitions a target says nothing
 * about (an offsets map without them, a group with no commit there) are left out. Rows come sorted.
 */
export function planOffsetReset(input: ResetPlanInput): OffsetResetRow[] {
  const { groupId, topic, target } = input;
  const positions = [...input.positions].sort((a, b) => a.partition - b.partition);
  if (target.kind === 'shift') {
    const none = positions.filter((p) => p.committed === undefined).map((p) => p.partition);
    if (none.length > 0) {
      throw invalid(groupId, `partition ${none.join(', ')} of topic "${topic}" has no committed offset, so there is nothing to shift from (Kafka's kafka-consumer-groups tool refuses this too). Reset those partitions to earliest, latest, a time or an offset instead.`);
    }
  }
  if (target.kind === 'group' && (!input.otherGroup || input.otherGroup.size === 0)) {
    throw invalid(groupId, `group "${target.groupId}" has no committed offsets on topic "${topic}". Pick another group or target.`);
  }
  const rows: OffsetResetRow[] = [];
  for (const p of positions) {
    const clamp = (o: number): number => Math.min(Math.max(o, p.logStart), p.logEnd);
    let next: number | undefined;
    switch (target.kind) {
      case 'earliest':
        next = p.logStart;
        break;
      case 'latest':
        next = p.logEnd;
        break;
      case 'timestamp':
        next = clamp(input.offsetsForTime?.get(p.partition) ?? p.logEnd);
        break;
      case 'offsets': {
        const wanted = target.offsets[p.partition];
        if (wanted !== undefined) next = clamp(wanted);
        break;
      }
      case 'shift':
        next = clamp(p.committed! + target.by);
        break;
      case 'group': {
        const theirs = input.otherGroup!.get(p.partition);
        if (theirs !== undefined) next = clamp(theirs);
        break;
      }
    }
    if (next !== undefined) rows.push(resetRow(p, next));
  }
  return rows;
}

/** Totals for a preview's headline; rows with no prior commit are counted the way their rows are. */
export function resetTotals(rows: readonly OffsetResetRow[]): { replayed: number; skipped: number; firstCommits: number } {
  let replayed = 0;
  let skipped = 0;
  let firstCommits = 0;
  for (const r of rows) {
    replayed += r.replayed;
    skipped += r.skipped;
    if (r.current === undefined) firstCommits++;
  }
  return { replayed, skipped, firstCommits };
}

/** True when applying the row changes what the group commits (a first commit always does). */
export function rowChanges(row: OffsetResetRow): boolean {
  return row.current === undefined || row.current !== row.next;
}
