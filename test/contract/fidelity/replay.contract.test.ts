/**
 * Replay: 1,000 records recorded from real Kafka are replayed into real RabbitMQ (a queue through the
 * default exchange) and into the simulator's Kafka, and what arrives is what was recorded; a replay
 * into a destination that does not exist reports exact counts instead of throwing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import { recordDestination } from '../../../src/extension/core/recordings/recorder.js';
import { RecordingParser, type RecordedMessage } from '../../../src/extension/core/recordings/recordingFormat.js';
import { replayInto } from '../../../src/extension/core/recordings/replayer.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { rabbitAdapter as rabbitAdapterForTests } from '../../integration/rabbitmq/support.js';

const kafka = await brokerGate('kafka');
const rabbit = await brokerGate('rabbitmq');
const COUNT = 1000;

describe('replay of a real Kafka recording', { skip: kafka.skip ?? rabbit.skip }, () => {
  it(`records ${COUNT} records from real Kafka, replays them into RabbitMQ and into the simulator`, { timeout: 120000 }, async () => {
    kafka.assertRequired();
    rabbit.assertRequired();
    const id = randomUUID().slice(0, 8);
    const topic = `fidelity.replay.${id}`;
    const real = new KafkaAdapter({ kind: 'kafka', id: 'fidelity', name: 'fidelity', brokers: brokerEnv.kafkaBrokers }, {});
    await real.connect();
    await real.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1 });
    const recorded: RecordedMessage[] = [];
    try {
      await real.publish({ destination: topic }, Array.from({ length: COUNT }, (_, i) => ({ key: `k${i % 7}`, value: `{"n":${i}}`, headers: { source: 'fidelity' } })));
      const parser = new RecordingParser();
      await recordDestination(real, { broker: 'kafka', destination: topic, partition: 0, start: { kind: 'earliest' }, brokerVersion: '4.4.0' }, { maxMessages: COUNT },
        { write: async (l) => { recorded.push(...parser.feed(`${l}\n`)); } });
      recorded.push(...parser.end());
    } finally {
      await real.deleteDestination(topic, topic).catch(() => undefined);
      await real.disconnect();
    }
    assert.equal(recorded.length, COUNT);

    const rabbitAdapter = rabbitAdapterForTests();
    const queue = `fidelity.replay.${id}`;
    await rabbitAdapter.connect();
    try {
      await rabbitAdapter.createDestination({ kind: 'queue', name: queue, queueType: 'stream', durable: true });
      const progress: number[] = [];
      const intoRabbit = await replayInto(rabbitAdapter, { destination: '', routingKey: queue }, recorded, { onProgress: (n) => progress.push(n) });
      assert.deepEqual([intoRabbit.attempted, intoRabbit.accepted, intoRabbit.rejected], [COUNT, COUNT, 0]);
      assert.equal(progress.at(-1), COUNT);
      const page = await rabbitAdapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: COUNT });
      assert.deepEqual(page.records.map((r) => Buffer.from(r.value!).toString()), recorded.map((m) => (m.value as { text: string }).text));
    } finally {
      await rabbitAdapter.deleteDestination(queue, queue).catch(() => undefined);
      await rabbitAdapter.disconnect();
    }

    const sim = createSimulatorAdapters().find((a) => a.kind === 'kafka')!;
    await sim.connect();
    await sim.createDestination({ kind: 'topic', name: 'replayed', partitions: 1, replicationFactor: 1 });
    const intoSim = await replayInto(sim, { destination: 'replayed' }, recorded);
    assert.deepEqual([intoSim.accepted, intoSim.rejected], [COUNT, 0]);
    const simPage = await sim.browse({ destination: 'replayed', partition: 0, start: { kind: 'earliest' }, limit: COUNT });
    assert.deepEqual(simPage.records.map((r) => [Buffer.from(r.key!).toString(), Buffer.from(r.value!).toString()]),
      recorded.map((m) => [(m.key as { text: string }).text, (m.value as { text: string }).text]));

    const missing = await replayInto(sim, { destination: 'no-such-topic' }, recorded.slice(0, 250), { batchSize: 100 });
    assert.deepEqual([missing.attempted, missing.accepted, missing.rejected], [250, 0, 250]);
    assert.ok(missing.reasons.length >= 1, 'the reason is reported');
    await sim.disconnect();
  });
});
