/**
 * Browsing a topic: resolves where each partition starts, merges partitions by timestamp, and returns
 * one page with per-partition cursors. Joins no consumer group and commits nothing: every read is a
 * plain Fetch to the partition leader (see partitionReader.ts).
 */
import type { BrowsePage, BrowseRequest } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import type { BrokerRecord } from '../../model/message.js';
import { compileFilter } from '../../browse/filter.js';
import { before, finishPage, type Direction } from '../../browse/pageAssembly.js';
import type { PartitionBounds, PartitionReader } from './partitionReader.js';
import { BackwardStream, ForwardStream, type PartitionStream, type ScanBudget } from './partitionStreams.js';

/** The largest page a browse returns; the panel pages beyond it. */
export const MAX_PAGE_SIZE = 100_000;


function clamp(n: number, b: PartitionBounds): number {
  return Math.min(Math.max(n, b.low), b.high);
}

function validate(request: BrowseRequest): void {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
    throw new BrokerError('invalidInput', `Browsing topic "${request.destination}" failed: the page size must be a whole number from 1 to ${MAX_PAGE_SIZE}. Pick another page size.`);
  }
  if (request.maxScan !== undefined && (!Number.isInteger(request.maxScan) || request.maxScan < 1)) {
    throw new BrokerError('invalidInput', `Browsing topic "${request.destination}" failed: maxScan must be a positive whole number. Fix the scan limit.`);
  }
}

/** Where each partition starts and in which direction it is read. */
async function startPositions(
  reader: PartitionReader,
  request: BrowseRequest,
  bounds: readonly PartitionBounds[],
): Promise<{ direction: Direction; positions: Map<number, number> }> {
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
    case 'timestamp': {
      const found = await reader.offsetsForTimestamp(request.destination, bounds.map((b) => b.partition), start.timestamp);
      for (const b of bounds) positions.set(b.partition, clamp(found.get(b.partition) ?? b.high, b));
      return { direction: 'forward', positions };
    }
    case 'cursor': {
      const { direction, positions: given } = start.cursor;
      for (const b of bounds) {
        const at = given[b.partition];
        // A partition the cursor does not know (added since): forward starts at its beginning, backward at its end.
        positions.set(b.partition, clamp(at ?? (direction === 'forward' ? b.low : b.high), b));
      }
      return { direction, positions };
    }
  }
}

/** Reads one page. */
export async function browseTopic(reader: PartitionReader, request: BrowseRequest, signal?: AbortSignal): Promise<BrowsePage> {
  validate(request);
  const topic = request.destination;
  const all = await reader.partitions(topic);
  let ids = all.map((p) => p.partitionId);
  if (request.partition !== undefined) {
    if (!ids.includes(request.partition)) {
      throw new BrokerError('notFound', `Browsing topic "${topic}" failed: it has no partition ${request.partition} (it has ${ids.length}). Pick a partition from 0 to ${ids.length - 1}.`);
    }
    ids = [request.partition];
  }
  const bounds = await reader.bounds(topic, ids);
  const { direction, positions } = await startPositions(reader, request, bounds);
  const matches = compileFilter(request.filter);
  const budget: ScanBudget = { remaining: request.maxScan ?? 10 * request.limit };
  const streams: PartitionStream[] = bounds.map((b) =>
    direction === 'forward'
      ? new ForwardStream(reader, topic, b.partition, positions.get(b.partition)!, b.high, matches, budget)
      : new BackwardStream(reader, topic, b.partition, positions.get(b.partition)!, b.low, request.limit, matches, budget),
  );

  const records: BrokerRecord[] = [];
  // Prime every partition at once; afterwards only the partition just taken from needs a new head.
  await Promise.all(streams.map((s) => s.head()));
  while (records.length < request.limit) {
    if (signal?.aborted) throw new BrokerError('cancelled', `Browsing topic "${topic}" was cancelled.`);
    let best: PartitionStream | undefined;
    let bestRecord: BrokerRecord | undefined;
    for (const s of streams) {
      const h = await s.head();
      if (h && (!bestRecord || before(h, bestRecord, direction))) {
        best = s;
        bestRecord = h;
      }
    }
    if (!best || !bestRecord) break;
    best.take();
    records.push(bestRecord);
  }
  return finishPage(records, streams, bounds, direction, positions, request.limit);
}
