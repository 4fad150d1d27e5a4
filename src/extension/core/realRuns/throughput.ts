/**
 * The measured throughput of a real broker: `count` small messages published as fast as the broker
 * confirms them into one scratch queue or topic, then consumed back; each rate is messages over the
 * wall time of that phase. Bounded by count and by a time limit, and the destination is deleted after.
 */
import type * as amqp from 'amqplib';
import type { Kafka } from 'kafkajs';
import { deleteKafkaResources } from './kafkaRun.js';
import { deleteRabbitResources } from './rabbitRun.js';
import { sleep } from './realTime.js';

/** Publish and consume rates of one broker, in messages per second. */
export interface Throughput {
  readonly messages: number;
  readonly publishPerSec: number;
  readonly consumePerSec: number;
}

const BODY = Buffer.alloc(100, 'x');
const rate = (n: number, ms: number): number => Math.round((n * 1000) / Math.max(1, ms));

/** Measures RabbitMQ through queue `queue` (deleted afterwards). */
export async function rabbitThroughput(connection: amqp.ChannelModel, queue: string, count: number, signal?: AbortSignal, limitMs = 30000): Promise<Throughput> {
  const ch = await connection.createConfirmChannel();
  ch.on('error', () => undefined);
  try {
    await ch.assertQueue(queue, { durable: false });
    const t0 = Date.now();
    for (let i = 0; i < count && !signal?.aborted; i++) {
      if (!ch.sendToQueue(queue, BODY)) await new Promise((r) => ch.once('drain', r));
    }
    await ch.waitForConfirms();
    const published = Date.now() - t0;
    let got = 0;
    const t1 = Date.now();
    await ch.prefetch(500);
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => { done = r; });
    await ch.consume(queue, (m) => {
      if (!m) return;
      ch.ack(m);
      if (++got >= count) done();
    });
    await Promise.race([all, sleep(limitMs, signal)]);
    return { messages: count, publishPerSec: rate(count, published), consumePerSec: rate(got, Date.now() - t1) };
  } finally {
    await ch.close().catch(() => undefined);
    await deleteRabbitResources(connection, [queue], []);
  }
}

/** Measures Kafka through topic `topic` (one partition; deleted with its group afterwards). */
export async function kafkaThroughput(kafka: Kafka, topic: string, count: number, signal?: AbortSignal, limitMs = 30000): Promise<Throughput> {
  const admin = kafka.admin();
  await admin.connect();
  const group = `${topic}.reader`;
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 1000, allowAutoTopicCreation: false });
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await producer.connect();
    const t0 = Date.now();
    for (let sent = 0; sent < count && !signal?.aborted; sent += 500) {
      const n = Math.min(500, count - sent);
      await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, () => ({ value: BODY })) });
    }
    const published = Date.now() - t0;
    let got = 0;
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => { done = r; });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // The clock starts when the member has joined the group and got its partition: from there on
    // it is fetching, so the join (a rebalance) is not counted as consuming.
    let t1 = -1;
    consumer.on(consumer.events.GROUP_JOIN, () => { t1 = Date.now(); });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        if (t1 < 0) t1 = Date.now();
        got += batch.messages.length;
        if (got >= count) done();
      },
    });
    await Promise.race([all, sleep(limitMs, signal)]);
    const consumed = Date.now() - t1;
    return { messages: count, publishPerSec: rate(count, published), consumePerSec: t1 < 0 ? 0 : rate(got, consumed) };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await deleteKafkaResources(admin, [topic], [group]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
