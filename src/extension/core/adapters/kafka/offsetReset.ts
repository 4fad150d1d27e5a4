/**
 * Consumer-group offset resets: a preview that changes nothing, an apply that commits exactly the
 * preview and only while the group has no members, and a revert of the last applied reset.
 */
import type { Admin } from 'kafkajs';
import { BrokerError } from '../../model/errors.js';
import type { OffsetResetPreview, OffsetResetRequest } from '../../model/groups.js';
import { committedOffsets, withCoordinator } from './groups.js';
import type { InternalCluster } from './internals.js';
import { deleteOffsets, supportsOffsetDelete } from './offsetDeleteProtocol.js';
import type { PartitionBounds, PartitionReader } from './partitionReader.js';
import { planOffsetReset, resetRow, validateResetRequest, type PartitionPosition } from '../../rules/offsetReset.js';

/** What an applied reset replaced, kept in memory so it can be put back. */
interface AppliedReset {
  readonly topic: string;
  /** Offset committed before the reset; undefined where the group had none. */
  readonly previous: ReadonlyMap<number, number | undefined>;
}

/** Offset resets of one adapter; the planning itself is core/rules/offsetReset.ts. */
export class OffsetResets {
  private readonly applied = new Map<string, AppliedReset>();

  constructor(
    private readonly admin: () => Promise<Admin>,
    private readonly cluster: () => Promise<InternalCluster>,
    private readonly reader: () => Promise<PartitionReader>,
  ) {}

  private async positions(groupId: string, topic: string, ids: readonly number[]): Promise<PartitionPosition[]> {
    const reader = await this.reader();
    const bounds = await reader.bounds(topic, ids);
    const current = (await committedOffsets(await this.admin(), await this.cluster(), groupId, [topic])).get(topic) ?? new Map<number, number>();
    return bounds.map((b: PartitionBounds) => {
      const committed = current.get(b.partition);
      return { partition: b.partition, logStart: b.low, logEnd: b.high, ...(committed !== undefined ? { committed } : {}) };
    });
  }

  /** Computes every partition's current and next offset; changes nothing. */
  async preview(request: OffsetResetRequest): Promise<OffsetResetPreview> {
    const reader = await this.reader();
    const { groupId, topic, target } = request;
    const all = (await reader.partitions(topic)).map((p) => p.partitionId);
    validateResetRequest(groupId, topic, target, all.length, request.partitions);
    let ids = request.partitions ? [...new Set(request.partitions)].sort((a, b) => a - b) : all;
    if (target.kind === 'offsets') ids = ids.filter((p) => target.offsets[p] !== undefined);
    const positions = await this.positions(groupId, topic, ids);
    const offsetsForTime = target.kind === 'timestamp' ? await reader.offsetsForTimestamp(topic, ids, target.timestamp) : undefined;
    const otherGroup = target.kind === 'group' ? (await committedOffsets(await this.admin(), await this.cluster(), target.groupId, [topic])).get(topic) : undefined;
    const rows = planOffsetReset({ groupId, topic, target, positions, ...(offsetsForTime ? { offsetsForTime } : {}), ...(otherGroup ? { otherGroup } : {}) });
    return { request, rows, computedAt: Date.now() };
  }

  /** Refuses unless the group has no members and is Empty or Dead. */
  private async assertInactive(groupId: string): Promise<void> {
    const admin = await this.admin();
    const { groups } = await withCoordinator(await this.cluster(), groupId, () => admin.describeGroups([groupId]));
    const group = groups[0];
    const members = group?.members.length ?? 0;
    const state = group?.state ?? 'Dead';
    if (members > 0 || (state !== 'Empty' && state !== 'Dead')) {
      throw new BrokerError(
        'groupActive',
        `Resetting the offsets of group "${groupId}" failed: the group has ${members} active member${members === 1 ? '' : 's'} (state ${state}). Stop every consumer of the group, then apply the reset again.`,
      );
    }
  }

  /**
   * Commits offsets the way Kafka's admin tools do: an OffsetCommit with generation -1 and no member
   * id, which the coordinator accepts only for a group without members. Joining the group to commit
   * (as kafkajs's admin.setOffsets does) would make the tool itself a member for a moment.
   */
  private async commit(groupId: string, topic: string, offsets: ReadonlyMap<number, number>): Promise<void> {
    const cluster = await this.cluster();
    const coordinator = await withCoordinator(cluster, groupId, () => cluster.findGroupCoordinator({ groupId }));
    await coordinator.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      retentionTime: -1,
      topics: [{ topic, partitions: [...offsets].map(([partition, offset]) => ({ partition, offset: String(offset) })) }],
    });
  }

  /** Applies exactly the preview's rows. */
  async apply(preview: OffsetResetPreview): Promise<void> {
    const { groupId, topic } = preview.request;
    if (preview.rows.length === 0) {
      throw new BrokerError('invalidInput', `Resetting the offsets of group "${groupId}" failed: the preview has no partition to change. Pick another target.`);
    }
    await this.assertInactive(groupId);
    const before = (await committedOffsets(await this.admin(), await this.cluster(), groupId, [topic])).get(topic) ?? new Map<number, number>();
    await this.commit(groupId, topic, new Map(preview.rows.map((r) => [r.partition, r.next])));
    this.applied.set(groupId, { topic, previous: new Map(preview.rows.map((r) => [r.partition, before.get(r.partition)])) });
  }

  /**
   * Puts back what the last applied reset replaced. A partition that had no committed offset before
   * goes back to none: its offset is deleted with OffsetDelete (as `kafka-consumer-groups
   * --delete-offsets` does), the way the simulator deletes it. A coordinator without OffsetDelete
   * (Kafka before 2.4) gets the log start committed instead.
   */
  async revert(groupId: string): Promise<OffsetResetPreview> {
    const last = this.applied.get(groupId);
    if (!last) {
      throw new BrokerError('invalidInput', `Reverting the offsets of group "${groupId}" failed: no reset of this group was applied in this session. Nothing to revert.`);
    }
    const ids = [...last.previous.keys()];
    const positions = await this.positions(groupId, last.topic, ids);
    // Put the old offsets back as they were, even if retention has since moved a log start past them.
    const rows = positions.map((p) => resetRow(p, last.previous.get(p.partition) ?? p.logStart));
    await this.assertInactive(groupId);
    const cluster = await this.cluster();
    const coordinator = await withCoordinator(cluster, groupId, () => cluster.findGroupCoordinator({ groupId }));
    const none = supportsOffsetDelete(coordinator) ? rows.filter((r) => last.previous.get(r.partition) === undefined) : [];
    const restore = rows.filter((r) => !none.includes(r));
    if (restore.length > 0) await this.commit(groupId, last.topic, new Map(restore.map((r) => [r.partition, r.next])));
    await deleteOffsets(coordinator, groupId, last.topic, none.map((r) => r.partition));
    const exact: OffsetResetPreview = {
      request: { groupId, topic: last.topic, partitions: ids, target: { kind: 'offsets', offsets: Object.fromEntries(restore.map((r) => [r.partition, r.next])) } },
      rows: rows.map((r) => (none.includes(r) ? { ...r, clears: true as const } : r)),
      computedAt: Date.now(),
    };
    this.applied.delete(groupId);
    return exact;
  }
}
