/**
 * Malformed and out-of-order input (test/support/amqpMalformedCases.ts), sent byte for byte to the
 * simulator's AMQP listener and to the real RabbitMQ: both must answer with the same close method,
 * reply code and reply text, or both drop the connection without one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RabbitBroker } from '../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../src/extension/core/wire/amqp/amqpListener.js';
import { Method } from '../../src/extension/core/wire/amqp/codec.js';
import type { WireListener } from '../../src/extension/core/wire/listener.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';
import { malformedCases } from '../support/amqpMalformedCases.js';
import { RawPeer } from '../support/rawAmqp.js';

const rabbit = await brokerGate('rabbitmq');

/** What the server answered within a second: its close method with code and text, or how the socket ended. */
async function answer(port: number, bytes: Buffer): Promise<unknown> {
  const p = await RawPeer.open(port);
  p.send(bytes);
  const end = Date.now() + 1000;
  while (Date.now() < end && !p.closed && !p.frames.some((f) => f.method === Method.ConnectionClose || f.method === Method.ChannelClose)) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const close = p.frames.find((f) => f.method === Method.ConnectionClose || f.method === Method.ChannelClose);
  p.destroy();
  if (!close) return p.closed ? 'dropped' : 'no answer';
  return [close.method === Method.ConnectionClose ? 'connection' : 'channel', close.args?.['replyCode'], close.args?.['replyText']];
}

describe('AMQP listener and RabbitMQ answer malformed input alike', { skip: rabbit.skip }, () => {
  let listener: WireListener;
  before(async () => {
    rabbit.assertRequired();
    listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0 });
    await listener.start();
  });
  after(async () => {
    await listener?.stop();
  });

  for (const c of malformedCases) {
    it(c.name, async () => {
      const sim = await answer(listener.address!.port, c.bytes());
      const real = await answer(Number(new URL(brokerEnv.rabbitmqUrl).port || 5672), c.bytes());
      assert.deepEqual(sim, real);
      if (c.expect === 'dropped') assert.equal(sim, 'dropped');
      else assert.deepEqual((sim as unknown[]).slice(0, 2), [c.expect.scope, c.expect.code]);
    });
  }
});
