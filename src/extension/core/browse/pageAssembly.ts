/**
 * The parts of a partitioned browse that do not depend on how records are read: where each partition
 * starts and how a finished page's cursors are computed (the merge order is core/rules/pageMerge.ts).
 * Used by the one pager (partitionPager.ts) that the real Kafka adapter and the simulator share.
 */
import type { BrowseCursor, BrowsePage, BrowseRequest } from '../model/browse.js';
import { BrokerError } from '../model/errors.js';
import { assertBrowseStart } from '../rules/browseStart.js';
import type { BrokerRecord } from '../model/message.js';

/** The largest page a browse returns; the panel pages beyond it. */
export const MAX_PAGE_SIZE = 100_000;

/** Offsets of one partition: [low, high) holds its records. */
export interface PartitionBounds {
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

/** Which way a page reads. */
export type { Direction } from '../rules/pageMerge.js';
import { displayOrder, type Direction } from '../rules/pageMerge.js';

/** Checks page size and scan limit; `what` names the destination in the error. */
export function validatePageRequest(request: BrowseRequest, what: string): void {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
    throw new BrokerError('invalidInput', `Browsing ${what} failed: the page size must be a whole number from 1 to ${MAX_PAGE_SIZE}. Pick another page size.`);
  }
  if (request.maxScan !== undefined && (!Number.isInteger(request.maxScan) || request.maxScan < 1)) {
    throw new BrokerError('invalidInput', `Browsing ${what} failed: maxScan must be a positive whole number. Fix the scan limit.`);
  }
}

function clamp(n: number, b: PartitionBounds): number {
  return Math.min(Math.max(n, b.low), b.high);
}

/**
 * Where each partition starts and which way the page reads. `atTimestamp` holds, for a timestamp
 * start, the first offset at or after it per partition (looked up by the caller, synchronously or
 * not); a partition with none starts at its end.
 */
export function startPositions(
  request: BrowseRequest,
  bounds: readonly PartitionBounds[],
  atTimestamp: ReadonlyMap<number, number | undefined> = new Map(),
  what = 'the destination',
): { direction: Direction; positions: Map<number, number> } {
  assertBrowseStart(request, bounds.map((b) => b.partition), what);
  const start = request.start;
  const positions = new Map<number, number>();
  switch (start.kind) {
    case 'earliest':
      for (const b of bounds) positions.set(b.partition, b.low);
      return { direction: 'forward', positions };
    case 'latest':
      // The last records: read backward from the high watermark, never by scanning from the start.
      for (const b of bounds) positions.set(b.partition, b.high);
      return { direction: 'backward', positions };
    case 'offset':
      for (const b of bounds) positions.set(b.partition, clamp(start.offset, b));
      return { direction: 'forward', positions };
    case 'timestamp':
      for (const b of bounds) positions.set(b.partition, clamp(atTimestamp.get(b.partition) ?? b.high, b));
      return { direction: 'forward', positions };
    case 'cursor': {
      const { direction, positions: given } = start.cursor;
      for (const b of bounds) {
        // A partition the cursor does not know (added since): forward starts at its beginning, backward at its end.
        const at = given[b.partition];
        positions.set(b.partition, clamp(at ?? (direction === 'forward' ? b.low : b.high), b));
      }
      return { direction, positions };
    }
  }
}

/** What a page needs to know of each partition's stream once the merge is done. */
export interface ReadStream {
  readonly partition: number;
  /** True when the shared scan budget stopped this stream. */
  readonly capped: boolean;
  /** The next offset this stream would read (forward) or the first offset it has shown (backward). */
  position(): number;
  /** Records read, matching or not. */
  scanned(): number;
}

/**
 * Turns merged records into a page: oldest first, a `next` cursor when any partition has records
 * after the page, a `previous` cursor when any has records before it.
 */
export function finishPage(
  merged: BrokerRecord[],
  streams: readonly ReadStream[],
  bounds: readonly { readonly partition: number; readonly low: number; readonly high: number }[],
  direction: Direction,
  positions: ReadonlyMap<number, number>,
  limit: number,
): BrowsePage {
  const records = displayOrder(merged);
  const ends = new Map(streams.map((s) => [s.partition, s.position()]));
  const scanned = streams.reduce((n, s) => n + s.scanned(), 0);
  const scanCapped = records.length < limit && streams.some((s) => s.capped);
  const anyAfter = (m: ReadonlyMap<number, number>): boolean => bounds.some((b) => m.get(b.partition)! < b.high);
  const anyBefore = (m: ReadonlyMap<number, number>): boolean => bounds.some((b) => m.get(b.partition)! > b.low);
  // Forward: this page ran from `positions` to `ends`. Backward: from `ends` up to `positions`.
  const [from, to] = direction === 'forward' ? [positions, ends] : [ends, positions];
  const cursor = (d: Direction, m: ReadonlyMap<number, number>): BrowseCursor => ({ direction: d, positions: Object.fromEntries(m) });
  return {
    records,
    ...(anyAfter(to) ? { next: cursor('forward', to) } : {}),
    ...(anyBefore(from) ? { previous: cursor('backward', from) } : {}),
    scanned,
    scanCapped,
    sideEffect: 'none',
  };
}
