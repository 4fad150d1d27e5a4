/**
 * Consumers, acknowledgements and channels: round-robin, prefetch, ack/nack/reject, the
 * redelivered flag, basic.get, what a closing channel does, exclusivity and auto-delete.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delivery } from '../../../../src/extension/core/simulator/rabbitmq/types.js';
import { harness, replyCodeOf, text } from './helpers.js';

function collect(into: Delivery[]): (d: Delivery) => void {
  return (d) => into.push(d);
}

describe('consumers', () => {
  it('deals messages round-robin among competing consumers', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    const seen: string[] = [];
    for (const name of ['A', 'B', 'C']) h.broker.consume(h.ch, 'q', (d) => seen.push(`${name}${text(d.body)}`), { noAck: true });
    for (let i = 1; i <= 6; i++) h.pub('', 'q', String(i));
    assert.deepEqual(seen, ['A1', 'B2', 'C3', 'A4', 'B5', 'C6']);
  });

  it('stops delivering to a consumer at its prefetch and resumes, at the back of the line, on ack', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.broker.qos(h.ch, 1);
    const a: Delivery[] = [];
    const b: Delivery[] = [];
    h.broker.consume(h.ch, 'q', collect(a));
    h.broker.consume(h.ch, 'q', collect(b));
    for (let i = 1; i <= 4; i++) h.pub('', 'q', String(i));
    assert.deepEqual([a.length, b.length], [1, 1]);
    assert.equal(h.broker.inspect.queue('q')!.messages, 2);
    h.broker.ack(h.ch, a[0]!.deliveryTag);
    assert.deepEqual(a.map((d) => text(d.body)), ['1', '3']);
    h.broker.ack(h.ch, b[0]!.deliveryTag);
    assert.deepEqual(b.map((d) => text(d.body)), ['2', '4']);
  });

  it('puts a consumer that was full back at the tail of the rotation when it acks (as 3.10.8 does)', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    const chA = h.broker.openChannel();
    const chB = h.broker.openChannel();
    h.broker.qos(chA, 1);
    h.broker.qos(chB, 10);
    const log: string[] = [];
    const held: Delivery[] = [];
    h.broker.consume(chA, 'q', (d) => {
      log.push(`A${text(d.body)}`);
      held.push(d);
    });
    h.broker.consume(chB, 'q', (d) => log.push(`B${text(d.body)}`));
    for (const b of ['1', '2', '3']) h.pub('', 'q', b);
    h.broker.ack(chA, held[0]!.deliveryTag);
    for (const b of ['4', '5']) h.pub('', 'q', b);
    // Recorded on RabbitMQ 3.10.8: a turn-pointer round-robin would have given A4 B5.
    assert.deepEqual(log, ['A1', 'B2', 'B3', 'B4', 'A5']);
  });

  it('applies a global (channel-wide) prefetch across the channel\'s consumers', () => {
    const h = harness();
    for (const q of ['q1', 'q2']) h.broker.declareQueue(q, { durable: false });
    h.broker.qos(h.ch, 2, true);
    const got: Delivery[] = [];
    h.broker.consume(h.ch, 'q1', collect(got));
    h.broker.consume(h.ch, 'q2', collect(got));
    for (let i = 0; i < 3; i++) {
      h.pub('', 'q1', 'x');
      h.pub('', 'q2', 'y');
    }
    assert.equal(got.length, 2);
    h.broker.ack(h.ch, got[0]!.deliveryTag);
    assert.equal(got.length, 3);
  });

  it('serves higher x-priority consumers first while they have room', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.broker.qos(h.ch, 1);
    const low: Delivery[] = [];
    const high: Delivery[] = [];
    h.broker.consume(h.ch, 'q', collect(low));
    h.broker.consume(h.ch, 'q', collect(high), { arguments: { 'x-priority': 10 } });
    h.pub('', 'q', '1');
    h.pub('', 'q', '2');
    assert.deepEqual([text(high[0]!.body), text(low[0]!.body)], ['1', '2']);
  });

  it('with x-single-active-consumer only the first consumer receives until it goes', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-single-active-consumer': true } });
    const a: Delivery[] = [];
    const b: Delivery[] = [];
    const tagA = h.broker.consume(h.ch, 'q', collect(a), { noAck: true });
    h.broker.consume(h.ch, 'q', collect(b), { noAck: true });
    h.pub('', 'q', '1');
    h.pub('', 'q', '2');
    h.broker.cancel(h.ch, tagA);
    h.pub('', 'q', '3');
    assert.deepEqual([a.length, b.length], [2, 1]);
  });

  it('acks several messages at once with multiple, and tag 0 with multiple acks all', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    for (let i = 0; i < 5; i++) h.pub('', 'q', String(i));
    const ds = [0, 1, 2, 3, 4].map(() => h.get('q')!);
    h.broker.ack(h.ch, ds[2]!.deliveryTag, true);
    assert.equal(h.broker.inspect.queue('q')!.unacked, 2);
    h.broker.ack(h.ch, 0, true);
    assert.equal(h.broker.inspect.queue('q')!.unacked, 0);
  });

  it('closes the channel with 406 on an unknown delivery tag, requeueing what it held', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'held');
    const d = h.get('q')!;
    assert.equal(replyCodeOf(() => h.broker.ack(h.ch, d.deliveryTag + 5)), 406);
    assert.equal(h.broker.isChannelOpen(h.ch), false);
    assert.equal(h.broker.inspect.queue('q')!.messages, 1);
  });

  it('nack with requeue puts classic messages back in their original positions, marked redelivered', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    for (let i = 1; i <= 5; i++) h.pub('', 'q', String(i));
    const got = [1, 2, 3, 4, 5].map(() => h.get('q')!);
    h.broker.nack(h.ch, got[1]!.deliveryTag, false, true);
    h.broker.nack(h.ch, got[3]!.deliveryTag, false, true);
    h.broker.nack(h.ch, got[0]!.deliveryTag, false, true);
    const again: string[] = [];
    for (let d = h.get('q'); d; d = h.get('q')) again.push(`${text(d.body)}${d.redelivered ? 'r' : ''}:${d.messageCount}`);
    assert.deepEqual(again, ['1r:2', '2r:1', '4r:0']);
  });

  it('quorum queues requeue at the head in return order and count deliveries in x-delivery-count', () => {
    const h = harness();
    h.broker.declareQueue('qq', { arguments: { 'x-queue-type': 'quorum' } });
    for (let i = 1; i <= 5; i++) h.pub('', 'qq', String(i));
    const got = [1, 2, 3, 4, 5].map(() => h.get('qq')!);
    assert.equal(got[0]!.headers!['x-delivery-count'], 0);
    for (const i of [1, 3, 0]) h.broker.nack(h.ch, got[i]!.deliveryTag, false, true);
    const again = [1, 2, 3].map(() => h.get('qq')!);
    assert.deepEqual(again.map((d) => `${text(d.body)}${d.redelivered ? 'r' : ''}/${d.headers!['x-delivery-count']}`), ['2r/1', '4r/1', '1r/1']);
  });

  it('quorum: a closed channel returns its unacked messages in delivery order, each counted (as 3.10.8 does)', () => {
    const h = harness();
    h.broker.declareQueue('qq', { arguments: { 'x-queue-type': 'quorum' } });
    for (let i = 1; i <= 5; i++) h.pub('', 'qq', String(i));
    const ch = h.broker.openChannel();
    const got = [1, 2, 3, 4, 5].map(() => h.broker.get(ch, 'qq')!);
    for (const i of [1, 3, 0]) h.broker.nack(ch, got[i]!.deliveryTag, false, true);
    for (let i = 0; i < 3; i++) h.broker.get(ch, 'qq');
    h.broker.closeChannel(ch);
    const after: string[] = [];
    for (let d = h.get('qq', true); d; d = h.get('qq', true)) after.push(`${text(d.body)}/${d.headers!['x-delivery-count']}`);
    assert.deepEqual(after, ['3/1', '5/1', '2/2', '4/2', '1/2']);
  });

  it('dead-letters a quorum message returned more than x-delivery-limit times, with reason delivery_limit', () => {
    const h = harness();
    h.broker.declareQueue('dlq', { durable: false });
    h.broker.declareQueue('qq', { arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    h.pub('', 'qq', 'poison');
    for (let i = 0; i < 3; i++) h.broker.nack(h.ch, h.get('qq')!.deliveryTag, false, true);
    assert.equal(h.get('qq'), null);
    const dl = h.get('dlq', true)!;
    assert.equal((dl.headers!['x-death'] as Record<string, unknown>[])[0]!['reason'], 'delivery_limit');
    assert.equal(dl.headers!['x-delivery-count'], undefined);
  });

  it('reject without requeue discards or dead-letters; auto-ack consumers never hold messages', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'x');
    h.broker.reject(h.ch, h.get('q')!.deliveryTag, false);
    assert.equal(h.broker.inspect.queue('q')!.messages + h.broker.inspect.queue('q')!.unacked, 0);
    const got: Delivery[] = [];
    h.broker.consume(h.ch, 'q', collect(got), { noAck: true });
    h.pub('', 'q', 'y');
    assert.equal(got.length, 1);
    assert.equal(h.broker.inspect.queue('q')!.unacked, 0);
  });

  it('returns a dead consumer\'s unacked messages to the other consumer, in order and redelivered', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    const chA = h.broker.openChannel();
    const chB = h.broker.openChannel();
    h.broker.qos(chA, 10);
    h.broker.qos(chB, 1);
    const a: Delivery[] = [];
    const b: Delivery[] = [];
    h.broker.consume(chA, 'q', collect(a));
    h.broker.consume(chB, 'q', collect(b));
    for (let i = 1; i <= 5; i++) h.pub('', 'q', String(i));
    assert.deepEqual(a.map((d) => text(d.body)), ['1', '3', '4', '5']);
    h.broker.closeChannel(chA);
    h.broker.ack(chB, b[0]!.deliveryTag);
    assert.deepEqual(b.map((d) => `${text(d.body)}${d.redelivered ? 'r' : ''}`), ['2', '1r']);
    assert.equal(h.broker.inspect.queue('q')!.messages, 3);
  });

  it('cancelling a consumer does not requeue what it holds; closing the channel does', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    const tag = h.broker.consume(h.ch, 'q', () => undefined);
    h.pub('', 'q', 'x');
    h.broker.cancel(h.ch, tag);
    assert.equal(h.broker.inspect.queue('q')!.unacked, 1);
    h.broker.closeChannel(h.ch);
    assert.equal(h.broker.inspect.queue('q')!.messages, 1);
  });

  it('basic.get returns null on an empty queue and counts the messages left', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    assert.equal(h.get('q'), null);
    h.pub('', 'q', 'a');
    h.pub('', 'q', 'b');
    assert.equal(h.get('q', true)!.messageCount, 1);
  });

  it('reports publisher confirms with increasing sequence numbers', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    assert.equal(h.pub('', 'q', 'before').confirm, undefined);
    h.broker.confirmSelect(h.ch);
    assert.deepEqual([h.pub('', 'q', 'a'), h.pub('', 'q', 'b')].map((r) => [r.confirm, r.sequence]), [['ack', 1], ['ack', 2]]);
  });

  it('locks an exclusive queue to its connection (405) and deletes it when the connection closes', () => {
    const h = harness();
    const conn = h.broker.openConnection();
    const owner = h.broker.openChannel(conn);
    h.broker.declareQueue('mine', { exclusive: true, durable: false, channel: owner });
    const other = h.broker.openChannel();
    assert.equal(replyCodeOf(() => h.broker.consume(other, 'mine', () => undefined)), 405);
    assert.equal(replyCodeOf(() => h.broker.get(h.broker.openChannel(), 'mine')), 405);
    assert.equal(h.pub('', 'mine', 'publishing is allowed').queues.length, 1);
    h.broker.closeConnection(conn);
    assert.equal(h.broker.inspect.queue('mine'), undefined);
  });

  it('refuses a second consumer beside an exclusive one, and an exclusive one beside others (403)', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.broker.consume(h.ch, 'q', () => undefined, { exclusive: true });
    assert.equal(replyCodeOf(() => h.broker.consume(h.broker.openChannel(), 'q', () => undefined)), 403);
    h.broker.declareQueue('q2', { durable: false });
    const ch2 = h.broker.openChannel();
    h.broker.consume(ch2, 'q2', () => undefined);
    assert.equal(replyCodeOf(() => h.broker.consume(ch2, 'q2', () => undefined, { exclusive: true })), 403);
  });

  it('deletes an auto-delete queue when its last consumer goes, and tells other consumers when a queue is deleted', () => {
    const h = harness();
    h.broker.declareQueue('auto', { durable: false, autoDelete: true });
    const tag = h.broker.consume(h.ch, 'auto', () => undefined);
    h.broker.cancel(h.ch, tag);
    assert.equal(h.broker.inspect.queue('auto'), undefined);
    h.broker.declareQueue('doomed', { durable: false });
    const cancelled: string[] = [];
    const t2 = h.broker.consume(h.ch, 'doomed', () => undefined, { onCancel: (t) => cancelled.push(t) });
    h.broker.deleteQueue('doomed');
    assert.deepEqual(cancelled, [t2]);
  });

  it('lets a consumer callback ack and publish without recursion, in delivery order', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.broker.qos(h.ch, 1);
    const order: string[] = [];
    h.broker.consume(h.ch, 'q', (d) => {
      order.push(text(d.body));
      if (text(d.body).length < 4) h.pub('', 'q', `${text(d.body)}+`);
      h.broker.ack(h.ch, d.deliveryTag);
    });
    h.pub('', 'q', 'a');
    assert.deepEqual(order, ['a', 'a+', 'a++', 'a+++']);
  });
});
