/**
 * Reading a RabbitMQ stream by offset with an AMQP consumer: a dedicated channel, a prefetch (streams
 * require one), `x-stream-offset` to attach at 'first', 'last', an offset or a timestamp, and acks only
 * to grant the consumer more credit (a stream ack removes nothing). The consumer is cancelled as soon as
 * the page is full, and the channel closed. Nothing about the stream changes.
 *
 * An AMQP stream consumer never says "you reached the end", so the end is the moment no delivery comes
 * for `idleMs` (or `firstWaitMs` before the first one). Pages addressed by a known end offset stop at
 * that offset without waiting.
 */
import type { Channel, ConsumeMessage } from 'amqplib';
import { BrokerError } from '../../model/errors.js';
import type { AmqpConnection } from './connection.js';
import { streamOffsetOf } from './records.js';

/** Where a scan attaches. Timestamps are milliseconds (sent to RabbitMQ in whole seconds). */
export type StreamStart = 'first' | 'last' | number | { readonly timestamp: number };

/** Timing of end detection. */
export interface StreamTiming {
  /** How long to wait for the first delivery before calling the stream empty (from the start). */
  readonly firstWaitMs: number;
  /** Silence after a delivery that counts as the end of the stream. */
  readonly idleMs: number;
}

/** Options of one scan. */
export interface StreamScanOptions extends StreamTiming {
  readonly start: StreamStart;
  /** Stop (without delivering it) at the first offset >= this. */
  readonly endExclusive?: number;
  readonly prefetch: number;
  readonly signal?: AbortSignal;
}

/** Why a scan ended. 'notStream': a delivery had no x-stream-offset, so the queue is not a stream. */
export type ScanEnd = 'stopped' | 'idle' | 'bound' | 'notStream' | 'cancelled';

/** Visits one stream message; return false to stop. */
export type StreamVisitor = (message: ConsumeMessage, offset: number) => boolean;

function offsetArgument(start: StreamStart): unknown {
  if (typeof start === 'object') return { '!': 'timestamp', value: Math.floor(start.timestamp / 1000) };
  return start;
}

/** Consumes `queue` from `start` and calls `visit` per message until it says stop, a bound, or the end. */
export function scanStream(connection: AmqpConnection, queue: string, options: StreamScanOptions, visit: StreamVisitor): Promise<ScanEnd> {
  const action = `Reading stream '${queue}'`;
  return connection.withChannel({ action, timeoutMs: 0 }, async (channel) => {
    await channel.prefetch(Math.max(1, Math.min(options.prefetch, 65_535)));
    return runConsumer(channel, queue, options, visit);
  });
}

function runConsumer(channel: Channel, queue: string, options: StreamScanOptions, visit: StreamVisitor): Promise<ScanEnd> {
  return new Promise<ScanEnd>((resolve, reject) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    let consumerTag: string | undefined;
    let sinceAck = 0;
    let serverError: Error | undefined;
    const ackEvery = Math.max(1, Math.floor(options.prefetch / 2));

    const finish = (end: ScanEnd): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      channel.removeListener('close', onClose);
      channel.removeListener('error', onError);
      // Cancel politely; the channel is closed right after by the caller either way.
      if (consumerTag) channel.cancel(consumerTag).catch(() => undefined);
      resolve(end);
    };
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish('idle'), ms);
    };
    const onAbort = (): void => finish('cancelled');
    const onError = (err: Error): void => {
      serverError = err;
    };
    const onClose = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(serverError ?? new Error('Channel closed'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    channel.on('error', onError);
    channel.on('close', onClose);

    const onMessage = (message: ConsumeMessage | null): void => {
      if (done) return;
      if (message === null) {
        // The server cancelled the consumer (the stream was deleted).
        finish('idle');
        return;
      }
      const offset = streamOffsetOf(message);
      if (offset === undefined) {
        finish('notStream');
        return;
      }
      if (++sinceAck >= ackEvery) {
        // A stream ack only grants credit; `allUpTo` keeps it to one frame per half window.
        channel.ack(message, true);
        sinceAck = 0;
      }
      if (options.endExclusive !== undefined && offset >= options.endExclusive) {
        finish('bound');
        return;
      }
      let more: boolean;
      try {
        more = visit(message, offset);
      } catch (err) {
        done = true;
        clearTimeout(timer);
        reject(err);
        return;
      }
      if (!more) finish('stopped');
      else arm(options.idleMs);
    };

    arm(options.firstWaitMs);
    channel
      .consume(queue, onMessage, { noAck: false, arguments: { 'x-stream-offset': offsetArgument(options.start) } })
      .then((ok) => {
        consumerTag = ok.consumerTag;
        if (done) channel.cancel(ok.consumerTag).catch(() => undefined);
      })
      .catch((err: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(err);
      });
  });
}

/** The error for a queue that turned out not to be a stream. */
export function notAStream(queue: string): BrokerError {
  return new BrokerError('preconditionFailed', `Queue '${queue}' is not a stream, so it cannot be read by offset; peek it with requeue instead.`);
}
