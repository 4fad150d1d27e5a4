/**
 * Invariants of the Kafka model under random workloads (fast-check).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { polledRecords } from '../../../../src/extension/core/simulator/kafka/consumer.js';
import type { KafkaCluster } from '../../../../src/extension/core/simulator/kafka/cluster.js';
import { partitionForKey } from '../../../../src/extension/core/simulator/kafka/murmur2.js';
import { bytes, newCluster, text } from './helpers.js';

const PARTITIONS = 3;

const recordArb = fc.record({
  key: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { nil: null }),
  partition: fc.option(fc.integer({ min: 0, max: PARTITIONS - 1 }), { nil: undefined }),
});

type Op =
  | { readonly op: 'produce'; readonly records: readonly { key: string | null; partition: number | undefined }[] }
  | { readonly op: 'join' }
  | { readonly op: 'leave'; readonly who: number }
  | { readonly op: 'poll'; readonly who: number }
  | { readonly op: 'commit'; readonly who: number }
  | { readonly op: 'wait'; readonly ms: number }
  | { readonly op: 'reset'; readonly to: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('produce' as const), records: fc.array(recordArb, { minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('join' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('leave' as const), who: fc.nat(5) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('poll' as const), who: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('commit' as const), who: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400_000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const), to: fc.nat(20) }) },
);

let serial = 0;
function produce(cluster: KafkaCluster, records: readonly { key: string | null; partition: number | undefined }[]): string[] {
  const values = records.map(() => `m${serial++}`);
  cluster.produce('t', records.map((r, i) => ({ key: r.key === null ? null : bytes(r.key), value: bytes(values[i]!), ...(r.partition !== undefined ? { partition: r.partition } : {}) })));
  return values;
}

describe('Kafka model invariants', () => {
  it('per partition, offsets are consecutive from 0 and records keep their produce order; nothing is lost or duplicated', () => {
    fc.assert(fc.property(fc.array(fc.array(recordArb, { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 15 }), (batches) => {
      const { cluster } = newCluster();
      cluster.createTopic('t', { partitions: PARTITIONS });
      const expected: string[][] = Array.from({ length: PARTITIONS }, () => []);
      for (const batch of batches) {
        const values = batch.map(() => `m${serial++}`);
        const result = cluster.produce('t', batch.map((r, i) => ({ key: r.key === null ? null : bytes(r.key), value: bytes(values[i]!), ...(r.partition !== undefined ? { partition: r.partition } : {}) })));
        assert.equal(result.failed, 0);
        values.forEach((v, i) => {
          assert.equal(result.offsets[i], expected[result.partitions[i]!]!.length, 'the reported offset is the next one of that partition');
          expected[result.partitions[i]!]!.push(v);
        });
      }
      for (let p = 0; p < PARTITIONS; p++) {
        const records = cluster.fetch('t', p, 0, { maxRecords: 10_000 }).records;
        records.forEach((r, i) => assert.equal(r.offset, i));
        assert.deepEqual(records.map((r) => text(r.value)), expected[p]);
      }
    }), { numRuns: 60 });
  });

  it('a keyed record without an explicit partition lands on murmur2(key) mod partitions; an explicit partition is kept', () => {
    fc.assert(fc.property(fc.array(recordArb, { minLength: 1, maxLength: 40 }), (records) => {
      const { cluster } = newCluster();
      cluster.createTopic('t', { partitions: PARTITIONS });
      const result = cluster.produce('t', records.map((r) => ({ key: r.key === null ? null : bytes(r.key), value: null, ...(r.partition !== undefined ? { partition: r.partition } : {}) })));
      records.forEach((r, i) => {
        if (r.partition !== undefined) assert.equal(result.partitions[i], r.partition);
        else if (r.key !== null) assert.equal(result.partitions[i], partitionForKey(bytes(r.key), PARTITIONS));
      });
    }), { numRuns: 100 });
  });

  it('committed offsets change only through a commit or an offset reset', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
      const { cluster } = newCluster({ minSegmentBytes: 1 });
      cluster.createTopic('t', { partitions: PARTITIONS, configs: { 'retention.ms': '200000', 'segment.bytes': '300' } });
      const members: string[] = [];
      const snapshot = (): string => JSON.stringify([0, 1, 2].map((p) => cluster.committed('g', 't', p) ?? null));
      for (const o of ops) {
        const before = snapshot();
        const live = members.filter((m) => cluster.group('g')?.members.has(m));
        const who = live.length > 0 ? live[((o as { who?: number }).who ?? 0) % live.length] : undefined;
        switch (o.op) {
          case 'produce': produce(cluster, o.records); break;
          case 'join': members.push(cluster.joinGroup('g', { topics: ['t'], enableAutoCommit: false, autoOffsetReset: 'earliest' })); break;
          case 'leave': if (who) cluster.leaveGroup('g', who); break;
          case 'poll': if (who) cluster.poll('g', who); break;
          case 'wait': cluster.advanceTime(o.ms); break;
          case 'commit':
          case 'reset': break;
        }
        if (o.op !== 'commit' && o.op !== 'reset') {
          assert.equal(snapshot(), before, `${o.op} changed committed offsets`);
          continue;
        }
        if (o.op === 'commit' && who) cluster.commit('g', who);
        if (o.op === 'reset' && live.length === 0 && cluster.hasTopic('t')) {
          cluster.applyOffsetReset('g', 't', cluster.previewOffsetReset('g', 't', { kind: 'offsets', offsets: { 0: o.to } }));
        }
      }
    }), { numRuns: 80 });
  });

  it('with commit after processing and no crashes, every record is processed exactly once, in offset order per partition', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 50 }), fc.constantFrom('range', 'roundrobin', 'cooperative-sticky' as const), (ops, assignor) => {
      const { cluster } = newCluster();
      cluster.createTopic('t', { partitions: PARTITIONS });
      const members: string[] = [];
      const produced = new Set<string>();
      const processed: string[] = [];
      const lastOffset = new Map<number, number>();
      const join = (): void => {
        members.push(cluster.joinGroup('g', { topics: ['t'], enableAutoCommit: false, autoOffsetReset: 'earliest', assignors: [assignor], maxPollRecords: 4 }));
      };
      const pollProcessCommit = (m: string): number => {
        const records = polledRecords(cluster.poll('g', m));
        for (const r of records) {
          processed.push(text(r.value)!);
          assert.equal(r.offset, (lastOffset.get(r.partition) ?? -1) + 1, `partition ${r.partition} processed out of order or twice`);
          lastOffset.set(r.partition, r.offset);
        }
        if (records.length > 0) cluster.commit('g', m);
        return records.length;
      };
      for (const o of ops) {
        const live = members.filter((m) => cluster.group('g')?.members.has(m));
        const who = live.length > 0 ? live[(o as { who?: number }).who! % live.length] : undefined;
        if (o.op === 'produce') produce(cluster, o.records).forEach((v) => produced.add(v));
        else if (o.op === 'join') join();
        else if (o.op === 'leave' && who) cluster.leaveGroup('g', who);
        else if ((o.op === 'poll' || o.op === 'commit') && who) pollProcessCommit(who);
        else if (o.op === 'wait') cluster.advanceTime(Math.min(o.ms, 10_000));
      }
      // Drain: keep the surviving members (or a new one) polling until nothing is left.
      if (!members.some((m) => cluster.group('g')?.members.has(m))) join();
      for (let idle = 0, round = 0; idle < 3 && round < 500; round++) {
        const live = members.filter((m) => cluster.group('g')?.members.has(m));
        let got = 0;
        for (const m of live) got += pollProcessCommit(m);
        idle = got === 0 && cluster.group('g')!.state === 'Stable' ? idle + 1 : 0;
      }
      assert.equal(processed.length, produced.size, 'nothing lost or duplicated');
      assert.deepEqual(new Set(processed), produced);
    }), { numRuns: 80 });
  });

  it('is deterministic: the same seed and the same calls give the same results and the same events', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), fc.nat(1000), (ops, seed) => {
      const run = (): string => {
        const { cluster, events } = newCluster({ seed });
        cluster.createTopic('t', { partitions: PARTITIONS });
        const members: string[] = [];
        serial = 0;
        for (const o of ops) {
          const live = members.filter((m) => cluster.group('g')?.members.has(m));
          const who = live.length > 0 ? live[((o as { who?: number }).who ?? 0) % live.length] : undefined;
          if (o.op === 'produce') produce(cluster, o.records);
          else if (o.op === 'join') members.push(cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest' }));
          else if (o.op === 'leave' && who) cluster.leaveGroup('g', who);
          else if (o.op === 'poll' && who) cluster.poll('g', who);
          else if (o.op === 'commit' && who) cluster.commit('g', who);
          else if (o.op === 'wait') cluster.advanceTime(o.ms);
        }
        return JSON.stringify({ events, members });
      };
      assert.equal(run(), run());
    }), { numRuns: 40 });
  });
});
