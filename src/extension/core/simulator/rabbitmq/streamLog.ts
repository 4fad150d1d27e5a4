/**
 * The log of a stream queue: messages stay after delivery and are read by offset. Retention
 * (x-max-length-bytes, x-max-age) removes whole segments from the start, as RabbitMQ's osiris does,
 * and only when a segment is full and a new one starts (x-stream-max-segment-size-bytes, default
 * 500 MB), so small streams are never truncated.
 *
 * Offset 'last' is "the start of the last chunk" in RabbitMQ; how publishes group into chunks
 * depends on timing, so the model treats each message as its own chunk: 'last' is the last message.
 */
import { RingDeque } from './ringDeque.js';
import type { StoredMessage } from './types.js';

interface Segment {
  readonly firstOffset: number;
  bytes: number;
  /** Newest message time in the segment. */
  lastTime: number;
}

/** An append-only log with offsets. */
export class StreamLog {
  private readonly messages = new RingDeque<StoredMessage>();
  private readonly segments: Segment[] = [];
  /** Offset of the first message kept. */
  firstOffset = 0;
  /** Offset the next message gets. */
  nextOffset = 0;
  private totalBytes = 0;

  constructor(
    private readonly segmentBytes: number,
    private readonly maxBytes: number | undefined,
    private readonly maxAgeMs: number | undefined,
  ) {}

  get length(): number {
    return this.messages.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Appends; returns the offset. */
  append(msg: StoredMessage, now: number): number {
    const size = msg.body.length;
    let seg = this.segments[this.segments.length - 1];
    if (!seg || seg.bytes >= this.segmentBytes) {
      if (seg) this.applyRetention(now);
      seg = { firstOffset: this.nextOffset, bytes: 0, lastTime: now };
      this.segments.push(seg);
    }
    seg.bytes += size;
    seg.lastTime = now;
    this.totalBytes += size;
    this.messages.push(msg);
    return this.nextOffset++;
  }

  /** The message at `offset`, or undefined outside [firstOffset, nextOffset). */
  read(offset: number): StoredMessage | undefined {
    return this.messages.at(offset - this.firstOffset);
  }

  /** First offset whose publish time is at or after `timeMs` (nextOffset when none). */
  offsetForTimestamp(timeMs: number): number {
    let lo = this.firstOffset;
    let hi = this.nextOffset;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.read(mid)!.publishedAt < timeMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops whole old segments, never the one being written. */
  private applyRetention(now: number): void {
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      const tooBig = this.maxBytes !== undefined && this.totalBytes > this.maxBytes;
      const tooOld = this.maxAgeMs !== undefined && now - oldest.lastTime > this.maxAgeMs;
      if (!tooBig && !tooOld) break;
      const next = this.segments[1]!;
      for (let o = oldest.firstOffset; o < next.firstOffset; o++) this.messages.shift();
      this.totalBytes -= oldest.bytes;
      this.firstOffset = next.firstOffset;
      this.segments.shift();
    }
  }
}
