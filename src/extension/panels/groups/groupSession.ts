/**
 * What the Consumer group panel does, free of `vscode` so unit tests drive it on the simulator: one
 * describe per poll (the adapter batches it: one OffsetFetch and one ListOffsets round per refresh),
 * a bounded history of total lag and consume/produce rates, and the reset flow, where the preview
 * shown is held here and Apply commits exactly it.
 */
import * as l10n from '@vscode/l10n';
import type { ConsumerGroupsFacet } from '../../core/model/adapter.js';
import { BrokerError } from '../../core/model/errors.js';
import type { GroupDetail, OffsetResetPreview } from '../../core/model/groups.js';
import type { GroupHistoryPoint, GroupPreview, GroupResetTarget, GroupView } from '../../protocol/groupsPanel.js';

/** Points kept for the charts (at a 5 s refresh, ten minutes). */
export const HISTORY_LIMIT = 120;

/** One poll's result. */
export interface GroupSnapshot {
  readonly group: GroupView;
  readonly history: readonly GroupHistoryPoint[];
  readonly canRevert: boolean;
  readonly topics: readonly string[];
}

function toView(d: GroupDetail): GroupView {
  return {
    groupId: d.groupId,
    state: d.state,
    ...(d.type ? { type: d.type } : {}),
    ...(d.protocolType ? { protocolType: d.protocolType } : {}),
    ...(d.protocol ? { protocol: d.protocol } : {}),
    ...(d.assignor ? { assignor: d.assignor } : {}),
    ...(d.groupEpoch !== undefined ? { groupEpoch: d.groupEpoch } : {}),
    ...(d.assignmentEpoch !== undefined ? { assignmentEpoch: d.assignmentEpoch } : {}),
    ...(d.coordinator ? { coordinator: d.coordinator } : {}),
    ...(d.unsupported ? { unsupported: d.unsupported } : {}),
    members: d.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.host,
      assignments: m.assignments.map((a) => ({ topic: a.topic, partitions: [...a.partitions] })),
      ...(m.targetAssignments ? { targetAssignments: m.targetAssignments.map((a) => ({ topic: a.topic, partitions: [...a.partitions] })) } : {}),
      ...(m.memberEpoch !== undefined ? { memberEpoch: m.memberEpoch } : {}),
      ...(m.instanceId ? { instanceId: m.instanceId } : {}),
    })),
    offsets: d.offsets.map((o) => ({ ...o })),
    totalLag: d.totalLag,
    lagWithoutCommit: d.lagWithoutCommit,
    partitionsWithoutCommit: d.partitionsWithoutCommit,
  };
}

const sum = (d: GroupDetail, pick: (o: GroupDetail['offsets'][number]) => number): number => d.offsets.reduce((n, o) => n + pick(o), 0);

/** One group's polling and resets. */
export class GroupSession {
  private readonly history: GroupHistoryPoint[] = [];
  private last: { at: number; produced: number; consumed: number } | undefined;
  private held: OffsetResetPreview | undefined;
  private heldIsRevert = false;

  constructor(
    private readonly facet: ConsumerGroupsFacet,
    readonly groupId: string,
    private readonly listTopics: () => Promise<string[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Describes the group once and adds a point to the history. */
  async poll(): Promise<GroupSnapshot> {
    const detail = await this.facet.describeGroup(this.groupId);
    const at = this.now();
    // Produced: the high watermarks moving; consumed: the committed offsets moving (what the group acknowledges).
    const produced = sum(detail, (o) => o.highWatermark);
    const consumed = sum(detail, (o) => o.committed ?? 0);
    let consumeRate: number | null = null;
    let produceRate: number | null = null;
    if (this.last && at > this.last.at) {
      const seconds = (at - this.last.at) / 1000;
      produceRate = Math.max(0, (produced - this.last.produced) / seconds);
      consumeRate = Math.max(0, (consumed - this.last.consumed) / seconds);
    }
    this.last = { at, produced, consumed };
    this.history.push({ at, totalLag: detail.totalLag, consumeRate, produceRate });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    const own = [...new Set(detail.offsets.map((o) => o.topic))];
    const rest = (await this.listTopics().catch(() => [] as string[])).filter((t) => !own.includes(t)).sort();
    return { group: toView(detail), history: [...this.history], canRevert: this.facet.canRevert(this.groupId), topics: [...own, ...rest] };
  }

  /** Computes a preview and holds it for Apply. */
  async preview(topic: string, target: GroupResetTarget, partitions?: readonly number[]): Promise<GroupPreview> {
    this.held = undefined;
    const preview = await this.facet.previewOffsetReset({ groupId: this.groupId, topic, target, ...(partitions ? { partitions } : {}) });
    this.held = preview;
    this.heldIsRevert = false;
    return toPreview(preview, false);
  }

  /** Computes the revert of the last applied reset and holds it for Apply. */
  async previewRevert(): Promise<GroupPreview> {
    this.held = undefined;
    const preview = await this.facet.previewRevert(this.groupId);
    this.held = preview;
    this.heldIsRevert = true;
    return toPreview(preview, true);
  }

  /** Applies the held preview (a reset, or a revert) and forgets it. */
  async apply(): Promise<GroupPreview> {
    const held = this.held;
    if (!held) {
      throw new BrokerError('invalidInput', l10n.t('Applying the reset of group "{0}" failed: there is no preview to apply. Preview the reset first.', this.groupId));
    }
    this.held = undefined;
    if (this.heldIsRevert) return toPreview(await this.facet.revertLastReset(this.groupId), true);
    await this.facet.applyOffsetReset(held);
    return toPreview(held, false);
  }
}

function toPreview(p: OffsetResetPreview, revert: boolean): GroupPreview {
  return {
    topic: p.request.topic,
    revert,
    rows: p.rows.map((r) => ({
      partition: r.partition,
      ...(r.current !== undefined ? { current: r.current } : {}),
      next: r.next,
      replayed: r.replayed,
      skipped: r.skipped,
      ...(r.cleared ? { cleared: true } : {}),
    })),
  };
}
