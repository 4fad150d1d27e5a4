/**
 * basic.get, and where a stream consumer starts reading (x-stream-offset).
 */
import { AmqpError, ReplyCode, resourceName } from './amqpError.js';
import { readTimestampMs } from './amqpValues.js';
import type { ChannelState } from './consumers.js';
import type { RabbitEngine } from './engine.js';
import type { RabbitQueue } from './queue.js';
import type { ConsumeOptions, Delivery } from './types.js';

/** Takes the next ready message for basic.get; null when the queue is empty. */
export function fetchOne(engine: RabbitEngine, ch: ChannelState, q: RabbitQueue, noAck: boolean): { seq: number; delivery: Delivery } | null {
  if (q.stream) throw new AmqpError(ReplyCode.NOT_IMPLEMENTED, `basic.get not supported by stream queues ${resourceName('queue', q.name)}`);
  const now = engine.clock.now();
  q.lastUsed = now;
  const e = q.shift(now);
  if (!e) return null;
  if (engine.timed.has(q)) engine.expireHeads(q, now);
  const tag = ch.nextTag++;
  const quorum = q.type === 'quorum';
  const headers = quorum ? { ...(e.msg.headers ?? {}), 'x-delivery-count': e.deliveryCount } : e.msg.headers;
  const delivery: Delivery = {
    queue: q.name, deliveryTag: tag, redelivered: quorum ? e.deliveryCount > 0 : e.redelivered, exchange: e.msg.exchange,
    routingKey: e.msg.routingKey, properties: e.msg.properties, headers, body: e.msg.body, messageCount: q.readyCount,
    encoded: e.msg.encoded,
    verbatim: !quorum && !e.msg.modified && e.msg.encoded !== undefined,
  };
  e.redelivered = true;
  engine.emit('delivered', e.msg.id, q.name, 'get', undefined, undefined, undefined, tag);
  if (noAck) engine.emit('acked', e.msg.id, q.name, 'auto', undefined, undefined, undefined, tag);
  else {
    e.tag = tag;
    e.consumer = undefined;
    ch.unacked.set(tag, e);
    q.unackedCount++;
  }
  return { seq: e.seq, delivery };
}

/** Where a stream consumer starts (x-stream-offset; default 'next'). 541 for a spec RabbitMQ cannot read. */
export function streamStart(q: RabbitQueue, spec: unknown): number {
  const log = q.stream!;
  if (spec === undefined || spec === 'next') return log.nextOffset;
  if (spec === 'first') return log.firstOffset;
  if (spec === 'last') return Math.max(log.firstOffset, log.nextOffset - 1);
  if (typeof spec === 'number' && Number.isInteger(spec) && spec >= 0) return Math.min(Math.max(spec, log.firstOffset), log.nextOffset);
  const ts = readTimestampMs(spec);
  if (ts !== undefined) return log.offsetForTimestamp(ts);
  // RabbitMQ 3.10.8 closes the connection with a bare 541 INTERNAL_ERROR here.
  throw new AmqpError(ReplyCode.INTERNAL_ERROR, `invalid x-stream-offset ${String(spec)}`);
}

/** basic.consume checks: tag reuse (530), stream prerequisites (406/540), exclusive use (403). */
export function assertCanConsume(ch: ChannelState, q: RabbitQueue, tag: string, options: ConsumeOptions): void {
  if (ch.consumers.has(tag)) throw new AmqpError(ReplyCode.NOT_ALLOWED, `attempt to reuse consumer tag '${tag}'`);
  if (q.stream) {
    if (options.noAck) throw new AmqpError(ReplyCode.NOT_IMPLEMENTED, `automatic acknowledgement not supported by stream queues ${resourceName('queue', q.name)}`);
    if (ch.prefetch === 0) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `consumer prefetch count is not set for '${resourceName('queue', q.name)}'`);
  }
  if (q.consumers.size > 0 && (options.exclusive || q.consumers.all.some((c) => c.exclusive))) {
    throw new AmqpError(ReplyCode.ACCESS_REFUSED, `${resourceName('queue', q.name)} in exclusive use`);
  }
}
