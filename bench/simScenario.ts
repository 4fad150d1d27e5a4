/**
 * Benchmark of the simulator runtime: one scenario (a producer at 100,000 msg/s, keys over 1,000
 * customers, eight consumer instances acking / committing after each message or batch) run end to
 * end through ScenarioRun on each model, with the bounded event stream and the per-second metrics
 * on, as the simulator panel runs it. Prints msgs/s and heap at 10,000 and 1,000,000 messages and
 * the cost-per-message ratio between them (budget: 1.3x).
 *
 *   node --import tsx bench/simScenario.ts            both models
 *   node --import tsx bench/simScenario.ts kafka      one model
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ScenarioRun } from '../src/extension/core/simulator/runtime/scenarioRun.js';
import type { ModelKind, Scenario } from '../src/extension/core/simulator/scenario/types.js';
import { saveResults } from './results.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function scenario(messages: number): Scenario {
  return {
    version: 1,
    name: `bench ${messages}`,
    seed: 1,
    untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [{ name: 'orders', type: 'direct' }], queues: [{ name: 'work' }], bindings: [{ exchange: 'orders', queue: 'work', routingKey: 'order' }] },
      kafka: { topics: [{ name: 'orders', partitions: 8 }] },
    },
    producers: [{
      id: 'shop',
      target: { rabbitmq: { exchange: 'orders', routingKey: 'order' }, kafka: { topic: 'orders' } },
      ratePerSec: 100_000,
      count: messages,
      keys: { kind: 'uniform', keys: 1000 },
      payload: '{"order":{{seq}},"customer":"{{key}}"}',
    }],
    consumers: [{
      id: 'worker',
      source: { rabbitmq: { queue: 'work' }, kafka: { topic: 'orders', group: 'workers' } },
      count: 8,
      prefetch: 50,
      processingMs: 0,
      strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
      autoOffsetReset: 'earliest',
    }],
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
  };
}

interface Result {
  readonly model: ModelKind;
  readonly messages: number;
  readonly seconds: number;
  readonly heapMb: number;
  /** ArrayBuffer memory (the Kafka log keeps record fields and bytes in typed arrays). */
  readonly buffersMb: number;
  readonly events: number;
}

function once(model: ModelKind, messages: number): Result {
  gc();
  const start = performance.now();
  const run = new ScenarioRun(scenario(messages), { model });
  const s = run.run();
  const seconds = (performance.now() - start) / 1000;
  // Measured while the run (and everything it retains) is still reachable.
  const memory = process.memoryUsage();
  const heapMb = memory.heapUsed / 1024 / 1024;
  const buffersMb = memory.arrayBuffers / 1024 / 1024;
  if (s.uniqueProcessed !== messages || s.lost !== 0) throw new Error(`${model}: ${s.uniqueProcessed} of ${messages} handled, ${s.lost} lost`);
  return { model, messages, seconds, heapMb, buffersMb, events: s.events.emitted };
}

function best(model: ModelKind, messages: number, times: number): Result {
  let result = once(model, messages);
  for (let i = 1; i < times; i++) {
    const r = once(model, messages);
    if (r.seconds < result.seconds) result = r;
  }
  return result;
}

function print(r: Result): void {
  const rate = Math.round(r.messages / r.seconds).toLocaleString('en-US');
  const perMsg = ((r.seconds * 1e6) / r.messages).toFixed(2);
  console.log(`${r.model.padEnd(9)} ${r.messages.toLocaleString('en-US').padStart(9)} msgs  ${r.seconds.toFixed(3).padStart(7)} s  ${rate.padStart(9)} msgs/s  ${perMsg.padStart(5)} µs/msg  heap ${r.heapMb.toFixed(0).padStart(4)} MB  buffers ${r.buffersMb.toFixed(0).padStart(4)} MB  ${r.events.toLocaleString('en-US')} events`);
}

const models = (process.argv.slice(2).filter((a) => a === 'rabbitmq' || a === 'kafka') as ModelKind[]);
let failed = false;
const figures: Record<string, unknown>[] = [];
for (const model of models.length > 0 ? models : (['rabbitmq', 'kafka'] as const)) {
  // Warm the JIT so the small run measures steady-state cost, not compilation.
  for (let i = 0; i < 5; i++) once(model, 10_000);
  const small = best(model, 10_000, 10);
  const large = best(model, 1_000_000, 2);
  print(small);
  print(large);
  const ratio = large.seconds / large.messages / (small.seconds / small.messages);
  const ok = ratio <= 1.3;
  failed ||= !ok;
  console.log(`${model.padEnd(9)} cost per message at 1,000,000 / at 10,000 = ${ratio.toFixed(2)} (budget 1.30) ${ok ? 'ok' : 'OVER BUDGET'}\n`);
  figures.push({ model, messagesPerSecond10k: Math.round(small.messages / small.seconds), messagesPerSecond1M: Math.round(large.messages / large.seconds), costRatio1Mto10k: Number(ratio.toFixed(3)), heapMB1M: Math.round(large.heapMb), buffersMB1M: Math.round(large.buffersMb) });
}
saveResults('sim-scenario', 'node --import tsx bench/simScenario.ts', figures);
process.exitCode = failed ? 1 : 0;
