/**
 * Browsing a topic: resolves where each partition starts, merges partitions by timestamp (core/rules/pageMerge.ts), and returns
 * one page with per-partition cursors. Joins no consumer group and commits nothing: every read is a
 * plain Fetch to the partition leader (see partitionReader.ts).
 */
import type { BrowsePage, BrowseRequest } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import { compileRequestFilter } from '../../browse/requestFilter.js';
import { finishPage, startPositions, validatePageRequest } from '../../browse/pageAssembly.js';
import { mergePage } from '../../rules/pageMerge.js';
import { assertBrowseStart } from '../../rules/browseStart.js';
import type { PartitionReader } from './partitionReader.js';
import { BackwardStream, ForwardStream, type PartitionStream, type ScanBudget } from './partitionStreams.js';

/** Reads one page. */
export async function browseTopic(reader: PartitionReader, request: BrowseRequest, signal?: AbortSignal): Promise<BrowsePage> {
  const topic = request.destination;
  validatePageRequest(request, `topic "${topic}"`);
  const all = await reader.partitions(topic);
  let ids = all.map((p) => p.partitionId);
  if (request.partition !== undefined) {
    if (!ids.includes(request.partition)) {
      throw new BrokerError('notFound', `Browsing topic "${topic}" failed: it has no partition ${request.partition} (it has ${ids.length}). Pick a partition from 0 to ${ids.length - 1}.`);
    }
    ids = [request.partition];
  }
  assertBrowseStart(request, ids, `topic "${topic}"`);
  const bounds = await reader.bounds(topic, ids);
  const atTimestamp = request.start.kind === 'timestamp' ? await reader.offsetsForTimestamp(topic, bounds.map((b) => b.partition), request.start.timestamp) : new Map<number, number>();
  const { direction, positions } = startPositions(request, bounds, atTimestamp, `topic "${topic}"`);
  const matches = compileRequestFilter(request);
  const budget: ScanBudget = { remaining: request.maxScan ?? 10 * request.limit };
  const streams: PartitionStream[] = bounds.map((b) =>
    direction === 'forward'
      ? new ForwardStream(reader, topic, b.partition, positions.get(b.partition)!, b.high, matches, budget)
      : new BackwardStream(reader, topic, b.partition, positions.get(b.partition)!, b.low, request.limit, matches, budget),
  );

  const records = await mergePage(streams, direction, request.limit, () => {
    if (signal?.aborted) throw new BrokerError('cancelled', `Browsing topic "${topic}" was cancelled.`);
  });
  return finishPage(records, streams, bounds, direction, positions, request.limit);
}
