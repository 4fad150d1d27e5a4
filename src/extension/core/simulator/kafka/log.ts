/**
 * One partition's log: an ordered list of segments, the log-start offset and the log-end offset.
 * Appends roll segments on segment.bytes / segment.ms exactly where UnifiedLog would (before a batch
 * that would not fit, LogSegment.shouldRoll); retention deletes whole segments from the oldest,
 * as UnifiedLog.deleteOldSegments does, and moves the log-start offset to the first kept segment.
 * The simulated cluster has no replication lag, so the high watermark is the log-end offset.
 */
import type { LogSettings } from './config.js';
import type { KafkaHeader } from './recordSize.js';
import { Segment } from './segment.js';

/** A run of records of one segment: indices [from, to). Readers use the segment's accessors. */
export interface LogSlice {
  readonly segment: Segment;
  readonly from: number;
  readonly to: number;
}

/** What a read returned. */
export interface LogRead {
  readonly slices: LogSlice[];
  readonly count: number;
  readonly bytes: number;
  /** Where the next read should start: one past the last record returned (or the end, past gaps). */
  readonly nextOffset: number;
}

/** Why segments were deleted. */
export type RetentionReason = 'retention.ms' | 'retention.bytes' | 'log-start-offset';

/** Segments deleted by one retention pass. */
export interface RetentionResult {
  readonly reason: RetentionReason;
  readonly segments: number;
  readonly records: number;
  readonly logStartOffset: number;
}

/** A record of a batch being appended. */
export interface BatchRecord {
  readonly key?: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: readonly KafkaHeader[] | undefined;
}

/** The log of one topic partition. */
export class PartitionLog {
  readonly topic: string;
  readonly partition: number;
  segments: Segment[];
  logStartOffset = 0;
  logEndOffset = 0;
  /** First offset the cleaner has not cleaned yet (the cleaner-offset-checkpoint). */
  cleanerCheckpoint = 0;
  private totalBytes = 0;
  private totalRecords = 0;

  constructor(topic: string, partition: number, now: number) {
    this.topic = topic;
    this.partition = partition;
    this.segments = [new Segment(0, now)];
  }

  get highWatermark(): number {
    return this.logEndOffset;
  }

  get activeSegment(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  /** Modelled bytes on disk, what retention.bytes compares against. */
  get sizeBytes(): number {
    return this.totalBytes;
  }

  /** Records physically present (fewer than HW - logStart after compaction). */
  get recordCount(): number {
    return this.totalRecords;
  }

  /**
   * Appends one batch of records `order[start..end)` from `records`, rolling the active segment first
   * when the batch would overflow segment.bytes or the segment is older than segment.ms. Writes the
   * assigned offsets into `offsetsOut` at each record's index and returns the base offset.
   */
  appendBatch(records: readonly BatchRecord[], order: Int32Array, start: number, end: number,
    timestamps: Float64Array, sizes: Int32Array, batchBytes: number, batchMaxTimestamp: number,
    now: number, settings: LogSettings, offsetsOut: Float64Array | undefined): number {
    let seg = this.activeSegment;
    if (this.shouldRoll(seg, batchBytes, batchMaxTimestamp, now, settings)) seg = this.roll(now);
    const base = this.logEndOffset;
    let offset = base;
    for (let j = start; j < end; j++) {
      const idx = order[j]!;
      const r = records[idx]!;
      seg.append(offset, timestamps[idx]!, r.key ?? null, r.value, r.headers, sizes[idx]!);
      if (offsetsOut !== undefined) offsetsOut[idx] = offset;
      offset++;
    }
    if (seg.rollTimestamp < 0) seg.rollTimestamp = batchMaxTimestamp;
    this.logEndOffset = offset;
    this.totalBytes += batchBytes;
    this.totalRecords += end - start;
    return base;
  }

  /** Appends a single-record batch (internal writes such as __consumer_offsets commits); returns its offset. */
  appendOne(key: Uint8Array | null, value: Uint8Array | null, timestamp: number, size: number, now: number, settings: LogSettings): number {
    let seg = this.activeSegment;
    if (this.shouldRoll(seg, size, timestamp, now, settings)) seg = this.roll(now);
    const offset = this.logEndOffset;
    seg.append(offset, timestamp, key, value, undefined, size);
    if (seg.rollTimestamp < 0) seg.rollTimestamp = timestamp;
    this.logEndOffset = offset + 1;
    this.totalBytes += size;
    this.totalRecords++;
    return offset;
  }

  /** LogSegment.shouldRoll: size would pass segment.bytes, or the segment waited past segment.ms. */
  private shouldRoll(seg: Segment, batchBytes: number, batchMaxTimestamp: number, now: number, s: LogSettings): boolean {
    if (seg.bytes > s.segmentBytes - batchBytes) return seg.count > 0;
    if (seg.count === 0) return false;
    const waited = seg.rollTimestamp >= 0 ? batchMaxTimestamp - seg.rollTimestamp : now - seg.createdAt;
    return waited > s.segmentMs;
  }

  /** Starts a new active segment at the log-end offset. */
  roll(now: number): Segment {
    const seg = new Segment(this.logEndOffset, now);
    this.segments.push(seg);
    return seg;
  }

  /** Index of the segment holding `offset` (the last one whose base offset is <= offset). */
  segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Reads from `offset` up to `maxRecords` and about `maxBytes`. Like a Kafka fetch, the first record
   * is returned even when it alone is larger than maxBytes, so a consumer can always make progress.
   * The caller checks the offset range first.
   */
  read(offset: number, maxRecords: number, maxBytes: number): LogRead {
    const slices: LogSlice[] = [];
    let count = 0;
    let bytes = 0;
    let next = offset;
    let si = this.segmentIndexFor(Math.max(offset, this.logStartOffset));
    let from = -1;
    outer: for (; si < this.segments.length; si++) {
      const seg = this.segments[si]!;
      let i = from < 0 ? seg.indexOf(Math.max(offset, this.logStartOffset)) : 0;
      from = 0;
      const begin = i;
      for (; i < seg.count; i++) {
        if (count >= maxRecords) break;
        const size = seg.sizeAt(i);
        if (count > 0 && bytes + size > maxBytes) break;
        bytes += size;
        count++;
        next = seg.offsetAt(i) + 1;
      }
      if (i > begin) slices.push({ segment: seg, from: begin, to: i });
      if (i < seg.count) break outer;
    }
    // Past the last record there may only be gaps left by compaction: the reader moves to the end.
    if (count === 0 || (next < this.logEndOffset && !this.hasRecordAtOrAfter(next))) next = Math.max(next, this.logEndOffset);
    return { slices, count, bytes, nextOffset: next };
  }

  private hasRecordAtOrAfter(offset: number): boolean {
    for (let si = this.segmentIndexFor(offset); si < this.segments.length; si++) {
      const seg = this.segments[si]!;
      if (seg.indexOf(offset) < seg.count) return true;
    }
    return false;
  }

  /** The first record (in offset order) whose timestamp is >= `timestamp`, as ListOffsets answers it. */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | undefined {
    for (const seg of this.segments) {
      if (seg.count === 0 || seg.maxTimestamp < timestamp) continue;
      for (let i = seg.indexOfTimestamp(timestamp); i < seg.count; i++) {
        if (seg.offsetAt(i) >= this.logStartOffset) return { offset: seg.offsetAt(i), timestamp: seg.timestampAt(i) };
      }
    }
    return undefined;
  }

  /** The record with the largest timestamp (ListOffsets MAX_TIMESTAMP, KIP-734). */
  maxTimestampRecord(): { offset: number; timestamp: number } | undefined {
    let best: { offset: number; timestamp: number } | undefined;
    for (const seg of this.segments) {
      for (let i = 0; i < seg.count; i++) {
        if (seg.offsetAt(i) < this.logStartOffset) continue;
        if (best === undefined || seg.timestampAt(i) > best.timestamp) best = { offset: seg.offsetAt(i), timestamp: seg.timestampAt(i) };
      }
    }
    return best;
  }

  /**
   * UnifiedLog.deleteOldSegments: the log-start-offset breach, then retention.bytes, then retention.ms
   * (the latter two only with cleanup.policy containing delete). Each pass deletes the longest prefix
   * of segments its predicate accepts; a last segment that is empty is never deleted, and when every
   * segment goes a new empty one is rolled first, so a breached active segment is deleted too, as on a
   * real broker.
   */
  deleteOldSegments(now: number, s: LogSettings): RetentionResult[] {
    const results: RetentionResult[] = [];
    const push = (r: RetentionResult | undefined): void => {
      if (r) results.push(r);
    };
    push(this.deletePrefix('log-start-offset', now, (_seg, next) => next !== undefined && next.baseOffset <= this.logStartOffset));
    if (!s.delete) return results;
    if (s.retentionBytes >= 0 && this.totalBytes >= s.retentionBytes) {
      let diff = this.totalBytes - s.retentionBytes;
      push(this.deletePrefix('retention.bytes', now, (seg) => {
        if (diff - seg.bytes < 0) return false;
        diff -= seg.bytes;
        return true;
      }));
    }
    if (s.retentionMs >= 0) {
      push(this.deletePrefix('retention.ms', now, (seg) => now - (seg.maxTimestamp >= 0 ? seg.maxTimestamp : seg.createdAt) > s.retentionMs));
    }
    return results;
  }

  /** Moves the log-start offset forward (Admin deleteRecords); whole segments below it go at the next retention pass. */
  advanceLogStart(offset: number): void {
    if (offset > this.logStartOffset) this.logStartOffset = Math.min(offset, this.logEndOffset);
    if (this.cleanerCheckpoint < this.logStartOffset) this.cleanerCheckpoint = this.logStartOffset;
  }

  /** Replaces segments [from, to) with `replacement` (the cleaner's output). */
  replaceSegments(from: number, to: number, replacement: readonly Segment[]): void {
    for (let i = from; i < to; i++) {
      this.totalBytes -= this.segments[i]!.bytes;
      this.totalRecords -= this.segments[i]!.count;
    }
    for (const seg of replacement) {
      this.totalBytes += seg.bytes;
      this.totalRecords += seg.count;
    }
    this.segments.splice(from, to - from, ...replacement);
  }

  private deletePrefix(reason: RetentionReason, now: number, predicate: (seg: Segment, next: Segment | undefined) => boolean): RetentionResult | undefined {
    let n = 0;
    const segs = this.segments;
    while (n < segs.length) {
      const seg = segs[n]!;
      const next = segs[n + 1];
      const isLastAndEmpty = next === undefined && seg.count === 0;
      // HW >= upper bound always holds here: the simulated leader has no replication lag.
      if (isLastAndEmpty || !predicate(seg, next)) break;
      n++;
    }
    if (n === 0) return undefined;
    if (n === segs.length) this.roll(now);
    let records = 0;
    for (let i = 0; i < n; i++) {
      records += segs[i]!.count;
      this.totalBytes -= segs[i]!.bytes;
    }
    this.totalRecords -= records;
    segs.splice(0, n);
    const first = segs[0]!.baseOffset;
    if (first > this.logStartOffset) this.logStartOffset = first;
    if (this.cleanerCheckpoint < this.logStartOffset) this.cleanerCheckpoint = this.logStartOffset;
    return { reason, segments: n, records, logStartOffset: this.logStartOffset };
  }
}
