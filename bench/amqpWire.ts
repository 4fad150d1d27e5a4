/**
 * AMQP listener benchmark: amqplib publishing 100,000 messages of 100 bytes with publisher confirms
 * (mandatory, transient, at most 1,000 unconfirmed) to a classic queue, against the simulator's AMQP
 * listener (in its own process, bench/amqpWireServer.ts) and against the real RabbitMQ
 * (127.0.0.1:5672, `npm run brokers:up`) in the same run, rounds interleaved; the median rate of each
 * and their ratio. Writes bench/results/wire-amqp.json.
 *
 *   node --import tsx bench/amqpWire.ts [--runs 5] [--messages 100000]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as amqp from 'amqplib';
import { saveResults } from './results.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const MESSAGES = arg('messages', 100_000);
const SIZE = 100;
const WINDOW = 1000;
const realUrl = process.env.BROKERLENS_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One publisher run: messages/s from the first publish to the last confirm. */
async function publishRun(url: string): Promise<{ rate: number; confirmed: number; queued: number }> {
  const conn = await amqp.connect(url);
  const ch = await conn.createConfirmChannel();
  const queue = `brokerlens.bench.wire.${randomUUID()}`;
  await ch.assertQueue(queue, { durable: false });
  const body = Buffer.alloc(SIZE, 0x61);
  let sent = 0;
  let confirmed = 0;
  let failed = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (sent < MESSAGES && sent - confirmed - failed < WINDOW) {
        sent++;
        const ok = ch.sendToQueue(queue, body, { mandatory: true, deliveryMode: 1 }, (err: unknown) => {
          if (err) failed++;
          else confirmed++;
          if (confirmed + failed === MESSAGES) resolve();
          else pump();
        });
        if (!ok) {
          ch.once('drain', pump);
          return;
        }
      }
    };
    ch.on('error', reject);
    pump();
  });
  const ms = performance.now() - t0;
  const queued = (await ch.checkQueue(queue)).messageCount;
  await ch.deleteQueue(queue);
  await conn.close();
  if (failed > 0 || queued !== MESSAGES) throw new Error(`${url.replace(/\/\/[^@]*@/, '//')}: ${failed} nacked, ${queued} of ${MESSAGES} queued`);
  return { rate: (MESSAGES / ms) * 1000, confirmed, queued };
}

async function startListener(): Promise<{ url: string; stop: () => Promise<void> }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'amqpWireServer.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the listener process exited (${code})`)));
    setTimeout(() => reject(new Error('the listener process did not start within 30 s')), 30_000).unref();
  });
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

const listener = await startListener();
const sim: number[] = [];
const real: number[] = [];
try {
  await publishRun(listener.url);
  await publishRun(realUrl);
  for (let r = 0; r < RUNS; r++) {
    sim.push((await publishRun(listener.url)).rate);
    real.push((await publishRun(realUrl)).rate);
    console.log(`round ${r + 1}: listener ${Math.round(sim.at(-1)!)} msgs/s, RabbitMQ ${Math.round(real.at(-1)!)} msgs/s`);
  }
} finally {
  await listener.stop();
}
const figures = {
  messages: MESSAGES, size: SIZE, window: WINDOW, runs: RUNS,
  listenerMedian: Math.round(median(sim)), rabbitmqMedian: Math.round(median(real)), ratio: Number((median(sim) / median(real)).toFixed(2)),
  listenerRuns: sim.map(Math.round), rabbitmqRuns: real.map(Math.round),
};
console.log('\n| amqplib publish with confirms, messages/s (median) | |\n|---|---:|');
console.log(`| simulator AMQP listener | ${figures.listenerMedian.toLocaleString('en-US')} |`);
console.log(`| RabbitMQ 3.10.8 | ${figures.rabbitmqMedian.toLocaleString('en-US')} |`);
console.log(`| **listener ÷ RabbitMQ** | **${figures.ratio}** |`);
console.log(`results: ${saveResults('wire-amqp', `node --import tsx bench/amqpWire.ts --runs ${RUNS} --messages ${MESSAGES}`, figures)}`);
