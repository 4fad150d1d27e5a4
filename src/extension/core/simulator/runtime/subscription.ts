/**
 * What one subscriber saw: a RabbitMQ queue read by competing consumers, or a Kafka consumer group
 * on a topic. Several consumer definitions reading the same queue (or in the same group) share one
 * subscription, because for the broker they are one service.
 *
 * Definitions, stated once:
 * - delivered: a message handed to a consumer instance by the broker (a RabbitMQ delivery, a record
 *   returned by a Kafka poll), redeliveries included;
 * - duplicate: the application starts handling a message the same subscription already started
 *   handling once (it must be idempotent);
 * - order violation: a message completes for the first time after a later message of the same
 *   (producer, key) already completed;
 * - lost: see the drivers; a message owed to this subscriber that it will never complete.
 */
import { GrowableFlags, GrowableInt32 } from './growable.js';

/** Flag bits of a message in a subscription. */
export const Flag = {
  /** Handling started at least once. */
  SEEN: 1,
  /** Handled successfully at least once. */
  DONE: 2,
  /** Reached this subscriber (enqueued in its queue, or at/after its group's start offset). */
  OWED: 4,
  /** RabbitMQ: a copy is in the subscriber's queue (ready or unacked). */
  HELD: 8,
  /** RabbitMQ: left the queue by dead-lettering to an exchange that routed it on. */
  DEAD_LETTERED: 16,
} as const;

/** Counters and per-message flags of one subscriber. */
export class Subscription {
  readonly flags = new GrowableFlags(4096);
  /** Instances currently holding the message (buffered or processing). */
  private readonly inClient = new GrowableFlags(4096);
  private readonly lastSeq = new GrowableInt32(256);
  delivered = 0;
  redeliveries = 0;
  processed = 0;
  unique = 0;
  duplicates = 0;
  failures = 0;
  orderViolations = 0;
  /** Consumer definitions reading through this subscription. */
  readonly consumers: string[] = [];

  constructor(readonly name: string, readonly model: 'rabbitmq' | 'kafka') {}

  /** A message reached a consumer instance. */
  onDelivered(id: number, redelivered: boolean): void {
    this.delivered++;
    if (redelivered) this.redeliveries++;
    this.inClient.set(id, this.inClient.get(id) + 1);
  }

  /** The application starts handling a message; true when it is a duplicate. */
  onStart(id: number): boolean {
    const f = this.flags.get(id);
    this.flags.set(id, f | Flag.SEEN);
    if ((f & Flag.SEEN) !== 0) {
      this.duplicates++;
      return true;
    }
    return false;
  }

  /** Handled successfully; returns true the first time, checking per-key order then. */
  onDone(id: number, keyIndex: number, keySeq: number): boolean {
    this.processed++;
    this.release(id);
    const f = this.flags.get(id);
    if ((f & Flag.DONE) !== 0) return false;
    this.flags.set(id, f | Flag.DONE);
    this.unique++;
    if (keySeq < this.lastSeq.get(keyIndex)) this.orderViolations++;
    else this.lastSeq.set(keyIndex, keySeq);
    return true;
  }

  /** Handling failed. */
  onFailed(id: number): void {
    this.failures++;
    this.release(id);
  }

  /** An instance let go of the message without handling it (crash, lost connection, rebalance). */
  release(id: number): void {
    const n = this.inClient.get(id);
    if (n > 0) this.inClient.set(id, n - 1);
  }

  /** True while some instance holds the message. */
  isInClient(id: number): boolean {
    return this.inClient.get(id) > 0;
  }
}
