/**
 * One refresh of a consumer group on a topic with 1,000 partitions against the real test broker
 * (`npm run bench:groups`): what the Consumer group panel does every poll (describe, committed
 * offsets, log start and end, lag in records and the age of the oldest unconsumed record), in
 * milliseconds and in Kafka requests per refresh, with Kafka's own
 * `kafka-consumer-groups --describe` (ConsumerGroupCommand, a fresh JVM as a user runs it) timed in
 * the same run for reference. Target: at most the reference's time.
 *
 * Requests are counted by wrapping kafkajs's Connection#send in this process (bench only): every
 * request BrokerLens sends goes through it, its own encoded ones (ListGroups v5, ConsumerGroupDescribe)
 * included.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaAdapter } from '../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { saveResults } from './results.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const brokers = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const PARTITIONS = Number(process.env.BENCH_GROUP_PARTITIONS ?? 1000);
const PER_PARTITION = 20;
const COMMITTED = 5;
const RUNS = Number(process.env.BENCH_GROUP_RUNS ?? 7);
const REF_RUNS = Number(process.env.BENCH_GROUP_REF_RUNS ?? 3);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** Counts requests per API name, by wrapping kafkajs's Connection#send (bench only). */
const counts = new Map<string, number>();
{
  const require = createRequire(import.meta.url);
  const Connection = require('kafkajs/src/network/connection.js') as { prototype: { send: (this: unknown, req: { request: { apiName: string } }) => Promise<unknown> } };
  const send = Connection.prototype.send;
  Connection.prototype.send = function (this: unknown, req) {
    counts.set(req.request.apiName, (counts.get(req.request.apiName) ?? 0) + 1);
    return send.call(this, req);
  };
}

function run(cmd: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

async function main(): Promise<void> {
  const topic = `brokerlens.bench.groups.${randomUUID().slice(0, 8)}`;
  const groupId = `brokerlens.bench.groups.${randomUUID().slice(0, 8)}`;
  const kafka = new Kafka({ clientId: 'brokerlens-bench', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const adapter = new KafkaAdapter({ kind: 'kafka', id: 'bench', name: 'bench', brokers }, {});
  try {
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
    await adapter.connect();
    // A new topic's 1,000 leaders take a moment to be known everywhere: wait until every partition answers ListOffsets.
    const offsets = Object.fromEntries(Array.from({ length: PARTITIONS }, (_, p) => [p, COMMITTED]));
    for (let attempt = 1; ; attempt++) {
      try {
        await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'earliest' } });
        break;
      } catch (e) {
        if (attempt >= 60) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const t0 = Date.now() - 600_000;
    const messages = Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({ value: `v${i}`, partition: i % PARTITIONS, timestamp: t0 + Math.floor(i / PARTITIONS) * 1000 }));
    const published = await adapter.publish({ destination: topic }, messages);
    if (published.confirmed !== messages.length) throw new Error(`published ${published.confirmed} of ${messages.length}`);
    await adapter.consumerGroups.applyOffsetReset(await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'offsets', offsets } }));

    // Warm-up: metadata and connections, as an open panel has them after its first poll.
    const first = await adapter.consumerGroups.describeGroup(groupId);
    if (first.offsets.length !== PARTITIONS || first.totalLag !== PARTITIONS * (PER_PARTITION - COMMITTED)) throw new Error(`unexpected describe: ${first.offsets.length} partitions, lag ${first.totalLag}`);
    if (first.offsets.some((o) => o.lagMs === undefined)) throw new Error('a partition has no lag in time');

    const times: number[] = [];
    const perRefresh: Record<string, number>[] = [];
    for (let i = 0; i < RUNS; i++) {
      counts.clear();
      const started = performance.now();
      await adapter.consumerGroups.describeGroup(groupId);
      times.push(performance.now() - started);
      perRefresh.push(Object.fromEntries([...counts].sort()));
    }

    const refTimes: number[] = [];
    for (let i = 0; i < REF_RUNS; i++) {
      const r = await run('bash', ['scripts/brokers/kafka-tool.sh', 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', brokers[0]!, '--describe', '--group', groupId]);
      if (r.code !== 0) throw new Error(`kafka-consumer-groups failed: ${r.stderr.slice(-1000)}`);
      const rows = r.stdout.split('\n').filter((l) => l.includes(topic)).length;
      if (rows !== PARTITIONS) throw new Error(`kafka-consumer-groups listed ${rows} partitions`);
      refTimes.push(r.ms);
    }

    const requests = perRefresh.at(-1)!;
    const figures = {
      partitions: PARTITIONS,
      runs: RUNS,
      brokerlensMs: round(median(times)),
      brokerlensMinMs: round(Math.min(...times)),
      requestsPerRefresh: requests,
      requestsTotal: Object.values(requests).reduce((a, b) => a + b, 0),
      referenceRuns: REF_RUNS,
      referenceMs: round(median(refTimes)),
      ratio: round(median(times) / median(refTimes), 3),
    };
    const file = saveResults('group-refresh', 'npm run bench:groups', figures);
    console.log(`| refresh of a group on ${PARTITIONS} partitions | BrokerLens | kafka-consumer-groups --describe |`);
    console.log('|---|---:|---:|');
    console.log(`| median ms (${RUNS} / ${REF_RUNS} runs) | ${figures.brokerlensMs} | ${figures.referenceMs} |`);
    console.log(`| requests per refresh | ${figures.requestsTotal} (${Object.entries(requests).map(([k, v]) => `${k} ${v}`).join(', ')}) | |`);
    console.log(`ratio ${figures.ratio}; written to ${file}`);
  } finally {
    await adapter.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

await main();
