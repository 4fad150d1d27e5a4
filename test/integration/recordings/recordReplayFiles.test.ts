/**
 * Record… and Replay… on the real brokers, through the same file code the commands use: 1,000
 * records of a 3-partition real Kafka topic streamed to a recording file, checked, replayed into a
 * real RabbitMQ classic queue (rate-limited), recorded back from that queue by a peek the caller
 * accepted (the queue keeps its messages), and loaded into the simulator as a scenario workload. A
 * replay into a queue or exchange that does not exist reports exact counts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { recordDestination } from '../../../src/extension/core/recordings/recorder.js';
import { checkRecording, fileSink, readRecording, RECORDINGS_DIR } from '../../../src/extension/core/recordings/recordingFiles.js';
import { loadScenarioRecordings } from '../../../src/extension/core/recordings/recordingWorkload.js';
import { replayInto } from '../../../src/extension/core/recordings/replayer.js';
import { ScenarioRun } from '../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { parseScenario } from '../../../src/extension/core/simulator/scenario/validate.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { rabbitAdapter } from '../rabbitmq/support.js';

const kafka = await brokerGate('kafka');
const rabbit = await brokerGate('rabbitmq');
const COUNT = 1000;
const folder = await mkdtemp(path.join(tmpdir(), 'fidrec-int-'));
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function values(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readRecording(file)) out.push(m.value && 'text' in m.value ? m.value.text : '<binary>');
  return out;
}

describe('record and replay through recording files on the real brokers', { skip: kafka.skip ?? rabbit.skip }, () => {
  it(`records ${COUNT} real Kafka records to a file and replays them into RabbitMQ and the simulator`, { timeout: 180_000 }, async () => {
    kafka.assertRequired();
    rabbit.assertRequired();
    const id = randomUUID().slice(0, 8);
    const topic = `fidrec.orders.${id}`;
    const queue = `fidrec.copy.${id}`;
    await mkdir(path.join(folder, RECORDINGS_DIR), { recursive: true });
    const fromKafka = path.join(folder, RECORDINGS_DIR, 'from-kafka.ndjson');
    const fromRabbit = path.join(folder, RECORDINGS_DIR, 'from-rabbit.ndjson');

    let version: string | null = 'unset';
    const real = new KafkaAdapter({ kind: 'kafka', id: 'fidrec', name: 'fidrec', brokers: brokerEnv.kafkaBrokers }, {});
    await real.connect();
    try {
      await real.createDestination({ kind: 'topic', name: topic, partitions: 3, replicationFactor: 1 });
      await real.publish({ destination: topic }, Array.from({ length: COUNT }, (_, i) => ({ key: `k${i % 11}`, value: `{"order":${i}}`, headers: { source: 'fidrec' } })));
      version = (await real.overview()).version ?? null;
      const sink = fileSink(fromKafka);
      const progress: number[] = [];
      const result = await recordDestination(real, { broker: 'kafka', destination: topic, start: { kind: 'earliest' }, brokerVersion: version },
        { maxMessages: 5000, maxBytes: 64 * 1024 * 1024 }, sink, { onProgress: (n) => progress.push(n) });
      await sink.close();
      assert.deepEqual([result.messages, result.stoppedBy], [COUNT, 'end']);
      assert.equal(progress.at(-1), COUNT);
    } finally {
      await real.deleteDestination(topic, topic).catch(() => undefined);
      await real.disconnect();
    }
    const checked = await checkRecording(fromKafka);
    assert.deepEqual([checked.messages, checked.header.source.broker, checked.header.source.destination], [COUNT, 'kafka', topic]);
    assert.equal(checked.header.brokerVersion, version, 'the header holds the version inferred from the broker\'s ApiVersions');
    assert.match(version ?? 'none', /^4\.x protocol /);
    const kafkaValues = await values(fromKafka);
    assert.deepEqual(new Set(kafkaValues), new Set(Array.from({ length: COUNT }, (_, i) => `{"order":${i}}`)));

    const amqp = rabbitAdapter();
    await amqp.connect();
    try {
      await amqp.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: false });
      const started = Date.now();
      const report = await replayInto(amqp, { destination: '', routingKey: queue }, readRecording(fromKafka), { ratePerSec: 2000, batchSize: 100 });
      assert.deepEqual([report.attempted, report.accepted, report.rejected, report.cancelled], [COUNT, COUNT, 0, false]);
      assert.ok(Date.now() - started >= 400, 'rate-limited: 1,000 messages at 2,000/s take at least half a second');

      // Recording a classic queue is refused until the peek is accepted; then the queue keeps every message.
      const request = { broker: 'rabbitmq' as const, destination: queue, start: { kind: 'earliest' as const }, brokerVersion: null };
      const refusedSink = fileSink(fromRabbit);
      await assert.rejects(recordDestination(amqp, request, { maxMessages: COUNT }, refusedSink));
      await refusedSink.close();
      const sink = fileSink(fromRabbit);
      const back = await recordDestination(amqp, { ...request, acceptRequeue: true }, { maxMessages: COUNT }, sink);
      await sink.close();
      assert.equal(back.messages, COUNT);
      assert.deepEqual(new Set(await values(fromRabbit)), new Set(kafkaValues));
      const page = await amqp.browse({ destination: queue, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
      assert.equal(page.records.length, 10, 'the queue still holds its messages');

      const missingQueue = await replayInto(amqp, { destination: '', routingKey: `fidrec.none.${id}` }, readRecording(fromKafka), { batchSize: 100 });
      assert.deepEqual([missingQueue.attempted, missingQueue.accepted, missingQueue.rejected], [COUNT, 0, COUNT]);
      const missingExchange = await replayInto(amqp, { destination: `fidrec.none.${id}`, routingKey: 'x' }, readRecording(fromKafka), { batchSize: 250 });
      assert.deepEqual([missingExchange.attempted, missingExchange.accepted, missingExchange.rejected], [COUNT, 0, COUNT]);
      assert.ok(missingExchange.reasons.length >= 1, missingExchange.reasons.join('; '));
    } finally {
      await amqp.deleteDestination(queue, queue).catch(() => undefined);
      await amqp.disconnect();
    }

    // Into the simulator as a scenario workload: every recorded record is published and processed, on both models.
    const scenario = parseScenario({
      version: 1, name: 'real orders', seed: 1, untilIdle: true,
      topology: { rabbitmq: { exchanges: [], queues: [{ name: 'orders', type: 'classic' }], bindings: [] }, kafka: { topics: [{ name: 'orders', partitions: 3 }] } },
      producers: [{ id: 'recorded', target: { rabbitmq: { exchange: '', routingKey: 'orders' }, kafka: { topic: 'orders' } }, ratePerSec: 1, count: COUNT, recording: { name: 'from-kafka', timing: 'scaled', speed: 10 } }],
      consumers: [{ id: 'c', source: { rabbitmq: { queue: 'orders' }, kafka: { topic: 'orders', group: 'g' } }, processingMs: 1, strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' }, autoOffsetReset: 'earliest' }],
    });
    assert.ok(scenario.ok);
    const loaded = await loadScenarioRecordings(scenario.scenario, folder);
    assert.deepEqual(loaded.problems, []);
    for (const model of ['rabbitmq', 'kafka'] as const) {
      const summary = new ScenarioRun(loaded.scenario, { model }).run();
      assert.deepEqual([summary.published, summary.uniqueProcessed], [COUNT, COUNT], model);
    }
  });
});
