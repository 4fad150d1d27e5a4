/**
 * RabbitMQ benchmark (real broker; `npm run brokers:up` first):
 *   1. publish 100,000 messages of 100 bytes with confirms (persistent unless --transient, mandatory,
 *      to a durable classic queue): BrokerLens bulk publish vs the Java references in the same run, interleaved per round:
 *      RabbitMQ PerfTest (Maven Central) and a minimal amqp-client confirm publisher, all with at most
 *      1,000 unconfirmed messages;
 *   2. peek 1,000 messages from a 100,000-message stream (first, last, middle) and from a 100,000-message
 *      classic queue (get-and-requeue, including the wait until the requeue is complete).
 * Writes bench/results/rabbitmq.json and prints a markdown table.
 *
 *   node --import tsx bench/rabbitmq.ts [--runs 3] [--messages 100000] [--transient]
 * --transient publishes non-persistent messages (no fsync per batch on the broker), which makes the
 * client's own cost visible; results then go to bench/results/rabbitmq-transient.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RabbitMqAdapter } from '../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import type { BrowseRequest } from '../src/extension/core/model/browse.js';
import { prepareJava, runMinimalJava, runPerfTest, type JavaRun } from './rabbitmqJava.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 3);
const MESSAGES = arg('messages', 100_000);
const SIZE = 100;
const WINDOW = 1000;
const PEEK = 1000;
const PERSISTENT = !process.argv.includes('--transient');

const host = process.env.BROKERLENS_RABBITMQ_HOST ?? '127.0.0.1';
const port = Number(process.env.BROKERLENS_RABBITMQ_PORT ?? 5672);
const user = process.env.BROKERLENS_RABBITMQ_USER ?? 'brokerlens';
const password = process.env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret';
const managementUrl = process.env.BROKERLENS_RABBITMQ_MGMT_URL ?? 'http://127.0.0.1:15672';
const uri = `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 0): number => Math.round(x * 10 ** d) / 10 ** d;

function adapter(): RabbitMqAdapter {
  return new RabbitMqAdapter(
    { kind: 'rabbitmq', id: 'bench', name: 'bench', amqpUrl: `amqp://${host}:${port}/`, managementUrl, username: user },
    { password },
    { publishWindow: WINDOW },
  );
}

const body = Buffer.alloc(SIZE, 0x61);

async function withQueue<T>(a: RabbitMqAdapter, type: 'classic' | 'stream', work: (queue: string) => Promise<T>): Promise<T> {
  const queue = `brokerlens.bench.${randomUUID()}`;
  await a.createDestination({ kind: 'queue', name: queue, queueType: type, durable: true });
  try {
    return await work(queue);
  } finally {
    await a.deleteDestination(queue, queue).catch(() => undefined);
  }
}

async function fill(a: RabbitMqAdapter, queue: string, count: number): Promise<{ ms: number; confirmed: number }> {
  const t0 = performance.now();
  const report = await a.publishMany({ destination: '', routingKey: queue }, count, () => ({
    exchange: '',
    routingKey: queue,
    content: body,
    options: { mandatory: true, deliveryMode: PERSISTENT ? 2 : 1 },
  }));
  return { ms: performance.now() - t0, confirmed: report.confirmed };
}

async function timeBrowse(a: RabbitMqAdapter, request: BrowseRequest): Promise<{ ms: number; records: number }> {
  const t0 = performance.now();
  const page = await a.browse(request);
  return { ms: performance.now() - t0, records: page.records.length };
}

async function main(): Promise<void> {
  const a = adapter();
  await a.connect();
  const overview = await a.overview();
  const java = prepareJava();
  const runs: { brokerlens: number[]; perfTest: JavaRun[]; minimalJava: JavaRun[]; confirmed: number[] } = { brokerlens: [], perfTest: [], minimalJava: [], confirmed: [] };

  for (let r = 0; r < RUNS; r++) {
    await withQueue(a, 'classic', async (queue) => {
      const { ms, confirmed } = await fill(a, queue, MESSAGES);
      runs.brokerlens.push((MESSAGES / ms) * 1000);
      runs.confirmed.push(confirmed);
    });
    if ('classpath' in java) {
      runs.perfTest.push(await withQueue(a, 'classic', async (queue) => runPerfTest(java.classpath, uri, queue, MESSAGES, SIZE, WINDOW, PERSISTENT)));
      runs.minimalJava.push(await withQueue(a, 'classic', async (queue) => runMinimalJava(java.classpath, uri, queue, MESSAGES, SIZE, WINDOW, PERSISTENT)));
    }
    console.error(`round ${r + 1}/${RUNS}: BrokerLens ${round(runs.brokerlens.at(-1)!)} msg/s${runs.perfTest.length ? `, PerfTest ${round(runs.perfTest.at(-1)!.rate)}, minimal Java ${round(runs.minimalJava.at(-1)!.rate)}` : ''}`);
  }

  // Peeks: a 100,000-message stream and a 100,000-message classic queue.
  const peeks: Record<string, { ms: number[]; records: number }> = {};
  const measure = async (label: string, request: BrowseRequest): Promise<void> => {
    const entry = (peeks[label] ??= { ms: [], records: 0 });
    for (let i = 0; i < Math.max(3, RUNS); i++) {
      const { ms, records } = await timeBrowse(a, request);
      entry.ms.push(ms);
      entry.records = records;
    }
  };
  await withQueue(a, 'stream', async (stream) => {
    await fill(a, stream, MESSAGES);
    await measure('stream: first 1,000', { destination: stream, start: { kind: 'earliest' }, limit: PEEK });
    await measure('stream: last 1,000', { destination: stream, start: { kind: 'latest' }, limit: PEEK });
    await measure('stream: 1,000 from offset 50,000', { destination: stream, start: { kind: 'offset', offset: 50_000 }, limit: PEEK });
  });
  await withQueue(a, 'classic', async (queue) => {
    await fill(a, queue, MESSAGES);
    await measure('classic queue: first 1,000 (get + requeue)', { destination: queue, start: { kind: 'earliest' }, limit: PEEK, acceptRequeue: true });
    const depth = await a.queueDepth(queue);
    if (depth !== MESSAGES) throw new Error(`classic queue depth after peeks is ${depth}, expected ${MESSAGES}`);
  });
  await a.disconnect();

  const bl = median(runs.brokerlens);
  const pt = runs.perfTest.length ? median(runs.perfTest.map((x) => x.rate)) : undefined;
  const mj = runs.minimalJava.length ? median(runs.minimalJava.map((x) => x.rate)) : undefined;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
    broker: { product: overview.product, version: overview.version, host: `${host}:${port}` },
    publish: {
      messages: MESSAGES,
      sizeBytes: SIZE,
      maxUnconfirmed: WINDOW,
      persistent: PERSISTENT,
      mandatory: true,
      runs: RUNS,
      brokerlensMsgPerSec: { median: round(bl), all: runs.brokerlens.map((x) => round(x)), confirmed: runs.confirmed },
      perfTest: 'classpath' in java
        ? { artifact: 'com.rabbitmq:perf-test:2.22.1', median: round(pt!), all: runs.perfTest.map((x) => round(x.rate)), wallMsWithJvm: runs.perfTest.map((x) => round(x.wallMs)) }
        : { unavailable: java.unavailable },
      minimalJava: 'classpath' in java
        ? { artifact: 'com.rabbitmq:amqp-client:5.37.1', median: round(mj!), all: runs.minimalJava.map((x) => round(x.rate)), wallMsWithJvm: runs.minimalJava.map((x) => round(x.wallMs)) }
        : { unavailable: java.unavailable },
      ratioToPerfTest: pt ? round(bl / pt, 2) : null,
      ratioToMinimalJava: mj ? round(bl / mj, 2) : null,
      target: 'at least 0.5 of the Java reference',
    },
    peek: Object.fromEntries(Object.entries(peeks).map(([k, v]) => [k, { records: v.records, medianMs: round(median(v.ms), 1), allMs: v.ms.map((x) => round(x, 1)) }])),
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', PERSISTENT ? 'rabbitmq.json' : 'rabbitmq-transient.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  const lines = [
    `RabbitMQ ${overview.version ?? ''} on ${host}:${port}; ${MESSAGES.toLocaleString('en')} × ${SIZE} B, ${PERSISTENT ? 'persistent' : 'transient'}, mandatory, confirms, ≤ ${WINDOW} unconfirmed; median of ${RUNS} interleaved rounds`,
    '',
    '| publish | msg/s (median) | runs | BrokerLens ÷ this |',
    '|---|---:|---|---:|',
    `| BrokerLens bulk publish (amqplib) | ${round(bl).toLocaleString('en')} | ${runs.brokerlens.map((x) => round(x)).join(', ')} | 1.00 |`,
    pt ? `| RabbitMQ PerfTest 2.22.1 (Java) | ${round(pt).toLocaleString('en')} | ${runs.perfTest.map((x) => round(x.rate)).join(', ')} | ${round(bl / pt, 2)} |` : `| PerfTest | unavailable: ${'unavailable' in java ? java.unavailable : ''} | | |`,
    mj ? `| minimal amqp-client 5.37.1 publisher (Java) | ${round(mj).toLocaleString('en')} | ${runs.minimalJava.map((x) => round(x.rate)).join(', ')} | ${round(bl / mj, 2)} |` : '',
    '',
    '| peek | records | ms (median) | runs (ms) |',
    '|---|---:|---:|---|',
    ...Object.entries(result.peek).map(([k, v]) => `| ${k} | ${v.records} | ${v.medianMs} | ${v.allMs.join(', ')} |`),
    '',
    `(results: ${path.relative(process.cwd(), out)})`,
  ];
  console.log(lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n'));
}

await main();
