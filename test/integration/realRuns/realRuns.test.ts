/**
 * "Run on Real Brokers" against the real RabbitMQ and Kafka, through the same connection settings
 * the extension uses (endpointsFor: SecretStorage-style secrets, TLS/SASL when set): a connection
 * without the opt-in is refused before anything is created; a preset runs in scratch resources and
 * its outcome rows sit beside the simulator's prediction; a cancelled run leaves nothing behind;
 * what a killed run left is deleted on the next connect (deleteLeftovers through the real adapters).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { KafkaConnectionConfig } from '../../../src/extension/core/model/connection.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { endpointsFor } from '../../../src/extension/core/realRuns/endpoints.js';
import { deleteLeftovers } from '../../../src/extension/core/realRuns/leftovers.js';
import { runOnRealBrokers } from '../../../src/extension/core/realRuns/realRun.js';
import { realRunTable } from '../../../src/extension/core/realRuns/realRunTable.js';
import { newRunId, scratchName } from '../../../src/extension/core/realRuns/scratchNames.js';
import { presetById, runComparison } from '../../../src/extension/core/simulator/index.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { mgmt, rabbitAdapter, rabbitConfig, rabbitEnv, rawConnection } from '../rabbitmq/support.js';

const rabbit = await brokerGate('rabbitmq');
const kafka = await brokerGate('kafka');
const skip = rabbit.skip ?? kafka.skip;

const kafkaConfig = (allow: boolean): KafkaConnectionConfig => ({ kind: 'kafka', id: `fidrun-${newRunId()}`, name: 'fidrun Kafka', brokers: brokerEnv.kafkaBrokers, ...(allow ? { allowScratchRuns: true } : {}) });
const rabbitRun = (allow: boolean) => ({ config: rabbitConfig({ name: 'fidrun RabbitMQ', ...(allow ? { allowScratchRuns: true } : {}) }), secrets: { password: rabbitEnv.password } });
const kafkaRun = (allow: boolean) => ({ config: kafkaConfig(allow), secrets: {} });

/** Every queue, exchange and topic of a run that is still on the brokers. */
async function remaining(runId: string): Promise<string[]> {
  const prefix = scratchName(runId, '');
  const queues = (await mgmt<{ name: string }[]>('GET', '/api/queues')).map((q) => q.name);
  const exchanges = (await mgmt<{ name: string }[]>('GET', '/api/exchanges')).map((x) => x.name);
  const admin = new Kafka({ clientId: 'fidrun-check', brokers: brokerEnv.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    return [...queues, ...exchanges, ...topics, ...groups].filter((n) => n.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
}

describe('Run on Real Brokers, on the real RabbitMQ and Kafka', { skip }, () => {
  before(() => {
    rabbit.assertRequired();
    kafka.assertRequired();
  });

  it('refuses a connection not marked allowScratchRuns, with one sentence, before anything is created', () => {
    for (const [r, k, name] of [[rabbitRun(false), kafkaRun(true), 'fidrun RabbitMQ'], [rabbitRun(true), kafkaRun(false), 'fidrun Kafka']] as const) {
      assert.throws(() => endpointsFor(r, k), (e: unknown) => isBrokerError(e) && e.code === 'accessRefused'
        && e.message === `"${name}" does not allow runs on real brokers: set "allowScratchRuns": true on this connection in the brokerlens.connections setting (only for a broker where scratch queues and topics are fine).`);
    }
  });

  it('runs a preset in scratch resources, beside the prediction, with throughput, and deletes everything', { timeout: 120_000 }, async () => {
    const preset = presetById('consumerCrash')!;
    const runId = newRunId();
    const seenNames = new Set<string>();
    const result = await runOnRealBrokers(preset.scenario, endpointsFor(rabbitRun(true), kafkaRun(true)), {
      maxMessages: 10_000, runId, throughputMessages: 1000,
      onProgress: (p) => { if (p.phase === 'running' && p.published > 0) seenNames.add(p.model); },
    });
    assert.deepEqual(result.models.map((m) => m.model).sort(), ['kafka', 'rabbitmq']);
    const prediction = await runComparison(preset.scenario);
    const table = realRunTable(prediction.rows, result);
    const cell = (row: string, model: 'rabbitmq' | 'kafka') => table.find((r) => r.id === row)!.cells[model]!;
    // What the queue and the log do with 100 payments is the same on the real brokers as predicted.
    for (const model of ['rabbitmq', 'kafka'] as const) {
      assert.deepEqual(cell('afterConsumption', model).differing, [], `${model}: ${JSON.stringify(cell('afterConsumption', model))}`);
      assert.deepEqual(cell('delivery', model).differing, [], `${model}: ${JSON.stringify(cell('delivery', model))}`);
      assert.equal(cell('afterConsumption', model).observed.figures['handled'], 100);
      assert.equal(cell('crash', model).observed.figures['crashes'], 1);
    }
    assert.equal(cell('afterConsumption', 'rabbitmq').observed.figures['left'], 0);
    assert.equal(cell('afterConsumption', 'kafka').observed.figures['left'], 100);
    // RabbitMQ requeues the crashed worker's unacked deliveries, marked redelivered.
    assert.ok(cell('crash', 'rabbitmq').observed.figures['redelivered']! >= 1);
    for (const m of result.models) {
      assert.ok(m.throughput && m.throughput.messages === 1000 && m.throughput.publishPerSec > 0 && m.throughput.consumePerSec > 0, JSON.stringify(m.throughput));
      assert.deepEqual(m.leftovers, []);
    }
    console.log(`fidrun: consumerCrash on real brokers: ${result.models.map((m) => `${m.model} ${m.durationMs} ms, publish ${m.throughput!.publishPerSec}/s, consume ${m.throughput!.consumePerSec}/s`).join('; ')}`);
    assert.deepEqual(await remaining(runId), []);
  });

  it('a cancelled run stops, deletes its scratch resources and says so', { timeout: 120_000 }, async () => {
    const runId = newRunId();
    const abort = new AbortController();
    let created = false;
    const running = runOnRealBrokers(presetById('orderConfirmationEmail')!.scenario, endpointsFor(rabbitRun(true), kafkaRun(true)), {
      maxMessages: 10_000, runId, signal: abort.signal,
      onProgress: (p) => {
        // Cancel once both brokers hold the run's resources and messages flow.
        if (p.phase === 'running' && p.published >= 10) created = true;
      },
    });
    const deadline = Date.now() + 30_000;
    while (!created && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(created, 'the run never started publishing');
    assert.ok((await remaining(runId)).length > 0, 'the run made no scratch resources to clean up');
    abort.abort();
    await assert.rejects(running, (e: unknown) => isBrokerError(e) && e.code === 'cancelled' && /cancelled; its scratch resources were deleted/.test(e.message));
    assert.deepEqual(await remaining(runId), []);
  });

  it('leftovers of a killed run are deleted on the next connect, each one named; a run in progress is left alone', { timeout: 60_000 }, async () => {
    const dead = newRunId();
    const live = newRunId();
    const conn = await rawConnection();
    const ch = await conn.createChannel();
    await ch.assertQueue(scratchName(dead, 'payments'));
    await ch.assertExchange(scratchName(dead, 'orders'), 'direct');
    await ch.assertQueue(scratchName(live, 'payments'));
    await conn.close();
    const kAdmin = new Kafka({ clientId: 'fidrun-check', brokers: brokerEnv.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await kAdmin.connect();
    await kAdmin.createTopics({ topics: [{ topic: scratchName(dead, 'orders'), numPartitions: 1 }], waitForLeaders: true });
    // A killed run's consumer group: an empty group with a committed offset, as a stopped consumer leaves it.
    await kAdmin.setOffsets({ groupId: scratchName(dead, 'billing'), topic: scratchName(dead, 'orders'), partitions: [{ partition: 0, offset: '0' }] });
    await kAdmin.disconnect();
    const adapters = [rabbitAdapter({ allowScratchRuns: true }), new KafkaAdapter(kafkaConfig(true), {})];
    try {
      const deleted: string[] = [];
      for (const a of adapters) {
        await a.connect();
        const r = await deleteLeftovers(a, new Set([live]));
        assert.deepEqual(r.failed, []);
        deleted.push(...r.deleted);
      }
      assert.deepEqual(deleted.filter((n) => n.includes(dead)).sort(), [scratchName(dead, 'billing'), scratchName(dead, 'orders'), scratchName(dead, 'orders'), scratchName(dead, 'payments')].sort());
      assert.ok(!deleted.some((n) => n.includes(live)));
      assert.deepEqual(await remaining(dead), []);
      assert.deepEqual(await remaining(live), [scratchName(live, 'payments')]);
    } finally {
      for (const a of adapters) await a.disconnect().catch(() => undefined);
      const c = await rawConnection();
      const ch2 = await c.createChannel();
      await ch2.deleteQueue(scratchName(live, 'payments')).catch(() => undefined);
      await c.close().catch(() => undefined);
    }
  });
  after(() => undefined);
});
