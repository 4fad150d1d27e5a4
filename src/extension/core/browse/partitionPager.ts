/**
 * Pages over a partitioned log, addressed by per-partition offsets so that moving forward or back
 * never re-reads or skips a record:
 *  - earliest/offset/timestamp/forward cursor read forward; latest/backward cursor read backward from
 *    the end (the last records are found by offset, never by scanning from the start);
 *  - partitions are merged by timestamp with core/rules/pageMerge.ts (forward: oldest first;
 *    backward: newest first; ties keep every partition's tail), and a page is shown oldest first;
 *  - a filter is applied while scanning; every record read counts toward `scanned` and the shared
 *    maxScan budget (default 10 x limit), and a partition's position moves past the non-matching
 *    records it read, but never past a matching record that was not shown.
 * The same rules as the real Kafka adapter's browse, for any synchronous reader (the simulator).
 */
import type { BrowsePage, BrowseRequest } from '../model/browse.js';
import type { BrokerRecord } from '../model/message.js';
import { mergePage } from '../rules/pageMerge.js';
import type { RecordPredicate } from './filter.js';
import { compileRequestFilter } from './requestFilter.js';
import { assertBrowseStart } from '../rules/browseStart.js';
import { finishPage, startPositions, validatePageRequest, type Direction, type PartitionBounds } from './pageAssembly.js';

export type { PartitionBounds } from './pageAssembly.js';

/** Reads one partition synchronously. */
export interface PartitionRangeReader {
  /** Records with offsets in [from, to), ascending, at most `max` (fewer where compaction left gaps). */
  read(partition: number, from: number, to: number, max: number): BrokerRecord[];
  /** The first offset whose timestamp is >= `timestamp`, or undefined. */
  offsetForTimestamp(partition: number, timestamp: number): number | undefined;
}


/** The largest page a browse returns. */
const CHUNK = 256;

interface Budget {
  remaining: number;
}

/**
 * One partition's records in reading order, filtered. Records are read ahead in chunks, but only a
 * record the filter has examined counts as scanned (and against maxScan), so read-ahead on one
 * partition never uses up the budget of the others.
 */
class Stream {
  private raw: BrokerRecord[] = [];
  private rawAt = 0;
  private matched: BrokerRecord | undefined;
  private scannedCount = 0;
  capped = false;

  constructor(private readonly reader: PartitionRangeReader, private readonly b: PartitionBounds, readonly direction: Direction,
    /** Forward: the next offset to examine. Backward: the exclusive end of what is left to examine. */
    private pos: number, private readonly matches: RecordPredicate, private readonly budget: Budget) {}

  get partition(): number {
    return this.b.partition;
  }

  scanned(): number {
    return this.scannedCount;
  }

  head(): BrokerRecord | undefined {
    while (this.matched === undefined) {
      if (this.rawAt >= this.raw.length && !this.refill()) break;
      if (this.budget.remaining <= 0) {
        this.capped = true;
        break;
      }
      const r = this.raw[this.rawAt++]!;
      this.budget.remaining--;
      this.scannedCount++;
      this.pos = this.direction === 'forward' ? r.offset! + 1 : r.offset!;
      if (this.matches(r)) this.matched = r;
    }
    return this.matched;
  }

  take(): void {
    this.matched = undefined;
  }

  /** Forward: the next offset to read. Backward: the exclusive end of what is still to be shown. */
  position(): number {
    const h = this.matched;
    if (h === undefined) return this.pos;
    return this.direction === 'forward' ? h.offset! : h.offset! + 1;
  }

  /** Reads the next chunk after (forward) or before (backward) `pos`; false at the end of the partition. */
  private refill(): boolean {
    this.raw = [];
    this.rawAt = 0;
    if (this.direction === 'forward') {
      if (this.pos >= this.b.high) return false;
      this.raw = this.reader.read(this.b.partition, this.pos, this.b.high, CHUNK);
      if (this.raw.length === 0) this.pos = this.b.high;
    } else {
      if (this.pos <= this.b.low) return false;
      const from = Math.max(this.b.low, this.pos - CHUNK);
      this.raw = this.reader.read(this.b.partition, from, this.pos, this.pos - from).reverse();
      // Compaction gaps: an empty range just moves the end back.
      if (this.raw.length === 0) this.pos = from;
    }
    return this.raw.length > 0 || this.refill();
  }
}

/** Reads one page over `bounds` (the partitions to browse). */
export async function browsePartitions(reader: PartitionRangeReader, request: BrowseRequest, bounds: readonly PartitionBounds[], what: string): Promise<BrowsePage> {
  validatePageRequest(request, what);
  assertBrowseStart(request, bounds.map((b) => b.partition), what);
  const matches = compileRequestFilter(request);
  const atTimestamp = new Map<number, number | undefined>();
  if (request.start.kind === 'timestamp') for (const b of bounds) atTimestamp.set(b.partition, reader.offsetForTimestamp(b.partition, request.start.timestamp));
  const { direction, positions } = startPositions(request, bounds, atTimestamp, what);
  const budget: Budget = { remaining: request.maxScan ?? 10 * request.limit };
  const streams = bounds.map((b) => new Stream(reader, b, direction, positions.get(b.partition)!, matches, budget));
  const records = await mergePage(streams, direction, request.limit);
  return finishPage(records, streams, bounds, direction, positions, request.limit);
}
