/**
 * What the AMQP listener answers to input no client library sends: each malformed or out-of-order
 * frame gets the reply code RabbitMQ gives it, closes only that connection, and leaves a log line.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import { FrameType, Method, PROTOCOL_HEADER, encodeMethod } from '../../../src/extension/core/wire/amqp/codec.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { malformedCases } from '../../support/amqpMalformedCases.js';
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

  for (const c of malformedCases) {
    it(c.name, async () => {
      const p = await RawPeer.open(port);
      const before = logs.length;
      p.send(c.bytes());
      if (c.expect === 'dropped') {
        assert.equal(await p.waitClosed(1000), true);
        assert.equal(p.connectionCloseCode, undefined);
      } else if (c.expect.scope === 'channel') {
        const close = await p.waitFor(Method.ChannelClose);
        assert.equal(close.args?.['replyCode'], c.expect.code);
        assert.equal(p.closed, false, 'a channel error leaves the connection open');
        p.destroy();
        return;
      } else {
        await p.waitFor(Method.ConnectionClose);
        assert.equal(p.connectionCloseCode, c.expect.code);
        p.send(encodeMethod(Method.ConnectionCloseOk, 0, {}));
        assert.equal(await p.waitClosed(1000), true, 'the server should close the socket after close-ok');
      }
      await new Promise((r) => setImmediate(r));
      assert.ok(logs.slice(before).some((l) => /connection (closed by the broker|dropped)/.test(l)), 'one log line says why');
    });
  }

  const amqplain = (user: string, password: string): Buffer => {
    const field = (k: string, v: string): Buffer => Buffer.concat([Buffer.from([k.length]), Buffer.from(k), Buffer.from('S'), Buffer.from([0, 0, 0, v.length]), Buffer.from(v)]);
    return Buffer.concat([field('LOGIN', user), field('PASSWORD', password)]);
  };
  const login = async (mechanism: string, response: Buffer): Promise<RawPeer> => {
    const p = await RawPeer.connect(port);
    p.send(PROTOCOL_HEADER);
    const start = await p.waitFor(Method.ConnectionStart);
    assert.equal(String(start.args?.['mechanisms']), 'PLAIN AMQPLAIN');
    p.send(encodeMethod(Method.ConnectionStartOk, 0, { clientProperties: {}, mechanism, response, locale: 'en_US' }));
    return p;
  };

  it('logs in with AMQPLAIN, and refuses a wrong AMQPLAIN password with 403 and an unknown mechanism with 503', async () => {
    const ok = await login('AMQPLAIN', amqplain('guest', 'guest'));
    await ok.waitFor(Method.ConnectionTune);
    ok.destroy();
    const bad = await login('AMQPLAIN', amqplain('guest', 'nope'));
    await bad.waitFor(Method.ConnectionClose);
    assert.equal(bad.connectionCloseCode, 403);
    bad.destroy();
    const odd = await login('EXTERNAL', Buffer.alloc(0));
    await odd.waitFor(Method.ConnectionClose);
    assert.equal(odd.connectionCloseCode, 503);
    odd.destroy();
  });

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
