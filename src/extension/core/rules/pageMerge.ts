/**
 * The page merge of a partitioned browse: which partition's next record goes on the page. One rule,
 * in the one pager (core/browse/partitionPager.ts) the real Kafka adapter and the simulator share.
 *
 * Records are merged by timestamp: forward oldest first, backward (Latest, Older) newest first.
 * Equal timestamps are common: one producer batch stamps every record alike, across partitions. A
 * tie used to go to the highest partition, so "Latest 100" of a six-partition topic written in one
 * batch showed only the last two partitions' records, and the other tails appeared only after
 * "Older" (found against real Kafka, issue 15). Ties now go to the partition that has given this page
 * the fewest records, then to the partition number, so every partition's newest (or oldest) records
 * reach the page. Cursors are per partition, so the order within a page never makes a later page
 * re-read or skip a record.
 */
import type { BrowseCursor } from '../model/browse.js';
import type { BrokerRecord } from '../model/message.js';

/** Which way a page reads. */
export type Direction = BrowseCursor['direction'];

/** One partition's matching records in reading order, as the merge sees them. */
export interface MergeStream {
  readonly partition: number;
  /** The next record, or undefined when the stream is done (or out of scan budget). */
  head(): BrokerRecord | undefined | Promise<BrokerRecord | undefined>;
  /** Consumes the current head. */
  take(): void;
}

/** True when `a` goes on the page before `b`; `takenA`/`takenB` are what each partition gave so far. */
export function mergesBefore(a: BrokerRecord, takenA: number, b: BrokerRecord, takenB: number, direction: Direction): boolean {
  const ta = a.timestamp ?? -1;
  const tb = b.timestamp ?? -1;
  if (ta !== tb) return direction === 'forward' ? ta < tb : ta > tb;
  if (takenA !== takenB) return takenA < takenB;
  if (a.partition !== b.partition) return a.partition! < b.partition!;
  return direction === 'forward' ? a.offset! < b.offset! : a.offset! > b.offset!;
}

/**
 * Takes up to `limit` records from the streams in merge order (reading order: oldest first forward,
 * newest first backward). `checkCancelled` runs before each pick and may throw.
 */
export async function mergePage(streams: readonly MergeStream[], direction: Direction, limit: number, checkCancelled?: () => void): Promise<BrokerRecord[]> {
  const taken = new Map<MergeStream, number>(streams.map((s) => [s, 0]));
  // Prime every partition at once (the real adapter fetches them in parallel).
  await Promise.all(streams.map((s) => s.head()));
  const records: BrokerRecord[] = [];
  while (records.length < limit) {
    checkCancelled?.();
    let best: MergeStream | undefined;
    let bestRecord: BrokerRecord | undefined;
    for (const s of streams) {
      const h = await s.head();
      if (h && (!bestRecord || mergesBefore(h, taken.get(s)!, bestRecord, taken.get(best!)!, direction))) {
        best = s;
        bestRecord = h;
      }
    }
    if (!best || !bestRecord) break;
    best.take();
    taken.set(best, taken.get(best)! + 1);
    records.push(bestRecord);
  }
  return records;
}

/**
 * The order a page is shown in, whichever way it was read: oldest first by timestamp, ties by
 * partition, each partition's records in offset order. The merge decides which records are on a page;
 * this makes the same records always show in the same order (a page read forward from a cursor and
 * the same page read backward look alike).
 */
export function displayOrder(records: readonly BrokerRecord[]): BrokerRecord[] {
  const byPartition = new Map<number, BrokerRecord[]>();
  for (const r of records) {
    const list = byPartition.get(r.partition ?? -1);
    if (list) list.push(r);
    else byPartition.set(r.partition ?? -1, [r]);
  }
  const lists = [...byPartition.values()].map((l) => l.sort((a, b) => a.offset! - b.offset!));
  const at = lists.map(() => 0);
  const out: BrokerRecord[] = [];
  while (out.length < records.length) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const r = lists[i]![at[i]!];
      if (!r) continue;
      const b = best < 0 ? undefined : lists[best]![at[best]!]!;
      if (!b || (r.timestamp ?? -1) < (b.timestamp ?? -1) || ((r.timestamp ?? -1) === (b.timestamp ?? -1) && r.partition! < b.partition!)) best = i;
    }
    out.push(lists[best]![at[best]!++]!);
  }
  return out;
}
