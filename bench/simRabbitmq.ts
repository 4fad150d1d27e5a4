/**
 * Throughput of the simulated RabbitMQ: a topic exchange with 1,000 bindings (one per queue, one
 * consumer per queue with prefetch 100 and manual ack), publish → route → deliver → ack.
 *
 *   node --import tsx bench/simRabbitmq.ts            all runs
 *   node --import tsx bench/simRabbitmq.ts 1000000    only that message count
 *
 * Prints msgs/s and heap for 10,000 and 1,000,000 messages, with 1,000 distinct routing keys
 * (the topic cache hits), with a new routing key per message (every publish walks the trie), and
 * with an EventBuffer listening to every engine event, and with the whole run queued before any
 * consumer starts (heap then is measured at the peak, with every message queued).
 */
import { VirtualClock } from '../src/extension/core/simulator/clock.js';
import { EventBuffer } from '../src/extension/core/simulator/eventBuffer.js';
import { RabbitBroker } from '../src/extension/core/simulator/rabbitmq/broker.js';
import type { RabbitEvent } from '../src/extension/core/simulator/rabbitmq/events.js';
import { saveResults } from './results.js';

interface RunResult {
  readonly label: string;
  readonly messages: number;
  readonly seconds: number;
  readonly acked: number;
  readonly heapMb: number;
}

const BINDINGS = 1000;

function run(label: string, messages: number, keys: 'cycled' | 'unique', withEvents: boolean): RunResult {
  const clock = new VirtualClock(0);
  const events = new EventBuffer<RabbitEvent>(10_000);
  const broker = new RabbitBroker({ clock, listener: withEvents ? (e) => events.push(e) : undefined });
  const ch = broker.openChannel();
  broker.qos(ch, 100);
  broker.declareExchange('orders', 'topic', { durable: false });
  let acked = 0;
  for (let i = 0; i < BINDINGS; i++) {
    const q = `q${i}`;
    broker.declareQueue(q, { durable: false });
    broker.bind(q, 'orders', keys === 'cycled' ? `orders.r${i}.*` : `orders.r${i}.#`);
    broker.consume(ch, q, (d) => {
      broker.ack(ch, d.deliveryTag);
      acked++;
    });
  }
  const body = new Uint8Array(64);
  const routingKeys: string[] = [];
  for (let i = 0; i < BINDINGS; i++) routingKeys.push(`orders.r${i}.created`);
  const start = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) {
    const key = keys === 'cycled' ? routingKeys[i % BINDINGS]! : `orders.r${i % BINDINGS}.e${i}`;
    broker.publish(ch, 'orders', key, body);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  if (acked !== messages) throw new Error(`${label}: ${acked} of ${messages} acked`);
  return { label, messages, seconds, acked, heapMb };
}

/** 1,000 queues fill up first (no consumer), then consumers drain and ack: the ring buffers at depth. */
function backlog(messages: number): RunResult {
  const broker = new RabbitBroker({ clock: new VirtualClock(0) });
  const ch = broker.openChannel();
  broker.qos(ch, 100);
  broker.declareExchange('orders', 'topic', { durable: false });
  for (let i = 0; i < BINDINGS; i++) {
    broker.declareQueue(`q${i}`, { durable: false });
    broker.bind(`q${i}`, 'orders', `orders.r${i}.*`);
  }
  const body = new Uint8Array(64);
  const routingKeys: string[] = [];
  for (let i = 0; i < BINDINGS; i++) routingKeys.push(`orders.r${i}.created`);
  const start = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) broker.publish(ch, 'orders', routingKeys[i % BINDINGS]!, body);
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  let acked = 0;
  for (let i = 0; i < BINDINGS; i++) {
    broker.consume(ch, `q${i}`, (d) => {
      broker.ack(ch, d.deliveryTag);
      acked++;
    });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (acked !== messages) throw new Error(`backlog: ${acked} of ${messages} acked`);
  return { label: 'backlog: all queued, then drained', messages, seconds, acked, heapMb };
}

function print(r: RunResult): void {
  const rate = Math.round(r.messages / r.seconds).toLocaleString('en-US');
  console.log(`${r.label.padEnd(34)} ${r.messages.toLocaleString('en-US').padStart(9)} msgs  ${r.seconds.toFixed(3).padStart(7)} s  ${rate.padStart(11)} msgs/s  heap ${r.heapMb.toFixed(1)} MB`);
}

const only = process.argv[2] ? Number(process.argv[2]) : undefined;
const counts = only ? [only] : [10_000, 1_000_000];
run('warm-up', 20_000, 'cycled', false);
console.log(`node ${process.version}, topic exchange with ${BINDINGS} bindings, 1 consumer per queue, prefetch 100, manual ack`);
const results: RunResult[] = [];
for (const n of counts) {
  for (const r of [run('1,000 routing keys', n, 'cycled', false), run('unique routing key per message', n, 'unique', false), run('1,000 keys + EventBuffer listener', n, 'cycled', true), backlog(n)]) {
    print(r);
    results.push(r);
  }
}
saveResults('sim-rabbitmq', 'node --import tsx bench/simRabbitmq.ts', results.map((r) => ({ label: r.label, messages: r.messages, messagesPerSecond: Math.round(r.messages / r.seconds), heapMB: Number(r.heapMb.toFixed(1)) })));
