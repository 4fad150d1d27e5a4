import * as vscode from 'vscode';
import { userSentence } from '../../services/notify.js';
import { CommandIds } from '../../commands/commandIds.js';
import type { ExplorerNode } from './node.js';

/** What a message node says: an error (with Retry), an empty list, or information. */
export type MessageKind = 'error' | 'empty' | 'info';

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
  ) {}

  /** An error node for a failed load, with the adapter's sentence. */
  static error(parentId: string, error: unknown, action: string): MessageNode {
    const detail = error instanceof Error ? error.message : String(error);
    return new MessageNode(`${parentId}/error`, 'error', userSentence(error, action), detail);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.tooltip = this.detail ? `${this.text}\n\n${this.detail}` : this.text;
    item.contextValue = `message.${this.kind}`;
    if (this.kind === 'error') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.description = 'click to retry';
      item.command = { command: CommandIds.refreshExplorer, title: 'Retry' };
    } else {
      item.iconPath = new vscode.ThemeIcon(this.kind === 'empty' ? 'circle-slash' : 'info');
    }
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}
