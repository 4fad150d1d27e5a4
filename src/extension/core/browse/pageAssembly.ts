/**
 * The parts of a partitioned browse that do not depend on how records are read: the merge order and
 * how a finished page's cursors are computed. Shared by the simulator's synchronous pager
 * (partitionPager.ts) and the real Kafka adapter's asynchronous one (adapters/kafka/browse.ts), so both
 * page exactly alike.
 */
import type { BrowseCursor, BrowsePage } from '../model/browse.js';
import type { BrokerRecord } from '../model/message.js';

/** Which way a page reads. */
export type Direction = BrowseCursor['direction'];

/** Forward: oldest first by timestamp. Backward: newest first. Ties by partition then offset. */
export function before(a: BrokerRecord, b: BrokerRecord, direction: Direction): boolean {
  const ta = a.timestamp ?? -1;
  const tb = b.timestamp ?? -1;
  if (ta !== tb) return direction === 'forward' ? ta < tb : ta > tb;
  if (a.partition !== b.partition) return direction === 'forward' ? a.partition! < b.partition! : a.partition! > b.partition!;
  return direction === 'forward' ? a.offset! < b.offset! : a.offset! > b.offset!;
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
  const records = direction === 'backward' ? merged.reverse() : merged;
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
