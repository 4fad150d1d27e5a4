/**
 * Per-partition record streams for browsing: forward from a position, or backward from an exclusive
 * end. Each yields only records that pass the filter, fetches lazily in bounded chunks, and tells at
 * the end exactly where it stopped and how many records it looked at before that point, so the next
 * page neither re-reads nor skips.
 */
import type { BrokerRecord } from '../../model/message.js';
import type { FetchedRecord, FetchResult } from './fetchProtocol.js';
import type { RecordPredicate } from '../../browse/filter.js';
import type { PartitionReader } from './partitionReader.js';
import { toBrokerRecord } from './records.js';

/** Records the whole browse may still look at (maxScan), shared by all partitions. */
export interface ScanBudget {
  remaining: number;
}

/** What every stream offers the merge. */
export interface PartitionStream {
  readonly partition: number;
  /** The next matching record in this stream's direction, or undefined when done or out of budget. */
  head(): Promise<BrokerRecord | undefined>;
  /** Consumes the current head. */
  take(): void;
  /** Forward: next offset to read. Backward: exclusive end for the next backward page. */
  position(): number;
  /** Records looked at that lie before position() in the stream's direction. */
  scanned(): number;
  /** True when the stream stopped only because the budget ran out. */
  readonly capped: boolean;
}

/** A record that can be tested without copying its bytes out of the fetch response. */
function view(topic: string, partition: number, r: FetchedRecord): BrokerRecord {
  return { id: '', destination: topic, partition, offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers as BrokerRecord['headers'], size: 0 };
}

/** Flattens the records of a fetch result (batches step over gaps, control and empty batches). */
function recordsOf(result: FetchResult): { records: FetchedRecord[]; lastOffset: number | undefined } {
  const records: FetchedRecord[] = [];
  let lastOffset: number | undefined;
  for (const b of result.batches) {
    for (const r of b.records) records.push(r);
    lastOffset = b.lastOffset;
  }
  return { records, lastOffset };
}

/** Reads [position, end) oldest first. */
export class ForwardStream implements PartitionStream {
  private pos: number;
  private chunk: FetchedRecord[] = [];
  private chunkLast: number | undefined;
  private index = 0;
  private current: BrokerRecord | undefined;
  private evaluated = 0;
  capped = false;

  constructor(
    private readonly reader: PartitionReader,
    private readonly topic: string,
    readonly partition: number,
    start: number,
    private readonly end: number,
    private readonly matches: RecordPredicate,
    private readonly budget: ScanBudget,
  ) {
    this.pos = start;
  }

  async head(): Promise<BrokerRecord | undefined> {
    while (this.current === undefined && this.pos < this.end) {
      if (this.index >= this.chunk.length) {
        // Everything up to the end of the last chunk's batches is seen (compaction leaves gaps there).
        if (this.chunkLast !== undefined) this.pos = Math.max(this.pos, Math.min(this.chunkLast + 1, this.end));
        if (this.pos >= this.end) break;
        const result = await this.reader.fetch(this.topic, this.partition, this.pos, { until: this.end });
        const { records, lastOffset } = recordsOf(result);
        this.chunk = records;
        this.chunkLast = lastOffset;
        this.index = 0;
        // Nothing at all came back: the log ends here for now.
        if (lastOffset === undefined || lastOffset < this.pos) break;
        continue;
      }
      const r = this.chunk[this.index]!;
      if (r.offset < this.pos) {
        this.index++; // the batch started before our position
        continue;
      }
      if (r.offset >= this.end) {
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
      this.pos = r.offset + 1;
      if (this.matches(view(this.topic, this.partition, r))) this.current = toBrokerRecord(this.topic, this.partition, r);
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

/** Reads [low, end) newest first, one window of offsets at a time (each window read oldest first). */
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
    private readonly reader: PartitionReader,
    private readonly topic: string,
    readonly partition: number,
    end: number,
    private readonly low: number,
    private readonly wanted: number,
    private readonly matches: RecordPredicate,
    private readonly budget: ScanBudget,
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
    this.evaluatedBefore += this.windowEvaluated.length;
    this.window = [];
    this.windowEvaluated = [];
    let pos = start;
    let keptFrom = start;
    while (pos < end) {
      const result = await this.reader.fetch(this.topic, this.partition, pos, { until: end });
      const { records, lastOffset } = recordsOf(result);
      if (lastOffset === undefined || lastOffset < pos) break;
      const from = pos;
      for (const r of records) {
        if (r.offset < from) continue;
        if (r.offset >= end) {
          pos = end;
          break;
        }
        this.budget.remaining--;
        this.windowEvaluated.push(r.offset);
        pos = r.offset + 1;
        if (this.matches(view(this.topic, this.partition, r))) {
          this.window.push(toBrokerRecord(this.topic, this.partition, r));
          // Only the newest `wanted` matches of a window can reach the page; drop older ones early so a
          // wide window of large records does not pile up in memory.
          if (this.window.length >= 2 * this.wanted) {
            const dropped = this.window.splice(0, this.window.length - this.wanted);
            keptFrom = dropped[dropped.length - 1]!.offset! + 1;
          }
        }
      }
      // Step over what the batches covered beyond their last visible record (compaction gaps).
      if (pos < end && lastOffset !== undefined) pos = Math.max(pos, Math.min(lastOffset + 1, end));
    }
    this.windowStart = keptFrom === start ? start : keptFrom;
    if (keptFrom !== start) {
      // Records below keptFrom were looked at but belong to no page yet; forget them so they are read again.
      const firstKept = this.windowEvaluated.findIndex((o) => o >= keptFrom);
      this.budget.remaining += firstKept < 0 ? 0 : firstKept;
      this.windowEvaluated = firstKept < 0 ? [] : this.windowEvaluated.slice(firstKept);
    }
    this.step = Math.min(this.step * 2, 10_000);
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
