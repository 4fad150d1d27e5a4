/**
 * Streams (kept after delivery, read by offset) and what a broker restart keeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delivery } from '../../../../src/extension/core/simulator/rabbitmq/types.js';
import { EPOCH, harness, replyCodeOf, text } from './helpers.js';

describe('streams', () => {
  function stream(): ReturnType<typeof harness> {
    const h = harness();
    h.broker.declareQueue('s', { arguments: { 'x-queue-type': 'stream' } });
    h.broker.qos(h.ch, 10);
    for (let i = 0; i < 3; i++) {
      h.pub('', 's', `s${i}`);
      h.clock.advanceBy(1000);
    }
    return h;
  }

  function read(h: ReturnType<typeof harness>, offset: unknown): string[] {
    const got: Delivery[] = [];
    h.broker.consume(h.ch, 's', (d) => {
      got.push(d);
      h.broker.ack(h.ch, d.deliveryTag);
    }, { arguments: offset === undefined ? {} : { 'x-stream-offset': offset } });
    return got.map((d) => `${text(d.body)}@${d.headers!['x-stream-offset']}`);
  }

  it('reads from first, a numeric offset, last, or a timestamp; next waits for new messages', () => {
    assert.deepEqual(read(stream(), 'first'), ['s0@0', 's1@1', 's2@2']);
    assert.deepEqual(read(stream(), 1), ['s1@1', 's2@2']);
    assert.deepEqual(read(stream(), 'last'), ['s2@2']);
    assert.deepEqual(read(stream(), { '!': 'timestamp', value: (EPOCH + 1000) / 1000 }), ['s1@1', 's2@2']);
    const h = stream();
    assert.deepEqual(read(h, undefined), []);
  });

  it('keeps messages after they are consumed and acked, for every reader', () => {
    const h = stream();
    read(h, 'first');
    assert.equal(h.broker.inspect.queue('s')!.messages, 3);
    assert.deepEqual(read(h, 'first'), ['s0@0', 's1@1', 's2@2']);
  });

  it('refuses what RabbitMQ refuses on streams: no prefetch (406), auto-ack, get, nack, purge (540)', () => {
    const h = harness();
    h.broker.declareQueue('s', { arguments: { 'x-queue-type': 'stream' } });
    assert.equal(replyCodeOf(() => h.broker.consume(h.ch, 's', () => undefined)), 406);
    const ch = h.broker.openChannel();
    h.broker.qos(ch, 5);
    assert.equal(replyCodeOf(() => h.broker.consume(ch, 's', () => undefined, { noAck: true })), 540);
    assert.equal(replyCodeOf(() => h.broker.get(h.broker.openChannel(), 's')), 540);
    assert.equal(replyCodeOf(() => h.broker.purge('s')), 540);
    const ch2 = h.broker.openChannel();
    h.broker.qos(ch2, 5);
    let tag = 0;
    h.broker.consume(ch2, 's', (d) => {
      tag = d.deliveryTag;
    }, { arguments: { 'x-stream-offset': 'first' } });
    h.pub('', 's', 'x', {}, h.broker.openChannel());
    assert.equal(replyCodeOf(() => h.broker.nack(ch2, tag)), 540);
    assert.equal(replyCodeOf(() => h.broker.declareQueue('s2', { arguments: { 'x-queue-type': 'stream', 'x-max-length': 3 } })), 406);
  });

  it('gives each consumer only as many unacked messages as its prefetch', () => {
    const h = stream();
    const ch = h.broker.openChannel();
    h.broker.qos(ch, 2);
    const got: Delivery[] = [];
    h.broker.consume(ch, 's', (d) => got.push(d), { arguments: { 'x-stream-offset': 'first' } });
    assert.equal(got.length, 2);
    h.broker.ack(ch, got[1]!.deliveryTag, true);
    assert.equal(got.length, 3);
  });
});

describe('restart', () => {
  it('keeps durable things and persistent messages, loses the rest', () => {
    const h = harness();
    h.broker.declareExchange('dx', 'direct', { durable: true });
    h.broker.declareExchange('tx', 'direct', { durable: false });
    h.broker.declareQueue('durable', { durable: true });
    h.broker.declareQueue('transient', { durable: false });
    h.broker.declareQueue('quorum', { arguments: { 'x-queue-type': 'quorum' } });
    h.broker.declareQueue('stream', { arguments: { 'x-queue-type': 'stream' } });
    h.broker.bind('durable', 'dx', 'k');
    h.broker.bind('transient', 'dx', 'k');
    h.broker.bind('durable', 'tx', 'k');
    for (const q of ['durable', 'transient', 'quorum', 'stream']) {
      h.pub('', q, `${q}-persistent`, { properties: { deliveryMode: 2 } });
      h.pub('', q, `${q}-transient`, { properties: { deliveryMode: 1 } });
    }
    h.broker.restart();
    const names = h.broker.inspect.listQueues().map((q) => q.name);
    assert.deepEqual(names, ['durable', 'quorum', 'stream']);
    assert.deepEqual(h.drain('durable'), ['durable-persistent']);
    assert.deepEqual(h.drain('quorum'), ['quorum-persistent', 'quorum-transient']);
    assert.equal(h.broker.inspect.queue('stream')!.messages, 2);
    const exchanges = h.broker.inspect.listExchanges().map((x) => x.name);
    assert.ok(exchanges.includes('dx') && !exchanges.includes('tx'));
    assert.deepEqual(h.broker.inspect.listBindings().filter((b) => b.source === 'dx').map((b) => b.destination), ['durable']);
  });

  it('puts unacked persistent messages back in place, marked redelivered; closes every channel', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: true });
    for (const b of ['1', '2', '3']) h.pub('', 'q', b, { properties: { deliveryMode: 2 } });
    h.get('q');
    h.broker.restart();
    assert.equal(h.broker.isChannelOpen(h.ch), false);
    const ch = h.broker.openChannel();
    const first = h.broker.get(ch, 'q', { noAck: true })!;
    assert.deepEqual([text(first.body), first.redelivered], ['1', true]);
  });

  it('recovers a durable auto-delete queue whose consumer went with the restart', () => {
    const h = harness();
    h.broker.declareQueue('ad', { durable: true, autoDelete: true });
    h.broker.consume(h.ch, 'ad', () => undefined);
    h.broker.restart();
    assert.ok(h.broker.inspect.queue('ad'));
  });

  it('deletes exclusive queues, whose connection is gone', () => {
    const h = harness();
    h.broker.declareQueue('excl', { durable: true, exclusive: true, channel: h.ch });
    h.broker.restart();
    assert.equal(h.broker.inspect.queue('excl'), undefined);
  });
});
