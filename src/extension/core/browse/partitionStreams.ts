/**
 * Per-partition record streams for browsing, one implementation for every partitioned log BrokerLens
 * pages (real Kafka through Fetch, the simulator's Kafka log in memory): forward from a position, or
 * backward from an exclusive end. Each yields only records that pass the filter, reads lazily in
 * bounded chunks through a {@link ChunkReader}, and tells at the end exactly where it stopped and how
 * many records it looked at before that point, so the next page neither re-reads nor skips.
 *
 * The streams are written for what a Kafka Fetch hands back, the least tidy answer a reader gives:
 * whole record batches that may start before the asked offset (so records before the position are
 * skipped), compaction gaps and control batches that show only in a batch's last offset (so a stream
 * steps over them by `lastOffset`), and records past the asked end (ignored). A reader that answers
 * exactly (the simulator) is a special case of that.
 */
import type { BrokerRecord } from '../model/message.js';
import type { MergeStream } from '../rules/pageMerge.js';
import type { RecordPredicate } from './filter.js';
import type { ReadStream } from './pageAssembly.js';

/** What one read of a partition returned. */
export interface Chunk {
  /**
   * Records in offset order, as views the filter can test: they may start before the asked offset
   * (a batch is returned whole) and run past the asked end; the stream ignores both.
   */
  readonly records: readonly BrokerRecord[];
  /**
   * The last offset this answer accounts for: every offset from the asked one up to and including it
   * is either among `records` or holds nothing visible (compacted away, a control record, aborted).
   * Like a Kafka record batch's last offset it may lie past the asked end. Undefined when the log holds
   * nothing at or after the asked offset (its end, for now).
   */
  readonly lastOffset: number | undefined;
}

/** Reads one partition in chunks. */
export interface ChunkReader {
  /** Some records from `from`, ideally below `until` (a bounded chunk: the reader picks its size). */
  read(partition: number, from: number, until: number, signal?: AbortSignal): Promise<Chunk>;
  /**
   * The record a page keeps for a matching view (e.g. with its bytes copied out of a 1 MB Fetch
   * response, so a page holds only its own records). The view itself when omitted.
   */
  keep?(view: BrokerRecord): BrokerRecord;
}

/** Records the whole browse may still look at (maxScan), shared by all partitions. */
export interface ScanBudget {
  remaining: number;
}

/** One partition's stream as the merge (core/rules/pageMerge.ts) and the page (pageAssembly.ts) use it. */
export interface PartitionStream extends MergeStream, ReadStream {
  /** The next matching record in this stream's direction, or undefined when done or out of budget. */
  head(): Promise<BrokerRecord | undefined>;
}

/** The largest backward window, in offsets: enough to save round trips, small enough to hold. */
export const MAX_BACKWARD_WINDOW = 10_000;

/** Reads [position, end) oldest first. */
export class ForwardStream implements PartitionStream {
  private pos: number;
  private chunk: readonly BrokerRecord[] = [];
  private chunkLast: number | undefined;
  private index = 0;
  private current: BrokerRecord | undefined;
  private evaluated = 0;
  capped = false;

  constructor(
    private readonly reader: ChunkReader,
    readonly partition: number,
    start: number,
    private readonly end: number,
    private readonly matches: RecordPredicate,
    private readonly budget: ScanBudget,
    private readonly signal?: AbortSignal,
  ) {
    this.pos = start;
  }

  async head(): Promise<BrokerRecord | undefined> {
    while (this.current === undefined && this.pos < this.end) {
      if (this.index >= this.chunk.length) {
        // Everything up to the last offset of the previous chunk is seen (compaction leaves gaps there).
        if (this.chunkLast !== undefined) this.pos = Math.max(this.pos, Math.min(this.chunkLast + 1, this.end));
        if (this.pos >= this.end) break;
        const { records, lastOffset } = await this.reader.read(this.partition, this.pos, this.end, this.signal);
        this.chunk = records;
        this.chunkLast = lastOffset;
        this.index = 0;
        // Nothing at all came back: the log ends here for now.
        if (lastOffset === undefined || lastOffset < this.pos) break;
        continue;
      }
      const r = this.chunk[this.index]!;
      if (r.offset! < this.pos) {
        this.index++; // the batch started before our position
        continue;
      }
      if (r.offset! >= this.end) {
        this.pos = this.end;
        break;
      }
      if (this.budget.remaining <= 0) {
        this.capped = true;
        break;
      }
      this.index++;
      this.budget.remaining--;
      this.evaluated++;
      this.pos = r.offset! + 1;
      if (this.matches(r)) this.current = this.reader.keep?.(r) ?? r;
    }
    if (this.pos >= this.end && this.current === undefined) this.chunk = [];
    return this.current;
  }

  take(): void {
    this.current = undefined;
  }

  position(): number {
    return this.current ? this.current.offset! : this.pos;
  }

  scanned(): number {
    return this.evaluated - (this.current ? 1 : 0);
  }
}

/**
 * Reads [low, end) newest first, one window of offsets at a time (each window read oldest first).
 * The window starts at the page size and doubles up to {@link MAX_BACKWARD_WINDOW} offsets, never
 * wider than the scan budget left, to save round trips on sparse matches. A window is taken from the
 * budget whole before it is read, and its offsets that held no record are given back after; matches
 * beyond twice the page size are dropped (large records must not pile up) and the budget of the
 * records below them is given back, so they are read again by the next page.
 */
export class BackwardStream implements PartitionStream {
  /** Matches of the current window, oldest first; consumed from the end. */
  private window: BrokerRecord[] = [];
  /** Offsets looked at in the current window, ascending. */
  private windowEvaluated: number[] = [];
  private windowStart: number;
  private current: BrokerRecord | undefined;
  private boundary: number;
  private evaluatedBefore = 0;
  private step: number;
  capped = false;

  constructor(
    private readonly reader: ChunkReader,
    readonly partition: number,
    end: number,
    private readonly low: number,
    private readonly wanted: number,
    private readonly matches: RecordPredicate,
    private readonly budget: ScanBudget,
    private readonly signal?: AbortSignal,
  ) {
    this.windowStart = end;
    this.boundary = end;
    this.step = Math.max(1, wanted);
  }

  /** Loads [max(low, windowStart - step), windowStart), keeping matches (at most `wanted` newest ones). */
  private async loadWindow(): Promise<void> {
    const end = this.windowStart;
    const size = Math.min(this.step, this.budget.remaining);
    const start = Math.max(this.low, end - size);
    // The whole window is taken from the budget before the first read: partitions load their windows
    // in parallel, and a window sized from a budget another partition is still spending would let the
    // page scan past maxScan (twice over, with six partitions). What the window did not read (gaps)
    // is given back below.
    const reserved = end - start;
    this.budget.remaining -= reserved;
    this.evaluatedBefore += this.windowEvaluated.length;
    this.window = [];
    this.windowEvaluated = [];
    let pos = start;
    let keptFrom = start;
    while (pos < end) {
      const { records, lastOffset } = await this.reader.read(this.partition, pos, end, this.signal);
      if (lastOffset === undefined || lastOffset < pos) break;
      const from = pos;
      for (const r of records) {
        if (r.offset! < from) continue;
        if (r.offset! >= end) {
          pos = end;
          break;
        }
        this.windowEvaluated.push(r.offset!);
        pos = r.offset! + 1;
        if (this.matches(r)) {
          this.window.push(this.reader.keep?.(r) ?? r);
          // Only the newest `wanted` matches of a window can reach the page; drop older ones early so a
          // wide window of large records does not pile up in memory.
          if (this.window.length >= 2 * this.wanted) {
            const dropped = this.window.splice(0, this.window.length - this.wanted);
            keptFrom = dropped[dropped.length - 1]!.offset! + 1;
          }
        }
      }
      // Step over what the chunk covered beyond its last visible record (compaction gaps).
      if (pos < end) pos = Math.max(pos, Math.min(lastOffset + 1, end));
    }
    this.budget.remaining += reserved - this.windowEvaluated.length;
    this.windowStart = keptFrom;
    if (keptFrom !== start) {
      // Records below keptFrom were looked at but belong to no page yet; forget them so they are read again.
      const firstKept = this.windowEvaluated.findIndex((o) => o >= keptFrom);
      this.budget.remaining += firstKept < 0 ? 0 : firstKept;
      this.windowEvaluated = firstKept < 0 ? [] : this.windowEvaluated.slice(firstKept);
    }
    this.step = Math.min(this.step * 2, MAX_BACKWARD_WINDOW);
  }

  async head(): Promise<BrokerRecord | undefined> {
    while (this.current === undefined) {
      const next = this.window.pop();
      if (next) {
        this.current = next;
        break;
      }
      // The window has no more matches: everything in it is behind us.
      this.boundary = this.windowStart;
      if (this.windowStart <= this.low) break;
      if (this.budget.remaining <= 0) {
        this.capped = true;
        break;
      }
      await this.loadWindow();
    }
    return this.current;
  }

  take(): void {
    if (this.current) this.boundary = this.current.offset!;
    this.current = undefined;
  }

  position(): number {
    return this.current ? this.current.offset! + 1 : this.boundary;
  }

  scanned(): number {
    const end = this.position();
    // Offsets are ascending; count those at or after the end position.
    let lo = 0;
    let hi = this.windowEvaluated.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.windowEvaluated[mid]! < end) lo = mid + 1;
      else hi = mid;
    }
    return this.evaluatedBefore + (this.windowEvaluated.length - lo);
  }
}
