/**
 * Peeking a classic or quorum queue: the only way AMQP offers is to take messages and give them back.
 * basic.get without ack, N times, on one channel; then the channel is closed, and RabbitMQ returns every
 * unacknowledged message to the queue (to its original position on a classic queue). The depth and the
 * set of bodies are unchanged afterwards, but each peeked message is marked redelivered and, on a quorum
 * queue, counts toward its delivery limit: the caller must have shown peekRequeueWarning().
 *
 * Positions are counted from the head at the time of the peek; a page "from position P" takes P
 * messages first and does not return them (they are given back too).
 */
import type { Channel, GetMessage } from 'amqplib';
import type { BrowseCursor, BrowsePage, BrowseRequest } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import type { BrokerRecord } from '../../model/message.js';
import type { RecordPredicate } from '../../browse/filter.js';
import type { AmqpConnection } from './connection.js';
import { toRecord } from './records.js';

/** Visits one fetched message at its position from the head; return false to stop. */
export type PeekVisitor = (message: GetMessage, position: number) => boolean | Promise<boolean>;

/**
 * Takes messages with basic.get (no ack) on `channel` until the queue is empty, `visit` says stop, or
 * `max` were taken. Never acks: the caller closes (or nacks with requeue) the channel to give them back.
 */
export async function getEach(channel: Channel, queue: string, max: number, visit: PeekVisitor, signal?: AbortSignal): Promise<number> {
  let taken = 0;
  while (taken < max && !signal?.aborted) {
    const message = await channel.get(queue, { noAck: false });
    if (message === false) break;
    const position = taken++;
    if (!(await visit(message, position))) break;
  }
  return taken;
}

/**
 * Waits until a queue holds the messages a peek gave back. The requeue is asynchronous inside RabbitMQ
 * (the queue process even answers a passive declare before it finishes requeueing), so right after the
 * channel closes the depth can read low for ~100 ms per 1,000 messages. Polls until the depth is back to
 * `expected` or stops rising (someone else consumes meanwhile), within `maxMs`.
 */
export async function waitForRequeue(connection: AmqpConnection, queue: string, expected: number, maxMs = 5000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < until) {
    const depth = (await connection.withChannel({ action: `Checking queue '${queue}'` }, (ch) => ch.checkQueue(queue))).messageCount;
    if (depth >= expected) return;
    if (depth !== last) {
      last = depth;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 300) {
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Deepest position a peek may start from: every message before it is held unacknowledged meanwhile. */
export const PEEK_MAX_POSITION = 10_000;
/** Longest time a peek holds messages before it gives them back (and returns what it has). */
export const PEEK_MAX_HOLD_MS = 15_000;

/** Bounds of one peek. */
export interface PeekLimits {
  readonly maxPosition?: number;
  readonly maxHoldMs?: number;
}

const forwardCursor = (position: number): BrowseCursor => ({ direction: 'forward', positions: { 0: position } });
const backwardCursor = (position: number): BrowseCursor => ({ direction: 'backward', positions: { 0: position } });

/** One page of a classic/quorum queue by get-and-requeue. */
export async function peekQueue(
  connection: AmqpConnection,
  request: BrowseRequest,
  predicate: RecordPredicate,
  depthBefore: number,
  signal?: AbortSignal,
  limits: PeekLimits = {},
): Promise<BrowsePage> {
  const queue = request.destination;
  const limit = Math.max(1, request.limit);
  const maxScan = Math.max(limit, request.maxScan ?? limit * 10);
  let skip: number;
  switch (request.start.kind) {
    case 'earliest':
      skip = 0;
      break;
    case 'offset':
      skip = Math.max(0, request.start.offset);
      break;
    case 'cursor': {
      const p = request.start.cursor.positions[0] ?? 0;
      skip = request.start.cursor.direction === 'forward' ? p : Math.max(0, p - limit);
      break;
    }
    default:
      throw new BrokerError(
        'unsupported',
        `Queue '${queue}' is a classic or quorum queue, which can only be read from its head (there are no offsets or timestamps); browse from the beginning instead.`,
      );
  }
  const maxPosition = limits.maxPosition ?? PEEK_MAX_POSITION;
  if (skip > maxPosition) {
    throw new BrokerError(
      'invalidInput',
      `Peeking queue '${queue}' from position ${skip} failed: it would hold ${skip} messages unacknowledged before the first one shown, and at most ${maxPosition} may be. Start nearer the head, or move the messages to a stream to read them by offset.`,
    );
  }
  const records: BrokerRecord[] = [];
  let scanned = 0;
  let reachedEnd = false;
  // Messages taken are held (unacknowledged, invisible to consumers) until the channel gives them
  // back: bound that time, and stop at once on cancel.
  const deadline = Date.now() + (limits.maxHoldMs ?? PEEK_MAX_HOLD_MS);
  let heldTooLong = false;
  const taken = await connection.withChannel({ action: `Peeking queue '${queue}'`, timeoutMs: 0 }, async (channel) => {
    const n = await getEach(
      channel,
      queue,
      skip + maxScan,
      (message, position) => {
        if (Date.now() > deadline) {
          heldTooLong = true;
          return false;
        }
        if (position < skip) return true;
        scanned++;
        const record = toRecord(message, { id: String(position), destination: queue });
        if (predicate(record)) records.push(record);
        return records.length < limit && scanned < maxScan;
      },
      signal,
    );
    reachedEnd = !heldTooLong && !signal?.aborted && n < skip + maxScan && records.length < limit && scanned < maxScan;
    // Give everything back explicitly; closing the channel would too.
    if (n > 0) channel.nackAll(true);
    return n;
  });
  if (taken > 0) await waitForRequeue(connection, queue, depthBefore);
  const next = skip + scanned;
  return {
    records,
    ...(reachedEnd ? {} : { next: forwardCursor(next) }),
    ...(skip > 0 ? { previous: backwardCursor(skip) } : {}),
    scanned,
    scanCapped: records.length < limit && (scanned >= maxScan || heldTooLong),
    sideEffect: taken > 0 ? 'requeued' : 'none',
  };
}
