/**
 * Send ×N from the Publish panel's code path (PublishSession.send: draft check, template expansion
 * per message, streamed to Kafka's adapter or in chunks to RabbitMQ's, exact tally) against the
 * adapter's own bulk publish of the same number of prebuilt messages, on real Kafka (acks=all) and
 * real RabbitMQ (publisher confirms), in the same run, alternating, median of rounds. Then Export… of 100,000 records of the Kafka topic to
 * NDJSON (readAll + exportPages into a file stream, as Browse does), in records/s with the process's
 * peak heap and RSS growth: the export is streamed, so memory must not grow with the count.
 *
 *   npm run bench:publish            (100,000 messages, 3 rounds)
 *   node --import tsx bench/publish.ts [count] [rounds] [results-name]
 *
 * Results go to bench/results/<results-name>.json (default "publish"): give a new run its own name to
 * keep the earlier run's file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KafkaAdapter } from '../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { RabbitMqAdapter } from '../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import type { BrokerAdapter } from '../src/extension/core/model/adapter.js';
import type { OutgoingMessage, PublishTarget } from '../src/extension/core/model/message.js';
import { emptyDraft, planDraft, type PublishDraft } from '../src/extension/core/publish/draft.js';
import { exportPages, readAll } from '../src/extension/core/publish/exportStream.js';
import { writeFile } from '../src/extension/panels/browse/exportFile.js';
import { PublishSession } from '../src/extension/panels/publish/session.js';
import { saveResults } from './results.js';

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
const resultsName = process.argv[4] ?? 'publish';
const run = `bench-publish-${Date.now()}`;
const payload = '{"orderId":"o-{{seq}}","id":"{{uuid}}","total":{{int:1:500}},"at":"{{now}}"}';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<number>): Promise<{ seconds: number; confirmed: number }> {
  const t0 = performance.now();
  const confirmed = await fn();
  return { seconds: (performance.now() - t0) / 1000, confirmed };
}

async function compare(label: string, adapter: BrokerAdapter, draft: PublishDraft, target: PublishTarget): Promise<Record<string, unknown>> {
  const session = new PublishSession(adapter, 'bench', { get: () => undefined, update: () => undefined });
  // The reference sends the very same messages (expanded before the clock starts) in one adapter call.
  const check = planDraft(draft);
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  // Built afresh for every round: a string sent once is flattened by V8, and reusing it would hand the
  // reference cheaper strings than any real send has.
  const fresh = (): OutgoingMessage[] => Array.from({ length: count }, (_, i) => check.plan.build(i));
  const panel: number[] = [];
  const reference: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so a slow moment of the machine does not always hit the same one.
    const order = r % 2 === 0 ? ['reference', 'panel'] : ['panel', 'reference'];
    for (const which of order) {
      const prebuilt = which === 'reference' ? fresh() : [];
      const t = which === 'reference'
        ? await timed(async () => (await adapter.publish(target, prebuilt)).confirmed)
        : await timed(async () => {
            const result = await session.send(draft, count);
            return result.status === 'done' ? result.tally.confirmed : 0;
          });
      if (t.confirmed !== count) throw new Error(`${label} ${which}: ${t.confirmed} of ${count} confirmed`);
      (which === 'reference' ? reference : panel).push(count / t.seconds);
      console.log(`${label} round ${r + 1} ${which}: ${Math.round(count / t.seconds)} msg/s`);
    }
  }
  const figures = { panel: Math.round(median(panel)), reference: Math.round(median(reference)), ratio: Number((median(panel) / median(reference)).toFixed(2)), rounds: { panel: panel.map(Math.round), reference: reference.map(Math.round) } };
  console.log(`${label}: panel ${figures.panel} msg/s, adapter ${figures.reference} msg/s, ratio ${figures.ratio}`);
  return figures;
}

const kafka = new KafkaAdapter({ kind: 'kafka', id: 'bench', name: 'bench', brokers: (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') }, {});
const rabbit = new RabbitMqAdapter(
  { kind: 'rabbitmq', id: 'bench', name: 'bench', amqpUrl: 'amqp://127.0.0.1:5672/', managementUrl: 'http://127.0.0.1:15672', username: process.env.BROKERLENS_RABBITMQ_USER ?? 'brokerlens' },
  { password: process.env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret' },
);
const topic = `${run}.kafka`;
const exportTopic = `${run}.export`;
const queue = `${run}.rabbit`;
const file = path.join(os.tmpdir(), `${run}.ndjson`);
try {
  await kafka.connect();
  await rabbit.connect();
  await kafka.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1 });
  await kafka.createDestination({ kind: 'topic', name: exportTopic, partitions: 1, replicationFactor: 1 });
  await rabbit.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: false, arguments: { maxLength: count } });
  await new Promise((r) => setTimeout(r, 1000));

  const kafkaFigures = await compare('kafka', kafka, { ...emptyDraft('kafka', topic), key: 'o-{{seq}}', payload }, { destination: topic });
  const rabbitFigures = await compare('rabbitmq', rabbit, { ...emptyDraft('rabbitmq', '', queue), payload, properties: {} }, { destination: '', routingKey: queue, mandatory: true });

  // Export: fill a topic with `count` records through the adapter, then stream them to a file.
  await new PublishSession(kafka, 'bench', { get: () => undefined, update: () => undefined }).send({ ...emptyDraft('kafka', exportTopic), key: 'o-{{seq}}', payload, headers: [{ name: 'source', value: 'bench' }] }, count);
  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const t0 = performance.now();
  const result = await writeFile(file, (sink) => exportPages(readAll(kafka, exportTopic), sink, { format: 'ndjson', encoding: 'auto' }));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sample);
  const bytes = fs.statSync(file).size;
  if (result.written !== count) throw new Error(`export wrote ${result.written} of ${count}`);
  const exportFigures = {
    records: result.written,
    recordsPerSecond: Math.round(result.written / seconds),
    megabytes: Number((bytes / 1e6).toFixed(1)),
    heapGrowthMB: Number(((peakHeap - base.heapUsed) / 1e6).toFixed(1)),
    rssGrowthMB: Number(((peakRss - base.rss) / 1e6).toFixed(1)),
  };
  console.log(`export: ${exportFigures.recordsPerSecond} records/s, ${exportFigures.megabytes} MB file, peak heap +${exportFigures.heapGrowthMB} MB, RSS +${exportFigures.rssGrowthMB} MB`);
  console.log(`results: ${saveResults(resultsName, `node --expose-gc --import tsx bench/publish.ts ${count} ${rounds}${resultsName === 'publish' ? '' : ` ${resultsName}`}`, { count, kafka: kafkaFigures, rabbitmq: rabbitFigures, export: exportFigures })}`);
} finally {
  fs.rmSync(file, { force: true });
  await kafka.deleteDestination(topic, topic).catch(() => undefined);
  await kafka.deleteDestination(exportTopic, exportTopic).catch(() => undefined);
  await rabbit.deleteDestination(queue, queue).catch(() => undefined);
  await kafka.disconnect();
  await rabbit.disconnect();
}
