/**
 * The simulator's Kafka listener against the real Kafka, measured with Kafka's own
 * ProducerPerformance (kafka-tools, the Java producer with its defaults: idempotence on, acks=all),
 * in the same run, alternating targets; then the memory the engine holds at 1,000,000 retained
 * records produced over the wire.
 *
 *   npm run bench:wire-kafka        (needs `npm run brokers:up`: the real Kafka and the cached jars)
 *
 * Writes bench/results/wire-kafka.json (its own file; no earlier result is overwritten).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { createSimulatorAdapters } from '../src/extension/core/adapters/simulator/simulatorConnection.js';
import { isSimulatorKafkaAdapter } from '../src/extension/core/wire/factory.js';
import { createKafkaListener } from '../src/extension/core/wire/kafka/kafkaListener.js';
import { saveResults } from './results.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kafkaLib = process.env.BROKERLENS_KAFKA_LIB ?? path.join(ROOT, '.brokers/cache/kafka-4.4.0/lib');
const realBootstrap = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0]!;
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const RECORD_SIZE = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RETAINED = 1_000_000;

function run(cmd: string, args: string[], timeoutMs = 600_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - start });
    });
  });
}

async function producerPerformance(bootstrap: string, topic: string, records: number): Promise<number> {
  const r = await run('java', ['-Xmx512m', '-cp', `${kafkaLib}/*`, 'org.apache.kafka.tools.ProducerPerformance',
    '--topic', topic, '--num-records', String(records), '--record-size', String(RECORD_SIZE), '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${bootstrap}`, 'acks=all']);
  const m = /records sent, ([\d.]+) records\/sec/.exec(r.stdout.trim().split('\n').at(-1) ?? '');
  if (r.code !== 0 || !m) throw new Error(`ProducerPerformance on ${bootstrap} failed: ${r.stderr.slice(-800)} ${r.stdout.slice(-300)}`);
  return Number(m[1]);
}

async function createTopic(bootstrap: string, topic: string): Promise<() => Promise<void>> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  return async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (n: number): number => Math.round((n / 1048576) * 10) / 10;

async function main(): Promise<void> {
  if (!fs.existsSync(kafkaLib)) throw new Error(`${kafkaLib} is missing: run npm run brokers:up`);
  const adapters = createSimulatorAdapters();
  const cluster = adapters.find(isSimulatorKafkaAdapter)!.cluster;
  const listener = createKafkaListener(cluster, { port: 0 });
  await listener.start();
  const simBootstrap = `127.0.0.1:${listener.address!.port}`;
  const suffix = Math.random().toString(36).slice(2, 8);
  const sim: number[] = [];
  const real: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [bootstrap, out] of [[simBootstrap, sim], [realBootstrap, real]] as const) {
        const topic = `brokerlens.bench.wire.${suffix}.${round}`;
        const drop = await createTopic(bootstrap, topic);
        try {
          const rate = await producerPerformance(bootstrap, topic, RECORDS);
          out.push(rate);
          console.error(`round ${round + 1}: ${bootstrap === simBootstrap ? 'simulator listener' : 'real Kafka'} ${rate} records/s`);
        } finally {
          await drop();
        }
      }
    }
    // Memory: 1,000,000 records of 100 B retained by the engine, produced over the wire.
    const retainTopic = `brokerlens.bench.wire.${suffix}.retained`;
    await createTopic(simBootstrap, retainTopic);
    global.gc?.();
    const before = process.memoryUsage();
    await producerPerformance(simBootstrap, retainTopic, RETAINED);
    global.gc?.();
    const afterMem = process.memoryUsage();
    const retained = cluster.describePartitions(retainTopic)[0]!.highWatermark;
    const figures = {
      recordsPerRun: RECORDS,
      recordSize: RECORD_SIZE,
      rounds: ROUNDS,
      listenerRecordsPerSec: sim,
      realKafkaRecordsPerSec: real,
      listenerMedian: median(sim),
      realKafkaMedian: median(real),
      ratio: Math.round((median(sim) / median(real)) * 100) / 100,
      target: '>= 1',
      meetsTarget: median(sim) >= median(real),
      retainedRecords: retained,
      memoryMiB: {
        heapUsedBefore: mib(before.heapUsed), heapUsedAfter: mib(afterMem.heapUsed),
        arrayBuffersBefore: mib(before.arrayBuffers), arrayBuffersAfter: mib(afterMem.arrayBuffers),
        rssBefore: mib(before.rss), rssAfter: mib(afterMem.rss),
      },
      bytesPerRetainedRecord: Math.round(((afterMem.heapUsed + afterMem.arrayBuffers) - (before.heapUsed + before.arrayBuffers)) / Math.max(1, retained)),
    };
    const file = saveResults('wire-kafka', 'npm run bench:wire-kafka', figures);
    console.log(JSON.stringify(figures, null, 2));
    console.log(`| ProducerPerformance ${RECORDS} x ${RECORD_SIZE} B, acks=all, idempotent (records/s, median of ${ROUNDS}) | ${figures.listenerMedian} | ${figures.realKafkaMedian} | ${figures.ratio}x | >= 1 | ${figures.meetsTarget ? 'yes' : 'no'} |`);
    console.error(`wrote ${file}`);
  } finally {
    await listener.stop();
  }
}

await main();
