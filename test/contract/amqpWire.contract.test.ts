/**
 * The AMQP listener against the real RabbitMQ, with amqplib: every case runs unchanged on the
 * simulator's listener and on RabbitMQ 3.10 (127.0.0.1:5672), and what the client observes must be
 * equal: bodies, properties and header values, redelivered flags, returned messages, confirms,
 * dead-letter headers, reply codes and reply texts of the usual mistakes. Each case also checks the
 * behaviour itself, so two brokers that agree on something wrong still fail.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as amqp from 'amqplib';
import { RabbitBroker } from '../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../src/extension/core/wire/amqp/amqpListener.js';
import type { WireListener } from '../../src/extension/core/wire/listener.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';
import { amqpCases } from './amqpWireCases.js';

const rabbit = await brokerGate('rabbitmq');

describe('AMQP listener with amqplib, compared with the real RabbitMQ', () => {
  let listener: WireListener;
  let simUrl = '';
  const logs: string[] = [];

  before(async () => {
    listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0, log: (level, m) => logs.push(`${level} ${m}`) });
    await listener.start();
    simUrl = `amqp://guest:guest@127.0.0.1:${listener.address!.port}`;
  });
  after(async () => {
    await listener?.stop();
  });

  for (const c of amqpCases) {
    it(c.name, async () => {
      const prefix = `brokerlens.wire.${randomUUID().slice(0, 8)}`;
      const sim = await c.run(simUrl, prefix);
      c.expect(sim);
      if (rabbit.skip) return;
      rabbit.assertRequired();
      const real = await c.run(brokerEnv.rabbitmqUrl, prefix);
      assert.deepEqual(sim, real, 'the simulator listener and RabbitMQ should look the same to amqplib');
    });
  }

  it('lists the client with its connection name, user and traffic, and disconnects it on request', async () => {
    const conn = await amqp.connect(simUrl, { clientProperties: { connection_name: 'orders-service' } });
    const closed = new Promise<Error | undefined>((resolve) => {
      conn.on('error', () => undefined);
      conn.on('close', (e?: Error) => resolve(e));
    });
    const ch = await conn.createConfirmChannel();
    const q = await ch.assertQueue('', { exclusive: true });
    await new Promise<void>((resolve, reject) => ch.sendToQueue(q.queue, Buffer.from('x'), {}, (e: unknown) => (e ? reject(e) : resolve())));
    const mine = listener.connections().find((x) => x.clientId === 'orders-service');
    assert.ok(mine, 'the connection should be listed with its connection_name');
    assert.equal(mine.user, 'guest');
    assert.equal(mine.published, 1);
    assert.ok(mine.bytesIn > 0 && mine.bytesOut > 0 && mine.requests > 0);
    listener.disconnect(mine.id);
    const err = await closed;
    assert.match(String(err?.message), /CONNECTION_FORCED - Closed via BrokerLens/);
    assert.equal(listener.connections().some((x) => x.id === mine.id), false);
  });
});
