/**
 * basic.ack, basic.nack, basic.reject and what a closing channel does to its unacknowledged
 * messages, as RabbitMQ 3.10 does them:
 *
 * - delivery tags are per channel; `multiple` settles every tag up to and including the given
 *   one, and tag 0 with multiple settles all; an unknown tag is a 406 that closes the channel
 *   (RabbitMQ's collect_acks/5, checked on 3.10.8: "unknown delivery tag 99");
 * - requeue: classic queues put messages back in their original position, quorum queues at the
 *   head (the returns FIFO) after counting the delivery; a quorum message returned more than
 *   x-delivery-limit times is dead-lettered with reason 'delivery_limit';
 * - a requeue can push a drop-head queue over its limit: it then drops from the head
 *   (requeue_and_run/2 calls maybe_drop_head/1);
 * - reject/nack without requeue dead-letters with reason 'rejected' (or discards);
 * - a closed channel's consumers are removed first, then its unacked messages are requeued as by
 *   a nack, so other consumers get them (quorum: the delivery counts, as rabbit_fifo counts a
 *   return on consumer down; checked on 3.10.8).
 */
import { AmqpError, ReplyCode, resourceName } from './amqpError.js';
import type { ChannelState, Consumer } from './consumers.js';
import type { RabbitEngine } from './engine.js';
import type { QueueEntry, RabbitQueue } from './queue.js';

/** Takes the entries a settle names off the channel, in tag order; throws 406 for an unknown tag. */
export function collectTags(ch: ChannelState, tag: number, multiple: boolean): QueueEntry[] {
  if (multiple && tag === 0) {
    const all = ch.unacked.values();
    ch.unacked.clear();
    return all;
  }
  if (!ch.unacked.has(tag)) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `unknown delivery tag ${tag}`);
  if (!multiple) {
    const e = ch.unacked.get(tag)!;
    ch.unacked.delete(tag);
    return [e];
  }
  return ch.unacked.takeUpTo(tag);
}

/** Throws RabbitMQ's 540 when a nack/reject names a stream delivery. */
export function assertNotStream(entries: readonly QueueEntry[]): void {
  const s = entries.find((e) => e.queue.stream);
  if (s) throw new AmqpError(ReplyCode.NOT_IMPLEMENTED, `basic.nack and basic.reject not supported by stream queues ${resourceName('queue', s.queue.name)}`);
}

/** Counter bookkeeping for settled entries; returns the queues whose consumers may have room now. */
function release(entries: readonly QueueEntry[]): RabbitQueue[] {
  const touched: RabbitQueue[] = [];
  const consumers: Consumer[] = [];
  for (const e of entries) {
    const c = e.consumer;
    if (c) {
      c.unacked--;
      c.channel.globalUnacked--;
      if (consumers.indexOf(c) < 0) consumers.push(c);
    }
    if (!e.queue.stream) e.queue.unackedCount--;
    e.consumer = undefined;
    e.tag = 0;
    if (touched.indexOf(e.queue) < 0) touched.push(e.queue);
  }
  for (const c of consumers) {
    if (c.blocked && c.canReceive()) c.queue.consumers.unblock(c);
    const ch = c.channel;
    if (ch.globalPrefetch > 0) {
      for (const other of ch.consumers.values()) {
        if (other.blocked && other.canReceive()) {
          other.queue.consumers.unblock(other);
          if (touched.indexOf(other.queue) < 0) touched.push(other.queue);
        }
      }
    }
  }
  return touched;
}

/** basic.ack. */
export function ack(engine: RabbitEngine, ch: ChannelState, tag: number, multiple: boolean): void {
  if (!multiple) {
    // The common case, kept free of the batch bookkeeping's allocations.
    const e = ch.unacked.get(tag);
    if (e === undefined) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `unknown delivery tag ${tag}`);
    ch.unacked.delete(tag);
    const q = e.queue;
    const c = e.consumer;
    if (engine.listener && !q.deleted && !q.stream) engine.emit('acked', e.msg.id, q.name, undefined, undefined, undefined, c?.tag, tag);
    e.consumer = undefined;
    e.tag = 0;
    if (!q.stream) q.unackedCount--;
    if (c) {
      c.unacked--;
      ch.globalUnacked--;
      if (ch.globalPrefetch > 0) {
        for (const other of ch.consumers.values()) {
          if (other.blocked && other.canReceive()) {
            other.queue.consumers.unblock(other);
            if (!other.queue.deleted) engine.dispatchQueue(other.queue);
          }
        }
      } else if (c.blocked && c.canReceive()) q.consumers.unblock(c);
    }
    if (!q.deleted) engine.dispatchQueue(q);
    return;
  }
  const entries = collectTags(ch, tag, multiple);
  if (engine.listener) {
    for (const e of entries) {
      if (!e.queue.deleted && !e.queue.stream) engine.emit('acked', e.msg.id, e.queue.name, undefined, undefined, undefined, e.consumer?.tag, e.tag);
    }
  }
  for (const q of release(entries)) if (!q.deleted) engine.dispatchQueue(q);
}

/** basic.nack / basic.reject. */
export function nack(engine: RabbitEngine, ch: ChannelState, tag: number, multiple: boolean, requeue: boolean): void {
  const peek = multiple ? ch.unacked.values().filter((e) => tag === 0 || e.tag <= tag) : [ch.unacked.get(tag)].filter((e) => e !== undefined);
  assertNotStream(peek);
  const entries = collectTags(ch, tag, multiple);
  for (const e of entries) if (!e.queue.deleted) engine.emit('nacked', e.msg.id, e.queue.name, requeue ? 'requeue' : 'discard', undefined, undefined, e.consumer?.tag, e.tag);
  const touched = release(entries);
  if (requeue) returnEntries(engine, entries);
  else {
    const now = engine.clock.now();
    for (const e of entries) if (!e.queue.deleted) engine.deadLetter(e.queue, e.msg, 'rejected', now, true);
  }
  for (const q of touched) if (!q.deleted) engine.dispatchQueue(q);
}

/** Puts released entries (in tag order) back into their queues, as a requeue does. */
export function returnEntries(engine: RabbitEngine, entries: readonly QueueEntry[]): void {
  const now = engine.clock.now();
  const byQueue = new Map<RabbitQueue, QueueEntry[]>();
  for (const e of entries) {
    if (e.queue.deleted || e.queue.stream) continue;
    const list = byQueue.get(e.queue);
    if (list) list.push(e);
    else byQueue.set(e.queue, [e]);
  }
  for (const [q, list] of byQueue) {
    let kept = list;
    if (q.type === 'quorum') {
      kept = [];
      const limit = q.config.deliveryLimit;
      for (const e of list) {
        e.deliveryCount++;
        if (limit !== undefined && e.deliveryCount > limit) engine.deadLetter(q, e.msg, 'delivery_limit', now, true);
        else kept.push(e);
      }
    }
    for (const e of kept) engine.emit('requeued', e.msg.id, q.name);
    q.requeue(kept, now);
    if (q.config.overflow === 'drop-head') engine.dropHeadWhileOver(q, now);
    if (engine.timed.has(q)) engine.expireHeads(q, now);
    engine.dispatchQueue(q);
  }
}

/** A channel closes: its consumers go, then its unacked messages are requeued. */
export function closeChannelState(engine: RabbitEngine, ch: ChannelState, cancel: (c: Consumer) => void): void {
  if (!ch.open) return;
  ch.open = false;
  for (const c of [...ch.consumers.values()]) cancel(c);
  const entries = ch.unacked.values();
  ch.unacked.clear();
  release(entries);
  returnEntries(engine, entries);
}
