/**
 * Browsing the simulated RabbitMQ. Streams are read by offset with no side effect. Classic and
 * quorum queues can only be peeked as a client peeks them (basic.get, then requeue by closing the
 * channel), so such a browse is refused unless the caller showed peekRequeueWarning() and set
 * acceptRequeue; afterwards the queue holds the same messages (in place, for classic queues),
 * marked redelivered.
 */
import { assertBrowseStart } from '../../rules/browseStart.js';
import type { BrowseCursor, BrowsePage, BrowseRequest } from '../../model/browse.js';
import { peekRequeueWarning } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import type { BrokerRecord } from '../../model/message.js';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import { compileFilter } from '../../browse/filter.js';
import { attempt, toRecord } from './simulatorRabbitSupport.js';

/** Where a page starts, given the destination's [first, end) positions. */
function startOf(request: BrowseRequest, first: number, end: number, timeToPosition?: (ms: number) => number): { from: number; backward: boolean } {
  const s = request.start;
  switch (s.kind) {
    case 'earliest':
      return { from: first, backward: false };
    case 'latest':
      return { from: Math.max(first, end - request.limit), backward: false };
    case 'offset':
      return { from: Math.min(Math.max(s.offset, first), end), backward: false };
    case 'timestamp':
      if (!timeToPosition) {
        throw new BrokerError('invalidInput', `Browsing queue '${request.destination}' from a timestamp failed because a classic or quorum queue keeps no times; start from the beginning or a position instead.`);
      }
      return { from: timeToPosition(s.timestamp), backward: false };
    case 'cursor': {
      const pos = s.cursor.positions[0] ?? first;
      if (s.cursor.direction === 'backward') return { from: Math.max(first, pos - request.limit), backward: true };
      return { from: Math.min(Math.max(pos, first), end), backward: false };
    }
  }
}

function cursors(from: number, scannedTo: number, first: number, end: number): { next?: BrowseCursor; previous?: BrowseCursor } {
  return {
    ...(scannedTo < end ? { next: { direction: 'forward' as const, positions: { 0: scannedTo } } } : {}),
    ...(from > first ? { previous: { direction: 'backward' as const, positions: { 0: from } } } : {}),
  };
}

/** Browses a stream, classic or quorum queue of `broker`. */
export function browseQueue(broker: RabbitBroker, request: BrowseRequest): BrowsePage {
  const action = `Browsing queue '${request.destination}'`;
  const info = broker.inspect.queue(request.destination);
  if (!info) throw new BrokerError('notFound', `${action} failed because no such queue exists in the simulator; check the name or refresh the explorer.`);
  if (!Number.isInteger(request.limit) || request.limit <= 0) {
    throw new BrokerError('invalidInput', `${action} failed because the page size ${request.limit} is not a positive whole number; choose a page size of at least 1.`);
  }
  assertBrowseStart(request, [0], `queue '${request.destination}'`);
  const keep = compileFilter(request.filter);
  // Without a filter a page needs exactly `limit` records; a peek must not take more than it shows.
  const maxScan = request.filter ? Math.max(1, request.maxScan ?? request.limit * 10) : request.limit;

  if (info.type === 'stream') {
    const first = info.firstOffset ?? 0;
    const end = info.nextOffset ?? 0;
    const { from, backward } = startOf(request, first, end, (ms) => broker.inspect.streamOffsetForTime(request.destination, ms) ?? end);
    const scanLimit = backward ? Math.min(request.limit, end - from) : maxScan;
    const records: BrokerRecord[] = [];
    let scanned = 0;
    for (const { offset, message } of broker.inspect.readStream(request.destination, from, scanLimit)) {
      if (records.length >= request.limit) break;
      scanned++;
      const record = toRecord(request.destination, String(offset), message, { offset, redelivered: false });
      if (keep(record)) records.push(record);
    }
    return { records, ...cursors(from, from + scanned, first, end), scanned, scanCapped: records.length < request.limit && scanned >= scanLimit && from + scanned < end, sideEffect: 'none' };
  }

  if (!request.acceptRequeue) {
    throw new BrokerError('preconditionFailed', `${action} needs your consent first: ${peekRequeueWarning()} Confirm the peek to go on.`);
  }
  const end = info.messages;
  const { from, backward } = startOf(request, 0, end);
  const scanLimit = backward ? Math.min(request.limit, end - from) : maxScan;
  // A queue can only be read from its head: take everything up to the page, then requeue it all.
  const peeked = attempt(action, () => broker.peek(request.destination, from + scanLimit));
  const records: BrokerRecord[] = [];
  let scanned = 0;
  for (let i = from; i < peeked.length && records.length < request.limit; i++) {
    scanned++;
    const { seq, delivery } = peeked[i]!;
    const record = toRecord(request.destination, String(seq), delivery, { redelivered: delivery.redelivered });
    if (keep(record)) records.push(record);
  }
  return { records, ...cursors(from, from + scanned, 0, end), scanned, scanCapped: records.length < request.limit && scanned >= scanLimit && from + scanned < end, sideEffect: 'requeued' };
}
