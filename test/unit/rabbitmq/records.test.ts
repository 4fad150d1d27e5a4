/**
 * Pure conversions of the RabbitMQ adapter: amqplib messages → records (bytes copied, properties and
 * headers typed), OutgoingMessage → publish options, x-death parsing, and dead-letter fingerprint ids.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from 'amqplib';
import { FingerprintIds, parseDeaths, republishOptions } from '../../../src/extension/core/adapters/rabbitmq/deadLetters.js';
import { contentOf, publishOptions, streamOffsetOf, toRecord } from '../../../src/extension/core/adapters/rabbitmq/records.js';

function message(content: Buffer, headers: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Message {
  return {
    content,
    fields: { deliveryTag: 1, redelivered: true, exchange: 'x', routingKey: 'rk' },
    properties: {
      contentType: undefined, contentEncoding: undefined, headers, deliveryMode: undefined, priority: undefined, correlationId: undefined,
      replyTo: undefined, expiration: undefined, messageId: undefined, timestamp: undefined, type: undefined, userId: undefined, appId: undefined, clusterId: undefined,
      ...props,
    },
  };
}

describe('RabbitMQ records', () => {
  it('copies bytes out of the frame buffer and keeps fields, properties and typed headers', () => {
    const frame = Buffer.from('xxhelloyy');
    const content = frame.subarray(2, 7);
    const r = toRecord(message(content, { s: 'text', n: 42, b: true, raw: Buffer.from([1, 2]), ts: { '!': 'timestamp', value: 5 }, list: ['a', 1] }, { messageId: 'm', timestamp: 10, deliveryMode: 2 }), { id: '7', destination: 'q' });
    assert.equal(Buffer.from(r.value!).toString(), 'hello');
    frame.fill(0);
    assert.equal(Buffer.from(r.value!).toString(), 'hello', 'the record owns its bytes');
    assert.equal(r.id, '7');
    assert.equal(r.exchange, 'x');
    assert.equal(r.routingKey, 'rk');
    assert.equal(r.redelivered, true);
    assert.equal(r.timestamp, 10_000);
    assert.deepEqual(r.properties, { messageId: 'm', timestamp: 10, deliveryMode: 2 });
    assert.equal(r.headers.s, 'text');
    assert.equal(r.headers.n, 42);
    assert.equal(r.headers.b, true);
    assert.ok(r.headers.raw instanceof Uint8Array && !Buffer.isBuffer(r.headers.raw));
    assert.deepEqual(r.headers.ts, { '!': 'timestamp', value: 5 });
    assert.deepEqual(r.headers.list, ['a', 1]);
    assert.equal(r.key, null);
  });

  it('reads the stream offset header', () => {
    assert.equal(streamOffsetOf(message(Buffer.alloc(0), { 'x-stream-offset': 12 })), 12);
    assert.equal(streamOffsetOf(message(Buffer.alloc(0))), undefined);
  });

  it('turns an OutgoingMessage into publish options; Uint8Array headers become Buffers (AMQP byte arrays)', () => {
    const o = publishOptions({ value: 'v', headers: { a: 'x', raw: new Uint8Array([9]) }, properties: { contentType: 'text/plain', deliveryMode: 2, priority: 3, expiration: '100', correlationId: 'c', replyTo: 'r', messageId: 'm', timestamp: 1, type: 't', appId: 'app' } }, true);
    assert.equal(o.mandatory, true);
    assert.ok(Buffer.isBuffer((o.headers as Record<string, unknown>).raw));
    assert.deepEqual({ ...o, headers: undefined }, { mandatory: true, headers: undefined, contentType: 'text/plain', deliveryMode: 2, priority: 3, expiration: '100', correlationId: 'c', replyTo: 'r', messageId: 'm', timestamp: 1, type: 't', appId: 'app' });
    assert.equal(contentOf({ value: null }).length, 0);
    assert.equal(contentOf({ value: 'é' }).length, 2);
  });
});

describe('RabbitMQ dead letters (pure parts)', () => {
  it('parses x-death entries as RabbitMQ writes them', () => {
    const deaths = parseDeaths({
      'x-death': [
        { count: 2, reason: 'expired', queue: 'work', time: { '!': 'timestamp', value: 1_700_000_000 }, exchange: 'orders', 'routing-keys': ['orders.new', 'cc.key'], 'original-expiration': '100' },
        { count: 1, reason: 'rejected', queue: 'retry', time: { '!': 'timestamp', value: 1_600_000_000 }, exchange: '', 'routing-keys': ['retry'] },
      ],
    });
    assert.deepEqual(deaths, [
      { queue: 'work', reason: 'expired', count: 2, exchange: 'orders', routingKeys: ['orders.new', 'cc.key'], time: 1_700_000_000_000 },
      { queue: 'retry', reason: 'rejected', count: 1, exchange: '', routingKeys: ['retry'], time: 1_600_000_000_000 },
    ]);
    assert.deepEqual(parseDeaths(undefined), []);
    assert.deepEqual(parseDeaths({ 'x-death': 'nonsense' }), []);
  });

  it('gives identical messages distinct, stable fingerprint ids', () => {
    const a = new FingerprintIds();
    const b = new FingerprintIds();
    const m1 = message(Buffer.from('same'));
    const m2 = message(Buffer.from('same'));
    const m3 = message(Buffer.from('other'));
    const first = [a.next(m1), a.next(m2), a.next(m3)];
    assert.equal(new Set(first).size, 3);
    assert.deepEqual([b.next(m1), b.next(m2), b.next(m3)], first);
  });

  it('republishes with the original properties, dropping a user-id that is not ours', () => {
    const m = message(Buffer.from('x'), { 'x-death': [] }, { messageId: 'm', userId: 'someone-else', contentType: 'a/b' });
    const o = republishOptions(m, 'brokerlens');
    assert.equal(o.messageId, 'm');
    assert.equal(o.contentType, 'a/b');
    assert.equal(o.userId, undefined);
    assert.equal(o.mandatory, true);
    assert.equal(republishOptions(message(Buffer.from('x'), {}, { userId: 'brokerlens' }), 'brokerlens').userId, 'brokerlens');
  });
});
