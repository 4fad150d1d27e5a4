/**
 * Helpers for the Kafka model tests: a cluster on a virtual clock, byte/text conversions, and a
 * "process every record" consumer loop.
 */
import { VirtualClock } from '../../../../src/extension/core/simulator/clock.js';
import { KafkaCluster, type KafkaClusterOptions } from '../../../../src/extension/core/simulator/kafka/cluster.js';
import { polledRecords, type ConsumerRecord } from '../../../../src/extension/core/simulator/kafka/consumer.js';
import type { KafkaEvent } from '../../../../src/extension/core/simulator/kafka/events.js';
import type { ProduceRecord } from '../../../../src/extension/core/simulator/kafka/produce.js';

export const T0 = 1_700_000_000_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const bytes = (s: string): Uint8Array => encoder.encode(s);
export const text = (b: Uint8Array | null | undefined): string | null => (b ? decoder.decode(b) : null);

/** A cluster on a fresh virtual clock; the initial rebalance delay is 0 unless a test sets it. */
export function newCluster(options: Partial<KafkaClusterOptions> = {}): { cluster: KafkaCluster; clock: VirtualClock; events: KafkaEvent[] } {
  const clock = new VirtualClock(T0);
  const events: KafkaEvent[] = [];
  const cluster = new KafkaCluster({
    clock,
    seed: 7,
    listener: (e) => events.push(e),
    ...options,
    group: { initialRebalanceDelayMs: 0, ...options.group },
  });
  return { cluster, clock, events };
}

/** Keyed text records `${prefix}-${i}` with values `v-${i}`. */
export function keyed(n: number, keyOf: (i: number) => string = (i) => `key-${i}`): ProduceRecord[] {
  return Array.from({ length: n }, (_, i) => ({ key: bytes(keyOf(i)), value: bytes(`v-${i}`) }));
}

/** Polls once and returns the records as `partition:offset` strings. */
export function pollIds(cluster: KafkaCluster, groupId: string, memberId: string): string[] {
  return polledRecords(cluster.poll(groupId, memberId)).map((r) => `${r.partition}:${r.offset}`);
}

/** Polls every member round-robin until `expected` records were returned in total (or a poll limit). */
export function consumeAll(cluster: KafkaCluster, groupId: string, memberIds: readonly string[], expected: number, commit = true): ConsumerRecord[] {
  const out: ConsumerRecord[] = [];
  for (let round = 0; round < 1000 && out.length < expected; round++) {
    for (const m of memberIds) {
      const records = polledRecords(cluster.poll(groupId, m));
      out.push(...records);
      if (commit && records.length > 0) cluster.commit(groupId, m);
    }
  }
  return out;
}

/** The partitions a member was assigned, as "topic-p" strings. */
export function assigned(cluster: KafkaCluster, groupId: string, memberId: string): string[] {
  return cluster.member(groupId, memberId).assignment.map((tp) => `${tp.topic}-${tp.partition}`).sort();
}
