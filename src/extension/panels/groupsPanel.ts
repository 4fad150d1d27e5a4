import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import {
  GroupsApplyRequest,
  GroupsErrorNotification,
  GroupsInitNotification,
  GroupsListRequest,
  GroupsPreviewRequest,
  GroupsPreviewRevertRequest,
  GroupsRefreshCommand,
  GroupsSnapshotNotification,
  QueueSnapshotNotification,
} from '../protocol/groupsPanel.js';
import type { ScopedLogger } from '../services/logger.js';
import { userSentence } from '../services/notify.js';
import { GroupSession } from './groups/groupSession.js';
import { QueueSession } from './groups/queueSession.js';
import { PanelHost } from './panelHost.js';

/** The panel's view type (the WebviewPanelSerializer restores it after a reload). */
export const GROUPS_VIEW_TYPE = 'brokerlens.groups';

/** Which group (or queue) of which connection a panel shows. */
export interface GroupsTarget {
  readonly connectionId: string;
  readonly connectionName: string;
  /** The group id, or the queue name when `subject` is queue. */
  readonly groupId: string;
  /** A Kafka consumer group (default) or a RabbitMQ queue's consumers. */
  readonly subject?: 'group' | 'queue';
}

/** One panel per connection and group (or queue). */
export function groupsPanelKey(target: GroupsTarget, adapter: BrokerAdapter): string {
  return `${target.subject ?? 'group'}s:${target.connectionId}:${adapter.kind}:${target.groupId}`;
}

/** The refresh interval setting, in seconds (1 to 3600). */
export function groupsRefreshSeconds(): number {
  const value = vscode.workspace.getConfiguration('brokerlens').get<number>('groups.refreshSeconds', 5);
  return Math.min(3600, Math.max(1, Math.round(Number.isFinite(value) ? value : 5)));
}

/**
 * The Consumer group panel: polls the group while the panel is visible (the interval is the
 * `brokerlens.groups.refreshSeconds` setting), and runs the reset flow through GroupSession. For a
 * RabbitMQ queue the same panel shows its consumers and rates (QueueSession); it has no reset.
 */
export class GroupsPanel extends PanelHost {
  private readonly session: GroupSession | undefined;
  private readonly queueSession: QueueSession | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;

  constructor(
    extensionUri: vscode.Uri,
    log: ScopedLogger,
    private readonly adapter: BrokerAdapter,
    private readonly target: GroupsTarget,
    existing?: vscode.WebviewPanel,
  ) {
    const queue = target.subject === 'queue';
    const title = queue ? l10n.t('Consumers of {0}', target.groupId) : l10n.t('Group {0}', target.groupId);
    super({ viewType: GROUPS_VIEW_TYPE, title, bundle: 'groups', extensionUri, log, ...(existing ? { existing } : {}) });
    if (queue) {
      if (!adapter.queueConsumers) throw new Error(`${target.connectionName} has no queue consumers`);
      this.queueSession = new QueueSession(adapter.queueConsumers, target.groupId);
    } else {
      if (!adapter.consumerGroups) throw new Error(`${target.connectionName} has no consumer groups`);
      this.session = new GroupSession(adapter.consumerGroups, target.groupId, async () => (await adapter.listDestinations()).map((d) => d.name));
    }
    const facet = adapter.consumerGroups;
    const group = (): GroupSession => {
      if (!this.session) throw new Error('a queue has no offsets to reset');
      return this.session;
    };
    this._register({ dispose: () => this.stop() });
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('brokerlens.groups.refreshSeconds')) this.schedule(0);
    }));
    this.onCommand(GroupsRefreshCommand, () => this.schedule(0));
    this.onRequest(GroupsPreviewRequest, (p) => group().preview(p.topic, p.target, p.partitions));
    this.onRequest(GroupsPreviewRevertRequest, () => group().previewRevert());
    this.onRequest(GroupsApplyRequest, async () => {
      const applied = await group().apply();
      this.log.info(`offsets of ${target.groupId} on ${applied.topic} ${applied.revert ? 'reverted' : 'reset'}: ${applied.rows.map((r) => `${r.partition}:${r.current ?? 'none'}→${r.cleared ? 'none' : r.next}`).join(', ')}`);
      this.schedule(0);
      return applied;
    });
    this.onRequest(GroupsListRequest, async () => ({ groupIds: ((await facet?.listGroups()) ?? []).map((g) => g.groupId).filter((id) => id !== target.groupId) }));
  }

  protected onReady(): void {
    this.notify(GroupsInitNotification, {
      connectionId: this.target.connectionId,
      connectionName: this.target.connectionName,
      groupId: this.target.groupId,
      refreshSeconds: groupsRefreshSeconds(),
      simulated: this.adapter.simulated,
      subject: this.target.subject ?? 'group',
    });
    this.schedule(0);
  }

  protected override onVisibilityChanged(visible: boolean): void {
    // No polling while hidden: the page is gone, and a broker should not be asked for nobody.
    if (!visible) this.stop();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    this.stop();
    if (this.isDisposed) return;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.isDisposed) return;
    this.polling = true;
    try {
      if (this.queueSession) this.notify(QueueSnapshotNotification, await this.queueSession.poll());
      else if (this.session) this.notify(GroupsSnapshotNotification, await this.session.poll());
    } catch (error) {
      const message = userSentence(error, this.queueSession ? l10n.t('Refreshing the consumers of queue {0}', this.target.groupId) : l10n.t('Refreshing group {0}', this.target.groupId));
      this.log.error(`groups/poll: ${message}`, error);
      this.notify(GroupsErrorNotification, { message });
    } finally {
      this.polling = false;
      if (this.visible && !this.isDisposed) this.schedule(groupsRefreshSeconds() * 1000);
    }
  }
}
