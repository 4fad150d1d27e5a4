import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { PublishSession } from '../panels/publish/session.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { DestinationChanges } from '../services/destinationChanges.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { ExchangeNode, QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { resolveTarget } from './pickers.js';
import { withCancellableProgress } from './progress.js';
import { promptMessage, promptPublishTarget } from './publishPrompts.js';
import { workspaceHistory, type PublishOpener } from './registerPublishCommands.js';

/** What the quick-input path needs; it shares the Publish panel's session, history and opener. */
export interface MessageCommandDeps {
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly explorer: ExplorerProvider;
  readonly log: ScopedLogger;
  readonly changes: DestinationChanges;
  readonly opener: PublishOpener;
  readonly workspaceState: vscode.Memento;
}

/**
 * Publish Message: the quick-input fast path. It sends through the same PublishSession as the panel,
 * so it checks, reports (which queues got it) and records history the same way.
 */
export function registerMessageCommands(deps: MessageCommandDeps): vscode.Disposable[] {
  const { store, sessions, explorer, log } = deps;
  return [
    vscode.commands.registerCommand(CommandIds.publishMessage, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, sessions, 'any', l10n.t('Publish Message'));
        if (!target) return;
        const connectionId = target.entry.config.id;
        const session = new PublishSession(target.adapter, connectionId, workspaceHistory(deps.workspaceState));
        const preset = {
          ...(node instanceof TopicNode ? { topic: node.topic.name } : {}),
          ...(node instanceof QueueNode ? { queue: node.queue.name } : {}),
          ...(node instanceof ExchangeNode ? { exchange: node.exchange.name } : {}),
        };
        const showInternal = vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false);
        const base = await promptPublishTarget(target.adapter, session, preset, showInternal);
        if (!base) return;
        const last = session.historyOf(base).find((e) => e.draft.routingKey === base.routingKey)?.draft;
        const choice = await promptMessage(target.adapter, base, last);
        if (!choice) return;
        if (choice.kind === 'panel') {
          deps.opener.open(connectionId, target.entry.config.name, target.adapter, last ? { ...last, routingKey: base.routingKey } : base);
          return;
        }
        const result = await withCancellableProgress(l10n.t('Publishing…'), (signal) => session.send(choice.draft, 1, { signal }));
        if (result.status === 'invalid') {
          const sentence = result.problems.map((p) => p.message).join(' ');
          log.warn(sentence);
          void vscode.window.showErrorMessage(sentence);
          return;
        }
        explorer.refresh();
        if (result.tally.confirmed > 0) {
          deps.changes.fire({ connectionId, destinations: result.queues ?? [choice.draft.destination || choice.draft.routingKey], what: 'published' });
        }
        if (result.ok) reportInfo(log, result.sentence);
        else {
          log.warn(result.sentence);
          const showLog = l10n.t('Show Log');
          void vscode.window.showWarningMessage(result.sentence, showLog).then((c) => c && vscode.commands.executeCommand(CommandIds.showLog));
        }
      } catch (error) {
        await reportError(log, l10n.t('Publishing the message'), error);
      }
    }),
  ];
}
