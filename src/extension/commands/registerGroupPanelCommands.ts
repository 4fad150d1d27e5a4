import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import { GROUPS_VIEW_TYPE, GroupsPanel, groupsPanelKey, type GroupsTarget } from '../panels/groupsPanel.js';
import type { PanelManager } from '../panels/panelManager.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { GroupNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { pickDestination, pickGroup, resolveTarget } from './pickers.js';

/** What the groups webview keeps with setState, so a window reload can reopen the same group. */
interface SavedGroupsPage {
  readonly target?: { readonly connectionId?: unknown; readonly groupId?: unknown; readonly simulated?: unknown; readonly subject?: unknown };
}

/** What the group panel commands need. */
export interface GroupPanelCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly panels: PanelManager;
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly log: ScopedLogger;
}

/** Open Consumer Group: the groups panel from a group node, or a connection and group picked from the palette. */
export function registerGroupPanelCommands({ extensionUri, panels, store, sessions, log }: GroupPanelCommandDeps): vscode.Disposable[] {
  const open = (adapter: BrokerAdapter, target: GroupsTarget, existing?: vscode.WebviewPanel): GroupsPanel =>
    panels.showOrCreate(groupsPanelKey(target, adapter), () => new GroupsPanel(extensionUri, log, adapter, target, existing));
  return [
    vscode.window.registerWebviewPanelSerializer(GROUPS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const saved = (state ?? {}) as SavedGroupsPage;
        const connectionId = typeof saved.target?.connectionId === 'string' ? saved.target.connectionId : undefined;
        const groupId = typeof saved.target?.groupId === 'string' ? saved.target.groupId : undefined;
        const entry = connectionId ? store.list().find((e) => e.config.id === connectionId) : undefined;
        if (!entry || !groupId || (entry.scope === 'workspace' && !vscode.workspace.isTrusted)) {
          panel.dispose();
          return;
        }
        try {
          const session = await sessions.open(entry.config);
          const subject = saved.target?.subject === 'queue' ? 'queue' : 'group';
          const fits = (a: BrokerAdapter): boolean => Boolean(subject === 'queue' ? a.queueConsumers : a.consumerGroups);
          const adapter = session.adapters.find((a) => fits(a) && a.simulated === (saved.target?.simulated === true)) ?? session.adapters.find(fits);
          if (!adapter) throw new Error(`${entry.config.name} has no ${subject === 'queue' ? 'queues' : 'consumer groups'}`);
          open(adapter, { connectionId: entry.config.id, connectionName: entry.config.name, groupId, subject }, panel);
        } catch (error) {
          panel.dispose();
          await reportError(log, l10n.t('Reopening the panel of group {0}', groupId), error);
        }
      },
    }),
    vscode.commands.registerCommand(CommandIds.openGroup, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, sessions, 'offsetReset', l10n.t('Open Consumer Group'));
        if (!target?.adapter.consumerGroups) return;
        const groupId = node instanceof GroupNode ? node.group.groupId : await pickGroup(target.adapter, l10n.t('Open Consumer Group'));
        if (!groupId) return;
        open(target.adapter, { connectionId: target.entry.config.id, connectionName: target.entry.config.name, groupId });
      } catch (error) {
        await reportError(log, l10n.t('Opening the consumer group panel'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.showQueueConsumers, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, sessions, 'exchanges', l10n.t('Show Queue Consumers'));
        if (!target?.adapter.queueConsumers) return;
        const queue = node instanceof QueueNode ? node.queue.name : await pickDestination(target.adapter, l10n.t('Show Queue Consumers'));
        if (!queue) return;
        open(target.adapter, { connectionId: target.entry.config.id, connectionName: target.entry.config.name, groupId: queue, subject: 'queue' });
      } catch (error) {
        await reportError(log, l10n.t('Opening the consumers of a queue'), error);
      }
    }),
  ];
}
