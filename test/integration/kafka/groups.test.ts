/**
 * Consumer groups on a real broker with a real kafkajs consumer group that commits: describe (members,
 * assignments, committed offsets, lag, lagMs), offset reset refused while the group has members, then
 * previewed, applied and reverted once it has left.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import type { OutgoingMessage } from '../../../src/extension/core/model/message.js';
import { brokerGate } from '../../support/brokers.js';
import { kafkaTest, plainAdapter, topicName, withTopics } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Kafka consumer groups and offset resets', { skip: kafka.skip }, () => {
  let adapter: KafkaAdapter;
  let consumer: Consumer | undefined;
  const topic = topicName('groups');
  const groupId = `brokerlens.it.group.${randomUUID()}`;
  const otherGroup = `brokerlens.it.group.${randomUUID()}`;
  let cleanup: () => Promise<void> = async () => undefined;
  const t0 = Date.now() - 60_000;

  before(async () => {
    kafka.assertRequired();
    cleanup = await withTopics([{ topic, numPartitions: 2 }]);
    adapter = plainAdapter();
    await adapter.connect();
    // 20 records per partition, timestamps one second apart, the oldest a minute ago.
    const messages: OutgoingMessage[] = Array.from({ length: 40 }, (_, i) => ({ value: `v${i}`, partition: i % 2, timestamp: t0 + Math.floor(i / 2) * 1000 }));
    assert.equal((await adapter.publish({ destination: topic }, messages)).confirmed, 40);
  });

  after(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await adapter?.disconnect();
    await cleanup();
  });

  it('describes a live group: members with client id, host and assignments, committed offsets and lag', async () => {
    const client = new Kafka({ clientId: 'brokerlens-it-consumer', brokers: kafkaTest.plaintext, logLevel: logLevel.NOTHING });
    consumer = client.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    // Consume and commit 5 records per partition, then stay in the group without committing more.
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        if (offset < 5) {
          seen++;
          await consumer!.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
        }
      },
    });
    await until(() => seen === 10, 20_000, 'the consumer to commit 5 records per partition');

    const groups = await adapter.consumerGroups.listGroups();
    const listed = groups.find((g) => g.groupId === groupId);
    assert.ok(listed, 'the group is listed');
    assert.equal(listed.protocolType, 'consumer');
    const detail = await adapter.consumerGroups.describeGroup(groupId);
    assert.equal(detail.state, 'Stable');
    assert.equal(detail.members.length, 1);
    assert.equal(detail.members[0]!.clientId, 'brokerlens-it-consumer');
    assert.ok(detail.members[0]!.host.length > 0);
    assert.deepEqual(detail.members[0]!.assignments, [{ topic, partitions: [0, 1] }]);
    assert.deepEqual(detail.offsets.map((o) => [o.partition, o.committed, o.logStart, o.highWatermark, o.lag]), [
      [0, 5, 0, 20, 15],
      [1, 5, 0, 20, 15],
    ]);
    assert.equal(detail.totalLag, 30);
    // The oldest unconsumed record (offset 5) was written about 55 s ago.
    for (const o of detail.offsets) {
      assert.ok(o.lagMs !== undefined && o.lagMs >= 50_000 && o.lagMs < 600_000, `lagMs ${o.lagMs}`);
    }
  });

  it('refuses to reset while the group has members, with a clear sentence', async () => {
    const preview = await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'earliest' } });
    await assert.rejects(adapter.consumerGroups.applyOffsetReset(preview), (e: unknown) => {
      assert.ok(isBrokerError(e));
      assert.equal(e.code, 'groupActive', e.message);
      assert.match(e.message, /1 active member.*Stop every consumer/);
      return true;
    });
  });

  it('previews every target without changing anything', async () => {
    await consumer!.disconnect();
    consumer = undefined;
    await until(async () => (await adapter.consumerGroups.describeGroup(groupId)).state === 'Empty', 20_000, 'the group to be empty');
    const rows = async (target: Parameters<KafkaAdapter['consumerGroups']['previewOffsetReset']>[0]['target'], partitions?: number[]) =>
      (await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target, ...(partitions ? { partitions } : {}) })).rows.map((r) => [r.partition, r.current, r.next, r.replayed, r.skipped]);
    assert.deepEqual(await rows({ kind: 'earliest' }), [[0, 5, 0, 5, 0], [1, 5, 0, 5, 0]]);
    assert.deepEqual(await rows({ kind: 'latest' }), [[0, 5, 20, 0, 15], [1, 5, 20, 0, 15]]);
    assert.deepEqual(await rows({ kind: 'shift', by: -3 }), [[0, 5, 2, 3, 0], [1, 5, 2, 3, 0]]);
    assert.deepEqual(await rows({ kind: 'shift', by: 100 }), [[0, 5, 20, 0, 15], [1, 5, 20, 0, 15]], 'clamped to the high watermark');
    assert.deepEqual(await rows({ kind: 'offsets', offsets: { 1: 12 } }), [[1, 5, 12, 0, 7]]);
    assert.deepEqual(await rows({ kind: 'timestamp', timestamp: t0 + 10_000 }, [0]), [[0, 5, 10, 0, 5]]);
    await assert.rejects(adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'group', groupId: otherGroup } }), (e: Error & { code?: string }) => e.code === 'invalidInput');
    const detail = await adapter.consumerGroups.describeGroup(groupId);
    assert.deepEqual(detail.offsets.map((o) => o.committed), [5, 5], 'previews change nothing');
  });

  it('applies a preview once the group is empty, then reverts it', async () => {
    const preview = await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'offsets', offsets: { 0: 2, 1: 17 } } });
    await adapter.consumerGroups.applyOffsetReset(preview);
    let detail = await adapter.consumerGroups.describeGroup(groupId);
    assert.deepEqual(detail.offsets.map((o) => o.committed), [2, 17]);
    assert.equal(detail.totalLag, 18 + 3);

    // Another group can copy these offsets.
    const copy = await adapter.consumerGroups.previewOffsetReset({ groupId: otherGroup, topic, target: { kind: 'group', groupId } });
    assert.deepEqual(copy.rows.map((r) => [r.partition, r.current, r.next]), [[0, undefined, 2], [1, undefined, 17]]);

    const reverted = await adapter.consumerGroups.revertLastReset(groupId);
    assert.deepEqual(reverted.rows.map((r) => [r.partition, r.current, r.next]), [[0, 2, 5], [1, 17, 5]]);
    detail = await adapter.consumerGroups.describeGroup(groupId);
    assert.deepEqual(detail.offsets.map((o) => o.committed), [5, 5]);
    await assert.rejects(adapter.consumerGroups.revertLastReset(groupId), (e: Error & { code?: string }) => e.code === 'invalidInput', 'nothing left to revert');
  });

  it('says not found for a group that does not exist', async () => {
    await assert.rejects(adapter.consumerGroups.describeGroup(`brokerlens.it.nogroup.${randomUUID()}`), (e: Error & { code?: string }) => e.code === 'notFound');
  });
});
