/**
 * The simulator's Kafka listener against the real Kafka, with real clients: kafkajs, the Java
 * kafka-clients 4.x producer (idempotent, the default), consumer group (two members, a rebalance) and
 * admin, kcat (librdkafka) and @platformatic/kafka. Each case runs unchanged on both targets and the
 * observable results must be equal: partitions per key, offsets, group assignments, committed
 * offsets, and the errors clients raise for the usual mistakes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin as PlatAdmin, Consumer as PlatConsumer, Producer as PlatProducer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { CompressionTypes, Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import { ZSTD_AVAILABLE } from '../../src/extension/core/wire/kafka/recordBatch.js';
import type { WireListener } from '../../src/extension/core/wire/listener.js';
import { brokerGate } from '../support/brokers.js';
import { compileJavaClient, java, realKafka, run, startListener, uniqueName, type MemoryLog } from './kafkaWire/support.js';

const gate = await brokerGate('kafka');

/** What a client error looks like to the user's code: its class or kafkajs type. */
function errorKind(error: unknown): string {
  const e = error as { type?: string; name?: string; errors?: unknown[]; cause?: unknown; originalError?: unknown };
  if (e.type) return e.type;
  // kafkajs wraps the broker's error after its retries: the broker's error is what matters.
  if (e.name === 'KafkaJSNumberOfRetriesExceeded' && (e.cause ?? e.originalError)) return `retried:${errorKind(e.cause ?? e.originalError)}`;
  if (Array.isArray(e.errors) && e.errors.length > 0) return `${e.name}:${e.errors.map(errorKind).join(',')}`;
  return e.name ?? String(error);
}

async function outcome(fn: () => Promise<unknown>): Promise<string> {
  try {
    const value = await fn();
    return `ok:${JSON.stringify(value)}`;
  } catch (error) {
    return `error:${errorKind(error)}`;
  }
}

/** kafkajs: produce keyed records, consume them in a group, commit, and the usual mistakes. */
async function kafkajsCase(bootstrap: string, base: string): Promise<unknown> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'wire-contract', logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await admin.connect();
  await producer.connect();
  const topic = `${base}.kafkajs`;
  const compacted = `${base}.compacted`;
  try {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const messages = Array.from({ length: 21 }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}`, headers: { n: String(i) } }));
    const sent = await producer.send({ topic, messages: messages.slice(0, 14), compression: CompressionTypes.GZIP });
    const sentToo = await producer.send({ topic, messages: messages.slice(14) });
    const offsets = await admin.fetchTopicOffsets(topic);
    const consumer = kafka.consumer({ groupId: `${topic}.g`, sessionTimeout: 10000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${got.length} of 21`)), 30000);
      void consumer.run({
        eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
          got.push(`${partition}/${message.offset}/${String(message.key)}/${String(message.value)}/${String(message.headers?.n)}`);
          if (got.length === 21) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    const committed = await admin.fetchOffsets({ groupId: `${topic}.g`, topics: [topic] });
    const groups = await admin.describeGroups([`${topic}.g`]);
    const strict = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await strict.connect();
    const mistakes = {
      createAgain: await outcome(() => admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })),
      replicationFactor3: await outcome(() => admin.createTopics({ topics: [{ topic: `${base}.rf3`, numPartitions: 1, replicationFactor: 3 }] })),
      produceMissingTopic: await outcome(() => strict.send({ topic: `${base}.missing`, messages: [{ value: 'x' }], acks: -1 })),
      compactedWithoutKey: await outcome(async () => {
        await admin.createTopics({ topics: [{ topic: compacted, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true });
        return strict.send({ topic: compacted, messages: [{ value: 'no key' }] });
      }),
      offsetsOfUnknownGroup: await outcome(() => admin.fetchOffsets({ groupId: `${topic}.nobody`, topics: [topic] })),
      deleteMissingTopic: await outcome(() => admin.deleteTopics({ topics: [`${base}.never`] })),
    };
    await strict.disconnect();
    return {
      created,
      sent: [...sent, ...sentToo].map((r) => ({ partition: r.partition, errorCode: r.errorCode, baseOffset: r.baseOffset })).sort((a, b) => a.partition - b.partition || Number(a.baseOffset) - Number(b.baseOffset)),
      offsets: offsets.map((o) => [o.partition, o.low, o.high]).sort(),
      consumed: got.sort(),
      committed: committed.map((t) => t.partitions.map((p) => [p.partition, p.offset]).sort()),
      groupState: groups.groups.map((g) => [g.state, g.protocolType, g.members.length]),
      mistakes,
    };
  } finally {
    await admin.deleteTopics({ topics: [topic, compacted] }).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  }
}

async function kafkajsAdmin(bootstrap: string, topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

async function deleteTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

/** The Java client: idempotent producer with each codec, a two-member group with a rebalance, admin. */
async function javaCase(classpath: string, bootstrap: string, base: string): Promise<unknown> {
  const topic = `${base}.java`;
  await kafkajsAdmin(bootstrap, topic, 4);
  try {
    const produced = [
      ...await java(classpath, ['produce', bootstrap, topic, '40', 'gzip']),
      ...await java(classpath, ['produce', bootstrap, topic, '7', 'snappy']),
      ...await java(classpath, ['produce', bootstrap, topic, '7', 'lz4']),
      ...await java(classpath, ['produce', bootstrap, topic, '7', 'none']),
    ];
    const group = await java(classpath, ['group', bootstrap, topic, `${topic}.g`, '61']);
    const admin = await java(classpath, ['admin', bootstrap, `${base}.java-admin`]);
    const consumed = group.filter((l) => l.kind === 'consumed').map((l) => `${String(l.partition)}/${String(l.offset)}/${String(l.key)}`).sort();
    return { produced, consumed, summary: group.filter((l) => l.kind !== 'consumed'), admin };
  } finally {
    await deleteTopic(bootstrap, topic);
  }
}

/** kcat: keyed produce with snappy, a plain read from the beginning, and a group read. */
async function kcatCase(bootstrap: string, base: string): Promise<unknown> {
  const topic = `${base}.kcat`;
  await kafkajsAdmin(bootstrap, topic, 3);
  try {
    const input = Array.from({ length: 12 }, (_, i) => `key${i % 5}:value${i}`).join('\n') + '\n';
    const produced = await run('kcat', ['-b', bootstrap, '-t', topic, '-P', '-K:', '-z', 'snappy'], { input, timeoutMs: 30000 });
    const read = await run('kcat', ['-b', bootstrap, '-t', topic, '-C', '-e', '-q', '-o', 'beginning', '-f', '%p %o %k %s\\n'], { timeoutMs: 30000 });
    const grouped = await run('kcat', ['-b', bootstrap, '-G', `${topic}.g`, topic, '-e', '-q', '-X', 'auto.offset.reset=earliest', '-f', '%p %o %k %s\\n'], { timeoutMs: 45000 });
    const lines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '').sort();
    return { producedCode: produced.code, read: lines(read.stdout), grouped: lines(grouped.stdout) };
  } finally {
    await deleteTopic(bootstrap, topic);
  }
}

/** @platformatic/kafka: admin, producer and a committing group consumer. */
async function platformaticCase(bootstrap: string, base: string): Promise<unknown> {
  const topic = `${base}.platformatic`;
  const admin = new PlatAdmin({ clientId: 'wire-plat-admin', bootstrapBrokers: [bootstrap] });
  const producer = new PlatProducer({ clientId: 'wire-plat-producer', bootstrapBrokers: [bootstrap], serializers: stringSerializers });
  const consumer = new PlatConsumer({ groupId: `${topic}.g`, clientId: 'wire-plat-consumer', bootstrapBrokers: [bootstrap], deserializers: stringDeserializers });
  try {
    // Created with kafkajs, which waits for partition leaders: right after a create, the real broker
    // may not know every leader yet, and the producer would see that race rather than the listener.
    await kafkajsAdmin(bootstrap, topic, 3);
    const listed = (await admin.listTopics()).includes(topic);
    const sent = await producer.send({ messages: Array.from({ length: 9 }, (_, i) => ({ topic, key: `p${i % 4}`, value: `pv${i}` })) });
    const stream = await consumer.consume({ autocommit: false, topics: [topic], mode: 'earliest', sessionTimeout: 10000, heartbeatInterval: 500 } as Parameters<typeof consumer.consume>[0]);
    const got: string[] = [];
    const deadline = setTimeout(() => void stream.close(), 30000);
    for await (const m of stream) {
      got.push(`${m.partition}/${String(m.offset)}/${String(m.key)}/${String(m.value)}`);
      await m.commit();
      if (got.length === 9) break;
    }
    clearTimeout(deadline);
    await stream.close();
    return { listed, sent: sent.offsets?.map((o) => [o.partition, String(o.offset)]).sort(), consumed: got.sort() };
  } finally {
    await consumer.close().catch(() => undefined);
    await producer.close().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.close().catch(() => undefined);
  }
}

/** SASL/PLAIN with the right and a wrong password. */
async function saslCase(bootstrap: string, username: string, password: string): Promise<unknown> {
  const attempt = async (pw: string): Promise<string> => {
    const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, sasl: { mechanism: 'plain', username, password: pw } }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return 'ok';
    } catch (error) {
      return errorKind(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  return { right: await attempt(password), wrong: await attempt(`${password}-wrong`) };
}

describe('Kafka wire listener: the same clients, the same results as a real Kafka', { skip: gate.skip }, () => {
  let listener: WireListener;
  let bootstrap: string;
  let log: MemoryLog;
  let classpath: string;

  before(async () => {
    gate.assertRequired();
    ({ listener, bootstrap, log } = await startListener());
    classpath = compileJavaClient();
  });

  after(async () => {
    await listener?.stop();
  });

  it('kafkajs: partitions per key, offsets, a consumer group, commits and the usual mistakes', async () => {
    const base = uniqueName('kafkajs');
    const simulated = await kafkajsCase(bootstrap, base);
    const real = await kafkajsCase(realKafka.bootstrap, base);
    assert.deepEqual(simulated, real);
  });

  it('Java kafka-clients 4.x: idempotent producer with gzip/snappy/lz4, two-member group with a rebalance, admin', async () => {
    const base = uniqueName('java');
    const simulated = await javaCase(classpath, bootstrap, base);
    const real = await javaCase(classpath, realKafka.bootstrap, base);
    assert.deepEqual(simulated, real);
    const summary = (simulated as { summary: { kind: string; assignments?: string }[] }).summary;
    assert.equal(summary.find((l) => l.kind === 'shared')?.assignments, '[[0, 1], [2, 3]]', 'the second member took half of the partitions after the rebalance');
  });

  it('kcat (librdkafka): keyed produce with snappy, read from the beginning, read in a group', async () => {
    const base = uniqueName('kcat');
    const simulated = await kcatCase(bootstrap, base);
    const real = await kcatCase(realKafka.bootstrap, base);
    assert.deepEqual(simulated, real);
    assert.equal((simulated as { read: string[] }).read.length, 12);
  });

  it('@platformatic/kafka: admin, producer and a committing consumer group', async () => {
    const base = uniqueName('platformatic');
    const simulated = await platformaticCase(bootstrap, base);
    const real = await platformaticCase(realKafka.bootstrap, base);
    assert.deepEqual(simulated, real);
  });

  it('SASL/PLAIN: the right password logs in, a wrong one fails the same way', async () => {
    const users = [{ username: realKafka.user, password: realKafka.password }];
    const secured = await startListener({ users });
    try {
      const simulated = await saslCase(secured.bootstrap, realKafka.user, realKafka.password);
      const real = await saslCase(realKafka.sasl, realKafka.user, realKafka.password);
      assert.deepEqual(simulated, real);
      assert.equal((simulated as { right: string }).right, 'ok');
      assert.ok(secured.log.lines.some((l) => l.includes('SASL/PLAIN login') && l.includes('failed')), 'the refused login is in the log');
      assert.ok(!secured.log.lines.some((l) => l.includes(`${realKafka.password}-wrong`)), 'no password in the log');
    } finally {
      await secured.listener.stop();
    }
  });

  it(`zstd: ${ZSTD_AVAILABLE ? 'accepted as by Kafka' : 'refused with UNSUPPORTED_COMPRESSION_TYPE (this Node.js has no zstd), while Kafka accepts it'}`, async () => {
    const topic = uniqueName('zstd');
    await kafkajsAdmin(bootstrap, topic, 1);
    await kafkajsAdmin(realKafka.bootstrap, topic, 1);
    try {
      const simulated = await java(classpath, ['produce', bootstrap, topic, '3', 'zstd']);
      const real = await java(classpath, ['produce', realKafka.bootstrap, topic, '3', 'zstd']);
      assert.deepEqual(real.map((l) => l.kind), ['sent', 'sent', 'sent']);
      if (ZSTD_AVAILABLE) assert.deepEqual(simulated, real);
      else assert.deepEqual(simulated.map((l) => l.error), ['UnsupportedCompressionTypeException', 'UnsupportedCompressionTypeException', 'UnsupportedCompressionTypeException']);
    } finally {
      await deleteTopic(bootstrap, topic);
      await deleteTopic(realKafka.bootstrap, topic);
    }
  });

  it('every client connection came and went with a log line, and none is left', () => {
    assert.ok(log.lines.some((l) => l.includes('connected')));
    assert.ok(log.lines.some((l) => l.includes('disconnected')));
  });
});
