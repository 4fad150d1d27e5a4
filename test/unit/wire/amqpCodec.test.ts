/**
 * Pins what the AMQP listener relies on in amqplib's generated definitions (lib/defs.js) and field
 * table codec: method ids as the AMQP 0-9-1 spec numbers them, the argument names the listener
 * reads, round trips in the server direction, and the header-type handling built on top.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Method, decodeMethod, decodeProperties, encodeHeaderFrame, encodeMethod, methodName, publishedHeaderTypes, rawHeaderFrame, typeHeaders,
} from '../../../src/extension/core/wire/amqp/codec.js';

/** (class, method) pairs from the AMQP 0-9-1 specification (and RabbitMQ's errata for exchange.unbind-ok). */
const SPEC: Readonly<Record<string, [number, number]>> = {
  ConnectionStart: [10, 10], ConnectionStartOk: [10, 11], ConnectionTune: [10, 30], ConnectionTuneOk: [10, 31], ConnectionOpen: [10, 40],
  ConnectionOpenOk: [10, 41], ConnectionClose: [10, 50], ConnectionCloseOk: [10, 51], ChannelOpen: [20, 10], ChannelOpenOk: [20, 11],
  ChannelFlow: [20, 20], ChannelClose: [20, 40], ChannelCloseOk: [20, 41], ExchangeDeclare: [40, 10], ExchangeDelete: [40, 20], ExchangeBind: [40, 30],
  ExchangeUnbind: [40, 40], ExchangeUnbindOk: [40, 51], QueueDeclare: [50, 10], QueueBind: [50, 20], QueuePurge: [50, 30], QueueDelete: [50, 40],
  QueueUnbind: [50, 50], BasicQos: [60, 10], BasicConsume: [60, 20], BasicCancel: [60, 30], BasicPublish: [60, 40], BasicReturn: [60, 50],
  BasicDeliver: [60, 60], BasicGet: [60, 70], BasicGetOk: [60, 71], BasicGetEmpty: [60, 72], BasicAck: [60, 80], BasicReject: [60, 90],
  BasicRecover: [60, 110], BasicNack: [60, 120], ConfirmSelect: [85, 10], ConfirmSelectOk: [85, 11], TxSelect: [90, 10],
};

/** Argument names the listener reads from each method it handles. */
const ARGS: Readonly<Record<string, readonly string[]>> = {
  ConnectionStartOk: ['clientProperties', 'mechanism', 'response', 'locale'],
  ConnectionTuneOk: ['channelMax', 'frameMax', 'heartbeat'],
  ConnectionOpen: ['virtualHost'],
  ExchangeDeclare: ['exchange', 'type', 'passive', 'durable', 'autoDelete', 'internal', 'nowait', 'arguments'],
  ExchangeDelete: ['exchange', 'ifUnused', 'nowait'],
  ExchangeBind: ['destination', 'source', 'routingKey', 'nowait', 'arguments'],
  QueueDeclare: ['queue', 'passive', 'durable', 'exclusive', 'autoDelete', 'nowait', 'arguments'],
  QueueBind: ['queue', 'exchange', 'routingKey', 'nowait', 'arguments'],
  QueueUnbind: ['queue', 'exchange', 'routingKey', 'arguments'],
  QueuePurge: ['queue', 'nowait'],
  QueueDelete: ['queue', 'ifUnused', 'ifEmpty', 'nowait'],
  BasicQos: ['prefetchSize', 'prefetchCount', 'global'],
  BasicConsume: ['queue', 'consumerTag', 'noAck', 'exclusive', 'nowait', 'arguments'],
  BasicCancel: ['consumerTag', 'nowait'],
  BasicPublish: ['exchange', 'routingKey', 'mandatory', 'immediate'],
  BasicGet: ['queue', 'noAck'],
  BasicAck: ['deliveryTag', 'multiple'],
  BasicNack: ['deliveryTag', 'multiple', 'requeue'],
  BasicReject: ['deliveryTag', 'requeue'],
  BasicRecover: ['requeue'],
  ChannelFlow: ['active'],
  ConfirmSelect: ['nowait'],
};

describe('AMQP codec over amqplib 2.x generated definitions', () => {
  it('numbers methods as the AMQP 0-9-1 specification does', () => {
    for (const [name, [cls, m]] of Object.entries(SPEC)) assert.equal(Method[name as keyof typeof Method], (cls << 16) | m, name);
    assert.equal(methodName(Method.BasicPublish), 'basic.publish');
    assert.equal(methodName(Method.QueueDeclareOk), 'queue.declare_ok');
  });

  it('decodes every argument the listener reads, under the names it reads them', () => {
    for (const [name, args] of Object.entries(ARGS)) {
      const id = Method[name as keyof typeof Method];
      const frame = encodeMethod(id, 3, { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('x'), locale: 'en_US', exchange: 'x', type: 'direct', destination: 'd', source: 's', queue: 'q', consumerTag: 'c', deliveryTag: 1, active: true, channelMax: 0, frameMax: 0, heartbeat: 0, virtualHost: '/', prefetchSize: 0, prefetchCount: 0 });
      const decoded = decodeMethod(id, frame.subarray(11, frame.length - 1));
      for (const a of args) assert.ok(a in decoded, `${name}.${a}`);
    }
  });

  it('encodes server methods that decode back to the same fields', () => {
    const frame = encodeMethod(Method.BasicDeliver, 7, { consumerTag: 'c', deliveryTag: 2 ** 40, redelivered: true, exchange: 'x', routingKey: 'k' });
    assert.equal(frame[0], 1);
    assert.equal(frame.readUInt16BE(1), 7);
    assert.equal(frame.readUInt32BE(3), frame.length - 8);
    assert.equal(frame[frame.length - 1], 0xce);
    assert.deepEqual(decodeMethod(Method.BasicDeliver, frame.subarray(11, -1)), { consumerTag: 'c', deliveryTag: 2 ** 40, redelivered: true, exchange: 'x', routingKey: 'k' });
  });

  it('a raw content header frame around a publisher\'s property bytes equals the one amqplib encodes', () => {
    const props = { contentType: 'text/plain', headers: { a: 1, s: 'x' }, deliveryMode: 2, messageId: 'm', timestamp: 1700000000 };
    const encoded = encodeHeaderFrame(5, 1234, props);
    const flagsAndProps = encoded.subarray(19, -1);
    assert.deepEqual(rawHeaderFrame(5, 1234, flagsAndProps), encoded);
    assert.deepEqual(decodeProperties(Buffer.from(flagsAndProps)).headers, { a: 1, s: 'x' });
  });

  it('keeps a publisher\'s numeric header types and types broker-added values as RabbitMQ does', () => {
    const published = encodeHeaderFrame(1, 0, {
      contentType: 'a', contentEncoding: 'b',
      headers: { int: { '!': 'int', value: 42 }, long: { '!': 'long', value: 7 }, short: { '!': 'short', value: 1 }, str: 'abc', flag: true, bin: Buffer.from([1]) },
    }).subarray(19, -1);
    const types = publishedHeaderTypes(published)!;
    assert.deepEqual([...types].map(([k, v]) => [k, v.tag]), [['int', 'I'], ['long', 'l'], ['short', 's'], ['str', 'S'], ['flag', 't'], ['bin', 'x']]);
    const headers = { int: 42, long: 7, short: 2, str: 'abc', 'x-delivery-count': 1, 'x-death': [{ count: 2, reason: 'rejected' }] };
    const typed = typeHeaders(headers, types);
    assert.deepEqual(typed['int'], { '!': 'int', value: 42 });
    assert.deepEqual(typed['long'], { '!': 'long', value: 7 });
    assert.equal(typed['short'], 2, 'a value the broker changed is left to amqplib');
    assert.deepEqual(typed['x-delivery-count'], { '!': 'long', value: 1 });
    assert.deepEqual(typed['x-death'], [{ count: { '!': 'long', value: 2 }, reason: 'rejected' }]);
    const reencoded = encodeHeaderFrame(1, 0, { headers: typed }).subarray(19, -1);
    assert.deepEqual([...publishedHeaderTypes(reencoded)!].map(([k, v]) => [k, v.tag]), [['int', 'I'], ['long', 'l'], ['short', 'b'], ['str', 'S'], ['x-delivery-count', 'l'], ['x-death', 'A']]);
  });

  it('reads no header types from properties without a headers table, or from bytes that do not parse', () => {
    assert.equal(publishedHeaderTypes(encodeHeaderFrame(1, 0, { messageId: 'm' }).subarray(19, -1)), undefined);
    assert.equal(publishedHeaderTypes(Buffer.from([0x20, 0x00, 0xff])), undefined);
  });
});
