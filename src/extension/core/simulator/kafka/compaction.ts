/**
 * The log cleaner for cleanup.policy=compact (and compact,delete), after kafka.log.LogCleaner and
 * LogCleanerManager:
 *  - the cleanable range is [first dirty offset, first uncleanable offset): the active segment, and
 *    segments younger than min.compaction.lag.ms, are never cleaned;
 *  - a log is cleaned when dirty bytes / total bytes > min.cleanable.dirty.ratio, or when a dirty
 *    segment is older than max.compaction.lag.ms (LogCleanerManager.grabFilthiestCompactedLog);
 *  - an offset map (key -> latest offset) is built over the dirty range, then every segment below the
 *    end of that range is rewritten keeping a record only if it is the latest for its key
 *    (Cleaner.shouldRetainRecord); records without a key are dropped; offsets are preserved, so the
 *    log has gaps and the log-start offset does not move;
 *  - a tombstone (null value) survives its first cleaning, which stamps a delete horizon of
 *    now + delete.retention.ms on it (KIP-534, MemoryRecords.filterTo); a later cleaning at or after
 *    the horizon removes it;
 *  - cleaned segments are regrouped so that each group stays within segment.bytes (groupSegmentsBySize).
 * A tombstone past its horizon is removed only by the next cleaning, and nothing but new dirty bytes
 * (the ratio) or max.compaction.lag.ms starts one: on a quiet topic it stays, as on the broker
 * (LogCleanerManager.grabFilthiestCompactedLog has no other trigger; the differential suite's
 * compaction rows check it against the real Kafka 4.4).
 */
import type { LogSettings } from './config.js';
import type { PartitionLog } from './log.js';
import { Segment } from './segment.js';

/** What one cleaning did. */
export interface CleanResult {
  readonly recordsBefore: number;
  readonly recordsAfter: number;
  readonly tombstonesRemoved: number;
  /** The new cleaner checkpoint: everything below it is clean. */
  readonly cleanedTo: number;
}

/** The state the cleaner manager looks at to decide whether a log needs cleaning. */
export interface CleanableState {
  readonly firstDirtyOffset: number;
  readonly firstUncleanableOffset: number;
  readonly cleanBytes: number;
  readonly dirtyBytes: number;
  readonly dirtyRatio: number;
  readonly needCompactionNow: boolean;
}

/** Computes the cleanable range and dirty ratio of a log (LogCleanerManager.cleanableOffsets). */
export function cleanableState(log: PartitionLog, now: number, s: LogSettings): CleanableState {
  const segs = log.segments;
  const active = segs[segs.length - 1]!;
  const firstDirty = Math.max(log.cleanerCheckpoint, log.logStartOffset);
  let firstUncleanable = Math.min(active.baseOffset, log.highWatermark);
  if (s.minCompactionLagMs > 0) {
    for (const seg of segs) {
      if (seg === active || seg.baseOffset < firstDirty) continue;
      if (seg.maxTimestamp > now - s.minCompactionLagMs) {
        firstUncleanable = Math.min(firstUncleanable, seg.baseOffset);
        break;
      }
    }
  }
  let cleanBytes = 0;
  let dirtyBytes = 0;
  let earliestDirtyTimestamp = Number.POSITIVE_INFINITY;
  for (const seg of segs) {
    if (seg.baseOffset >= firstUncleanable) break;
    if (seg.endOffset <= firstDirty) {
      cleanBytes += seg.bytes;
    } else {
      dirtyBytes += seg.bytes;
      if (seg.rollTimestamp >= 0) earliestDirtyTimestamp = Math.min(earliestDirtyTimestamp, seg.rollTimestamp);
    }
  }
  const total = cleanBytes + dirtyBytes;
  const needNow = dirtyBytes > 0 && Number.isFinite(s.maxCompactionLagMs) && now - earliestDirtyTimestamp > s.maxCompactionLagMs;
  return {
    firstDirtyOffset: firstDirty,
    firstUncleanableOffset: firstUncleanable,
    cleanBytes,
    dirtyBytes,
    dirtyRatio: total > 0 ? dirtyBytes / total : 0,
    needCompactionNow: needNow,
  };
}

/** Cleans the log if the cleaner manager would pick it now; returns what happened, or undefined. */
export function maybeClean(log: PartitionLog, now: number, s: LogSettings): CleanResult | undefined {
  if (!s.compact) return undefined;
  const st = cleanableState(log, now, s);
  const eligible = st.dirtyRatio > s.minCleanableDirtyRatio || st.needCompactionNow;
  if (!eligible || st.cleanBytes + st.dirtyBytes === 0) return undefined;
  return clean(log, now, s, st.firstDirtyOffset, st.firstUncleanableOffset);
}

/** Runs one cleaning over [logStart, firstUncleanable) with the offset map built from the dirty range. */
export function clean(log: PartitionLog, now: number, s: LogSettings, firstDirty: number, firstUncleanable: number): CleanResult {
  const latest = new Map<string, number>();
  const segs = log.segments;
  for (const seg of segs) {
    if (seg.baseOffset >= firstUncleanable) break;
    if (seg.endOffset <= firstDirty) continue;
    for (let i = seg.indexOf(firstDirty); i < seg.count; i++) {
      const key = seg.keyAt(i);
      if (key !== null) latest.set(keyString(key), seg.offsetAt(i));
    }
  }
  let end = 0;
  while (end < segs.length - 1 && segs[end]!.baseOffset < firstUncleanable) end++;
  let before = 0;
  let after = 0;
  let tombstonesRemoved = 0;
  const replacement: Segment[] = [];
  for (const group of groupBySize(segs.slice(0, end), s.segmentBytes)) {
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const out = new Segment(first.baseOffset, last.createdAt, Math.max(1, group.reduce((n, g) => n + g.count, 0)));
    for (const seg of group) {
      before += seg.count;
      for (let i = 0; i < seg.count; i++) {
        const key = seg.keyAt(i);
        if (key === null) continue;
        const offset = seg.offsetAt(i);
        if (offset < (latest.get(keyString(key)) ?? -1)) continue;
        const horizon = seg.horizonAt(i);
        if (seg.valueLengthAt(i) < 0) {
          if (horizon >= 0 && now >= horizon) {
            tombstonesRemoved++;
            continue;
          }
          out.appendFrom(seg, i, horizon >= 0 ? horizon : now + s.deleteRetentionMs);
        } else {
          out.appendFrom(seg, i, -1);
        }
      }
    }
    out.endOffset = last.endOffset;
    out.contiguous = false;
    out.rollTimestamp = first.rollTimestamp;
    after += out.count;
    replacement.push(out);
  }
  log.replaceSegments(0, end, replacement);
  log.cleanerCheckpoint = Math.max(log.cleanerCheckpoint, firstUncleanable);
  return { recordsBefore: before, recordsAfter: after, tombstonesRemoved, cleanedTo: log.cleanerCheckpoint };
}

/** Cleaner.groupSegmentsBySize: consecutive segments whose total size stays within segment.bytes. */
function groupBySize(segs: readonly Segment[], maxBytes: number): Segment[][] {
  const groups: Segment[][] = [];
  let i = 0;
  while (i < segs.length) {
    const group = [segs[i]!];
    let size = segs[i]!.bytes;
    i++;
    while (i < segs.length && size + segs[i]!.bytes <= maxBytes) {
      size += segs[i]!.bytes;
      group.push(segs[i]!);
      i++;
    }
    groups.push(group);
  }
  return groups;
}

/** Keys compare by bytes; a latin1 string is an exact, cheap map key for them. */
function keyString(key: Uint8Array): string {
  let s = '';
  for (let i = 0; i < key.length; i++) s += String.fromCharCode(key[i]!);
  return s;
}
