/**
 * Storage of one queue: ready messages in delivery order, counters, head expiry, length limits.
 * Delivery to consumers, acks and dead-lettering live in engine.ts; this file only keeps order.
 *
 * Classic queues (rabbit_variable_queue / rabbit_priority_queue):
 * - one FIFO per priority level when x-max-priority is set (priority above the max counts as the
 *   max, no priority as 0); the highest non-empty level is served first, and drop-head drops from it
 *   too (checked on 3.10.8: max-length 2 holding p0,p5 then p1 published keeps p1,p0);
 * - a requeued message goes back to its original position: requeued entries are merged into the
 *   ready FIFO by their sequence number (checked on 3.10.8: 1..5 fetched, 2,4,1 nacked → 1,2,4);
 * - expiry: every message carries an absolute expiry, but only heads are examined, so an expired
 *   message behind a live one stays (and counts) until it reaches the head, as RabbitMQ does.
 * Quorum queues (rabbit_fifo): returned messages go to a `returns` FIFO served before new ones, in
 * the order they were returned, so a requeue puts a message at the head, not back in place.
 */
import { RingDeque } from './ringDeque.js';
import { ConsumerRotation } from './consumers.js';
import type { Consumer } from './consumers.js';
import type { QueueConfig } from './queueArguments.js';
import type { StreamLog } from './streamLog.js';
import type { StoredMessage } from './types.js';

/** One copy of a message in one queue (also the unacked record while delivered). */
export interface QueueEntry {
  readonly msg: StoredMessage;
  /** Position in its queue: increases with every enqueue; requeued classic messages go back by it. */
  readonly seq: number;
  readonly priority: number;
  /** Absolute expiry time (ms), or Infinity. */
  readonly expiresAt: number;
  readonly queue: RabbitQueue;
  /** Classic: delivered before (RabbitMQ's is_delivered mark). */
  redelivered: boolean;
  /** Quorum: times returned (x-delivery-count). */
  deliveryCount: number;
  /** While unacked: the channel delivery tag and consumer (undefined for basic.get). */
  tag: number;
  consumer: Consumer | undefined;
}

/** Static properties of a queue. */
export interface QueueProps {
  readonly name: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  /** Owning connection id of an exclusive queue. */
  readonly exclusiveOwner: number | undefined;
  readonly args: Readonly<Record<string, unknown>>;
  readonly config: QueueConfig;
}

/** A classic, quorum or stream queue. */
export class RabbitQueue {
  readonly name: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly exclusiveOwner: number | undefined;
  readonly args: Readonly<Record<string, unknown>>;
  readonly config: QueueConfig;
  readonly consumers: ConsumerRotation;
  /** Set for streams. */
  stream: StreamLog | undefined;

  /** Classic: one FIFO per priority (index = priority). Quorum: [messages]. */
  private readonly levels: RingDeque<QueueEntry>[];
  /** Quorum only: returned messages, served first. */
  private readonly returns: RingDeque<QueueEntry> | undefined;
  readyCount = 0;
  readyBytes = 0;
  unackedCount = 0;
  private nextSeq = 1;
  /** Routing scratch mark (see exchanges.ts), so a route dedupes queues without allocating a Set. */
  routeMark = 0;
  /** Consumed at least once (auto-delete only deletes a queue that had a consumer). */
  hadConsumer = false;
  /** Last declare/get/consume/cancel (x-expires counts unused time from here). */
  lastUsed: number;
  /** When the current head became head; an expiry fires at max(expiresAt, headSince). */
  headSince: number;
  /** Quorum reject-publish: enqueuers are refused until the queue drains below 80% of its limit. */
  rejectingPublish = false;
  deleted = false;

  constructor(props: QueueProps, now: number) {
    this.name = props.name;
    this.durable = props.durable;
    this.autoDelete = props.autoDelete;
    this.exclusiveOwner = props.exclusiveOwner;
    this.args = props.args;
    this.config = props.config;
    this.consumers = new ConsumerRotation(props.config.singleActiveConsumer);
    const levels = props.config.type === 'classic' && props.config.maxPriority !== undefined ? props.config.maxPriority + 1 : 1;
    this.levels = [];
    for (let i = 0; i < levels; i++) this.levels.push(new RingDeque<QueueEntry>());
    this.returns = props.config.type === 'quorum' ? new RingDeque<QueueEntry>() : undefined;
    this.lastUsed = now;
    this.headSince = now;
  }

  get type(): QueueConfig['type'] {
    return this.config.type;
  }

  /** A new entry for `msg`, not yet stored. */
  makeEntry(msg: StoredMessage, now: number): QueueEntry {
    const cfg = this.config;
    let priority = 0;
    if (cfg.maxPriority !== undefined) {
      const p = msg.properties.priority ?? 0;
      priority = p > cfg.maxPriority ? cfg.maxPriority : p < 0 ? 0 : p;
    }
    let ttl = msg.ttl;
    if (cfg.messageTtl !== undefined && (ttl < 0 || cfg.messageTtl < ttl)) ttl = cfg.messageTtl;
    return {
      msg,
      seq: this.nextSeq++,
      priority,
      expiresAt: ttl < 0 ? Infinity : now + ttl,
      queue: this,
      redelivered: false,
      deliveryCount: 0,
      tag: 0,
      consumer: undefined,
    };
  }

  /** Appends a ready entry. */
  push(entry: QueueEntry, now: number): void {
    if (this.readyCount === 0) this.headSince = now;
    this.levels[entry.priority]!.push(entry);
    this.readyCount++;
    this.readyBytes += entry.msg.body.length;
  }

  /** The ready entry that would be delivered next. */
  head(): QueueEntry | undefined {
    if (this.readyCount === 0) return undefined;
    if (this.returns && this.returns.length > 0) return this.returns.peek();
    for (let p = this.levels.length - 1; p >= 0; p--) {
      const e = this.levels[p]!.peek();
      if (e) return e;
    }
    return undefined;
  }

  /** Removes and returns the next ready entry. */
  shift(now: number): QueueEntry | undefined {
    if (this.readyCount === 0) return undefined;
    let e: QueueEntry | undefined;
    if (this.returns && this.returns.length > 0) e = this.returns.shift();
    else {
      for (let p = this.levels.length - 1; p >= 0 && !e; p--) e = this.levels[p]!.shift();
    }
    if (e) {
      this.readyCount--;
      this.readyBytes -= e.msg.body.length;
      this.headSince = now;
    }
    return e;
  }

  /**
   * Puts delivered entries back (sorted by delivery tag). Classic: each to its original position.
   * Quorum: to the tail of the returns FIFO (the caller counted the delivery first).
   */
  requeue(entries: readonly QueueEntry[], now: number): void {
    if (entries.length === 0) return;
    this.headSince = now;
    for (const e of entries) {
      e.tag = 0;
      e.consumer = undefined;
      this.readyCount++;
      this.readyBytes += e.msg.body.length;
    }
    if (this.returns) {
      for (const e of entries) this.returns.push(e);
      return;
    }
    for (let p = 0; p < this.levels.length; p++) {
      const mine = entries.filter((e) => e.priority === p);
      if (mine.length > 0) mergeBySeq(this.levels[p]!, mine);
    }
  }

  /** Removes every ready entry; returns them in delivery order. */
  purge(): QueueEntry[] {
    const out = this.readyEntries();
    for (const level of this.levels) level.clear();
    this.returns?.clear();
    this.readyCount = 0;
    this.readyBytes = 0;
    return out;
  }

  /** Ready entries in delivery order (a snapshot). */
  readyEntries(): QueueEntry[] {
    const out: QueueEntry[] = this.returns ? this.returns.toArray() : [];
    for (let p = this.levels.length - 1; p >= 0; p--) {
      const level = this.levels[p]!;
      for (let i = 0; i < level.length; i++) out.push(level.at(i)!);
    }
    return out;
  }

  /** Removes one ready entry by sequence number (dead-letter moves). */
  removeBySeq(seq: number): QueueEntry | undefined {
    const fifos = this.returns ? [this.returns, ...this.levels] : this.levels;
    for (const fifo of fifos) {
      for (let i = 0; i < fifo.length; i++) {
        if (fifo.at(i)!.seq === seq) {
          const e = fifo.removeAt(i)!;
          this.readyCount--;
          this.readyBytes -= e.msg.body.length;
          return e;
        }
      }
    }
    return undefined;
  }

  /**
   * The earliest expiry among the heads RabbitMQ watches: every priority level's head for classic
   * queues, only the next message for quorum queues (rabbit_fifo:expire_msgs looks at get_next_msg).
   */
  nextExpiry(): number {
    if (this.readyCount === 0) return Infinity;
    if (this.returns) return this.head()?.expiresAt ?? Infinity;
    let min = Infinity;
    for (const level of this.levels) {
      const e = level.peek();
      if (e && e.expiresAt < min) min = e.expiresAt;
    }
    return min;
  }

  /** Removes and returns a watched head that has expired by `now`, if any. */
  takeExpiredHead(now: number): QueueEntry | undefined {
    if (this.readyCount === 0) return undefined;
    const fifos = this.returns ? [this.returns.length > 0 ? this.returns : this.levels[0]!] : this.levels;
    for (let p = fifos.length - 1; p >= 0; p--) {
      const e = fifos[p]!.peek();
      if (e && e.expiresAt <= now) {
        fifos[p]!.shift();
        this.readyCount--;
        this.readyBytes -= e.msg.body.length;
        return e;
      }
    }
    return undefined;
  }

  /** Ready count or bytes above x-max-length / x-max-length-bytes. */
  isOverLimit(): boolean {
    const { maxLength, maxLengthBytes } = this.config;
    return (maxLength !== undefined && this.readyCount > maxLength) || (maxLengthBytes !== undefined && this.readyBytes > maxLengthBytes);
  }

  /** Classic will_overflow/2: would one more message of `size` bytes exceed a limit? */
  wouldOverflow(size: number): boolean {
    const { maxLength, maxLengthBytes } = this.config;
    return (maxLength !== undefined && this.readyCount + 1 > maxLength)
      || (maxLengthBytes !== undefined && this.readyBytes + size > maxLengthBytes);
  }

  /** Quorum is_below_soft_limit/1: at or below trunc(80%) of every limit. */
  isBelowSoftLimit(): boolean {
    const { maxLength, maxLengthBytes } = this.config;
    return (maxLength === undefined || this.readyCount <= Math.trunc(maxLength * 0.8))
      && (maxLengthBytes === undefined || this.readyBytes <= Math.trunc(maxLengthBytes * 0.8));
  }

  /** Total messages as RabbitMQ counts them (ready + unacked; streams: stored). */
  get depth(): number {
    return this.stream ? this.stream.length : this.readyCount + this.unackedCount;
  }
}

/** Merges `sorted` (ascending seq) into the front part of `fifo`, keeping seq order. */
function mergeBySeq(fifo: RingDeque<QueueEntry>, sorted: readonly QueueEntry[]): void {
  const items = sorted.length > 1 ? [...sorted].sort((a, b) => a.seq - b.seq) : sorted;
  const maxSeq = items[items.length - 1]!.seq;
  // Only ready entries older than the newest requeued one can interleave; take them off the front.
  const front: QueueEntry[] = [];
  while (fifo.length > 0 && fifo.peek()!.seq < maxSeq) front.push(fifo.shift()!);
  const merged: QueueEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < front.length || j < items.length) {
    if (j >= items.length || (i < front.length && front[i]!.seq < items[j]!.seq)) merged.push(front[i++]!);
    else merged.push(items[j++]!);
  }
  for (let k = merged.length - 1; k >= 0; k--) fifo.unshift(merged[k]!);
}
