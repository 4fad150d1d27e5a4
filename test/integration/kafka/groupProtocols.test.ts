/**
 * Kafka 4 groups of both protocols against the real broker, each with a real Java consumer
 * (kafka-clients 4.x) started and stopped by the test: group.protocol=classic and
 * group.protocol=consumer (KIP-848). Listed with the right type and state, described with the
 * describe the type calls for (ConsumerGroupDescribe for the consumer protocol), lag in records and
 * in time, the reset refused while the consumer is in the group, applied once it left, the consumer
 * resuming from the new offsets, and the revert putting the old ones back.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import type { OutgoingMessage } from '../../../src/extension/core/model/message.js';
import { brokerGate } from '../../support/brokers.js';
import { groupConsumerClasspath, JavaGroupConsumer } from './javaGroupConsumer.js';
import { kafkaTest, plainAdapter, referenceAdmin, topicName, withTopics } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const protocol of ['classic', 'consumer'] as const) {
  describe(`Kafka 4 group of the ${protocol} protocol with a real Java consumer`, { skip: kafka.skip }, () => {
    let adapter: KafkaAdapter;
    let consumer: JavaGroupConsumer | undefined;
    let classpath = '';
    const topic = topicName(`groups-${protocol}`);
    const groupId = `brokerlens.it.groups.${protocol}.${randomUUID()}`;
    let cleanup: () => Promise<void> = async () => undefined;
    // 20 records per partition, one second apart, the oldest two minutes ago.
    const t0 = Date.now() - 120_000;
    const start = (limit: number): JavaGroupConsumer =>
      new JavaGroupConsumer(classpath, { bootstrap: kafkaTest.plaintext[0]!, topic, groupId, protocol, limit, maxSeconds: 120 });

    before(async () => {
      kafka.assertRequired();
      classpath = groupConsumerClasspath();
      cleanup = await withTopics([{ topic, numPartitions: 2 }]);
      adapter = plainAdapter();
      await adapter.connect();
      const messages: OutgoingMessage[] = Array.from({ length: 40 }, (_, i) => ({ value: `v${i}`, partition: i % 2, timestamp: t0 + Math.floor(i / 2) * 1000 }));
      assert.equal((await adapter.publish({ destination: topic }, messages)).confirmed, 40);
    });

    after(async () => {
      await consumer?.stop();
      await adapter?.disconnect();
      await cleanup();
      // The shared broker keeps an empty group with offsets until they expire: delete it.
      const ref = await referenceAdmin();
      await ref.admin.deleteGroups([groupId]).catch(() => undefined);
      await ref.close();
    });

    it('lists and describes the live group: type, state, member, assignment, lag in records and time', async () => {
      consumer = start(5);
      await consumer.waitFor(() => consumer!.committed().get(0) === 5 && consumer!.committed().get(1) === 5, 60_000, 'the consumer to commit 5 records per partition');

      // The consumer protocol reconciles asynchronously: wait until the coordinator sees it Stable.
      await until(async () => (await adapter.consumerGroups.listGroups()).find((g) => g.groupId === groupId)?.state === 'Stable', 30_000, 'the group to be listed Stable');
      const listed = (await adapter.consumerGroups.listGroups()).find((g) => g.groupId === groupId)!;
      assert.equal(listed.type, protocol);
      assert.equal(listed.protocolType, 'consumer');

      const detail = await adapter.consumerGroups.describeGroup(groupId);
      assert.equal(detail.state, 'Stable');
      assert.equal(detail.type, protocol);
      assert.match(detail.coordinator ?? '', /127\.0\.0\.1:\d+ \(node \d+\)/);
      assert.equal(detail.members.length, 1);
      const member = detail.members[0]!;
      assert.equal(member.clientId, `brokerlens-java-${protocol}`);
      assert.ok(member.host.length > 0);
      assert.deepEqual(member.assignments, [{ topic, partitions: [0, 1] }]);
      if (protocol === 'consumer') {
        assert.ok(detail.assignor === 'uniform' || detail.assignor === 'range', `server-side assignor ${detail.assignor}`);
        assert.ok((detail.groupEpoch ?? 0) >= 1, `group epoch ${detail.groupEpoch}`);
        assert.deepEqual(member.targetAssignments, [{ topic, partitions: [0, 1] }]);
        assert.equal(member.memberEpoch, detail.groupEpoch);
      } else {
        assert.equal(detail.protocol, 'range');
      }
      assert.deepEqual(detail.offsets.map((o) => [o.partition, o.committed, o.logStart, o.highWatermark, o.lag]), [
        [0, 5, 0, 20, 15],
        [1, 5, 0, 20, 15],
      ]);
      assert.equal(detail.totalLag, 30);
      // The oldest unconsumed record (offset 5) was written t0 + 5 s, so it is now - t0 - 5 s old.
      const expected = Date.now() - (t0 + 5000);
      for (const o of detail.offsets) assert.ok(o.lagMs !== undefined && Math.abs(o.lagMs - expected) < 10_000, `lagMs ${o.lagMs}, expected about ${expected}`);
    });

    it('refuses the reset while the consumer is in the group, in one sentence', async () => {
      const preview = await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'earliest' } });
      await assert.rejects(adapter.consumerGroups.applyOffsetReset(preview), (e: unknown) => {
        assert.ok(isBrokerError(e));
        assert.equal(e.code, 'groupActive', e.message);
        assert.match(e.message, /1 active member \(state Stable\).*Stop every consumer/);
        return true;
      });
      const detail = await adapter.consumerGroups.describeGroup(groupId);
      assert.deepEqual(detail.offsets.map((o) => o.committed), [5, 5], 'nothing was committed');
    });

    it('applies the reset once the consumer left; the consumer resumes there; the revert restores', async () => {
      await consumer!.stop();
      consumer = undefined;
      await until(async () => {
        const d = await adapter.consumerGroups.describeGroup(groupId);
        return d.members.length === 0 && d.state === 'Empty';
      }, 30_000, 'the group to be Empty');

      const preview = await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'offsets', offsets: { 0: 2, 1: 17 } } });
      assert.deepEqual(preview.rows.map((r) => [r.partition, r.current, r.next, r.replayed, r.skipped]), [[0, 5, 2, 3, 0], [1, 5, 17, 0, 12]]);
      await adapter.consumerGroups.applyOffsetReset(preview);
      let detail = await adapter.consumerGroups.describeGroup(groupId);
      assert.deepEqual(detail.offsets.map((o) => o.committed), [2, 17], 'the preview equals the result');
      assert.equal(detail.totalLag, 18 + 3);

      // The consumer starts from the new offsets.
      consumer = start(1);
      await consumer.waitFor(() => consumer!.firstOffsets().size === 2, 60_000, 'one record from each partition');
      assert.deepEqual([...consumer.firstOffsets()].sort((a, b) => a[0] - b[0]), [[0, 2], [1, 17]]);
      await consumer.stop();
      consumer = undefined;
      await until(async () => (await adapter.consumerGroups.describeGroup(groupId)).members.length === 0, 30_000, 'the group to be empty again');

      // It committed 3 and 18; the revert puts back what the reset replaced (5 and 5).
      const reverted = await adapter.consumerGroups.revertLastReset(groupId);
      assert.deepEqual(reverted.rows.map((r) => [r.partition, r.next]), [[0, 5], [1, 5]]);
      detail = await adapter.consumerGroups.describeGroup(groupId);
      assert.deepEqual(detail.offsets.map((o) => o.committed), [5, 5]);
    });
  });
}

describe('Kafka 4 share group (KIP-932) with a real Java share consumer', { skip: kafka.skip }, () => {
  let adapter: KafkaAdapter;
  let consumer: JavaGroupConsumer | undefined;
  const topic = topicName('groups-share');
  const groupId = `brokerlens.it.groups.share.${randomUUID()}`;
  let cleanup: () => Promise<void> = async () => undefined;

  before(async () => {
    kafka.assertRequired();
    cleanup = await withTopics([{ topic, numPartitions: 1 }]);
    adapter = plainAdapter();
    await adapter.connect();
  });

  after(async () => {
    await consumer?.stop();
    await adapter?.disconnect();
    await cleanup();
    const ref = await referenceAdmin();
    await ref.admin.deleteGroups([groupId]).catch(() => undefined);
    await ref.close();
  });

  it('is listed with its type, described as not supported yet, and its reset refused in one sentence', async () => {
    consumer = new JavaGroupConsumer(groupConsumerClasspath(), { bootstrap: kafkaTest.plaintext[0]!, topic, groupId, protocol: 'share', limit: 1, maxSeconds: 90 });
    await until(async () => (await adapter.consumerGroups.listGroups()).some((g) => g.groupId === groupId), 30_000, 'the share group to be listed');
    const listed = (await adapter.consumerGroups.listGroups()).find((g) => g.groupId === groupId)!;
    assert.equal(listed.type, 'share');
    const detail = await adapter.consumerGroups.describeGroup(groupId);
    assert.equal(detail.unsupported, 'shareGroup');
    assert.equal(detail.type, 'share');
    assert.deepEqual([detail.members.length, detail.offsets.length], [0, 0]);
    const preview = { request: { groupId, topic, target: { kind: 'earliest' as const } }, rows: [{ partition: 0, next: 0, replayed: 0, skipped: 0, logStart: 0, logEnd: 0 }], computedAt: Date.now() };
    await assert.rejects(adapter.consumerGroups.applyOffsetReset(preview), (e: unknown) => {
      assert.ok(isBrokerError(e));
      assert.equal(e.code, 'unsupported', e.message);
      assert.match(e.message, /share group \(KIP-932\).*does not support yet/);
      return true;
    });
  });
});
