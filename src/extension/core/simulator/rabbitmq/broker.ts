/**
 * RabbitBroker: an in-memory broker that behaves as RabbitMQ 3.10 (AMQP 0-9-1) does, for the
 * simulator and for predicting what a real broker will do. Plain TypeScript, deterministic: time
 * comes only from the Clock passed in.
 *
 * The API follows AMQP: open a connection and channels, then declare, bind, publish, consume, ack.
 * Operations given a channel fail like AMQP: a channel-level error (403, 404, 405, 406) closes that
 * channel, returning its unacknowledged messages, and a connection-level one (503, 530, 540, 541)
 * closes the connection. Management-style calls without a channel just throw.
 */
import type { Clock } from '../clock.js';
import { AmqpError, ReplyCode, isAmqpError, notFound, resourceName } from './amqpError.js';
import { ChannelState, ConnectionState, Consumer } from './consumers.js';
import { RabbitEngine } from './engine.js';
import { routeToQueues } from './exchanges.js';
import type { RabbitEventListener } from './events.js';
import { buildMessage } from './publishing.js';
import type { RabbitQueue } from './queue.js';
import { ack, closeChannelState, nack } from './settlement.js';
import { Topology } from './topology.js';
import { assertCanConsume, fetchOne, streamStart } from './fetch.js';
import { restartBroker } from './restart.js';
import { BrokerInspector } from './inspect.js';
import type {
  ConsumeOptions, Delivery, DeliveryHandler, ExchangeDeclareOptions, PublishOptions, PublishResult, QueueDeclareOk, QueueDeclareOptions,
} from './types.js';

/** Options of {@link RabbitBroker}. */
export interface RabbitBrokerOptions {
  readonly clock: Clock;
  /** Receives every engine event (see events.ts). */
  readonly listener?: RabbitEventListener;
}

/** The simulated RabbitMQ broker (one vhost, '/'). */
export class RabbitBroker {
  /** @internal */ readonly engine: RabbitEngine;
  /** @internal */ readonly topology: Topology;
  /** Read-only views for adapters and panels. */
  readonly inspect: BrokerInspector;
  private readonly connections = new Map<number, ConnectionState>();
  private readonly channels = new Map<number, ChannelState>();
  private nextId = 1;
  private nextConsumerTag = 1;
  private restarting = false;

  constructor(options: RabbitBrokerOptions) {
    this.engine = new RabbitEngine(options.clock);
    this.engine.listener = options.listener;
    this.topology = new Topology(this.engine, (q) => this.onQueueRemoved(q));
    this.engine.onDeleteQueue = (q, reason) => this.topology.removeQueue(q, reason);
    this.inspect = new BrokerInspector(this.engine);
  }

  /** Sets or clears the event listener. */
  setListener(listener: RabbitEventListener | undefined): void {
    this.engine.listener = listener;
  }

  // ---- connections and channels -------------------------------------------------------------

  openConnection(name = 'connection'): number {
    const id = this.nextId++;
    this.connections.set(id, new ConnectionState(id, name));
    return id;
  }

  /** Closes a connection: its channels close (requeueing), its exclusive queues are deleted. */
  closeConnection(id: number): void {
    const conn = this.connections.get(id);
    if (!conn || !conn.open) return;
    this.run(() => {
      conn.open = false;
      for (const ch of [...conn.channels]) this.closeChannelNow(ch);
      for (const q of [...this.engine.queues.values()]) if (q.exclusiveOwner === id) this.topology.removeQueue(q, 'exclusive-owner-closed');
      this.connections.delete(id);
    });
  }

  /** Opens a channel, on `connection` or on a new connection of its own. */
  openChannel(connection?: number): number {
    const conn = this.connections.get(connection ?? this.openConnection());
    if (!conn || !conn.open) throw new AmqpError(ReplyCode.CHANNEL_ERROR, `connection ${connection} is closed`, 'connection');
    const ch = new ChannelState(this.nextId++, conn);
    conn.channels.add(ch);
    this.channels.set(ch.id, ch);
    return ch.id;
  }

  closeChannel(channel: number): void {
    const ch = this.channels.get(channel);
    if (ch) this.run(() => this.closeChannelNow(ch));
  }

  /** True while the connection is open. */
  isConnectionOpen(connection: number): boolean {
    return this.connections.get(connection)?.open ?? false;
  }

  /** True while the channel is open (an error may have closed it). */
  isChannelOpen(channel: number): boolean {
    return this.channels.get(channel)?.open ?? false;
  }

  /** The connection a channel belongs to. */
  connectionOf(channel: number): number | undefined {
    return this.channels.get(channel)?.connection.id;
  }

  /** basic.qos. global=false: limit for consumers created afterwards; true: one limit for the channel. */
  qos(channel: number, prefetchCount: number, global = false): void {
    this.onChannel(channel, (ch) => {
      if (global) ch.globalPrefetch = prefetchCount;
      else ch.prefetch = prefetchCount;
      for (const c of ch.consumers.values()) {
        if (c.blocked && c.canReceive()) c.queue.consumers.unblock(c);
        this.engine.dispatchQueue(c.queue);
      }
    });
  }

  /** confirm.select: later publishes on the channel report ack/nack. */
  confirmSelect(channel: number): void {
    this.onChannel(channel, (ch) => {
      ch.confirm = true;
    });
  }

  // ---- topology -------------------------------------------------------------------------------

  declareExchange(name: string, type: string, options: ExchangeDeclareOptions = {}): void {
    this.onOptionalChannel(options.channel, () => this.topology.declareExchange(name, type, options));
  }

  deleteExchange(name: string, options: { readonly ifUnused?: boolean; readonly channel?: number } = {}): void {
    this.onOptionalChannel(options.channel, () => this.topology.deleteExchange(name, options.ifUnused ?? false));
  }

  declareQueue(name: string, options: QueueDeclareOptions = {}): QueueDeclareOk {
    return this.onOptionalChannel(options.channel, (ch) => {
      const q = this.topology.declareQueue(name, options, ch?.connection.id);
      return { queue: q.name, messageCount: q.stream ? q.stream.length : q.readyCount, consumerCount: q.consumers.size };
    });
  }

  /** queue.delete; returns the ready message count. Deleting a missing queue returns 0. */
  deleteQueue(name: string, options: { readonly ifUnused?: boolean; readonly ifEmpty?: boolean; readonly channel?: number } = {}): number {
    return this.onOptionalChannel(options.channel, (ch) => {
      const q = this.engine.queues.get(name);
      if (!q) return 0;
      this.topology.assertAccess(q, ch?.connection.id);
      if (options.ifUnused && q.consumers.size > 0) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `${resourceName('queue', name)} in use`);
      if (options.ifEmpty && (q.stream ? q.stream.length : q.readyCount) > 0) {
        throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `${resourceName('queue', name)} not empty`);
      }
      return this.topology.removeQueue(q, 'deleted');
    });
  }

  bind(queue: string, exchange: string, routingKey = '', args: Readonly<Record<string, unknown>> = {}, options: { readonly channel?: number } = {}): void {
    this.onOptionalChannel(options.channel, (ch) => this.topology.bind(exchange, queue, 'queue', routingKey, args, ch?.connection.id));
  }

  unbind(queue: string, exchange: string, routingKey = '', args: Readonly<Record<string, unknown>> = {}, options: { readonly channel?: number } = {}): void {
    this.onOptionalChannel(options.channel, (ch) => this.topology.unbind(exchange, queue, 'queue', routingKey, args, ch?.connection.id));
  }

  /** exchange.bind: messages matching at `source` flow on to `destination`. */
  bindExchange(destination: string, source: string, routingKey = '', args: Readonly<Record<string, unknown>> = {}, options: { readonly channel?: number } = {}): void {
    this.onOptionalChannel(options.channel, () => this.topology.bind(source, destination, 'exchange', routingKey, args, undefined));
  }

  unbindExchange(destination: string, source: string, routingKey = '', args: Readonly<Record<string, unknown>> = {}, options: { readonly channel?: number } = {}): void {
    this.onOptionalChannel(options.channel, () => this.topology.unbind(source, destination, 'exchange', routingKey, args, undefined));
  }

  /** queue.purge: removes ready messages (not unacked ones); returns how many. */
  purge(queue: string, options: { readonly channel?: number } = {}): number {
    return this.onOptionalChannel(options.channel, (ch) => {
      const q = this.queueFor(queue, ch);
      if (q.stream) throw new AmqpError(ReplyCode.NOT_IMPLEMENTED, `queue.purge not supported by stream queues ${resourceName('queue', queue)}`);
      const removed = q.purge();
      for (const e of removed) this.engine.emit('dropped', e.msg.id, q.name, 'purged');
      return removed.length;
    });
  }

  // ---- messaging ------------------------------------------------------------------------------

  /** basic.publish. */
  publish(channel: number, exchange: string, routingKey: string, body: Uint8Array, options: PublishOptions = {}): PublishResult {
    return this.onChannel(channel, (ch) => {
      const engine = this.engine;
      const x = engine.exchanges.get(exchange);
      if (!x) throw notFound('exchange', exchange);
      if (x.internal) throw new AmqpError(ReplyCode.ACCESS_REFUSED, `cannot publish to internal ${resourceName('exchange', exchange)}`);
      const msg = buildMessage(engine.newMessageId(), exchange, routingKey, body, options.properties, options.headers, engine.clock.now(), options.encoded);
      const sequence = ch.confirm ? ++ch.publishSeq : undefined;
      const queues = routeToQueues(engine, x, msg.routingKeys, msg.headers);
      if (engine.listener) {
        engine.emit('published', msg.id, undefined, undefined, exchange, routingKey);
        if (queues.length > 0) engine.emit('routed', msg.id, undefined, queues.length, exchange, routingKey);
        else engine.emit('unroutable', msg.id, undefined, options.mandatory ? 'returned' : 'dropped', exchange, routingKey);
      }
      const accepted = engine.deliverToQueues(msg, queues);
      const names = queues.length === 1 ? [queues[0]!.name] : queues.map((q) => q.name);
      return {
        messageId: msg.id,
        queues: names,
        returned: queues.length === 0 && options.mandatory ? { replyCode: 312, replyText: 'NO_ROUTE' } : undefined,
        confirm: ch.confirm ? (accepted ? 'ack' : 'nack') : undefined,
        sequence,
      };
    });
  }

  /** basic.consume; returns the consumer tag. */
  consume(channel: number, queue: string, handler: DeliveryHandler, options: ConsumeOptions = {}): string {
    return this.onChannel(channel, (ch) => {
      const q = this.queueFor(queue, ch);
      const tag = options.consumerTag || `amq.ctag-${this.nextConsumerTag++}`;
      assertCanConsume(ch, q, tag, options);
      const priority = typeof options.arguments?.['x-priority'] === 'number' ? (options.arguments['x-priority'] as number) : 0;
      const c = new Consumer(tag, ch, q, options.noAck ?? false, ch.prefetch, priority, options.exclusive ?? false, handler, options.onCancel);
      if (q.stream) c.offset = streamStart(q, options.arguments?.['x-stream-offset']);
      ch.consumers.set(tag, c);
      q.consumers.add(c);
      q.hadConsumer = true;
      q.lastUsed = this.engine.clock.now();
      this.engine.dispatchQueue(q);
      return tag;
    });
  }

  /** basic.cancel. Unacked messages stay with the channel; an auto-delete queue goes with its last consumer. */
  cancel(channel: number, consumerTag: string): void {
    this.onChannel(channel, (ch) => {
      const c = ch.consumers.get(consumerTag);
      if (c) this.removeConsumer(c, true);
    });
  }

  ack(channel: number, deliveryTag: number, multiple = false): void {
    this.onChannel(channel, (ch) => ack(this.engine, ch, deliveryTag, multiple));
  }

  nack(channel: number, deliveryTag: number, multiple = false, requeue = true): void {
    this.onChannel(channel, (ch) => nack(this.engine, ch, deliveryTag, multiple, requeue));
  }

  reject(channel: number, deliveryTag: number, requeue = true): void {
    this.onChannel(channel, (ch) => nack(this.engine, ch, deliveryTag, false, requeue));
  }

  /** basic.recover (requeue): every unacked message of the channel goes back. */
  recover(channel: number): void {
    this.onChannel(channel, (ch) => {
      if (ch.unacked.size > 0) nack(this.engine, ch, 0, true, true);
    });
  }

  /** basic.get: the next ready message, or null when the queue is empty. */
  get(channel: number, queue: string, options: { readonly noAck?: boolean } = {}): Delivery | null {
    return this.onChannel(channel, (ch) => fetchOne(this.engine, ch, this.queueFor(queue, ch), options.noAck ?? false)?.delivery ?? null);
  }

  /**
   * A peek as a client can do it: basic.get (ack required) up to `max` messages on a channel of
   * its own, then close that channel so every message is requeued: classic queues get them back in
   * place with the redelivered flag set; quorum queues count a delivery for each. Returns each
   * delivery with the message's queue position (the BrokerRecord id).
   */
  peek(queue: string, max: number): { readonly seq: number; readonly delivery: Delivery }[] {
    const channel = this.openChannel();
    try {
      return this.onChannel(channel, (ch) => {
        const q = this.queueFor(queue, ch);
        const out: { seq: number; delivery: Delivery }[] = [];
        for (let i = 0; i < max; i++) {
          const got = fetchOne(this.engine, ch, q, false);
          if (!got) break;
          out.push(got);
        }
        return out;
      });
    } finally {
      this.closeConnection(this.connectionOf(channel) ?? -1);
    }
  }

  /**
   * Removes one ready message by its queue position (BrokerRecord id), for moving dead letters:
   * the caller republished it and got a confirm first.
   */
  removeReady(queue: string, seq: number): boolean {
    return this.run(() => {
      const q = this.engine.queues.get(queue);
      const e = q?.removeBySeq(seq);
      if (!q || !e) return false;
      this.engine.emit('dropped', e.msg.id, q.name, 'moved');
      return true;
    });
  }

  // ---- time and lifecycle -----------------------------------------------------------------

  /** Runs the timers (message TTL, queue x-expires) due by clock.now() and delivers what follows. */
  tick(): void {
    this.run(() => undefined);
  }

  /**
   * A broker restart: every connection drops (channels close, unacked messages are requeued,
   * exclusive queues go), then what is not durable is lost: transient queues, transient exchanges
   * with their bindings, and non-persistent messages in durable classic queues. Quorum queues and
   * streams keep every message.
   */
  restart(): void {
    this.run(() => {
      // The node stops before queues see their consumers go, so auto-delete queues are recovered.
      this.restarting = true;
      try {
        for (const id of [...this.connections.keys()]) this.closeConnection(id);
      } finally {
        this.restarting = false;
      }
      restartBroker(this.engine, this.topology);
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  private queueFor(name: string, ch: ChannelState | undefined): RabbitQueue {
    const q = this.engine.queues.get(name);
    if (!q) throw notFound('queue', name);
    this.topology.assertAccess(q, ch?.connection.id);
    return q;
  }

  /** Runs timers, the operation, then consumer callbacks. */
  private run<T>(op: () => T): T {
    this.engine.runTimers();
    const result = op();
    this.engine.flush();
    return result;
  }

  private onChannel<T>(channel: number, op: (ch: ChannelState) => T): T {
    const ch = this.channels.get(channel);
    if (!ch || !ch.open) throw new AmqpError(ReplyCode.CHANNEL_ERROR, `channel ${channel} is not open`, 'channel');
    return this.run(() => {
      try {
        return op(ch);
      } catch (err) {
        if (isAmqpError(err)) {
          if (err.scope === 'connection') this.closeConnection(ch.connection.id);
          else this.closeChannelNow(ch);
        }
        throw err;
      }
    });
  }

  private onOptionalChannel<T>(channel: number | undefined, op: (ch: ChannelState | undefined) => T): T {
    return channel === undefined ? this.run(() => op(undefined)) : this.onChannel(channel, op);
  }

  private closeChannelNow(ch: ChannelState): void {
    closeChannelState(this.engine, ch, (c) => this.removeConsumer(c, true));
    ch.connection.channels.delete(ch);
    this.channels.delete(ch.id);
  }

  private removeConsumer(c: Consumer, mayAutoDelete: boolean): void {
    if (c.cancelled) return;
    c.cancelled = true;
    c.channel.consumers.delete(c.tag);
    const q = c.queue;
    q.consumers.remove(c);
    q.lastUsed = this.engine.clock.now();
    if (mayAutoDelete && !this.restarting && q.autoDelete && !q.deleted && q.consumers.size === 0) this.topology.removeQueue(q, 'auto-delete');
  }

  /**
   * The queue is gone: its consumers are cancelled and told so (basic.cancel from the server), and
   * its unacked messages are gone too (a later ack of them is accepted and ignored).
   */
  private onQueueRemoved(q: RabbitQueue): void {
    for (const c of [...q.consumers.all]) {
      this.removeConsumer(c, false);
      this.engine.notifyCancel(c);
    }
    if (!this.engine.listener) return;
    for (const ch of this.channels.values()) {
      for (const e of ch.unacked.values()) if (e.queue === q) this.engine.emit('dropped', e.msg.id, q.name, 'deleted');
    }
  }
}
