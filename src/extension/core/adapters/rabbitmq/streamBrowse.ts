/**
 * Browse pages of a stream: forward from an offset/'first'/a timestamp, or backward (the last N
 * before an offset, and 'latest' = the last N). Backward reads go by offset windows that widen until
 * the page is full, so the last N records are found without scanning from the start. Only the page is
 * held in memory; filtered-out records are counted and dropped.
 */
import { assertBrowseStart } from '../../rules/browseStart.js';
import type { BrowseCursor, BrowsePage, BrowseRequest } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import type { BrokerRecord } from '../../model/message.js';
import type { RecordPredicate } from '../../browse/filter.js';
import type { AmqpConnection } from './connection.js';
import { toRecord } from './records.js';
import { notAStream, scanStream, type StreamStart, type StreamTiming } from './streamReader.js';

/** What a stream browse needs besides the request. */
export interface StreamBrowseContext {
  readonly connection: AmqpConnection;
  readonly predicate: RecordPredicate;
  readonly timing: StreamTiming;
  readonly signal?: AbortSignal;
}

const forwardCursor = (offset: number): BrowseCursor => ({ direction: 'forward', positions: { 0: offset } });
const backwardCursor = (offset: number): BrowseCursor => ({ direction: 'backward', positions: { 0: offset } });

function prefetchFor(limit: number): number {
  return Math.min(2000, Math.max(100, limit * 2));
}

/** Reads one page of a stream without any side effect. */
export async function browseStream(request: BrowseRequest, ctx: StreamBrowseContext): Promise<BrowsePage> {
  // A stream is one partition (0) to the browse model: the same start rules as a Kafka partition.
  assertBrowseStart(request, [0], `stream '${request.destination}'`);
  const limit = Math.max(1, request.limit);
  const maxScan = Math.max(limit, request.maxScan ?? limit * 10);
  const start = request.start;
  switch (start.kind) {
    case 'earliest':
      return forward(request.destination, 'first', limit, maxScan, ctx);
    case 'offset':
      return forward(request.destination, Math.max(0, start.offset), limit, maxScan, ctx);
    case 'timestamp':
      return forward(request.destination, { timestamp: start.timestamp }, limit, maxScan, ctx);
    case 'latest':
      return latest(request.destination, limit, maxScan, ctx);
    case 'cursor': {
      const position = start.cursor.positions[0];
      if (position === undefined) throw new BrokerError('invalidInput', `The browse cursor for stream '${request.destination}' has no position for partition 0; start again from the beginning or the end.`);
      return start.cursor.direction === 'forward'
        ? forward(request.destination, position, limit, maxScan, ctx)
        : backward(request.destination, position, limit, maxScan, ctx, true);
    }
  }
}

async function forward(queue: string, from: StreamStart, limit: number, maxScan: number, ctx: StreamBrowseContext): Promise<BrowsePage> {
  const records: BrokerRecord[] = [];
  let scanned = 0;
  let first: number | undefined;
  let last: number | undefined;
  const end = await scanStream(
    ctx.connection,
    queue,
    { ...ctx.timing, start: from, prefetch: prefetchFor(limit), ...(ctx.signal ? { signal: ctx.signal } : {}) },
    (message, offset) => {
      scanned++;
      first ??= offset;
      last = offset;
      const record = toRecord(message, { id: String(offset), destination: queue, offset });
      if (ctx.predicate(record)) records.push(record);
      return records.length < limit && scanned < maxScan;
    },
  );
  if (end === 'notStream') throw notAStream(queue);
  const atEnd = end === 'idle';
  // A numeric start below the first retained offset attaches at the first one: nothing is before it.
  const atBeginning = from === 'first' || first === undefined || (typeof from === 'number' && first > from) || first === 0;
  return {
    records,
    ...(atEnd || last === undefined ? {} : { next: forwardCursor(last + 1) }),
    ...(atBeginning ? {} : { previous: backwardCursor(first!) }),
    scanned,
    scanCapped: records.length < limit && scanned >= maxScan,
    sideEffect: 'none',
  };
}

/** Records already found at the newest end (by the 'latest' probe), oldest first. */
interface BackwardSeed {
  readonly records: readonly BrokerRecord[];
  readonly dropped: boolean;
  readonly scanned: number;
  readonly lowestScanned?: number;
}

/**
 * The last `limit` records: attach at 'last' (RabbitMQ starts at the newest chunk), keep the newest
 * matches of that chunk, and if they do not fill the page continue backward from the chunk's start.
 * Only the wait that detects the end of the stream costs idle time; older windows end at a known offset.
 */
async function latest(queue: string, limit: number, maxScan: number, ctx: StreamBrowseContext): Promise<BrowsePage> {
  let records: BrokerRecord[] = [];
  let dropped = false;
  let scanned = 0;
  let chunkStart: number | undefined;
  const end = await scanStream(
    ctx.connection,
    queue,
    { ...ctx.timing, start: 'last', prefetch: prefetchFor(limit), ...(ctx.signal ? { signal: ctx.signal } : {}) },
    (message, offset) => {
      scanned++;
      chunkStart ??= offset;
      const record = toRecord(message, { id: String(offset), destination: queue, offset });
      if (ctx.predicate(record)) {
        records.push(record);
        // Keep only the newest `limit`: the last chunk can be large.
        if (records.length > 2 * limit) {
          records = records.slice(records.length - limit);
          dropped = true;
        }
      }
      return true;
    },
  );
  if (end === 'notStream') throw notAStream(queue);
  if (records.length > limit) {
    records = records.slice(records.length - limit);
    dropped = true;
  }
  if (chunkStart === undefined) return { records: [], scanned: 0, scanCapped: false, sideEffect: 'none' };
  return backward(queue, chunkStart, limit, maxScan, ctx, false, { records, dropped, scanned, lowestScanned: chunkStart });
}

/**
 * The last `limit` matching records with offset < endExclusive. Windows [lo, hi) are read oldest first
 * and widen (×2) until the page is full, the stream's beginning is reached, or maxScan is spent.
 */
async function backward(
  queue: string,
  endExclusive: number,
  limit: number,
  maxScan: number,
  ctx: StreamBrowseContext,
  withNext: boolean,
  seed: BackwardSeed = { records: [], dropped: false, scanned: 0 },
): Promise<BrowsePage> {
  let page: BrokerRecord[] = [...seed.records];
  let dropped = seed.dropped;
  let scanned = seed.scanned;
  let lowestScanned: number | undefined = seed.lowestScanned;
  let hi = endExclusive;
  let window = limit;
  let atBeginning = hi <= 0;
  while (!atBeginning && page.length < limit && scanned < maxScan && !ctx.signal?.aborted) {
    const lo = Math.max(0, hi - Math.min(window, maxScan - scanned));
    const found: BrokerRecord[] = [];
    let firstSeen: number | undefined;
    const end = await scanStream(
      ctx.connection,
      queue,
      { ...ctx.timing, start: lo, endExclusive: hi, prefetch: prefetchFor(hi - lo), ...(ctx.signal ? { signal: ctx.signal } : {}) },
      (message, offset) => {
        scanned++;
        firstSeen ??= offset;
        const record = toRecord(message, { id: String(offset), destination: queue, offset });
        if (ctx.predicate(record)) found.push(record);
        return true;
      },
    );
    if (end === 'notStream') throw notAStream(queue);
    if (firstSeen !== undefined) lowestScanned = Math.min(lowestScanned ?? firstSeen, firstSeen);
    // Nothing before `hi` from `lo`: the stream starts at or after `hi` (retention truncated it).
    atBeginning = lo === 0 || firstSeen === undefined;
    page = found.concat(page);
    if (page.length > limit) {
      page = page.slice(page.length - limit);
      dropped = true;
    }
    hi = lo;
    window *= 2;
  }
  const oldest = page[0]?.offset;
  // Continue backward from the oldest record shown when newer matches were dropped, else from the oldest scanned.
  const previousAt = dropped ? oldest : lowestScanned;
  const hasPrevious = previousAt !== undefined && previousAt > 0 && (dropped || !atBeginning);
  return {
    records: page,
    ...(withNext ? { next: forwardCursor(endExclusive) } : {}),
    ...(hasPrevious ? { previous: backwardCursor(previousAt) } : {}),
    scanned,
    scanCapped: page.length < limit && scanned >= maxScan,
    sideEffect: 'none',
  };
}
