/**
 * The chain from day one: one message round-trips through each real broker with its official Node
 * client. If this fails, nothing built on the adapters can pass.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { brokerEnv, brokerGate } from '../support/brokers.js';

const rabbit = await brokerGate('rabbitmq');
const kafka = await brokerGate('kafka');

describe('RabbitMQ round trip with amqplib', { skip: rabbit.skip }, () => {
  let connection: amqp.ChannelModel;
  before(async () => {
    rabbit.assertRequired();
    connection = await amqp.connect(brokerEnv.rabbitmqUrl);
  });
  after(async () => {
    await connection?.close();
  });

  it('publishes with confirms and gets the same bytes, headers and properties back', async () => {
    const channel = await connection.createConfirmChannel();
    const queue = `brokerlens.contract.${randomUUID()}`;
    await channel.assertQueue(queue, { durable: false, autoDelete: true });
    const body = Buffer.from([0x00, 0xff, 0x42, 0x10]);
    await new Promise<void>((resolve, reject) =>
      channel.sendToQueue(queue, body, { headers: { trace: 'abc' }, messageId: 'm-1', contentType: 'application/octet-stream' }, (err) => (err ? reject(err) : resolve())),
    );
    const got = await channel.get(queue, { noAck: false });
    assert.ok(got, 'the queue should hold the message');
    assert.deepEqual(got.content, body);
    assert.equal(got.properties.headers?.trace, 'abc');
    assert.equal(got.properties.messageId, 'm-1');
    assert.equal(got.fields.redelivered, false);
    channel.ack(got);
    assert.equal((await channel.checkQueue(queue)).messageCount, 0);
    await channel.deleteQueue(queue);
    await channel.close();
  });
});

describe('Kafka round trip with kafkajs', { skip: kafka.skip }, () => {
  it('produces a keyed record and reads it back by offset without a consumer group', async () => {
    kafka.assertRequired();
    const client = new Kafka({ clientId: 'brokerlens-contract', brokers: brokerEnv.kafkaBrokers, logLevel: logLevel.NOTHING });
    const admin = client.admin();
    const producer = client.producer();
    const topic = `brokerlens.contract.${randomUUID()}`;
    await admin.connect();
    await producer.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      const [meta] = await producer.send({ topic, messages: [{ key: 'order-42', value: '{"total":12.5}', headers: { trace: 'abc' } }] });
      assert.equal(meta?.errorCode, 0);
      const offsets = await admin.fetchTopicOffsets(topic);
      assert.deepEqual(offsets.map((o) => [o.partition, o.low, o.high]), [[0, '0', '1']]);
      assert.deepEqual(await admin.listGroups().then((g) => g.groups.filter((x) => x.groupId.includes(topic))), []);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
