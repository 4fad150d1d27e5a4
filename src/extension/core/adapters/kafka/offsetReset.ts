/**
 * Consumer-group offset resets: a preview that changes nothing, an apply that commits exactly the
 * preview and only while the group has no members, and a revert of the last applied reset.
 */
import type { Admin } from 'kafkajs';
import { BrokerError } from '../../model/errors.js';
import type { OffsetResetPreview, OffsetResetRequest, OffsetResetRow } from '../../model/groups.js';
import { committedOffsets, groupMembership, withCoordinator } from './groups.js';
import type { InternalCluster } from './internals.js';
import type { PartitionBounds, PartitionReader } from './partitionReader.js';

/** What an applied reset replaced, kept in memory so it can be put back. */
interface AppliedReset {
  readonly topic: string;
  /** Offset committed before the reset; undefined where the group had none. */
  readonly previous: ReadonlyMap<number, number | undefined>;
}

/** The one sentence a reset of a group with members is refused with (the panel states it up front too). */
export function activeGroupMessage(groupId: string, members: number, state: string): string {
  return `Resetting the offsets of group "${groupId}" failed: the group has ${members} active member${members === 1 ? '' : 's'} (state ${state}). Stop every consumer of the group, then apply the reset again.`;
}

function clamp(n: number, b: PartitionBounds): number {
  return Math.min(Math.max(Math.trunc(n), b.low), b.high);
}

/** Offset resets of one adapter. */
export class OffsetResets {
  private readonly applied = new Map<string, AppliedReset>();

  constructor(
    private readonly admin: () => Promise<Admin>,
    private readonly cluster: () => Promise<InternalCluster>,
    private readonly reader: () => Promise<PartitionReader>,
  ) {}

  /** Computes every partition's current and next offset; changes nothing. */
  async preview(request: OffsetResetRequest): Promise<OffsetResetPreview> {
    const reader = await this.reader();
    const { groupId, topic, target } = request;
    const all = (await reader.partitions(topic)).map((p) => p.partitionId);
    let ids = request.partitions ? [...new Set(request.partitions)].sort((a, b) => a - b) : all;
    const unknown = ids.filter((p) => !all.includes(p));
    if (unknown.length > 0) {
      throw new BrokerError('invalidInput', `Previewing the reset of group "${groupId}" failed: topic "${topic}" has no partition ${unknown.join(', ')}. Pick partitions from 0 to ${all.length - 1}.`);
    }
    if (target.kind === 'offsets') ids = ids.filter((p) => target.offsets[p] !== undefined);
    const bounds = await reader.bounds(topic, ids);
    const current = (await committedOffsets(await this.admin(), await this.cluster(), groupId, [topic])).get(topic) ?? new Map<number, number>();

    let next: (b: PartitionBounds) => number | undefined;
    switch (target.kind) {
      case 'earliest':
        next = (b) => b.low;
        break;
      case 'latest':
        next = (b) => b.high;
        break;
      case 'timestamp': {
        const found = await reader.offsetsForTimestamp(topic, ids, target.timestamp);
        next = (b) => clamp(found.get(b.partition) ?? b.high, b);
        break;
      }
      case 'offsets':
        next = (b) => clamp(target.offsets[b.partition]!, b);
        break;
      case 'shift':
        // Without a committed offset a consumer starts from its reset policy; count from the log start.
        next = (b) => clamp((current.get(b.partition) ?? b.low) + target.by, b);
        break;
      case 'group': {
        const other = (await committedOffsets(await this.admin(), await this.cluster(), target.groupId, [topic])).get(topic);
        if (!other || other.size === 0) {
          throw new BrokerError('invalidInput', `Previewing the reset of group "${groupId}" failed: group "${target.groupId}" has no committed offsets on topic "${topic}". Pick another group or target.`);
        }
        next = (b) => (other.has(b.partition) ? clamp(other.get(b.partition)!, b) : undefined);
        break;
      }
    }
    const rows: OffsetResetRow[] = [];
    for (const b of bounds) {
      const to = next(b);
      if (to === undefined) continue;
      const from = current.get(b.partition);
      const base = from ?? b.low;
      rows.push({ partition: b.partition, ...(from !== undefined ? { current: from } : {}), next: to, replayed: Math.max(0, base - to), skipped: Math.max(0, to - base) });
    }
    return { request, rows, computedAt: Date.now() };
  }

  /**
   * Refuses unless the group has no members and is Empty or Dead. The membership is read with the
   * describe the group's type calls for (ConsumerGroupDescribe for the consumer protocol), since
   * the classic DescribeGroups reports a live consumer-protocol group as Dead with no members.
   */
  private async assertInactive(groupId: string): Promise<void> {
    const group = await groupMembership(await this.admin(), await this.cluster(), groupId);
    if (group.type === 'share') {
      throw new BrokerError('unsupported', `Resetting the offsets of group "${groupId}" failed: it is a share group (KIP-932), which BrokerLens does not support yet. Use kafka-share-groups --reset-offsets instead.`);
    }
    const members = group.members.length;
    const state = group.state;
    if (members > 0 || (state !== 'Empty' && state !== 'Dead' && !group.missing)) {
      throw new BrokerError('groupActive', activeGroupMessage(groupId, members, state));
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

  /** True when a reset of the group was applied in this session and not reverted since. */
  canRevert(groupId: string): boolean {
    return this.applied.has(groupId);
  }

  /**
   * What the revert of the last applied reset would do; changes nothing. Kafka cannot un-commit, so
   * a partition that had no committed offset before goes back to its log start (where such a group
   * would count lag from).
   */
  async previewRevert(groupId: string): Promise<OffsetResetPreview> {
    const last = this.applied.get(groupId);
    if (!last) {
      throw new BrokerError('invalidInput', `Reverting the offsets of group "${groupId}" failed: no reset of this group was applied in this session. Nothing to revert.`);
    }
    const reader = await this.reader();
    const ids = [...last.previous.keys()];
    const bounds = new Map((await reader.bounds(last.topic, ids)).map((b) => [b.partition, b]));
    const offsets: Record<number, number> = {};
    for (const [p, o] of last.previous) offsets[p] = o ?? bounds.get(p)?.low ?? 0;
    const preview = await this.preview({ groupId, topic: last.topic, partitions: ids, target: { kind: 'offsets', offsets } });
    // The old offsets as they were, even if retention has since moved a log start past them.
    return {
      ...preview,
      rows: preview.rows.map((r) => {
        const next = offsets[r.partition]!;
        const base = r.current ?? bounds.get(r.partition)?.low ?? 0;
        return { ...r, next, replayed: Math.max(0, base - next), skipped: Math.max(0, next - base) };
      }),
    };
  }

  /** Puts back what the last applied reset replaced: exactly what previewRevert shows. */
  async revert(groupId: string): Promise<OffsetResetPreview> {
    const exact = await this.previewRevert(groupId);
    const topic = exact.request.topic;
    await this.assertInactive(groupId);
    await this.commit(groupId, topic, new Map(exact.rows.map((r) => [r.partition, r.next])));
    this.applied.delete(groupId);
    return exact;
  }
}
