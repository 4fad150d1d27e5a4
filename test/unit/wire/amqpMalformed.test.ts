/**
 * What the AMQP listener answers to input no client library sends: each malformed or out-of-order
 * frame gets the reply code RabbitMQ gives it, closes only that connection, and leaves a log line.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import { FrameType, Method, encodeMethod } from '../../../src/extension/core/wire/amqp/codec.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { RawPeer, rawFrame } from '../../support/rawAmqp.js';

describe('AMQP listener: malformed and out-of-order input', () => {
  let listener: WireListener;
  let port = 0;
  const logs: string[] = [];

  before(async () => {
    listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), {
      port: 0, handshakeTimeoutMs: 300, closeTimeoutMs: 200, log: (level, m) => logs.push(`${level} ${m}`),
    });
    await listener.start();
    port = listener.address!.port;
  });
  after(async () => {
    await listener?.stop();
  });

  it('answers a wrong protocol header with its own header and closes', async () => {
    const p = await RawPeer.connect(port);
    p.send(Buffer.from('HTTP/1.1 GET /\r\n\r\n'));
    assert.equal(await p.waitClosed(1000), true);
    assert.equal(p.frames[0]?.type, -1, 'the server should send AMQP 0 0 9 1 back');
    assert.ok(logs.some((l) => /did not start with the AMQP 0-9-1 protocol header/.test(l)));
  });

  it('drops a client that connects and never finishes the handshake', async () => {
    const p = await RawPeer.connect(port);
    assert.equal(await p.waitClosed(2000), true);
    assert.ok(logs.some((l) => /handshake did not finish/.test(l)));
  });

  const cases: readonly { name: string; bytes: () => Buffer; code: number }[] = [
    { name: 'a frame without its frame-end octet is 501 FRAME_ERROR', bytes: () => rawFrame(FrameType.METHOD, 1, encodeMethod(Method.BasicQos, 1, { prefetchCount: 1 }).subarray(7, -1), { end: 0x00 }), code: 501 },
    { name: 'a frame larger than frame_max is 501 FRAME_ERROR', bytes: () => rawFrame(FrameType.BODY, 1, Buffer.alloc(8), { size: 10_000_000 }), code: 501 },
    { name: 'a method on a channel that was never opened is 504 CHANNEL_ERROR', bytes: () => encodeMethod(Method.BasicQos, 7, { prefetchCount: 1 }), code: 504 },
    { name: 'opening channel 1 twice is 504 CHANNEL_ERROR', bytes: () => encodeMethod(Method.ChannelOpen, 1, { outOfBand: '' }), code: 504 },
    { name: 'a content header without basic.publish is 505 UNEXPECTED_FRAME', bytes: () => rawFrame(FrameType.HEADER, 1, Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0])), code: 505 },
    { name: 'a method where the content header should be is 505 UNEXPECTED_FRAME', bytes: () => Buffer.concat([encodeMethod(Method.BasicPublish, 1, { exchange: '', routingKey: 'q', mandatory: false, immediate: false }), encodeMethod(Method.BasicQos, 1, { prefetchCount: 1 })]), code: 505 },
    { name: 'an unknown method id is 503 COMMAND_INVALID', bytes: () => rawFrame(FrameType.METHOD, 1, Buffer.from([0, 99, 0, 7])), code: 503 },
    { name: 'a truncated method is 502 SYNTAX_ERROR', bytes: () => rawFrame(FrameType.METHOD, 1, encodeMethod(Method.QueueDeclare, 1, { queue: 'abc' }).subarray(7, 14)), code: 502 },
    { name: 'a server-only method from the client is 503 COMMAND_INVALID', bytes: () => encodeMethod(Method.BasicDeliver, 1, { consumerTag: 'x', deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'q' }), code: 503 },
    { name: 'an unknown frame type is 501 FRAME_ERROR', bytes: () => rawFrame(9, 1, Buffer.alloc(3)), code: 501 },
    { name: 'basic.publish with immediate=true is 540 NOT_IMPLEMENTED, as RabbitMQ 3.x', bytes: () => encodeMethod(Method.BasicPublish, 1, { exchange: '', routingKey: 'q', mandatory: false, immediate: true }), code: 540 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const p = await RawPeer.open(port);
      const before = logs.length;
      p.send(c.bytes());
      await p.waitFor(Method.ConnectionClose);
      assert.equal(p.connectionCloseCode, c.code);
      p.send(encodeMethod(Method.ConnectionCloseOk, 0, {}));
      assert.equal(await p.waitClosed(1000), true, 'the server should close the socket after close-ok');
      assert.ok(logs.slice(before).some((l) => l.includes('connection closed by the broker')), 'one log line says why');
    });
  }

  it('a body larger than max message size closes only the channel, with 406', async () => {
    const small = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0, maxMessageBytes: 1000 });
    await small.start();
    try {
      const p = await RawPeer.open(small.address!.port);
      p.send(encodeMethod(Method.BasicPublish, 1, { exchange: '', routingKey: 'q', mandatory: false, immediate: false }));
      const header = Buffer.alloc(14);
      header.writeUInt16BE(60, 0);
      header.writeBigUInt64BE(5000n, 4);
      p.send(rawFrame(FrameType.HEADER, 1, header));
      const close = await p.waitFor(Method.ChannelClose);
      assert.equal(close.args?.['replyCode'], 406);
      assert.match(String(close.args?.['replyText']), /message size 5000 is larger than configured max size 1000/);
      p.send(rawFrame(FrameType.BODY, 1, Buffer.alloc(500)));
      p.send(encodeMethod(Method.ChannelCloseOk, 1, {}));
      p.send(encodeMethod(Method.ChannelOpen, 2, { outOfBand: '' }));
      await p.waitFor(Method.ChannelOpenOk);
      assert.equal(p.closed, false, 'the connection stays open');
      p.destroy();
    } finally {
      await small.stop();
    }
  });

  it('refuses to listen on a non-loopback address unless allowed, and says a port in use plainly', async () => {
    const open = createAmqpListener(new RabbitBroker({ clock: { now: () => 0 } }), { host: '0.0.0.0', port: 0 });
    await assert.rejects(open.start(), (e: Error & { code?: string }) => e.code === 'invalidInput' && /other machines/.test(e.message));
    assert.equal(open.state, 'stopped');
    const clash = createAmqpListener(new RabbitBroker({ clock: { now: () => 0 } }), { port });
    await assert.rejects(clash.start(), (e: Error & { code?: string }) => e.code === 'alreadyExists' && e.message.includes(String(port)) && e.message.includes(String(port + 1)));
    assert.equal(clash.state, 'failed');
  });
});
