/**
 * The Kafka facets of the BrokerAdapter contract: browse across partitions, consumer groups and lag,
 * offset-reset preview / apply / revert (with a partition that has no commit), the refusals, and the
 * error kinds of the usual mistakes. The same cases run on real Kafka and on the simulator's Kafka
 * model. Every case makes its own topic and group (names carry `truth`-free random ids), so any one
 * can run alone (`--test-name-pattern`).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BrokerAdapter, ConsumerGroupsFacet } from '../../src/extension/core/model/adapter.js';
import { isBrokerError, type BrokerErrorCode } from '../../src/extension/core/model/errors.js';
import type { OutgoingMessage } from '../../src/extension/core/model/message.js';

/** How one Kafka target plugs into the facet contract. */
export interface KafkaFacetTarget {
  readonly name: string;
  readonly skip?: string | undefined;
  readonly assertAvailable?: () => void;
  readonly create: () => BrokerAdapter | Promise<BrokerAdapter>;
  /** Makes an active member of `groupId` reading `topic`; resolves once the group shows it. Returns its stop. */
  readonly joinMember: (groupId: string, topic: string) => Promise<() => Promise<void>>;
}

const fails = (code: BrokerErrorCode, pattern?: RegExp) => (e: unknown): boolean => {
  assert.ok(isBrokerError(e), `not a BrokerError: ${String(e)}`);
  assert.equal(e.code, code, e.message);
  if (pattern) assert.match(e.message, pattern);
  return true;
};

/** Registers the Kafka facet cases for one target. */
export function runKafkaFacetContract(t: KafkaFacetTarget): void {
  describe(`Kafka facet contract: ${t.name}`, { skip: t.skip }, () => {
    let adapter: BrokerAdapter;
    let groups: ConsumerGroupsFacet;
    const created: string[] = [];
    const unique = (what: string): string => `brokerlens.contract.${what}.${randomUUID().slice(0, 8)}`;

    /** A topic of `partitions` partitions holding `perPartition` records in each, all stamped `timestamp`. */
    async function filledTopic(partitions: number, perPartition: number, timestamp?: number): Promise<string> {
      const topic = unique('topic');
      await adapter.createDestination({ kind: 'topic', name: topic, partitions, replicationFactor: 1 });
      created.push(topic);
      const messages: OutgoingMessage[] = [];
      for (let p = 0; p < partitions; p++) {
        for (let i = 0; i < perPartition; i++) messages.push({ value: `p${p}-${i}`, partition: p, ...(timestamp !== undefined ? { timestamp } : {}) });
      }
      const report = await adapter.publish({ destination: topic }, messages);
      assert.equal(report.confirmed, messages.length, JSON.stringify(report.outcomes.find((o) => o.status !== 'confirmed')));
      return topic;
    }

    /** Commits `offsets` for a new group through the reset facet itself (an empty group accepts them). */
    async function committedGroup(topic: string, offsets: Record<number, number>): Promise<string> {
      const groupId = unique('group');
      const preview = await groups.previewOffsetReset({ groupId, topic, target: { kind: 'offsets', offsets } });
      await groups.applyOffsetReset(preview);
      return groupId;
    }

    const committed = async (groupId: string, topic: string): Promise<(number | undefined)[]> => {
      const detail = await groups.describeGroup(groupId);
      const partitions = (await adapter.partitions!.listPartitions(topic)).map((p) => p.partition);
      return partitions.map((p) => detail.offsets.find((o) => o.topic === topic && o.partition === p)?.committed);
    };

    before(async () => {
      t.assertAvailable?.();
      adapter = await t.create();
      await adapter.connect();
      assert.ok(adapter.consumerGroups && adapter.partitions, 'a Kafka adapter has the groups and partitions facets');
      groups = adapter.consumerGroups;
    });

    after(async () => {
      if (!adapter) return;
      for (const topic of created) await adapter.deleteDestination(topic, topic).catch(() => undefined);
      await adapter.disconnect();
    });

    it('"Latest" of a topic written in one batch holds every partition\'s newest records', async () => {
      const topic = await filledTopic(6, 20, Date.UTC(2026, 0, 1));
      const page = await adapter.browse({ destination: topic, start: { kind: 'latest' }, limit: 60 });
      const perPartition = [0, 1, 2, 3, 4, 5].map((p) => page.records.filter((r) => r.partition === p).length);
      assert.deepEqual(perPartition, [10, 10, 10, 10, 10, 10]);
      for (let p = 0; p < 6; p++) assert.ok(page.records.some((r) => r.partition === p && r.offset === 19), `partition ${p}'s newest record`);
      const older = await adapter.browse({ destination: topic, start: { kind: 'cursor', cursor: page.previous! }, limit: 1000 });
      assert.equal(new Set([...page.records, ...older.records].map((r) => `${r.partition}:${r.offset}`)).size, 120, 'paging on shows every record once');
    });

    it('describes a group: Kafka\'s lag total apart from partitions with no commit', async () => {
      const topic = await filledTopic(2, 10);
      const groupId = await committedGroup(topic, { 0: 4 });
      assert.ok((await groups.listGroups()).some((g) => g.groupId === groupId), 'the group is listed');
      const detail = await groups.describeGroup(groupId);
      assert.equal(detail.members.length, 0);
      // Every partition of a topic the group committed on is listed; the one with no commit counts from the log start.
      assert.deepEqual(detail.offsets.filter((o) => o.topic === topic).map((o) => [o.partition, o.committed, o.logStart, o.highWatermark, o.lag]), [[0, 4, 0, 10, 6], [1, undefined, 0, 10, 10]]);
      assert.deepEqual([detail.totalLag, detail.lagWithoutCommit, detail.partitionsWithoutCommit], [6, 10, 1]);
    });

    it('previews a reset without changing anything; a partition with no commit is a change, counted', async () => {
      const topic = await filledTopic(2, 10);
      const groupId = await committedGroup(topic, { 0: 4 });
      const preview = await groups.previewOffsetReset({ groupId, topic, target: { kind: 'earliest' } });
      assert.deepEqual(preview.rows.map((r) => [r.partition, r.current, r.next, r.replayed, r.skipped, r.logStart, r.logEnd]), [
        [0, 4, 0, 4, 0, 0, 10],
        // No commit: replays the 10 records auto.offset.reset=latest would not have read.
        [1, undefined, 0, 10, 0, 0, 10],
      ]);
      assert.deepEqual(await committed(groupId, topic), [4, undefined], 'a preview changes nothing');
    });

    it('applies exactly the preview, then reverts it (a partition with no commit goes back to none)', async () => {
      const topic = await filledTopic(2, 10);
      const groupId = await committedGroup(topic, { 0: 4 });
      const preview = await groups.previewOffsetReset({ groupId, topic, target: { kind: 'offsets', offsets: { 0: 7, 1: 2 } } });
      await adapter.publish({ destination: topic }, [{ value: 'late', partition: 0 }]);
      await groups.applyOffsetReset(preview);
      assert.deepEqual(await committed(groupId, topic), [7, 2], 'the previewed offsets, not recomputed ones');
      const reverted = await groups.revertLastReset(groupId);
      assert.deepEqual(reverted.rows.map((r) => [r.partition, r.current, r.cleared ? 'none' : r.next]), [[0, 7, 4], [1, 2, 'none']]);
      assert.deepEqual(await committed(groupId, topic), [4, undefined]);
      await assert.rejects(groups.revertLastReset(groupId), fails('invalidInput'), 'only the last reset can be reverted, once');
    });

    it('refuses a shift from no commit and a fractional offset, as Kafka\'s tool does', async () => {
      const topic = await filledTopic(2, 5);
      const groupId = await committedGroup(topic, { 0: 3 });
      await assert.rejects(groups.previewOffsetReset({ groupId, topic, target: { kind: 'shift', by: -1 } }), fails('invalidInput', /partition 1 .*no committed offset/));
      const shifted = await groups.previewOffsetReset({ groupId, topic, partitions: [0], target: { kind: 'shift', by: -10 } });
      assert.deepEqual(shifted.rows.map((r) => [r.partition, r.current, r.next, r.replayed]), [[0, 3, 0, 3]], 'clamped to the log start');
      await assert.rejects(groups.previewOffsetReset({ groupId, topic, target: { kind: 'offsets', offsets: { 0: 1.5 } } }), fails('invalidInput', /not a whole number/));
      await assert.rejects(groups.previewOffsetReset({ groupId, topic, partitions: [7], target: { kind: 'earliest' } }), fails('invalidInput', /no partition 7/));
    });

    it('refuses to apply a reset while the group has an active member', async () => {
      const topic = await filledTopic(1, 3);
      const groupId = unique('group');
      const stop = await t.joinMember(groupId, topic);
      try {
        const preview = await groups.previewOffsetReset({ groupId, topic, target: { kind: 'earliest' } });
        await assert.rejects(groups.applyOffsetReset(preview), fails('groupActive', /stop/i));
        // The broker refuses to delete a group with members (NON_EMPTY_GROUP) in the same words.
        await assert.rejects(groups.deleteGroup(groupId, groupId), fails('groupActive', /stop/i));
      } finally {
        await stop();
      }
    });

    it('deletes an empty group and its commits only with the typed group id', async () => {
      const topic = await filledTopic(2, 3);
      const groupId = await committedGroup(topic, { 0: 1, 1: 2 });
      await assert.rejects(groups.deleteGroup(groupId, `${groupId}-typo`), fails('invalidInput', /Type the group id exactly/));
      assert.deepEqual(await committed(groupId, topic), [1, 2], 'a refused delete changes nothing');
      await groups.deleteGroup(groupId, groupId);
      assert.ok(!(await groups.listGroups()).some((g) => g.groupId === groupId), 'the group is no longer listed');
      await assert.rejects(groups.deleteGroup(groupId, groupId), fails('notFound'));
    });

    it('names the usual mistakes: missing topic, missing group, topic that exists', async () => {
      const missing = unique('missing');
      await assert.rejects(adapter.browse({ destination: missing, start: { kind: 'earliest' }, limit: 1 }), fails('notFound'));
      await assert.rejects(groups.describeGroup(unique('nogroup')), fails('notFound'));
      await assert.rejects(groups.previewOffsetReset({ groupId: unique('group'), topic: missing, target: { kind: 'earliest' } }), fails('notFound'));
      const topic = await filledTopic(1, 0);
      await assert.rejects(adapter.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1 }), fails('alreadyExists'));
    });
  });
}
