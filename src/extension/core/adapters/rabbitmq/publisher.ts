/**
 * Publishing on a confirm channel: every message ends confirmed, returned (mandatory and unroutable),
 * nacked, or failed. Messages are pipelined with a bounded window of unconfirmed ones, and the socket's
 * 'drain' is respected, so a bulk publish of 100,000 messages neither floods memory nor waits per message.
 *
 * Returns are correlated without touching the message: RabbitMQ sends basic.return before the ack of
 * the same message, so when a return arrives the message is still unconfirmed; it is matched to the
 * oldest unconfirmed entry with the same exchange, routing key and body bytes (identical messages are
 * interchangeable, so which of two identical ones is marked does not matter).
 */
import type { ConfirmChannel, Message, MessageProperties, Options } from 'amqplib';
import type { CallOptions } from '../../model/adapter.js';
import { publishReport, type PublishOutcome, type PublishReport } from '../../model/message.js';
import { toBrokerError, type ErrorContext } from './errors.js';

/** One message ready for amqplib. */
export interface WireMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly options: Options.Publish;
}

/** Tuning of one publish run. */
export interface PipelineOptions extends CallOptions {
  /** Most unconfirmed messages at any time. */
  readonly window?: number;
  readonly context: (action: string) => ErrorContext;
  /** Called when a message is confirmed (not returned), e.g. to ack its source in a dead-letter move. */
  readonly onConfirmed?: (index: number) => void;
}

interface InFlight {
  readonly index: number;
  readonly message: WireMessage;
  returned?: string;
}

const DEFAULT_WINDOW = 1000;

/**
 * Publishes `count` messages produced by `messageAt` (called lazily, so a caller can stream them) and
 * resolves with one outcome per message. A channel that dies (a 404 on the exchange, a lost connection)
 * fails the messages not yet confirmed; when nothing was confirmed and the reason is the target itself
 * (not found, access refused), that error is thrown instead so the user reads one sentence.
 */
export async function publishPipelined(
  channel: ConfirmChannel,
  count: number,
  messageAt: (index: number) => WireMessage,
  options: PipelineOptions,
): Promise<PublishReport> {
  const window = Math.max(1, options.window ?? DEFAULT_WINDOW);
  const outcomes: PublishOutcome[] = new Array<PublishOutcome>(count);
  const inFlight = new Map<number, InFlight>();
  let channelError: Error | undefined;
  let settled = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const onReturn = (msg: Message): void => {
    const f = msg.fields as Message['fields'] & { replyCode?: number; replyText?: string };
    for (const entry of inFlight.values()) {
      if (entry.returned !== undefined) continue;
      const m = entry.message;
      if (m.exchange === f.exchange && m.routingKey === f.routingKey && m.content.equals(msg.content) && samePublishProperties(m.options, msg.properties)) {
        entry.returned = `${f.replyText ?? 'NO_ROUTE'} (${f.replyCode ?? 312}): no queue is bound to exchange '${f.exchange || '(default)'}' for routing key '${f.routingKey}'`;
        return;
      }
    }
  };
  const onClose = (): void => notify();
  const onError = (err: Error): void => {
    channelError = err;
    notify();
  };
  channel.on('return', onReturn);
  channel.on('close', onClose);
  channel.on('error', onError);

  let progressAt = 0;
  const progress = (): void => {
    if (!options.onProgress) return;
    if (settled === count || settled - progressAt >= 500) {
      progressAt = settled;
      options.onProgress(settled, count);
    }
  };

  const settle = (entry: InFlight, err: unknown): void => {
    if (!inFlight.delete(entry.index)) return;
    if (err) {
      const closed = /channel closed/i.test(err instanceof Error ? err.message : String(err));
      outcomes[entry.index] = closed
        ? { status: 'failed', reason: 'the channel closed before the broker confirmed it; it may or may not have been delivered.' }
        : { status: 'nacked', reason: 'the broker refused it (basic.nack), e.g. a queue with overflow reject-publish is full; nothing was stored.' };
    } else if (entry.returned !== undefined) {
      outcomes[entry.index] = { status: 'returned', reason: entry.returned };
    } else {
      outcomes[entry.index] = { status: 'confirmed' };
      options.onConfirmed?.(entry.index);
    }
    settled++;
    progress();
    notify();
  };

  const waitFor = (cond: () => boolean): Promise<void> =>
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (cond() || channelError || options.signal?.aborted) resolve();
        else wake = check;
      };
      check();
    });

  let sent = 0;
  try {
    while (sent < count && !channelError && !options.signal?.aborted) {
      if (inFlight.size >= window) {
        await waitFor(() => inFlight.size < window);
        continue;
      }
      const index = sent++;
      const message = messageAt(index);
      const entry: InFlight = { index, message };
      inFlight.set(index, entry);
      let writable: boolean;
      try {
        writable = channel.publish(message.exchange, message.routingKey, message.content, message.options, (err) => settle(entry, err));
      } catch (err) {
        // amqplib throws synchronously once the channel is closed.
        inFlight.delete(index);
        channelError ??= err as Error;
        outcomes[index] = { status: 'failed', reason: 'the channel was closed before it could be sent; it was not delivered.' };
        settled++;
        break;
      }
      if (!writable) await waitDrain(channel, () => channelError !== undefined || options.signal?.aborted === true);
    }
    await waitFor(() => inFlight.size === 0);
    // If the channel died, amqplib failed every pending callback with "channel closed"; give them a moment.
    if (inFlight.size > 0) await new Promise((r) => setTimeout(r, 50));
  } finally {
    channel.removeListener('return', onReturn);
    channel.removeListener('close', onClose);
    channel.removeListener('error', onError);
  }

  const mapped = channelError ? toBrokerError(channelError, options.context('Publishing')) : undefined;
  const cancelled = options.signal?.aborted === true;
  for (let i = 0; i < count; i++) {
    if (outcomes[i]) continue;
    outcomes[i] = cancelled && !mapped
      ? { status: 'failed', reason: 'cancelled before it was sent.' }
      : { status: 'failed', reason: mapped ? mapped.message : 'it was not sent.' };
  }
  const report = publishReport(outcomes);
  if (mapped && report.confirmed === 0 && ['notFound', 'accessRefused', 'preconditionFailed'].includes(mapped.code)) throw mapped;
  options.onProgress?.(settled, count);
  return report;
}

function waitDrain(channel: ConfirmChannel, stop: () => boolean): Promise<void> {
  if (stop()) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearInterval(poll);
      channel.removeListener('drain', done);
      channel.removeListener('close', done);
      resolve();
    };
    // 'drain' never comes if the channel dies meanwhile; a slow poll catches that.
    const poll = setInterval(() => {
      if (stop()) done();
    }, 100);
    channel.once('drain', done);
    channel.once('close', done);
  });
}

/** A stable text for header values as sent (Buffers, numbers, strings) and as amqplib decodes them back. */
function canonicalHeaders(headers: unknown): string {
  if (!headers || typeof headers !== 'object') return '{}';
  return JSON.stringify(headers, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) return `b:${Buffer.from((v as { data: number[] }).data).toString('base64')}`;
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    return v;
  });
}

/**
 * Whether a returned message's properties are those of a message we sent: headers and the identifying
 * properties. Messages that differ only in body are told apart by the body; two messages equal in all
 * of these would be routed alike, so telling them apart is not needed.
 */
function samePublishProperties(sent: Options.Publish, back: MessageProperties): boolean {
  for (const key of ['messageId', 'correlationId', 'type', 'appId', 'timestamp', 'contentType'] as const) {
    const a = sent[key];
    const b = back[key] as unknown;
    if ((a ?? undefined) !== (b ?? undefined)) return false;
  }
  return canonicalHeaders(sent.headers) === canonicalHeaders(back.headers);
}
