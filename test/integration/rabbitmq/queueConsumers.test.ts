/**
 * A queue's consumers from the real RabbitMQ's management API: tag, channel, prefetch, ack mode, and
 * for a single-active-consumer queue which consumer is active and which waits; ready and unacked
 * counts and the broker's rate samples, as the Consumer group panel shows them for a queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelModel } from 'amqplib';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import type { QueueConsumersDetail } from '../../../src/extension/core/model/queueConsumers.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

async function until(read: () => Promise<QueueConsumersDetail>, check: (d: QueueConsumersDetail) => boolean, what: string): Promise<QueueConsumersDetail> {
  // The management API samples every few seconds: counts are polled, bounded.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await read();
    if (check(d)) return d;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('RabbitMQ queue consumers (management API)', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  let connection: ChannelModel;
  const sac = uniqueName('sac');
  const plain = uniqueName('plain');

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    connection = await rawConnection();
  });

  after(async () => {
    const ch = await connection.createChannel().catch(() => undefined);
    await ch?.deleteQueue(sac).catch(() => undefined);
    await ch?.deleteQueue(plain).catch(() => undefined);
    await connection.close().catch(() => undefined);
    await adapter.disconnect();
  });

  it('shows single-active-consumer status, prefetch, ack mode, ready and unacked', async () => {
    const first = await connection.createChannel();
    await first.assertQueue(sac, { durable: false, arguments: { 'x-single-active-consumer': true } });
    await first.prefetch(3);
    await first.consume(sac, () => undefined, { consumerTag: 'ctag-first', noAck: false });
    const second = await connection.createChannel();
    await second.consume(sac, () => undefined, { consumerTag: 'ctag-second', noAck: true });
    for (let i = 0; i < 10; i++) first.sendToQueue(sac, Buffer.from(`m${i}`));

    // The active consumer holds 3 unacked (its prefetch); 7 stay ready; the waiting one gets none.
    const d = await until(() => adapter.queueConsumers.describeQueueConsumers(sac), (x) => x.consumers.length === 2 && x.unacked === 3 && x.ready === 7, 'the counts');
    assert.equal(d.singleActiveConsumer, true);
    assert.equal(d.type, 'classic');
    assert.deepEqual(
      d.consumers.map((c) => [c.tag, c.prefetch, c.ackMode, c.active, c.activityStatus]),
      [
        ['ctag-first', 3, 'manual', true, 'single_active'],
        ['ctag-second', 0, 'auto', false, 'waiting'],
      ],
    );
    assert.ok(d.consumers.every((c) => / -> .*\(\d+\)$/.test(c.channel)), d.consumers.map((c) => c.channel).join(', '));
    assert.ok(d.rates && d.rates.publish >= 0 && d.rates.deliver >= 0 && d.rates.ack >= 0);
  });

  it('shows a queue with no consumers, and says plainly when the queue does not exist', async () => {
    const ch = await connection.createChannel();
    await ch.assertQueue(plain, { durable: false });
    const d = await adapter.queueConsumers.describeQueueConsumers(plain);
    assert.deepEqual([d.consumers.length, d.singleActiveConsumer, d.ready, d.unacked], [0, false, 0, 0]);
    await assert.rejects(adapter.queueConsumers.describeQueueConsumers(uniqueName('missing')), (e: unknown) => isBrokerError(e) && e.code === 'notFound' && e.message.length < 400);
  });
});
