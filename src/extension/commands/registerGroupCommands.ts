import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import { BrokerError } from '../core/model/errors.js';
import type { OffsetResetPreview, OffsetResetTarget } from '../core/model/groups.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { GroupNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { CommandIds } from './commandIds.js';
import { pickGroup, resolveTarget } from './pickers.js';
import { withCancellableProgress } from './progress.js';
import { promptInteger } from './resourcePrompts.js';
import { previewLines } from './commandText.js';

/** What the user chose: a reset target, the same offset on every partition, or a revert. */
type ResetChoice = OffsetResetTarget | { readonly kind: 'sameOffset'; readonly offset: number } | { readonly kind: 'revert' };

async function promptResetTarget(adapter: BrokerAdapter, groupId: string, canRevert: boolean): Promise<ResetChoice | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: l10n.t('Earliest'), description: l10n.t('replay everything still retained'), value: 'earliest' as const },
      { label: l10n.t('Latest'), description: l10n.t('skip everything not yet consumed'), value: 'latest' as const },
      { label: l10n.t('Timestamp'), description: l10n.t('the first record at or after a time'), value: 'timestamp' as const },
      { label: l10n.t('Shift by N'), description: l10n.t('move each partition back (negative) or forward'), value: 'shift' as const },
      { label: l10n.t('Exact offset'), description: l10n.t('the same offset on every partition'), value: 'offset' as const },
      { label: l10n.t('Another group\'s offsets'), description: l10n.t('copy where another group is'), value: 'group' as const },
      // Offered only when a reset of this group was applied in this window: otherwise it could only fail.
      ...(canRevert ? [{ label: l10n.t('Revert the last reset'), description: l10n.t('put back the offsets the last reset replaced'), value: 'revert' as const }] : []),
    ],
    { title: l10n.t('Reset Offsets of {0}: to where?', groupId), ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  switch (kind.value) {
    case 'earliest':
    case 'latest':
      return { kind: kind.value };
    case 'timestamp': {
      const text = await vscode.window.showInputBox({
        title: l10n.t('Reset to timestamp'),
        prompt: l10n.t('ISO time (2026-11-24T09:00:00Z) or milliseconds since the epoch'),
        value: new Date(Date.now() - 3600_000).toISOString(),
        ignoreFocusOut: true,
        validateInput: (v) => (Number.isFinite(parseTime(v)) ? undefined : l10n.t('Use an ISO time like 2026-11-24T09:00:00Z or epoch milliseconds.')),
      });
      return text === undefined ? undefined : { kind: 'timestamp', timestamp: parseTime(text) };
    }
    case 'shift': {
      const text = await vscode.window.showInputBox({
        title: l10n.t('Shift by N'),
        prompt: l10n.t('Negative replays N records per partition; positive skips N'),
        value: '-100',
        ignoreFocusOut: true,
        validateInput: (v) => (/^-?\d+$/.test(v.trim()) ? undefined : l10n.t('Enter a whole number, e.g. -100.')),
      });
      return text === undefined ? undefined : { kind: 'shift', by: Number(text) };
    }
    case 'offset': {
      const offset = await promptInteger(l10n.t('Exact offset'), l10n.t('Every selected partition moves to this offset (clamped to what is retained)'), '0', 0, Number.MAX_SAFE_INTEGER);
      return offset === undefined ? undefined : { kind: 'sameOffset', offset };
    }
    case 'group': {
      const other = await pickGroup(adapter, l10n.t('Copy offsets from which group?'));
      return other === undefined ? undefined : { kind: 'group', groupId: other };
    }
    case 'revert':
      return { kind: 'revert' };
  }
}

/** Shows every partition, current → new, with "Apply" on top; true only when Apply was picked. */
async function confirmPreview(preview: OffsetResetPreview, title: string): Promise<boolean> {
  const replay = preview.rows.reduce((s, r) => s + r.replayed, 0);
  const skip = preview.rows.reduce((s, r) => s + r.skipped, 0);
  const picked = await vscode.window.showQuickPick(
    [{ label: `$(check) ${l10n.t('Apply: replays {0}, skips {1}', replay, skip)}`, apply: true }, ...previewLines(preview).map((l) => ({ label: l, apply: false }))],
    { title, placeHolder: l10n.t('Every partition, current → new. Pick "Apply" to reset, Escape to cancel.'), ignoreFocusOut: true },
  );
  return picked?.apply === true;
}

/** All partitions of the topic, or the ones the user ticks; undefined when cancelled. */
async function pickPartitions(adapter: BrokerAdapter, groupId: string, topic: string): Promise<'all' | number[] | undefined> {
  const ids = (await adapter.partitions?.listPartitions(topic))?.map((p) => p.partition) ?? [];
  if (ids.length <= 1) return 'all';
  const scope = await vscode.window.showQuickPick(
    [
      { label: l10n.t('All {0} partitions of {1}', ids.length, topic), value: 'all' as const },
      { label: l10n.t('Chosen partitions…'), value: 'some' as const },
    ],
    { title: l10n.t('Reset Offsets of {0}: which partitions?', groupId), ignoreFocusOut: true },
  );
  if (!scope) return undefined;
  if (scope.value === 'all') return 'all';
  const picked = await vscode.window.showQuickPick(
    ids.map((p) => ({ label: l10n.t('partition {0}', p), partition: p })),
    { title: l10n.t('Reset Offsets of {0} on {1}: tick partitions', groupId, topic), canPickMany: true, ignoreFocusOut: true },
  );
  return picked && picked.length > 0 ? picked.map((p) => p.partition) : undefined;
}

function parseTime(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : Date.parse(t);
}

/** Reset Offsets: always a preview of every partition first, applied only after confirmation. */
/** What these commands need. */
export interface GroupCommandDeps {
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly explorer: ExplorerProvider;
  readonly log: ScopedLogger;
}

export function registerGroupCommands({ store, sessions, explorer, log }: GroupCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.resetOffsets, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, sessions, 'offsetReset', l10n.t('Reset Offsets'));
        const facet = target?.adapter.consumerGroups;
        if (!target || !facet) return;
        const groupId = node instanceof GroupNode ? node.group.groupId : await pickGroup(target.adapter, l10n.t('Reset Offsets'));
        if (!groupId) return;
        const detail = await facet.describeGroup(groupId);
        if (detail.unsupported === 'shareGroup') {
          throw new BrokerError('unsupported', l10n.t('The group {0} is a share group (KIP-932), which BrokerLens lists but does not support yet; use kafka-share-groups --reset-offsets instead.', groupId));
        }
        if (detail.members.length > 0) {
          throw new BrokerError('groupActive', l10n.t('The group {0} has {1} active member(s); stop its consumers first, because Kafka only accepts an offset reset for an empty group.', groupId, detail.members.length));
        }
        const resetTarget = await promptResetTarget(target.adapter, groupId, facet.canRevert(groupId));
        if (!resetTarget) return;
        let preview: OffsetResetPreview;
        if (resetTarget.kind === 'revert') {
          // A revert is a reset like any other: its preview first, applied only when confirmed.
          const revert = await withCancellableProgress(l10n.t('Computing the revert of {0}…', groupId), () => facet.previewRevert(groupId));
          if (!(await confirmPreview(revert, l10n.t('Preview: revert {0} on {1}', groupId, revert.request.topic)))) return;
          preview = await withCancellableProgress(l10n.t('Reverting {0}…', groupId), () => facet.revertLastReset(groupId));
          explorer.refresh();
          reportInfo(log, l10n.t('Offsets of {0} reverted: {1}.', groupId, previewLines(preview).join('; ')));
          return;
        }
        const topics = [...new Set(detail.offsets.map((o) => o.topic))];
        const topic =
          topics.length === 1
            ? topics[0]
            : (await vscode.window.showQuickPick(topics.length ? topics : (await target.adapter.listDestinations()).map((d) => d.name), { title: l10n.t('Reset Offsets of {0}: topic', groupId), ignoreFocusOut: true }));
        if (!topic) return;
        const partitions = await pickPartitions(target.adapter, groupId, topic);
        if (!partitions) return;
        let resetTo: OffsetResetTarget;
        if (resetTarget.kind === 'sameOffset') {
          const committed = detail.offsets.filter((o) => o.topic === topic).map((o) => o.partition);
          const all = committed.length ? committed : ((await target.adapter.partitions?.listPartitions(topic))?.map((p) => p.partition) ?? []);
          const chosen = partitions === 'all' ? all : all.filter((p) => partitions.includes(p));
          resetTo = { kind: 'offsets', offsets: Object.fromEntries(chosen.map((p) => [p, resetTarget.offset])) };
        } else {
          resetTo = resetTarget;
        }
        const request = { groupId, topic, target: resetTo, ...(partitions === 'all' ? {} : { partitions }) };
        preview = await withCancellableProgress(l10n.t('Computing the reset of {0}…', groupId), () => facet.previewOffsetReset(request));
        const replay = preview.rows.reduce((s, r) => s + r.replayed, 0);
        const skip = preview.rows.reduce((s, r) => s + r.skipped, 0);
        if (!(await confirmPreview(preview, l10n.t('Preview: reset {0} on {1}', groupId, topic)))) return;
        await withCancellableProgress(l10n.t('Resetting {0}…', groupId), () => facet.applyOffsetReset(preview));
        explorer.refresh();
        reportInfo(log, l10n.t('Offsets of {0} on {1} reset: replays {2}, skips {3}. Run "Reset Offsets" → "Revert the last reset" to undo.', groupId, topic, replay, skip));
      } catch (error) {
        await reportError(log, l10n.t('Resetting offsets'), error);
      }
    }),
  ];
}
