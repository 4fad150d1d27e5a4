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
 * One pager and one set of streams (partitionStreams.ts) for the real Kafka adapter (over Fetch) and
 * the simulator (over its in-memory log): only the chunk reader differs.
 */
import type { BrowsePage, BrowseRequest } from '../model/browse.js';
import { BrokerError } from '../model/errors.js';
import { mergePage } from '../rules/pageMerge.js';
import { assertBrowseStart } from '../rules/browseStart.js';
import { compileRequestFilter } from './requestFilter.js';
import { finishPage, startPositions, validatePageRequest, type PartitionBounds } from './pageAssembly.js';
import { BackwardStream, ForwardStream, type ChunkReader, type PartitionStream, type ScanBudget } from './partitionStreams.js';

export type { PartitionBounds } from './pageAssembly.js';
export type { Chunk, ChunkReader } from './partitionStreams.js';

/** A partitioned log as the pager reads it. */
export interface PartitionedLog extends ChunkReader {
  /** Per partition, the first offset whose timestamp is >= `timestamp`, or undefined when none is. */
  offsetsForTimestamp(partitions: readonly number[], timestamp: number): Promise<ReadonlyMap<number, number | undefined>>;
}

/**
 * Reads one page over `bounds` (the partitions to browse); `what` names the destination in errors
 * (`topic "t"`). `signal` cancels between records and is handed to every read.
 */
export async function browsePartitions(log: PartitionedLog, request: BrowseRequest, bounds: readonly PartitionBounds[], what: string, signal?: AbortSignal): Promise<BrowsePage> {
  validatePageRequest(request, what);
  const ids = bounds.map((b) => b.partition);
  assertBrowseStart(request, ids, what);
  const atTimestamp = request.start.kind === 'timestamp' ? await log.offsetsForTimestamp(ids, request.start.timestamp) : new Map<number, number | undefined>();
  const { direction, positions } = startPositions(request, bounds, atTimestamp, what);
  const matches = compileRequestFilter(request);
  const budget: ScanBudget = { remaining: request.maxScan ?? 10 * request.limit };
  const streams: PartitionStream[] = bounds.map((b) =>
    direction === 'forward'
      ? new ForwardStream(log, b.partition, positions.get(b.partition)!, b.high, matches, budget, signal)
      : new BackwardStream(log, b.partition, positions.get(b.partition)!, b.low, request.limit, matches, budget, signal),
  );
  const records = await mergePage(streams, direction, request.limit, () => {
    if (signal?.aborted) throw new BrokerError('cancelled', `Browsing ${what} was cancelled.`);
  });
  return finishPage(records, streams, bounds, direction, positions, request.limit);
}
