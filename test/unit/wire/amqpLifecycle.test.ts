/**
 * The listener's life as the host drives it: start and stop (clients told 320 CONNECTION_FORCED, as
 * RabbitMQ tells them on shutdown), a simulated broker restart dropping wire clients like a real
 * restart does, and the explorer seeing the same engine the clients change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as amqp from 'amqplib';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import { SimulatorRabbitAdapter } from '../../../src/extension/core/adapters/simulator/simulatorRabbitAdapter.js';

function closeError(c: amqp.ChannelModel): Promise<string> {
  return new Promise((resolve) => {
    c.on('error', () => undefined);
    c.on('close', (e?: Error) => resolve(String(e?.message)));
  });
}

describe('AMQP listener lifecycle', () => {
  it('stop closes clients with 320 CONNECTION_FORCED, frees the port, and is safe twice', async () => {
    const listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0 });
    const changes: string[] = [];
    listener.onDidChange(() => changes.push(listener.state));
    await listener.start();
    const port = listener.address!.port;
    const c = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`);
    const closed = closeError(c);
    assert.equal(listener.connections().length, 1);
    await listener.stop();
    assert.match(await closed, /CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'/);
    assert.equal(listener.state, 'stopped');
    assert.equal(listener.address, undefined);
    assert.deepEqual(listener.connections(), []);
    await listener.stop();
    assert.deepEqual([changes[0], changes[1], changes.at(-1)], ['starting', 'listening', 'stopped']);
    const again = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port });
    await again.start();
    await again.stop();
  });

  it('what a client declares is what the explorer reads, BrokerLens publishes reach its consumers, and a simulated restart drops it', async () => {
    const broker = new RabbitBroker({ clock: { now: () => Date.now() } });
    const listener = createAmqpListener(broker, { port: 0, tickIntervalMs: 20 });
    await listener.start();
    try {
      const c = await amqp.connect(`amqp://guest:guest@127.0.0.1:${listener.address!.port}`);
      const ch = await c.createConfirmChannel();
      await ch.assertQueue('orders', { durable: true });
      await new Promise<void>((resolve, reject) => ch.sendToQueue('orders', Buffer.from('{"id":1}'), { deliveryMode: 2 }, (e: unknown) => (e ? reject(e) : resolve())));
      const q = broker.inspect.listQueues().find((x) => x.name === 'orders');
      assert.equal(q?.messages, 1, 'the explorer sees the message the client published');
      // A message published from BrokerLens (the Publish panel's adapter) reaches the service's consumer.
      const adapter = new SimulatorRabbitAdapter(broker);
      await adapter.connect();
      const sub = await c.createChannel();
      await sub.assertQueue('emails', { durable: false });
      const received: string[] = [];
      await sub.consume('emails', (m) => m && received.push(`${m.content.toString()} ${String(m.properties.headers?.['source'])}`), { noAck: true });
      const report = await adapter.publish({ destination: '', routingKey: 'emails' }, [{ value: 'hello from the panel', headers: { source: 'brokerlens' } }]);
      assert.equal(report.confirmed, 1);
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(received, ['hello from the panel brokerlens']);
      const closed = closeError(c);
      broker.restart();
      assert.match(await closed, /CONNECTION_FORCED/);
      assert.equal(broker.inspect.listQueues().find((x) => x.name === 'orders')?.messages, 1, 'a durable queue keeps its persistent message');
    } finally {
      await listener.stop();
    }
  });
});
