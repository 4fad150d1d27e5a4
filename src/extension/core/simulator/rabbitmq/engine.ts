/**
 * The state machine behind RabbitBroker: offering messages to queues (length limits, TTL),
 * delivering to consumers, expiry timers, dead-lettering and queue deletion.
 *
 * Every change of state happens synchronously inside one broker call. Consumer callbacks are not
 * called from inside a change: deliveries go to an outbox that the outermost broker call flushes,
 * so a callback that acks or publishes never recurses into half-updated state, and a delivery to a
 * channel that closed meanwhile is discarded as a real client discards it.
 *
 * Time: RabbitMQ expires messages from a timer set for the head. The engine never reads the wall
 * clock; each broker call first runs the timers due by clock.now() in time order, stamping each
 * expiry with the time it would have fired (max of its expiry and the moment it became head).
 */
import type { Clock } from '../clock.js';
import { RingDeque } from './ringDeque.js';
import { deadLetterMessage, isDeadLetterCycle } from './deadLetter.js';
import { type ExchangeState, routeToQueues } from './exchanges.js';
import type { RoutingTables } from './exchanges.js';
import { makeEvent } from './events.js';
import type { RabbitEventListener, RabbitEventType } from './events.js';
import type { Consumer } from './consumers.js';
import type { QueueEntry, RabbitQueue } from './queue.js';
import type { AmqpHeaders, DeathReason, Delivery, StoredMessage } from './types.js';

/** The engine's core; RabbitBroker is the public facade over it. */
export class RabbitEngine implements RoutingTables {
  readonly exchanges = new Map<string, ExchangeState>();
  readonly queues = new Map<string, RabbitQueue>();
  /** Queues with a TTL or x-expires: the only ones the timer pass looks at. */
  readonly timed = new Set<RabbitQueue>();
  listener: RabbitEventListener | undefined;
  private nextMessageId = 1;
  private readonly outConsumers = new RingDeque<Consumer>(64);
  private readonly outDeliveries = new RingDeque<Delivery | undefined>(64);
  private flushing = false;
  /** Queue deletions (auto-delete, exclusive, x-expires) are delegated to the broker, which owns bindings. */
  onDeleteQueue: (q: RabbitQueue, reason: string) => void = () => undefined;

  constructor(readonly clock: Clock) {}

  newMessageId(): number {
    return this.nextMessageId++;
  }

  emit(type: RabbitEventType, messageId: number, queue?: string, detail?: string | number, exchange?: string, routingKey?: string, consumerTag?: string, deliveryTag?: number): void {
    const listener = this.listener;
    if (listener) listener(makeEvent(type, this.clock.now(), messageId, queue, detail, exchange, routingKey, consumerTag, deliveryTag));
  }

  // ---- publishing -------------------------------------------------------------------------

  /** Offers `msg` to each queue; returns false when any queue refused it (publisher nack). */
  deliverToQueues(msg: StoredMessage, queues: readonly RabbitQueue[]): boolean {
    let accepted = true;
    for (let i = 0; i < queues.length; i++) if (!this.offer(queues[i]!, msg)) accepted = false;
    return accepted;
  }

  /** One queue receives one message; false when its overflow mode refused it. */
  offer(q: RabbitQueue, msg: StoredMessage): boolean {
    const now = this.clock.now();
    const cfg = q.config;
    if (q.stream) {
      const offset = q.stream.append(msg, now);
      this.emit('enqueued', msg.id, q.name, offset);
      this.dispatchStream(q);
      return true;
    }
    const limited = cfg.maxLength !== undefined || cfg.maxLengthBytes !== undefined;
    if (limited && cfg.overflow !== 'drop-head') {
      if (cfg.type === 'quorum') {
        // rabbit_fifo blocks enqueuers once over the limit and lets them go below 80% of it.
        if (q.isOverLimit()) q.rejectingPublish = true;
        else if (q.rejectingPublish && q.isBelowSoftLimit()) q.rejectingPublish = false;
        if (q.rejectingPublish) return this.refuse(q, msg);
      } else if (q.wouldOverflow(msg.body.length)) {
        if (cfg.overflow === 'reject-publish-dlx') this.deadLetter(q, msg, 'maxlen', now, false);
        return this.refuse(q, msg);
      }
    }
    const entry = q.makeEntry(msg, now);
    this.emit('enqueued', msg.id, q.name);
    if (entry.expiresAt !== Infinity) this.markTimed(q);
    if (cfg.type === 'classic' && q.readyCount === 0) {
      // attempt_delivery/4: straight to a consumer when one can take it, before any limit applies.
      const c = q.consumers.next();
      if (c) {
        this.deliver(q, entry, c);
        q.consumers.rotate(c);
        return true;
      }
    }
    q.push(entry, now);
    if (cfg.type === 'quorum') this.dispatchQueue(q);
    if (limited) {
      if (cfg.overflow === 'drop-head') this.dropHeadWhileOver(q, now);
      else if (cfg.type === 'quorum' && q.isOverLimit()) q.rejectingPublish = true;
    }
    if (q.readyCount > 0 && entry.expiresAt <= now) this.expireHeads(q, now);
    return true;
  }

  private refuse(q: RabbitQueue, msg: StoredMessage): false {
    this.emit('dropped', msg.id, q.name, 'reject-publish');
    return false;
  }

  /** maybe_drop_head/1: drop-head queues drop (or dead-letter) from the head while over a limit. */
  dropHeadWhileOver(q: RabbitQueue, now: number): void {
    while (q.isOverLimit()) {
      const e = q.shift(now);
      if (!e) break;
      this.deadLetter(q, e.msg, 'maxlen', now, true);
    }
  }

  // ---- delivering -------------------------------------------------------------------------

  /** Delivers ready messages while a consumer can take one. */
  dispatchQueue(q: RabbitQueue): void {
    if (q.stream) {
      this.dispatchStream(q);
      return;
    }
    const now = this.clock.now();
    while (q.readyCount > 0) {
      const c = q.consumers.next();
      if (!c) return;
      const e = q.shift(now)!;
      this.deliver(q, e, c);
      q.consumers.rotate(c);
      if (this.timed.has(q)) this.expireHeads(q, now);
    }
  }

  /** Hands `e` to consumer `c`: assigns the delivery tag, records it unacked, queues the callback. */
  deliver(q: RabbitQueue, e: QueueEntry, c: Consumer): void {
    const ch = c.channel;
    const tag = ch.nextTag++;
    const quorum = q.type === 'quorum';
    const msg = e.msg;
    const delivery: Delivery = {
      queue: q.name,
      consumerTag: c.tag,
      deliveryTag: tag,
      redelivered: quorum ? e.deliveryCount > 0 : e.redelivered,
      exchange: msg.exchange,
      routingKey: msg.routingKey,
      properties: msg.properties,
      headers: quorum ? withHeader(msg.headers, 'x-delivery-count', e.deliveryCount) : msg.headers,
      body: msg.body,
      encoded: msg.encoded,
      verbatim: !quorum && !msg.modified && msg.encoded !== undefined,
    };
    e.redelivered = true;
    q.hadConsumer = true;
    if (this.listener) this.emit('delivered', msg.id, q.name, undefined, undefined, undefined, c.tag, tag);
    if (c.noAck) {
      if (this.listener) this.emit('acked', msg.id, q.name, 'auto', undefined, undefined, c.tag, tag);
    } else {
      e.tag = tag;
      e.consumer = c;
      ch.unacked.set(tag, e);
      c.unacked++;
      ch.globalUnacked++;
      q.unackedCount++;
    }
    this.outConsumers.push(c);
    this.outDeliveries.push(delivery);
  }

  /** Streams: every consumer reads on from its own offset while it has credit. */
  dispatchStream(q: RabbitQueue): void {
    const log = q.stream!;
    for (const c of q.consumers.all) {
      while (c.offset < log.nextOffset && c.canReceive()) {
        if (c.offset < log.firstOffset) c.offset = log.firstOffset;
        const offset = c.offset++;
        const msg = log.read(offset)!;
        const entry: QueueEntry = {
          msg, seq: offset, priority: 0, expiresAt: Infinity, queue: q, redelivered: false, deliveryCount: 0, tag: 0, consumer: undefined,
        };
        const ch = c.channel;
        const tag = ch.nextTag++;
        entry.tag = tag;
        entry.consumer = c;
        ch.unacked.set(tag, entry);
        c.unacked++;
        ch.globalUnacked++;
        const delivery: Delivery = {
          queue: q.name, consumerTag: c.tag, deliveryTag: tag, redelivered: false, exchange: msg.exchange, routingKey: msg.routingKey,
          properties: msg.properties, headers: withHeader(msg.headers, 'x-stream-offset', offset), body: msg.body, offset,
          encoded: msg.encoded, verbatim: false,
        };
        this.emit('delivered', msg.id, q.name, offset, undefined, undefined, c.tag, tag);
        this.outConsumers.push(c);
        this.outDeliveries.push(delivery);
      }
    }
  }

  /** Queues a server-initiated basic.cancel notification. */
  notifyCancel(c: Consumer): void {
    if (!c.onCancel) return;
    this.outConsumers.push(c);
    this.outDeliveries.push(undefined);
  }

  /** Calls consumer callbacks queued by state changes; re-entrant calls return at once. */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outConsumers.length > 0) {
        const c = this.outConsumers.shift()!;
        const d = this.outDeliveries.shift();
        if (d === undefined) c.onCancel?.(c.tag);
        else if (!c.cancelled && c.channel.open) c.handler(d);
      }
    } finally {
      this.flushing = false;
    }
  }

  // ---- dead-lettering and expiry ---------------------------------------------------------

  /**
   * A copy leaves `q` for `reason`. With a dead-letter exchange it is republished there (new
   * message, x-death updated); otherwise it is discarded. `wasEnqueued` is false for
   * reject-publish-dlx, where the copy never entered the queue.
   */
  deadLetter(q: RabbitQueue, msg: StoredMessage, reason: DeathReason, time: number, wasEnqueued: boolean): void {
    const dlxName = q.config.deadLetterExchange;
    const dlx = dlxName === undefined ? undefined : this.exchanges.get(dlxName);
    if (!dlx || dlxName === undefined) {
      if (wasEnqueued) this.emit(reason === 'expired' ? 'expired' : 'dropped', msg.id, q.name, dlxName === undefined ? reason : 'no-dlx-exchange');
      return;
    }
    if (wasEnqueued) this.emit('dead-lettered', msg.id, q.name, reason);
    const next = deadLetterMessage(msg, reason, q.name, dlxName, q.config.deadLetterRoutingKey, time, this.newMessageId());
    const targets = routeToQueues(this, dlx, next.routingKeys, next.headers);
    this.emit(targets.length > 0 ? 'routed' : 'unroutable', next.id, undefined, targets.length > 0 ? targets.length : 'dropped', dlxName, next.routingKey);
    for (const t of targets) {
      if (isDeadLetterCycle(reason, next.headers, t.name)) {
        this.emit('dropped', next.id, t.name, 'cycle');
        continue;
      }
      this.offer(t, next);
    }
  }

  markTimed(q: RabbitQueue): void {
    if (!q.stream) this.timed.add(q);
  }

  /** Expires every watched head that is due by `now` (drop_expired_msgs/1). */
  expireHeads(q: RabbitQueue, now: number): void {
    for (let e = q.takeExpiredHead(now); e; e = q.takeExpiredHead(now)) this.deadLetter(q, e.msg, 'expired', now, true);
  }

  /** Runs, in time order, every message-expiry and queue-expiry timer due by clock.now(). */
  runTimers(): void {
    if (this.timed.size === 0) return;
    const now = this.clock.now();
    for (let guard = 0; guard < 10_000_000; guard++) {
      let best: RabbitQueue | undefined;
      let bestAt = Infinity;
      let bestIsQueueExpiry = false;
      for (const q of this.timed) {
        if (q.deleted) {
          this.timed.delete(q);
          continue;
        }
        const head = q.nextExpiry();
        if (head <= now) {
          const at = Math.max(head, q.headSince);
          if (at < bestAt) [best, bestAt, bestIsQueueExpiry] = [q, at, false];
        }
        const expires = q.config.expires;
        if (expires !== undefined && q.consumers.size === 0 && q.lastUsed + expires <= now && q.lastUsed + expires < bestAt) {
          [best, bestAt, bestIsQueueExpiry] = [q, q.lastUsed + expires, true];
        }
      }
      if (!best) return;
      if (bestIsQueueExpiry) {
        this.onDeleteQueue(best, 'expires');
        continue;
      }
      const e = best.takeExpiredHead(bestAt)!;
      best.headSince = bestAt;
      this.deadLetter(best, e.msg, 'expired', bestAt, true);
    }
  }
}

function withHeader(headers: AmqpHeaders | undefined, key: string, value: number): AmqpHeaders {
  const out: AmqpHeaders = headers ? { ...headers } : {};
  out[key] = value;
  return out;
}
