/**
 * Connections, channels and consumers, and the order in which a queue offers messages to its
 * consumers.
 *
 * Competing consumers are served round-robin the way rabbit_queue_consumers.erl (classic) and the
 * rabbit_fifo service queue (quorum) do it: the consumer at the head of the rotation gets the next
 * message and goes to the tail. A consumer found at its prefetch limit leaves the rotation and joins
 * the tail again only when an ack gives it room, so a slow consumer loses its turn rather than
 * stalling the queue. Higher x-priority consumers are always served first. With
 * x-single-active-consumer only the oldest consumer receives.
 */
import { RingDeque } from './ringDeque.js';
import { UnackedWindow } from './unackedWindow.js';
import type { DeliveryHandler } from './types.js';
import type { QueueEntry, RabbitQueue } from './queue.js';

/** An AMQP connection: owns channels and exclusive queues. */
export class ConnectionState {
  readonly channels = new Set<ChannelState>();
  open = true;

  constructor(readonly id: number, readonly name: string) {}
}

/** An AMQP channel: delivery tags, unacked messages, consumers, QoS and confirm mode. */
export class ChannelState {
  nextTag = 1;
  /** Unacknowledged deliveries by tag, in tag order (ack-multiple relies on it). */
  readonly unacked = new UnackedWindow<QueueEntry>();
  readonly consumers = new Map<string, Consumer>();
  /** basic.qos global=false: applies to consumers created after it. 0 = unlimited. */
  prefetch = 0;
  /** basic.qos global=true: one limit shared by the channel's consumers. */
  globalPrefetch = 0;
  globalUnacked = 0;
  confirm = false;
  publishSeq = 0;
  open = true;

  constructor(readonly id: number, readonly connection: ConnectionState) {}
}

/** One basic.consume. */
export class Consumer {
  unacked = 0;
  /** Out of the rotation because it was found at its prefetch limit. */
  blocked = false;
  /** Streams: next offset to deliver. */
  offset = 0;
  cancelled = false;

  constructor(
    readonly tag: string,
    readonly channel: ChannelState,
    readonly queue: RabbitQueue,
    readonly noAck: boolean,
    readonly prefetch: number,
    readonly priority: number,
    readonly exclusive: boolean,
    readonly handler: DeliveryHandler,
    readonly onCancel: ((tag: string) => void) | undefined,
  ) {}

  /** True when QoS allows one more delivery. */
  canReceive(): boolean {
    if (this.noAck) return true;
    if (this.prefetch > 0 && this.unacked >= this.prefetch) return false;
    const ch = this.channel;
    return ch.globalPrefetch === 0 || ch.globalUnacked < ch.globalPrefetch;
  }
}

/** The consumers of one queue and whose turn it is. */
export class ConsumerRotation {
  /** Registration order (single active consumer, listing). */
  readonly all: Consumer[] = [];
  private readonly levels = new Map<number, RingDeque<Consumer>>();
  private priorities: number[] = [];

  constructor(private readonly singleActive: boolean) {}

  get size(): number {
    return this.all.length;
  }

  add(c: Consumer): void {
    this.all.push(c);
    let level = this.levels.get(c.priority);
    if (!level) {
      level = new RingDeque<Consumer>(4);
      this.levels.set(c.priority, level);
      this.priorities = [...this.levels.keys()].sort((a, b) => b - a);
    }
    level.push(c);
  }

  remove(c: Consumer): void {
    const i = this.all.indexOf(c);
    if (i >= 0) this.all.splice(i, 1);
    const level = this.levels.get(c.priority);
    if (level) {
      for (let j = 0; j < level.length; j++) {
        if (level.at(j) === c) {
          level.removeAt(j);
          break;
        }
      }
    }
  }

  /**
   * The consumer that gets the next message, or undefined when none can take one. Consumers found
   * at their limit are moved out of the rotation (as RabbitMQ blocks them).
   */
  next(): Consumer | undefined {
    if (this.singleActive) {
      const c = this.all[0];
      return c && c.canReceive() ? c : undefined;
    }
    const priorities = this.priorities;
    for (let p = 0; p < priorities.length; p++) {
      const level = this.levels.get(priorities[p]!)!;
      while (level.length > 0) {
        const c = level.peek()!;
        if (c.canReceive()) return c;
        level.shift();
        c.blocked = true;
      }
    }
    return undefined;
  }

  /** After `c` (returned by next) received a message: it goes to the back of its level. */
  rotate(c: Consumer): void {
    if (this.singleActive) return;
    const level = this.levels.get(c.priority)!;
    if (level.peek() === c) {
      level.shift();
      level.push(c);
    }
  }

  /** An ack gave a blocked consumer room: it rejoins at the tail. */
  unblock(c: Consumer): void {
    if (!c.blocked || c.cancelled) return;
    c.blocked = false;
    if (!this.singleActive) this.levels.get(c.priority)?.push(c);
  }
}
