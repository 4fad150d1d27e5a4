/**
 * Producing to a real broker: bulk with per-message outcomes and offsets, keyed records landing where
 * the Java client's murmur2 partitioner puts them, explicit partitions, acks, per-record failures, and
 * snappy/lz4/gzip batches in both directions with kcat (librdkafka).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { PublishTarget } from '../../../src/extension/core/model/message.js';
import { partitionForKey } from '../../../src/extension/core/simulator/kafka/murmur2.js';
import { brokerGate } from '../../support/brokers.js';
import { kcat, plainAdapter, text, topicName, withTopics } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

describe('Kafka produce', { skip: kafka.skip }, () => {
  let adapter: KafkaAdapter;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    kafka.assertRequired();
    adapter = plainAdapter();
    await adapter.connect();
  });

  after(async () => {
    await adapter?.disconnect();
    for (const c of cleanups) await c();
  });

  async function topicWith(label: string, numPartitions = 1, configEntries?: { name: string; value: string }[]): Promise<string> {
    const topic = topicName(label);
    cleanups.push(await withTopics([{ topic, numPartitions, ...(configEntries ? { configEntries } : {}) }]));
    return topic;
  }

  it('bulk-publishes 10,000 records with one outcome and offset each, and reports progress', async () => {
    const topic = await topicWith('bulk', 3);
    const progress: number[] = [];
    const messages = Array.from({ length: 10_000 }, (_, i) => ({ key: `key-${i % 97}`, value: `value-${i}` }));
    const report = await adapter.publish({ destination: topic }, messages, { onProgress: (done) => progress.push(done) });
    assert.equal(report.confirmed, 10_000);
    assert.equal(report.failed, 0);
    assert.equal(progress.at(-1), 10_000);
    // Offsets per partition are 0..n-1 without gaps or repeats, and match what is in the log.
    const perPartition = new Map<number, number[]>();
    for (const o of report.outcomes) {
      assert.equal(o.status, 'confirmed');
      if (o.status !== 'confirmed') continue;
      perPartition.set(o.partition!, [...(perPartition.get(o.partition!) ?? []), o.offset!]);
    }
    for (const [, offsets] of perPartition) assert.deepEqual(offsets, offsets.map((_, i) => i));
    const listed = (await adapter.listDestinations()).find((d) => d.name === topic);
    assert.equal(listed?.messages, 10_000);
    // Record 1234 is where its outcome says.
    const o = report.outcomes[1234]!;
    assert.equal(o.status, 'confirmed');
    if (o.status === 'confirmed') {
      const page = await adapter.browse({ destination: topic, partition: o.partition!, start: { kind: 'offset', offset: o.offset! }, limit: 1 });
      assert.equal(text(page.records[0]!.value), 'value-1234');
    }
  });

  it('puts keyed records where the Java client does (murmur2, positive, modulo partitions)', async () => {
    const topic = await topicWith('murmur', 7);
    const keys = ['', 'a', 'order-42', 'customer-ü', 'x'.repeat(33), ...Array.from({ length: 50 }, (_, i) => `k${i * 7919}`)];
    const report = await adapter.publish({ destination: topic }, keys.map((key) => ({ key, value: 'v' })));
    keys.forEach((key, i) => {
      const o = report.outcomes[i]!;
      assert.equal(o.status, 'confirmed');
      if (o.status === 'confirmed') assert.equal(o.partition, partitionForKey(Buffer.from(key, 'utf8'), 7), `key "${key}"`);
    });
  });

  it('honours an explicit partition and timestamp, and refuses a partition that does not exist', async () => {
    const topic = await topicWith('explicit', 2);
    const report = await adapter.publish({ destination: topic }, [
      { value: 'p1', partition: 1, timestamp: 1_700_000_000_000 },
      { value: 'p9', partition: 9 },
    ]);
    assert.deepEqual(report.outcomes[0], { status: 'confirmed', partition: 1, offset: 0 });
    assert.equal(report.outcomes[1]!.status, 'failed');
    assert.equal(report.confirmed, 1);
    const [r] = (await adapter.browse({ destination: topic, partition: 1, start: { kind: 'earliest' }, limit: 1 })).records;
    assert.equal(r!.timestamp, 1_700_000_000_000);
  });

  for (const acks of ['all', 'leader', 'none'] as const) {
    it(`publishes with acks ${acks}`, async () => {
      const topic = await topicWith(`acks-${acks}`);
      const report = await adapter.publish({ destination: topic, acks }, [{ value: 'a' }, { value: 'b' }]);
      assert.equal(report.confirmed, 2);
      if (acks !== 'none') assert.deepEqual(report.outcomes.map((o) => (o.status === 'confirmed' ? o.offset : -1)), [0, 1]);
      const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 5 });
      assert.deepEqual(page.records.map((r) => text(r.value)), ['a', 'b']);
    });
  }

  it('reports a record the broker refuses as failed, and the others of its batch as confirmed', async () => {
    const topic = await topicWith('toolarge', 1, [{ name: 'max.message.bytes', value: '2000' }]);
    const report = await adapter.publish({ destination: topic }, [{ value: 'ok-1' }, { value: 'x'.repeat(5000) }, { value: 'ok-2' }]);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['confirmed', 'failed', 'confirmed']);
    const failed = report.outcomes[1]!;
    if (failed.status === 'failed') assert.match(failed.reason, /failed: .+\. .+\.$/);
    const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 5 });
    assert.deepEqual(page.records.map((r) => text(r.value)), ['ok-1', 'ok-2']);
  });

  for (const codec of ['snappy', 'lz4'] as const) {
    it(`reads ${codec} batches written by kcat (librdkafka)`, async () => {
      const topic = await topicWith(`kcat-${codec}`);
      const lines = Array.from({ length: 500 }, (_, i) => `k${i}:${codec} value ${i} ${'z'.repeat(i % 50)}`).join('\n') + '\n';
      await kcat(['-P', '-t', topic, '-z', codec, '-K', ':'], lines);
      const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 500 });
      assert.equal(page.records.length, 500);
      assert.equal(text(page.records[499]!.value), `${codec} value 499 ${'z'.repeat(499 % 50)}`);
      assert.equal(text(page.records[7]!.key), 'k7');
    });
  }

  for (const compression of ['gzip', 'snappy', 'lz4'] as const) {
    it(`writes ${compression} batches that kcat and the adapter read back`, async () => {
      const topic = await topicWith(`write-${compression}`);
      const target: PublishTarget = { destination: topic, compression };
      const values = Array.from({ length: 300 }, (_, i) => `${compression}-${i}-${'abc'.repeat(i % 20)}`);
      assert.equal((await adapter.publish(target, values.map((value) => ({ value })))).confirmed, 300);
      const viaKcat = (await kcat(['-C', '-t', topic, '-e', '-q', '-f', '%s\\n'])).toString().trim().split('\n');
      assert.deepEqual(viaKcat, values);
      const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 300 });
      assert.deepEqual(page.records.map((r) => text(r.value)), values);
    });
  }
});
