/**
 * Benchmark of the simulator's Kafka model: N keyed messages produced to 12 partitions and consumed
 * by 3 consumer groups (3 members each, manual commit after every poll), end to end on one core.
 * Prints msgs/s at 10,000 and 1,000,000 messages (best of 10 and of 5 runs, after a JIT warm-up), the
 * cost-per-message ratio between them, and the
 * memory held by 1,000,000 retained 100-byte messages.
 *   node --import tsx bench/simKafka.ts
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { VirtualClock } from '../src/extension/core/simulator/clock.js';
import { KafkaCluster } from '../src/extension/core/simulator/kafka/cluster.js';
import type { ProduceRecord } from '../src/extension/core/simulator/kafka/produce.js';
import { saveResults } from './results.js';

const PARTITIONS = 12;
const GROUPS = 3;
const MEMBERS = 3;
const CHUNK = 1000;
const VALUE_BYTES = 100;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The input: 10,000 distinct keyed records, cycled through. The engine copies every record's bytes
 * into its own segment storage, so each produced message is a separate log record; reusing inputs
 * keeps the harness from holding a million objects whose garbage collection would be measured
 * instead of the engine.
 */
const encoder = new TextEncoder();
const POOL: readonly ProduceRecord[] = Array.from({ length: 10_000 }, (_, i) => {
  const value = new Uint8Array(VALUE_BYTES).fill(i & 0xff);
  return { key: encoder.encode(`customer-${i}`), value };
});

function produceAll(cluster: KafkaCluster, n: number): void {
  for (let i = 0; i < n; i += CHUNK) {
    const from = i % POOL.length;
    cluster.produce('orders', POOL.slice(from, from + Math.min(CHUNK, n - i)));
  }
}

function newCluster(): KafkaCluster {
  const cluster = new KafkaCluster({ clock: new VirtualClock(1_700_000_000_000), seed: 42, group: { initialRebalanceDelayMs: 0 } });
  cluster.createTopic('orders', { partitions: PARTITIONS, replicationFactor: 3 });
  return cluster;
}

/** Produces n records, then has every group consume them all; returns elapsed ms. */
function run(n: number): number {
  const cluster = newCluster();
  const members: [string, string][] = [];
  for (let g = 0; g < GROUPS; g++) {
    for (let m = 0; m < MEMBERS; m++) {
      members.push([`group-${g}`, cluster.joinGroup(`group-${g}`, { topics: ['orders'], enableAutoCommit: false, autoOffsetReset: 'earliest' })]);
    }
  }
  const start = performance.now();
  produceAll(cluster, n);
  let consumed = 0;
  let bytes = 0;
  const target = n * GROUPS;
  while (consumed < target) {
    for (const [groupId, memberId] of members) {
      const result = cluster.poll(groupId, memberId);
      for (const p of result.partitions) {
        for (const s of p.slices) {
          const seg = s.segment;
          for (let i = s.from; i < s.to; i++) bytes += seg.valueLengthAt(i);
        }
      }
      consumed += result.count;
      if (result.count > 0) cluster.commit(groupId, memberId);
    }
  }
  const elapsed = performance.now() - start;
  if (bytes !== target * VALUE_BYTES) throw new Error(`consumed ${bytes} bytes, expected ${target * VALUE_BYTES}`);
  return elapsed;
}

function best(n: number, times: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) min = Math.min(min, run(n));
  return min;
}

function retainedMemory(n: number): { heapMB: number; buffersMB: number } {
  gc();
  const before = process.memoryUsage();
  let cluster: KafkaCluster | undefined = newCluster();
  produceAll(cluster, n);
  gc();
  const after = process.memoryUsage();
  const result = { heapMB: (after.heapUsed - before.heapUsed) / 2 ** 20, buffersMB: (after.arrayBuffers - before.arrayBuffers) / 2 ** 20 };
  if (cluster.listTopics()[0]!.messages !== n) throw new Error('lost messages');
  cluster = undefined;
  return result;
}

const mem = retainedMemory(1_000_000);
best(10_000, 20); // warm up the JIT
const tSmall = best(10_000, 10);
const tLarge = best(1_000_000, 5);
const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} msgs/s`;
console.log(`10,000 messages:     ${tSmall.toFixed(1)} ms  ${rate(10_000, tSmall)}  (produce + ${GROUPS} groups consuming)`);
console.log(`1,000,000 messages:  ${tLarge.toFixed(1)} ms  ${rate(1_000_000, tLarge)}`);
console.log(`cost per message at 1M / at 10k: ${((tLarge / 1_000_000) / (tSmall / 10_000)).toFixed(2)}x`);
console.log(`1,000,000 retained ${VALUE_BYTES}-byte messages: heap ${mem.heapMB.toFixed(1)} MB + typed-array buffers ${mem.buffersMB.toFixed(1)} MB = ${(mem.heapMB + mem.buffersMB).toFixed(1)} MB`);
saveResults('sim-kafka', 'node --import tsx bench/simKafka.ts', {
  messagesPerSecond10k: Math.round((10_000 / tSmall) * 1000),
  messagesPerSecond1M: Math.round((1_000_000 / tLarge) * 1000),
  costRatio1Mto10k: Number(((tLarge / 1_000_000) / (tSmall / 10_000)).toFixed(3)),
  retained1MHeapMB: Number((mem.heapMB + mem.buffersMB).toFixed(1)),
});
