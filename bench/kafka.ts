/**
 * Kafka adapter benchmark against the real test broker (`npm run bench:kafka`):
 *   1. read the last 1,000 records of a 1,000,000-record partition: BrokerLens browse vs kcat;
 *   2. produce 100,000 records of 100 bytes: BrokerLens bulk publish vs kcat vs Kafka's
 *      ProducerPerformance (Java client), in the same run.
 * Writes bench/results/kafka.json and prints a markdown table. Targets: read <= 1.5x kcat's time,
 * produce >= 0.5x kcat's throughput. Needs the broker up (`npm run brokers:up`), kcat, and for the Java
 * figures java plus the jars in $BROKERLENS_KAFKA_LIB.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaAdapter } from '../src/extension/core/adapters/kafka/kafkaAdapter.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const brokers = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const bootstrap = brokers[0]!;
const kafkaLib = process.env.BROKERLENS_KAFKA_LIB ?? path.join(root, '.brokers/cache/kafka-4.4.0/lib');
const READ_RECORDS = 1_000_000;
const READ_LAST = 1_000;
const READ_RUNS = Number(process.env.BENCH_READ_RUNS ?? 9);
const PRODUCE_RECORDS = 100_000;
const PRODUCE_RUNS = Number(process.env.BENCH_PRODUCE_RUNS ?? 3);
const RECORD_SIZE = 100;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(cmd: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: performance.now() - started }));
    child.stdin.end(input ?? '');
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

function adapter(): KafkaAdapter {
  return new KafkaAdapter({ kind: 'kafka', id: 'bench', name: 'bench', brokers }, {});
}

async function withTopic<T>(admin: KafkaAdapter, label: string, work: (topic: string) => Promise<T>): Promise<T> {
  const topic = `brokerlens.bench.${label}.${randomUUID().slice(0, 8)}`;
  await admin.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1 });
  try {
    return await work(topic);
  } finally {
    await admin.deleteDestination(topic, topic).catch(() => undefined);
  }
}

function javaAvailable(): boolean {
  return fs.existsSync(kafkaLib) && fs.readdirSync(kafkaLib).some((f) => f.startsWith('kafka-tools-'));
}

async function producerPerformance(topic: string, records: number): Promise<{ recordsPerSec: number; wallMs: number }> {
  const r = await run('java', [
    '-cp', `${kafkaLib}/*`,
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic', topic,
    '--num-records', String(records),
    '--record-size', String(RECORD_SIZE),
    '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${bootstrap}`, 'acks=all',
  ]);
  if (r.code !== 0) throw new Error(`ProducerPerformance failed: ${r.stderr.slice(-500)}`);
  const m = /records sent, ([\d.]+) records\/sec/.exec(r.stdout.trim().split('\n').at(-1) ?? '');
  if (!m) throw new Error(`ProducerPerformance printed no summary: ${r.stdout.slice(-300)}`);
  return { recordsPerSec: Number(m[1]), wallMs: r.ms };
}

async function benchRead(admin: KafkaAdapter): Promise<Record<string, unknown>> {
  return withTopic(admin, 'read', async (topic) => {
    console.error(`read: filling ${topic} with ${READ_RECORDS} records of ${RECORD_SIZE} bytes...`);
    if (javaAvailable()) {
      await producerPerformance(topic, READ_RECORDS);
    } else {
      const line = 'x'.repeat(RECORD_SIZE);
      for (let i = 0; i < 10; i++) await run('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', '0'], `${line}\n`.repeat(READ_RECORDS / 10));
    }
    const parts = await admin.partitions!.listPartitions(topic);
    if (parts[0]!.highWatermark !== READ_RECORDS) throw new Error(`partition holds ${parts[0]!.highWatermark} records, not ${READ_RECORDS}`);

    const kcatMs: number[] = [];
    const kcatTunedMs: number[] = [];
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    const warm = adapter();
    await warm.connect();
    await warm.browse({ destination: topic, partition: 0, start: { kind: 'latest' }, limit: READ_LAST }); // JIT and connection warm-up
    for (let i = 0; i < READ_RUNS; i++) {
      const k = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-p', '0', '-o', `-${READ_LAST}`, '-e', '-q']);
      const lines = k.stdout.split('\n').filter(Boolean).length;
      if (k.code !== 0 || lines !== READ_LAST) throw new Error(`kcat read ${lines} records (exit ${k.code}): ${k.stderr}`);
      kcatMs.push(k.ms);
      // librdkafka waits up to fetch.wait.max.ms (500 ms) at the end of the partition before it sees EOF;
      // the same read with a short wait shows kcat's own speed.
      const kt = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-p', '0', '-o', `-${READ_LAST}`, '-e', '-q', '-X', 'fetch.wait.max.ms=5']);
      if (kt.code !== 0 || kt.stdout.split('\n').filter(Boolean).length !== READ_LAST) throw new Error(`kcat (tuned) failed: ${kt.stderr}`);
      kcatTunedMs.push(kt.ms);

      // Cold: what a user waits for when opening a topic: connect, browse, close.
      const started = performance.now();
      const cold = adapter();
      await cold.connect();
      const page = await cold.browse({ destination: topic, partition: 0, start: { kind: 'latest' }, limit: READ_LAST });
      await cold.disconnect();
      coldMs.push(performance.now() - started);
      if (page.records.length !== READ_LAST || page.records[0]!.offset !== READ_RECORDS - READ_LAST) throw new Error('BrokerLens read the wrong records');

      const w0 = performance.now();
      const again = await warm.browse({ destination: topic, partition: 0, start: { kind: 'latest' }, limit: READ_LAST });
      warmMs.push(performance.now() - w0);
      if (again.records.length !== READ_LAST) throw new Error('BrokerLens warm read the wrong count');
    }
    await warm.disconnect();
    const kcat = median(kcatMs);
    const kcatTuned = median(kcatTunedMs);
    const cold = median(coldMs);
    const warmMedian = median(warmMs);
    return {
      records: READ_RECORDS,
      last: READ_LAST,
      runs: READ_RUNS,
      kcatMedianMs: round(kcat),
      brokerLensColdMedianMs: round(cold),
      brokerLensWarmMedianMs: round(warmMedian),
      kcatFetchWait5msMedianMs: round(kcatTuned),
      coldRatioToKcat: round(cold / kcat, 2),
      coldRatioToKcatFetchWait5ms: round(cold / kcatTuned, 2),
      warmRatioToKcat: round(warmMedian / kcat, 2),
      target: 'BrokerLens cold time <= 1.5x kcat',
      meetsTarget: cold / kcat <= 1.5,
      samples: { kcatMs: kcatMs.map((x) => round(x)), kcatFetchWait5msMs: kcatTunedMs.map((x) => round(x)), coldMs: coldMs.map((x) => round(x)), warmMs: warmMs.map((x) => round(x)) },
    };
  });
}

async function benchProduce(admin: KafkaAdapter): Promise<Record<string, unknown>> {
  const value = Buffer.alloc(RECORD_SIZE, 'x');
  const messages = Array.from({ length: PRODUCE_RECORDS }, () => ({ value }));
  const file = path.join(os.tmpdir(), `brokerlens-bench-${process.pid}.txt`);
  fs.writeFileSync(file, `${'x'.repeat(RECORD_SIZE)}\n`.repeat(PRODUCE_RECORDS));
  const ours: number[] = [];
  const kcats: number[] = [];
  const javas: number[] = [];
  const javaWall: number[] = [];
  const producer = adapter();
  await producer.connect();
  try {
    // Warm-up: the first publish connects the producer and compiles the hot paths.
    await withTopic(admin, 'warm', (topic) => producer.publish({ destination: topic }, messages.slice(0, 5_000)));
    for (let i = 0; i < PRODUCE_RUNS; i++) {
      await withTopic(admin, 'produce', async (topic) => {
        const t0 = performance.now();
        const report = await producer.publish({ destination: topic, acks: 'all' }, messages);
        const ms = performance.now() - t0;
        if (report.confirmed !== PRODUCE_RECORDS) throw new Error(`BrokerLens confirmed ${report.confirmed}`);
        ours.push(PRODUCE_RECORDS / (ms / 1000));
      });
      await withTopic(admin, 'kcat', async (topic) => {
        const k = await run('kcat', ['-P', '-b', bootstrap, '-t', topic, '-X', 'acks=all', '-l', file]);
        if (k.code !== 0) throw new Error(`kcat produce failed: ${k.stderr}`);
        const high = (await admin.partitions!.listPartitions(topic))[0]!.highWatermark;
        if (high !== PRODUCE_RECORDS) throw new Error(`kcat wrote ${high} records`);
        kcats.push(PRODUCE_RECORDS / (k.ms / 1000));
      });
      if (javaAvailable()) {
        await withTopic(admin, 'java', async (topic) => {
          const j = await producerPerformance(topic, PRODUCE_RECORDS);
          javas.push(j.recordsPerSec);
          javaWall.push(PRODUCE_RECORDS / (j.wallMs / 1000));
        });
      }
    }
  } finally {
    await producer.disconnect();
    fs.rmSync(file, { force: true });
  }
  const o = median(ours);
  const k = median(kcats);
  const result: Record<string, unknown> = {
    records: PRODUCE_RECORDS,
    recordBytes: RECORD_SIZE,
    runs: PRODUCE_RUNS,
    acks: 'all',
    brokerLensRecordsPerSec: Math.round(o),
    kcatRecordsPerSec: Math.round(k),
    ratioToKcat: round(o / k, 2),
    target: 'BrokerLens throughput >= 0.5x kcat',
    meetsTarget: o / k >= 0.5,
    samples: { brokerLens: ours.map(Math.round), kcat: kcats.map(Math.round), producerPerformance: javas.map(Math.round) },
  };
  if (javas.length > 0) {
    result.producerPerformanceRecordsPerSec = Math.round(median(javas));
    result.producerPerformanceWallRecordsPerSec = Math.round(median(javaWall));
    result.ratioToProducerPerformance = round(o / median(javas), 2);
  }
  return result;
}

async function main(): Promise<void> {
  const admin = adapter();
  await admin.connect();
  try {
    const read = await benchRead(admin);
    const produce = await benchProduce(admin);
    const results = { when: new Date().toISOString(), broker: bootstrap, node: process.version, cpus: os.cpus().length, read, produce };
    fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench/results/kafka.json'), `${JSON.stringify(results, null, 2)}\n`);
    const p = produce as Record<string, number | boolean | undefined>;
    const r = read as Record<string, number | boolean>;
    console.log(`| benchmark | BrokerLens | kcat | ProducerPerformance | ratio | target | met |
|---|---|---|---|---|---|---|
| read last ${READ_LAST} of ${READ_RECORDS} (median ms, cold: connect+browse+close) | ${r.brokerLensColdMedianMs} | ${r.kcatMedianMs} | | ${r.coldRatioToKcat}x kcat | <= 1.5x | ${r.meetsTarget ? 'yes' : 'no'} |
| read last ${READ_LAST} vs kcat -X fetch.wait.max.ms=5 (median ms, cold) | ${r.brokerLensColdMedianMs} | ${r.kcatFetchWait5msMedianMs} | | ${r.coldRatioToKcatFetchWait5ms}x kcat | <= 1.5x | ${(r.coldRatioToKcatFetchWait5ms as number) <= 1.5 ? 'yes' : 'no'} |
| read last ${READ_LAST} (median ms, connected adapter) | ${r.brokerLensWarmMedianMs} | ${r.kcatMedianMs} | | ${r.warmRatioToKcat}x kcat | | |
| produce ${PRODUCE_RECORDS} x ${RECORD_SIZE} B, acks=all (records/s) | ${p.brokerLensRecordsPerSec} | ${p.kcatRecordsPerSec} | ${p.producerPerformanceRecordsPerSec ?? 'n/a'} | ${p.ratioToKcat}x kcat${p.ratioToProducerPerformance !== undefined ? `, ${p.ratioToProducerPerformance}x Java` : ''} | >= 0.5x kcat | ${p.meetsTarget ? 'yes' : 'no'} |`);
  } finally {
    await admin.disconnect();
  }
}

await main();
