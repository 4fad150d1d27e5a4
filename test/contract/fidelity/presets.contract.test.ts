/**
 * Preset scenarios in the differential suite: the same run as "Run on Real Brokers"
 * (core/realRuns/realRun.ts: the scenario in real time through amqplib and kafkajs) on the
 * simulator's AMQP and Kafka listeners and on the real RabbitMQ and Kafka, at the same time; the
 * rows a real-time run decides by semantics rather than by timing must be equal (compareTables, a
 * difference names the preset, the row and both values). Agreement per row joins
 * .artifacts/fidelity.json.
 *
 * FIDELITY_PRESETS picks the presets (comma-separated ids, or "all"); the default is one preset so
 * the contract phase stays short.
 */
import assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { after, before, describe, it } from 'node:test';
import { describeDifferences, compareTables } from '../../../src/extension/core/realRuns/outcomeDiff.js';
import { runOnRealBrokers, type RealRunEndpoints } from '../../../src/extension/core/realRuns/realRun.js';
import { outcomeOf } from '../../../src/extension/core/realRuns/realRunTable.js';
import type { ContrastRowId } from '../../../src/extension/core/simulator/compare/contrastTable.js';
import { PRESETS } from '../../../src/extension/core/simulator/index.js';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { startListener } from '../kafkaWire/support.js';
import { recordAgreement } from './outcomeTable.js';

const rabbit = await brokerGate('rabbitmq');
const kafka = await brokerGate('kafka');
const wanted = (process.env.FIDELITY_PRESETS ?? 'consumerCrash').split(',').map((s) => s.trim());
const presets = PRESETS.filter((p) => wanted.includes('all') || wanted.includes(p.id));
if (presets.length === 0) throw new Error(`FIDELITY_PRESETS=${process.env.FIDELITY_PRESETS} names no preset; ids: ${PRESETS.map((p) => p.id).join(', ')}`);
/** Rows a real-time run decides by the broker's semantics (the others depend on the moment a timer fires). */
const ROWS: readonly ContrastRowId[] = ['afterConsumption', 'delivery', 'orderPerKey', 'replay'];

const client = (bootstrap: string): Kafka => new Kafka({ clientId: 'brokerlens-fidelity', brokers: [bootstrap], logLevel: logLevel.NOTHING });

describe('differential: preset scenarios, the "Run on Real Brokers" run on the simulator and on the real brokers', { skip: rabbit.skip ?? kafka.skip }, () => {
  let amqpListener: WireListener | undefined;
  let kafkaListener: WireListener | undefined;
  let simulator: RealRunEndpoints;
  const real: RealRunEndpoints = { rabbitmq: () => amqp.connect(brokerEnv.rabbitmqUrl), kafka: () => client(brokerEnv.kafkaBrokers[0]!) };

  before(async () => {
    rabbit.assertRequired();
    kafka.assertRequired();
    amqpListener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0, log: () => undefined });
    await amqpListener.start();
    const k = await startListener();
    kafkaListener = k.listener;
    simulator = { rabbitmq: () => amqp.connect(`amqp://guest:guest@127.0.0.1:${amqpListener!.address!.port}`), kafka: () => client(k.bootstrap) };
  });
  after(async () => {
    await amqpListener?.stop();
    await kafkaListener?.stop();
  });

  for (const preset of presets) {
    it(preset.id, { timeout: 180_000 }, async () => {
      const options = { maxMessages: 10_000, throughputMessages: 0 };
      const [sim, broker] = await Promise.all([runOnRealBrokers(preset.scenario, simulator, options), runOnRealBrokers(preset.scenario, real, options)]);
      const failures: string[] = [];
      for (const model of ['rabbitmq', 'kafka'] as const) {
        const s = outcomeOf(sim.models.find((m) => m.model === model)!.facts, ROWS);
        const b = outcomeOf(broker.models.find((m) => m.model === model)!.facts, ROWS);
        recordAgreement(`preset ${preset.id} (${model})`, s, b);
        const diffs = compareTables(s, b);
        if (diffs.length) failures.push(describeDifferences(`${preset.id} on ${model}`, undefined, diffs));
      }
      assert.equal(failures.length, 0, failures.join('\n'));
    });
  }
});
