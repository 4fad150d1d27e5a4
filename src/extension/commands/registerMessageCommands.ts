import * as vscode from 'vscode';
import type { ConnectionStore } from '../services/connectionStore.js';
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
import { describeOutcome } from './commandText.js';

/** Publish Message. */
/** What these commands need. */
export interface MessageCommandDeps {
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly explorer: ExplorerProvider;
  readonly log: ScopedLogger;
}

export function registerMessageCommands({ store, sessions, explorer, log }: MessageCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.publishMessage, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, sessions, 'any', 'Publish Message');
        if (!target) return;
        const preset = {
          ...(node instanceof TopicNode ? { topic: node.topic.name } : {}),
          ...(node instanceof QueueNode ? { queue: node.queue.name } : {}),
          ...(node instanceof ExchangeNode ? { exchange: node.exchange.name } : {}),
        };
        const where = await promptPublishTarget(target.adapter, preset);
        const message = where && (await promptMessage(target.adapter));
        if (!where || !message) return;
        const label = where.destination === '' ? `queue ${where.routingKey}` : where.routingKey ? `${where.destination} (key ${where.routingKey})` : where.destination;
        const report = await withCancellableProgress(`Publishing to ${label}…`, (signal) => target.adapter.publish(where, [message], { signal }));
        const sentence = describeOutcome(label, report.outcomes[0]);
        explorer.refresh();
        if (report.confirmed === 1) reportInfo(log, sentence);
        else {
          log.warn(sentence);
          void vscode.window.showWarningMessage(sentence, 'Show Log').then((c) => c && vscode.commands.executeCommand(CommandIds.showLog));
        }
      } catch (error) {
        await reportError(log, 'Publishing the message', error);
      }
    }),
  ];
}
