/**
 * A RabbitMQ consumer process: its own connection and channel, basic.qos prefetch, basic.consume,
 * and one of three acknowledgement strategies:
 * - ack-after: ack once handled (at-least-once: a crash returns the message, redelivered);
 * - ack-before: ack as handling starts (at-most-once: a crash loses the message being handled);
 * - auto-ack: no-ack consume, so the broker forgets each message as it sends it and ignores
 *   prefetch; a crash loses everything the process had buffered.
 * A failed handling is nacked (requeue, or reject to the dead-letter exchange) under ack-after; under
 * the other two the message is already gone.
 */
import { AmqpError } from '../rabbitmq/amqpError.js';
import type { RabbitBroker } from '../rabbitmq/broker.js';
import type { Delivery } from '../rabbitmq/types.js';
import type { ResolvedConsumer } from '../scenario/defaults.js';
import { Action, ConsumerInstance } from './consumerInstance.js';
import type { RunContext } from './context.js';
import { SIM_ID_HEADER } from './messages.js';
import type { Subscription } from './subscription.js';

/** What the instance needs from the driver. */
export interface RabbitInstanceHost {
  readonly broker: RabbitBroker;
  /** Declares the queue (and its bindings) if the topology left it to its first consumer. */
  ensureQueue(name: string): void;
  isStream(queue: string): boolean;
}

/** One RabbitMQ consumer process. */
export class RabbitInstance extends ConsumerInstance {
  private connection = -1;
  private channel = -1;
  private readonly onDelivery = (d: Delivery): void => this.handle(d);

  constructor(ctx: RunContext, def: ResolvedConsumer, index: number, sub: Subscription, private readonly host: RabbitInstanceHost) {
    super(ctx, def, index, sub);
  }

  start(): void {
    if (this.alive) return;
    this.alive = true;
    this.ctx.emit('consumer-started', -1, this.def.queue, -1, -1, 0, this.label, '');
    this.connectOrDie();
  }

  /** Connects; if the broker refuses (say the queue is gone), the process dies as a real one would. */
  private connectOrDie(): void {
    try {
      this.connect();
    } catch (err) {
      if (!(err instanceof AmqpError)) throw err;
      this.crash(err.message);
    }
  }

  crash(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.dropBuffer();
    const conn = this.connection;
    this.connection = -1;
    this.channel = -1;
    this.ctx.emit('consumer-crashed', -1, this.def.queue, -1, -1, 0, this.label, reason);
    // The broker sees the TCP connection close and requeues what was unacked.
    if (conn >= 0) this.host.broker.closeConnection(conn);
  }

  connectionLost(): void {
    if (!this.alive) return;
    this.dropBuffer();
    this.connection = -1;
    this.channel = -1;
    this.connectOrDie();
  }

  private connect(): void {
    const broker = this.host.broker;
    const def = this.def;
    this.host.ensureQueue(def.queue);
    this.connection = broker.openConnection(this.label);
    this.channel = broker.openChannel(this.connection);
    const noAck = def.rabbitStrategy === 'auto-ack';
    if (!noAck) broker.qos(this.channel, def.prefetch);
    const args = this.host.isStream(def.queue) ? { 'x-stream-offset': def.autoOffsetReset === 'earliest' ? 'first' : 'next' } : undefined;
    broker.consume(this.channel, def.queue, this.onDelivery, { consumerTag: this.label, noAck, arguments: args });
  }

  private handle(d: Delivery): void {
    const id = d.headers?.[SIM_ID_HEADER];
    if (typeof id !== 'number' || !this.alive) return;
    this.accept(id, d.deliveryTag, d.redelivered);
    this.startNext();
  }

  protected perform(action: number): void {
    if (action === Action.RESTART) this.start();
  }

  protected beforeHandling(_id: number, tag: number): void {
    if (this.def.rabbitStrategy === 'ack-before') this.settle(tag, 'ack');
  }

  protected afterSuccess(_id: number, tag: number): void {
    if (this.def.rabbitStrategy === 'ack-after') this.settle(tag, 'ack');
  }

  protected afterFailure(_id: number, tag: number): boolean {
    if (this.def.rabbitStrategy === 'ack-after') this.settle(tag, this.def.onFailure === 'requeue' ? 'requeue' : 'reject');
    return true;
  }

  protected onIdle(): void {
    // Push model: the broker delivers the next message when there is one.
  }

  private settle(tag: number, how: 'ack' | 'requeue' | 'reject'): void {
    const broker = this.host.broker;
    if (this.channel < 0 || !broker.isChannelOpen(this.channel)) return;
    try {
      if (how === 'ack') broker.ack(this.channel, tag);
      else broker.nack(this.channel, tag, false, how === 'requeue');
    } catch (err) {
      // A settle the broker refuses closes the channel, as in AMQP; the process then reconnects.
      if (!(err instanceof AmqpError)) throw err;
      this.ctx.emit('consumer-crashed', -1, this.def.queue, -1, -1, 0, this.label, err.message);
      this.connectionLost();
    }
  }
}
