/**
 * Browse with schema decoding (`npm run bench:schema`), against the real broker and the real registry:
 * the last 1,000 Avro records of a topic through the Browse session (what the panel does: browse, then
 * rows for the list) with the registry lens (schemas cached: the panel's steady state) and without it
 * (the same bytes shown raw), rounds interleaved in one run. Target (issue 12): decoded ÷ raw at most 2×.
 * The first, cold load (schema fetched from the registry) is reported beside it.
 * Needs `npm run brokers:up` (Kafka and the registry). Writes bench/results/schema-decode.json.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaAdapter } from '../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { RegistryLens } from '../src/extension/core/schema/recordLens.js';
import { SchemaRegistryClient } from '../src/extension/core/schema/registryClient.js';
import { encodeWithRegistry } from '../src/extension/core/schema/schemaEncoder.js';
import { BrowseSession } from '../src/extension/panels/browse/session.js';
import { saveResults } from './results.js';

const brokers = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const registryUrl = process.env.BROKERLENS_SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';
const RECORDS = Number(process.env.BENCH_SCHEMA_RECORDS ?? 20_000);
const LAST = 1_000;
const RUNS = Number(process.env.BENCH_SCHEMA_RUNS ?? 9);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** A realistic event: strings, numbers, an enum, a nested record, an array, logical types. */
const schema = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: `bench.r${randomUUID().replaceAll('-', '')}`,
  fields: [
    { name: 'orderId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'customer', type: 'string' },
    { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } },
    { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }, { name: 'zip', type: 'string' }] } },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }] } } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

async function main(): Promise<void> {
  const topic = `schema.bench.${randomUUID()}`;
  const subject = `${topic}-value`;
  const client = new SchemaRegistryClient({ url: registryUrl, timeoutMs: 10_000 });
  const admin = new Kafka({ clientId: 'bench-schema', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  const adapter = new KafkaAdapter({ kind: 'kafka', id: 'bench', name: 'bench', brokers }, {});
  await adapter.connect();
  try {
    await client.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(schema), references: [] });
    const messages = [];
    for (let i = 0; i < RECORDS; i++) {
      const value = {
        orderId: randomUUID(),
        customer: `customer-${i % 997}`,
        placedAt: Date.UTC(2026, 11, 5) + i * 1000,
        total: `${(i % 100_000) + 1}.${String(i % 100).padStart(2, '0')}`,
        status: ['NEW', 'PAID', 'SHIPPED'][i % 3],
        address: { city: ['Dhaka', 'Khulna', 'Sylhet'][i % 3], zip: String(1000 + (i % 9000)) },
        lines: [{ sku: `sku-${i % 50}`, qty: 1 + (i % 5) }, { sku: `sku-${(i + 7) % 50}`, qty: 2 }],
        note: i % 4 === 0 ? 'gift' : null,
      };
      messages.push({ key: `o-${i}`, value: (await encodeWithRegistry(client, { subject, value })).bytes });
    }
    for (let at = 0; at < messages.length; at += 5000) await adapter.publish({ destination: topic }, messages.slice(at, at + 5000));
    const listener = { onTailRows: () => {}, onTailEnded: () => {} };
    const load = { start: { kind: 'latest' as const }, partition: 0, limit: LAST, acceptRequeue: false };

    // Cold: a new lens fetches the schema once.
    const t0 = performance.now();
    const cold = await new BrowseSession(adapter, { destination: topic, connectionName: 'bench' }, listener, { lens: new RegistryLens(client) }).load(load);
    const coldMs = performance.now() - t0;
    if (cold.status !== 'page' || cold.page.records.length !== LAST || cold.page.records.some((r) => r.valueSchema?.status !== 'decoded')) {
      throw new Error('the cold load did not decode 1,000 records');
    }

    const lens = new RegistryLens(client);
    const raw = new BrowseSession(adapter, { destination: topic, connectionName: 'bench' }, listener);
    const decoded = new BrowseSession(adapter, { destination: topic, connectionName: 'bench' }, listener, { lens });
    await raw.load(load); // warm-up (JIT, connection)
    await decoded.load(load);
    const rawMs: number[] = [];
    const decodedMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, alternating which goes first, so drift in machine load hits both.
      const order = i % 2 === 0 ? ['raw', 'decoded'] : ['decoded', 'raw'];
      for (const which of order) {
        const started = performance.now();
        const result = await (which === 'raw' ? raw : decoded).load(load);
        const ms = performance.now() - started;
        if (result.status !== 'page' || result.page.records.length !== LAST) throw new Error(`${which} load returned no full page`);
        (which === 'raw' ? rawMs : decodedMs).push(ms);
      }
    }
    const figures = {
      records: RECORDS,
      last: LAST,
      runs: RUNS,
      rawMedianMs: round(median(rawMs)),
      decodedMedianMs: round(median(decodedMs)),
      ratio: round(median(decodedMs) / median(rawMs), 2),
      coldDecodedMs: round(coldMs),
      rawMs: rawMs.map((x) => round(x)),
      decodedMs: decodedMs.map((x) => round(x)),
      target: '<= 2x',
    };
    const command = `node --import tsx bench/schemaDecode.ts (BENCH_SCHEMA_RECORDS=${RECORDS}, BENCH_SCHEMA_RUNS=${RUNS})`;
    const file = saveResults('schema-decode', command, figures);
    console.log(`| browse last ${LAST} Avro records (median of ${RUNS}) | ms |\n|---|---:|\n| raw (bytes) | ${figures.rawMedianMs} |\n| decoded, schema cached | ${figures.decodedMedianMs} |\n| **decoded ÷ raw** | **${figures.ratio}** |\n| decoded, first load (schema fetched) | ${figures.coldDecodedMs} |`);
    console.log(`results: ${file}`);
  } finally {
    await adapter.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    client.dispose();
  }
}

await main();
