/**
 * Dead-letter queues: list messages with their parsed x-death history, and move selected ones back to
 * where they died (or to a chosen exchange). A move republishes on a confirm channel and acknowledges
 * the source message only after the target confirmed it, so a failure at any moment (even a dropped
 * connection) loses nothing: each message is in the source, the target, or, when the connection died
 * between the target's confirm and the source's ack reaching the broker, in both (at-least-once).
 *
 * Record ids are fingerprints (SHA-256 of body and properties, plus an occurrence number for identical
 * copies), because a queue has no stable message ids; they stay valid while the queue is not reordered.
 */
import { createHash } from 'node:crypto';
import type { GetMessage, Message, Options } from 'amqplib';
import type { CallOptions, DeadLetter, DeadLettersFacet } from '../../model/adapter.js';
import { NO_ORIGIN_REASON, originOfDeath, parseDeaths } from '../../rules/xDeath.js';
import { BrokerError } from '../../model/errors.js';
import { publishReport, type PublishOutcome, type PublishReport } from '../../model/message.js';
import type { AmqpConnection } from './connection.js';
import { closeQuietly } from './connection.js';
import { toBrokerError } from './errors.js';
import { publishPipelined, type WireMessage } from './publisher.js';
import { getEach, waitForRequeue } from './queuePeek.js';
import type { QueueOps } from './queueOps.js';
import { toRecord } from './records.js';

/** x-death is read by the shared rule; re-exported for callers that know it from here. */
export { parseDeaths };

function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $b: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** Assigns fingerprint ids in queue order; identical messages get #1, #2, ... */
export class FingerprintIds {
  private readonly seen = new Map<string, number>();

  next(message: Message): string {
    const hash = createHash('sha256').update(message.content).update(JSON.stringify(canonical(message.properties))).digest('hex').slice(0, 20);
    const n = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, n);
    return `${hash}#${n}`;
  }
}

/** The properties of a fetched message, to republish it unchanged. */
export function republishOptions(message: Message, username: string): Options.Publish {
  const p = message.properties;
  const options: Options.Publish = { mandatory: true };
  if (p.headers) options.headers = p.headers;
  for (const key of ['contentType', 'contentEncoding', 'deliveryMode', 'priority', 'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'appId'] as const) {
    if (p[key] !== undefined) (options as Record<string, unknown>)[key] = p[key];
  }
  // RabbitMQ rejects a user-id that is not the publishing user (406, closing the channel); keep it only when it matches.
  if (p.userId !== undefined && p.userId === username) options.userId = p.userId;
  return options;
}

/** Implementation of the DeadLettersFacet. */
export class RabbitDeadLetters implements DeadLettersFacet {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly queues: QueueOps,
  ) {}

  /** Peeks (get and requeue) up to `limit` messages with their x-death history. */
  async list(queue: string, limit: number): Promise<DeadLetter[]> {
    const action = `Listing dead letters of queue '${queue}'`;
    const facts = await this.queues.describe(queue, action);
    if (facts.type === 'stream') {
      throw new BrokerError('unsupported', `${action} is not possible: it is a stream, and dead-lettering targets classic or quorum queues; browse it instead.`);
    }
    const ids = new FingerprintIds();
    const out: DeadLetter[] = [];
    await this.connection.withChannel({ action, timeoutMs: 0 }, async (channel) => {
      const n = await getEach(channel, queue, Math.max(1, limit), (message) => {
        const record = toRecord(message, { id: ids.next(message), destination: queue });
        out.push({ record, deaths: parseDeaths(message.properties.headers as Record<string, unknown> | undefined) });
        return true;
      });
      if (n > 0) channel.nackAll(true);
    });
    if (out.length > 0) await waitForRequeue(this.connection, queue, facts.messageCount);
    return out;
  }

  async move(
    queue: string,
    ids: readonly string[],
    target: 'original' | { readonly exchange: string; readonly routingKey: string },
    options: CallOptions = {},
  ): Promise<PublishReport> {
    const action = `Moving ${ids.length} message(s) out of queue '${queue}'`;
    const facts = await this.queues.describe(queue, action);
    if (facts.type === 'stream') throw new BrokerError('unsupported', `${action} is not possible: messages cannot be removed from a stream.`);
    const outcomes = new Map<string, PublishOutcome>();
    const wanted = new Set(ids);
    const source = await this.connection.openChannel({ action });
    try {
      // 1. Take messages from the head (unacked) until every wanted id is found or the queue ends.
      const fingerprints = new FingerprintIds();
      const picked: { id: string; message: GetMessage; wire: WireMessage }[] = [];
      const depth = facts.messageCount + ids.length;
      await getEach(source, queue, Math.max(depth, 1), (message) => {
        const id = fingerprints.next(message);
        if (!wanted.has(id) || outcomes.has(id)) return true;
        const destination = target === 'original' ? originOfDeath(message.properties.headers as Record<string, unknown> | undefined) : target;
        if (!destination) {
          outcomes.set(id, { status: 'failed', reason: NO_ORIGIN_REASON });
        } else {
          picked.push({ id, message, wire: { ...destination, content: message.content, options: republishOptions(message, this.connection.config.username) } });
        }
        return picked.length + outcomes.size < wanted.size;
      }, options.signal);

      // 2. Republish with confirms; ack each source message only once its copy is confirmed.
      // basic.ack has no answer, so a round trip on the source channel (processed after the acks before
      // it) proves the broker removed the originals; a move is reported done only up to the last one.
      if (picked.length > 0) {
        const acked: number[] = [];
        let proven = 0;
        let proving: Promise<void> = Promise.resolve();
        const prove = (): void => {
          const upTo = acked.length;
          proving = proving.then(async () => {
            await source.checkQueue(queue);
            proven = Math.max(proven, upTo);
          });
        };
        const report = await this.connection.withConfirmChannel({ action, timeoutMs: 0 }, (channel) =>
          publishPipelined(channel, picked.length, (i) => picked[i]!.wire, {
            window: 256,
            context: (a) => this.connection.context(`${action}: ${a}`),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
            onConfirmed: (i) => {
              acked.push(i);
              try {
                source.ack(picked[i]!.message);
              } catch {
                // The source channel is gone: the broker requeued the message, so it is in both places.
              }
              if (acked.length % 256 === 0) prove();
            },
          }),
        ).catch(async (error: unknown) => {
          await proving.catch(() => undefined);
          throw error;
        });
        prove();
        await proving.catch(() => undefined);
        report.outcomes.forEach((o, i) => outcomes.set(picked[i]!.id, o));
        for (const i of acked.slice(proven)) {
          outcomes.set(picked[i]!.id, {
            status: 'failed',
            reason: `it was copied, but the connection to RabbitMQ was lost before the broker confirmed removing the original, so it may be in both queues; check queue '${queue}' before moving it again.`,
          });
        }
      }
      // 3. Give back everything not moved.
      try {
        source.nackAll(true);
      } catch {
        // channel already closed: the broker requeued them itself
      }
    } catch (error) {
      throw toBrokerError(error, this.connection.context(action));
    } finally {
      await closeQuietly(source);
    }
    return publishReport(ids.map((id) => outcomes.get(id) ?? { status: 'failed', reason: `message ${id} was not found in queue '${queue}' (already moved or consumed?).` }));
  }
}
