/**
 * Bad input gets the same answer from the simulator and the real adapters (issue 14, defect 7):
 * offsets -1, 2^53, Infinity and NaN, impossible timestamps, cursors naming partitions that do not
 * exist, impossible page sizes, and RabbitMQ queue names that are empty or over 255 bytes. Each case
 * must be refused with a BrokerError of the expected code; anything else (no error, a raw exception)
 * counts as a crash. The counts go to .artifacts/bad-input.json for docs/reliability.md.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KafkaAdapter } from '../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { SimulatorKafkaAdapter } from '../../src/extension/core/adapters/simulator/simulatorKafkaAdapter.js';
import { createSimulatorAdapters } from '../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../src/extension/core/model/adapter.js';
import type { BrowseRequest } from '../../src/extension/core/model/browse.js';
import type { DestinationSpec } from '../../src/extension/core/model/destination.js';
import { isBrokerError, type BrokerErrorCode } from '../../src/extension/core/model/errors.js';
import { VirtualClock } from '../../src/extension/core/simulator/clock.js';
import { KafkaCluster } from '../../src/extension/core/simulator/kafka/cluster.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';
import { rabbitAdapter } from '../integration/rabbitmq/support.js';

type Case = { readonly label: string; readonly expect: BrokerErrorCode; readonly run: (adapter: BrokerAdapter, destination: string) => Promise<unknown> };

const browse = (start: BrowseRequest['start'], extra: Partial<BrowseRequest> = {}) => (a: BrokerAdapter, destination: string) => a.browse({ destination, start, limit: 10, ...extra });
const cursor = (positions: Record<number, number>, direction: 'forward' | 'backward' = 'forward'): BrowseRequest['start'] => ({ kind: 'cursor', cursor: { direction, positions } });

/** Cases for a destination read by offset: a Kafka topic (2 partitions) or a stream (partition 0). */
function offsetCases(partitions: number): Case[] {
  return [
    { label: 'offset -1', expect: 'invalidInput', run: browse({ kind: 'offset', offset: -1 }) },
    { label: 'offset 2^53', expect: 'invalidInput', run: browse({ kind: 'offset', offset: 2 ** 53 }) },
    { label: 'offset Infinity', expect: 'invalidInput', run: browse({ kind: 'offset', offset: Infinity }) },
    { label: 'offset NaN', expect: 'invalidInput', run: browse({ kind: 'offset', offset: NaN }) },
    { label: 'offset 1.5', expect: 'invalidInput', run: browse({ kind: 'offset', offset: 1.5 }) },
    { label: 'timestamp Infinity', expect: 'invalidInput', run: browse({ kind: 'timestamp', timestamp: Infinity }) },
    { label: 'timestamp -5', expect: 'invalidInput', run: browse({ kind: 'timestamp', timestamp: -5 }) },
    { label: 'cursor naming only a partition that does not exist', expect: 'notFound', run: browse(cursor({ [partitions + 97]: 0 })) },
    { label: 'cursor with a negative offset', expect: 'invalidInput', run: browse(cursor({ 0: -3 })) },
    { label: 'cursor offset Infinity', expect: 'invalidInput', run: browse(cursor({ 0: Infinity }, 'backward')) },
    { label: 'page size 0', expect: 'invalidInput', run: browse({ kind: 'earliest' }, { limit: 0 }) },
    { label: 'page size 1.5', expect: 'invalidInput', run: browse({ kind: 'earliest' }, { limit: 1.5 }) },
  ];
}

/** Queue-name cases, run on a RabbitMQ adapter (each creates nothing when refused). */
const queueNameCases: Case[] = [
  { label: "queue name ''", expect: 'invalidInput', run: (a) => a.createDestination({ kind: 'queue', name: '', queueType: 'classic', durable: false }) },
  { label: 'queue name of 256 ASCII bytes', expect: 'invalidInput', run: (a) => a.createDestination({ kind: 'queue', name: `harden.${'x'.repeat(249)}`, queueType: 'classic', durable: false }) },
  { label: 'queue name of 256 UTF-8 bytes (128 × é)', expect: 'invalidInput', run: (a) => a.createDestination({ kind: 'queue', name: 'é'.repeat(128), queueType: 'quorum', durable: true }) },
];

const tally: Record<string, { tried: number; rejected: number; crashes: number }> = {};

function badInputSuite(o: {
  name: string;
  skip?: string | false;
  assertAvailable?: () => void;
  create: () => BrokerAdapter;
  spec?: (name: string) => DestinationSpec;
  cases: Case[];
}): void {
  describe(`bad input: ${o.name}`, { skip: o.skip || false }, () => {
    let adapter: BrokerAdapter;
    const destination = `harden.bad.${randomUUID().slice(0, 8)}`;
    before(async () => {
      o.assertAvailable?.();
      adapter = o.create();
      await adapter.connect();
      if (o.spec) {
        await adapter.createDestination(o.spec(destination));
        await adapter.publish(adapter.kind === 'kafka' ? { destination } : { destination: '', routingKey: destination }, [{ value: 'a' }, { value: 'b' }]);
      }
    });
    after(async () => {
      if (o.spec) await adapter.deleteDestination(destination, destination).catch(() => undefined);
      await adapter.disconnect();
      fs.mkdirSync('.artifacts', { recursive: true });
      const file = path.join('.artifacts', 'bad-input.json');
      const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      fs.writeFileSync(file, `${JSON.stringify({ ...previous, ...tally }, null, 2)}\n`);
    });
    for (const c of o.cases) {
      it(`${c.label} is refused as ${c.expect}`, async () => {
        const row = (tally[o.name] ??= { tried: 0, rejected: 0, crashes: 0 });
        row.tried++;
        let outcome: unknown = 'no error';
        try {
          await c.run(adapter, destination);
        } catch (e) {
          outcome = e;
        }
        if (isBrokerError(outcome)) row.rejected++;
        else row.crashes++;
        assert.ok(isBrokerError(outcome), `expected a BrokerError, got ${outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome)}`);
        assert.equal(outcome.code, c.expect, outcome.message);
        assert.ok(!outcome.message.includes('\n'), 'one sentence');
      });
    }
  });
}

const kafkaTopic = (name: string): DestinationSpec => ({ kind: 'topic', name, partitions: 2, replicationFactor: 1 });
const stream = (name: string): DestinationSpec => ({ kind: 'queue', name, queueType: 'stream', durable: true });
const rabbitSim = (): BrokerAdapter => createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 0, 1)))[0]!;

badInputSuite({ name: 'simulator Kafka model', create: () => new SimulatorKafkaAdapter(new KafkaCluster({ clock: new VirtualClock(Date.UTC(2026, 0, 1)), seed: 7, brokers: 1 })), spec: kafkaTopic, cases: offsetCases(2) });
badInputSuite({ name: 'simulator RabbitMQ model', create: rabbitSim, spec: stream, cases: [...offsetCases(1), ...queueNameCases] });

const kafka = await brokerGate('kafka');
badInputSuite({
  name: 'real Kafka',
  skip: kafka.skip,
  assertAvailable: kafka.assertRequired,
  create: () => new KafkaAdapter({ kind: 'kafka', id: 'bad-input', name: 'bad input', brokers: brokerEnv.kafkaBrokers }, {}),
  spec: kafkaTopic,
  cases: offsetCases(2),
});
const rabbit = await brokerGate('rabbitmq');
badInputSuite({ name: 'real RabbitMQ', skip: rabbit.skip, assertAvailable: rabbit.assertRequired, create: () => rabbitAdapter(), spec: stream, cases: [...offsetCases(1), ...queueNameCases] });
