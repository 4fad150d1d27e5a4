/**
 * The differential suite: every fidelity case runs through the same code on the simulator (its AMQP
 * and Kafka listeners over the real engine) and on the real RabbitMQ and Kafka, and the outcome
 * tables must be equal row for row; a difference fails with the row, the seed (randomized cases)
 * and both values. Agreement per row goes to .artifacts/fidelity.json; `npm run test:fidelity`
 * prints it (docs/fidelity.md keeps the figures).
 *
 * Randomized cases are generated with fast-check from FIDELITY_SEED (printed) and bounded by
 * FIDELITY_SIZE (default 12 per broker, so the contract phase stays short; raise it locally).
 * FIDELITY_PRINT=1 prints both tables of every case.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KafkaCluster } from '../../../src/extension/core/simulator/kafka/cluster.js';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import { createKafkaListener } from '../../../src/extension/core/wire/kafka/kafkaListener.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { startListener } from '../kafkaWire/support.js';
import { kafkaCases } from './kafkaCases.js';
import { kafkaLogCases } from './kafkaLogCases.js';
import { agreementTable, compareTables, describeDifferences, readAgreement, recordAgreement, resetAgreement } from './outcomeTable.js';
import { randomKafkaCases, randomRabbitCases } from './randomCases.js';
import { rabbitCases, type FidelityCase } from './rabbitCases.js';

const rabbit = await brokerGate('rabbitmq');
const kafka = await brokerGate('kafka');
const SEED = Number(process.env.FIDELITY_SEED ?? Date.now() % 2_147_483_647);
const SIZE = Number(process.env.FIDELITY_SIZE ?? 12);
console.log(`fidelity: seed ${SEED}, ${SIZE} randomized cases per broker (replay with FIDELITY_SEED=${SEED})`);

async function compare(c: FidelityCase, simEndpoint: string, realEndpoint: string, seed?: number): Promise<void> {
  const prefix = `fidelity.${randomUUID().slice(0, 8)}`;
  const sim = await c.run(simEndpoint, `${prefix}.s`);
  c.expect?.(sim);
  const real = await c.run(realEndpoint, `${prefix}.r`);
  recordAgreement(c.group, sim, real);
  if (process.env.FIDELITY_PRINT === '1') console.log(`${c.name}\n  simulator: ${JSON.stringify(sim)}\n  broker:    ${JSON.stringify(real)}`);
  const diffs = compareTables(sim, real);
  assert.equal(diffs.length, 0, describeDifferences(c.name, seed, diffs));
}

describe('differential: simulator vs the real brokers, same runner, equal outcome tables', () => {
  let amqpListener: WireListener | undefined;
  let kafkaListener: WireListener | undefined;
  let simAmqp = '';
  let simKafka = '';
  let logListener: WireListener | undefined;
  let simKafkaLog = '';

  before(async () => {
    resetAgreement();
    amqpListener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0, log: () => undefined });
    await amqpListener.start();
    simAmqp = `amqp://guest:guest@127.0.0.1:${amqpListener.address!.port}`;
    const k = await startListener();
    kafkaListener = k.listener;
    simKafka = k.bootstrap;
    // Retention and compaction cases: a cluster whose periodic work runs as often as on the shared test
    // broker (log.retention.check.interval.ms=1000, log.cleaner.backoff.ms=500 in
    // test/brokers/kafka/server.properties.template), on the wall clock, ticked every 100 ms.
    const logCluster = new KafkaCluster({ clock: { now: () => Date.now() }, brokers: 1, autoCreateTopics: false, retentionCheckIntervalMs: 1000, cleanerBackoffMs: 500, group: { initialRebalanceDelayMs: 0 } });
    logListener = createKafkaListener(logCluster, { port: 0, tickIntervalMs: 100, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    await logListener.start();
    simKafkaLog = `127.0.0.1:${logListener.address!.port}`;
  });
  after(async () => {
    await amqpListener?.stop();
    await kafkaListener?.stop();
    await logListener?.stop();
    console.log(`fidelity agreement per row (seed ${SEED}, FIDELITY_SIZE=${SIZE}):\n${agreementTable(readAgreement())}`);
  });

  describe('RabbitMQ', { skip: rabbit.skip }, () => {
    before(() => rabbit.assertRequired());
    for (const c of rabbitCases) it(c.name, { timeout: 60000 }, () => compare(c, simAmqp, brokerEnv.rabbitmqUrl));
    for (const { seed, fidelityCase } of randomRabbitCases(SEED, SIZE)) {
      it(`random: ${fidelityCase.name}`, { timeout: 60000 }, () => compare(fidelityCase, simAmqp, brokerEnv.rabbitmqUrl, seed));
    }
  });

  describe('Kafka', { skip: kafka.skip }, () => {
    before(() => kafka.assertRequired());
    for (const c of kafkaCases) it(c.name, { timeout: 120000 }, () => compare(c, simKafka, brokerEnv.kafkaBrokers[0]!));
    for (const c of kafkaLogCases) it(c.name, { timeout: 120000 }, () => compare(c, simKafkaLog, brokerEnv.kafkaBrokers[0]!));
    for (const { seed, fidelityCase } of randomKafkaCases(SEED, SIZE)) {
      it(`random: ${fidelityCase.name}`, { timeout: 60000 }, () => compare(fidelityCase, simKafka, brokerEnv.kafkaBrokers[0]!, seed));
    }
  });
});
