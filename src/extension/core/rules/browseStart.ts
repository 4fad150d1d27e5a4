/**
 * Where a browse may start, stated once for the real Kafka adapter and the simulator (both page
 * through pageAssembly.ts): an offset is a whole number from 0 to 2^53 − 1, a timestamp a finite
 * number of milliseconds from 0, and a cursor names only partitions the topic has. Kafka itself
 * answers a fetch for a partition that does not exist with UNKNOWN_TOPIC_OR_PARTITION, so a cursor
 * naming one is 'notFound', never silently dropped while other partitions' records come back.
 */
import type { BrowseRequest } from '../model/browse.js';
import { BrokerError } from '../model/errors.js';

/**
 * Throws 'invalidInput' or 'notFound' with one sentence when the request's start cannot be used.
 * `partitions` are the partitions being browsed (all of the topic's, or the one asked for).
 */
export function assertBrowseStart(request: BrowseRequest, partitions: readonly number[], what: string): void {
  const start = request.start;
  const offsetOk = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  switch (start.kind) {
    case 'offset':
      if (!offsetOk(start.offset)) {
        throw new BrokerError('invalidInput', `Browsing ${what} failed: offset ${String(start.offset)} is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}. Enter an offset from 0 up.`);
      }
      return;
    case 'timestamp':
      if (typeof start.timestamp !== 'number' || !Number.isFinite(start.timestamp) || start.timestamp < 0) {
        throw new BrokerError('invalidInput', `Browsing ${what} failed: ${String(start.timestamp)} is not a time. Pick a date and time.`);
      }
      return;
    case 'cursor': {
      const named = Object.keys(start.cursor.positions).map(Number);
      for (const [key, value] of Object.entries(start.cursor.positions)) {
        if (!offsetOk(Number(key)) || !offsetOk(value)) {
          throw new BrokerError('invalidInput', `Browsing ${what} failed: the page position names partition ${key} at offset ${String(value)}, which cannot be. Start again from the beginning or the end.`);
        }
      }
      const known = new Set(partitions);
      // A cursor of a one-partition browse names that partition; one of a whole topic names them all.
      const missing = request.partition === undefined ? named.filter((p) => !known.has(p)) : named.length > 0 && !named.includes(request.partition) ? named : [];
      if (missing.length > 0) {
        throw new BrokerError('notFound', `Browsing ${what} failed: it has no partition ${missing.join(', ')}. Start again from the beginning or the end.`);
      }
      return;
    }
    default:
      return;
  }
}
