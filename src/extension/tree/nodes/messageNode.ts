import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { redactSecrets } from '../../core/util/redact.js';
import type { ConnectionProblem } from '../../services/connectionStore.js';
import { userSentence } from '../../services/notify.js';
import { CommandIds } from '../../commands/commandIds.js';
import type { ExplorerNode } from './node.js';

/** What a message node says: an error (with Retry), an empty list, or information. */
export type MessageKind = 'error' | 'empty' | 'info' | 'hint';

/**
 * Error and empty states are nodes: the user sees what happened where it happened, and an error node
 * retries on click.
 */
export class MessageNode implements ExplorerNode {
  constructor(
    readonly id: string,
    private readonly kind: MessageKind,
    private readonly text: string,
    private readonly detail?: string,
    /** What a click does, when not the default (Retry for errors). */
    private readonly action?: vscode.Command,
    private readonly description?: string,
  ) {}

  /** An error node for a failed load, with the adapter's sentence. */
  static error(parentId: string, error: unknown, action: string): MessageNode {
    const detail = redactSecrets(error instanceof Error ? error.message : String(error));
    return new MessageNode(`${parentId}/error`, 'error', userSentence(error, action), detail);
  }

  /** An entry of brokerlens.connections that cannot be used: says what is wrong, opens settings on click. */
  static settingsProblem(problem: ConnectionProblem): MessageNode {
    const text = l10n.t('A connection in {0} settings cannot be used: {1}', problem.scope, problem.text);
    return new MessageNode(`settings-problem/${problem.scope}/${problem.text}`, 'error', text, undefined, {
      command: problem.scope === 'user' ? 'workbench.action.openSettingsJson' : 'workbench.action.openWorkspaceSettingsFile',
      title: l10n.t('Open Settings (JSON)'),
    }, l10n.t('click to open settings.json'));
  }

  /** Shown while there is no connection of the user's own: how to connect a broker. */
  static addConnectionHint(): MessageNode {
    return new MessageNode('hint/add-connection', 'hint', l10n.t('Add a connection…'), l10n.t('Connect BrokerLens to your RabbitMQ or Kafka broker. The Simulator above works with no broker at all.'), {
      command: CommandIds.addConnection,
      title: l10n.t('Add Connection'),
    });
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.tooltip = this.detail ? `${this.text}\n\n${this.detail}` : this.text;
    item.contextValue = `message.${this.kind}`;
    if (this.kind === 'error') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.description = this.description ?? l10n.t('click to retry');
      item.command = this.action ?? { command: CommandIds.refreshExplorer, title: l10n.t('Retry') };
    } else if (this.kind === 'hint') {
      item.iconPath = new vscode.ThemeIcon('add');
      item.description = this.description;
      item.command = this.action;
    } else {
      item.iconPath = new vscode.ThemeIcon(this.kind === 'empty' ? 'circle-slash' : 'info');
    }
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}
