/**
 * Live tail, topic administration (overview, internal topics, partitions, configs) and socket hygiene:
 * 50 sessions opened and closed leave no connection to the broker behind.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';
import { brokerGate } from '../../support/brokers.js';
import { kafkaTest, plainAdapter, text, topicName, withTopics } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

/** Established TCP connections from this process to the PLAINTEXT listener. */
function brokerSockets(): number {
  const port = kafkaTest.plaintext[0]!.split(':')[1]!;
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`]).toString();
  return out.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length;
}

describe('Kafka live tail, topics and sockets', { skip: kafka.skip }, () => {
  let adapter: KafkaAdapter;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    kafka.assertRequired();
    adapter = plainAdapter();
    await adapter.connect();
  });

  after(async () => {
    // Clean-ups use the adapter, so they run before it disconnects.
    for (const c of cleanups) await c();
    await adapter?.disconnect();
  });

  it('tails new records from the high watermark until aborted', async () => {
    const topic = topicName('tail');
    cleanups.push(await withTopics([{ topic, numPartitions: 2 }]));
    await adapter.publish({ destination: topic }, [{ value: 'old-1' }, { value: 'old-2' }]);
    const got: BrokerRecord[] = [];
    const abort = new AbortController();
    const tailing = adapter.tail!({ destination: topic }, (records) => got.push(...records), abort.signal);
    await new Promise((r) => setTimeout(r, 500));
    await adapter.publish({ destination: topic }, [{ value: 'new-1', partition: 0 }, { value: 'new-2', partition: 1 }]);
    const deadline = Date.now() + 10_000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await tailing;
    assert.deepEqual(got.map((r) => text(r.value)).sort(), ['new-1', 'new-2'], 'only records written after the tail started');
    const before = got.length;
    await adapter.publish({ destination: topic }, [{ value: 'after-abort' }]);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(got.length, before, 'nothing arrives after the abort');
  });

  it('a tail of one partition long-polls and stops on disconnect', async () => {
    const topic = topicName('tail1');
    cleanups.push(await withTopics([{ topic }]));
    const other = plainAdapter();
    await other.connect();
    const got: string[] = [];
    const tailing = other.tail!({ destination: topic, partition: 0 }, (rs) => got.push(...rs.map((r) => text(r.value)!)), new AbortController().signal);
    await new Promise((r) => setTimeout(r, 300));
    await adapter.publish({ destination: topic }, [{ value: 'x' }]);
    const deadline = Date.now() + 10_000;
    while (got.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await other.disconnect();
    await tailing;
    assert.deepEqual(got, ['x']);
  });

  it('describes the cluster: brokers with host and port, the controller, the cluster id', async () => {
    const overview = await adapter.overview();
    assert.equal(overview.product, 'Apache Kafka');
    assert.ok(overview.clusterName && overview.clusterName.length > 10);
    const [node] = overview.nodes;
    assert.equal(`${node!.host}:${node!.port}`, kafkaTest.plaintext[0]);
    assert.equal(node!.controller, true);
  });

  it('hides internal topics unless asked', async () => {
    // A fresh cluster creates __consumer_offsets on the first group lookup.
    await adapter.consumerGroups!.describeGroup('brokerlens.it.no-such-group').catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (!(await adapter.listDestinations({ includeInternal: true })).some((d) => d.name === '__consumer_offsets') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const names = (await adapter.listDestinations()).map((d) => d.name);
    assert.ok(!names.some((n) => n.startsWith('__')), names.join(','));
    const all = await adapter.listDestinations({ includeInternal: true });
    const offsets = all.find((d) => d.name === '__consumer_offsets');
    assert.ok(offsets?.internal, 'the offsets topic is listed and flagged internal');
  });

  it('lists partitions with leader, replicas, ISR and offsets; adds partitions', async () => {
    const topic = topicName('parts');
    await adapter.createDestination({ kind: 'topic', name: topic, partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '3600000' } });
    cleanups.push(async () => adapter.deleteDestination(topic, topic).catch(() => undefined));
    await adapter.publish({ destination: topic }, [{ value: 'a', partition: 1 }, { value: 'b', partition: 1 }]);
    const parts = await adapter.partitions!.listPartitions(topic);
    assert.deepEqual(parts.map((p) => [p.partition, p.leader, p.replicas, p.isr, p.logStart, p.highWatermark]), [
      [0, 1, [1], [1], 0, 0],
      [1, 1, [1], [1], 0, 2],
    ]);
    await adapter.partitions!.addPartitions(topic, 4);
    assert.equal((await adapter.partitions!.listPartitions(topic)).length, 4);
    await assert.rejects(adapter.partitions!.addPartitions(topic, 3), (e: Error & { code?: string }) => e.code === 'invalidInput');
  });

  it('describes configs with defaults marked, and alters them without losing other overrides', async () => {
    const topic = topicName('configs');
    await adapter.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'cleanup.policy': 'compact' } });
    cleanups.push(async () => adapter.deleteDestination(topic, topic).catch(() => undefined));
    const value = async (name: string) => (await adapter.partitions!.describeConfigs(topic)).find((c) => c.name === name);
    assert.deepEqual(await value('retention.ms'), { name: 'retention.ms', value: '3600000', isDefault: false, readOnly: false, sensitive: false });
    assert.equal((await value('segment.bytes'))?.isDefault, true);

    await adapter.partitions!.alterConfigs(topic, { 'retention.ms': '7200000', 'max.message.bytes': '2000000' });
    assert.equal((await value('retention.ms'))?.value, '7200000');
    assert.equal((await value('max.message.bytes'))?.value, '2000000');
    assert.equal((await value('cleanup.policy'))?.value, 'compact', 'an override not mentioned survives');

    await adapter.partitions!.alterConfigs(topic, { 'retention.ms': null });
    const reset = await value('retention.ms');
    assert.equal(reset?.isDefault, true, 'null goes back to the default');
    assert.equal((await value('max.message.bytes'))?.isDefault, false);
  });

  it('opens and closes 50 sessions without leaving a socket', async () => {
    const baseline = brokerSockets();
    for (let i = 0; i < 50; i++) {
      const a = plainAdapter();
      await a.connect();
      await a.listDestinations();
      await a.browse({ destination: '__consumer_offsets', start: { kind: 'latest' }, limit: 1 }).catch(() => undefined);
      await a.disconnect();
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(brokerSockets(), baseline);
  });
});
