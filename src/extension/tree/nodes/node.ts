import type * as vscode from 'vscode';
import type { BrokerAdapter } from '../../core/model/adapter.js';

/** One node of the explorer. Children load lazily; a failure becomes a MessageNode, never a throw. */
export interface ExplorerNode {
  /** Stable across refreshes so VS Code keeps expansion state. */
  readonly id: string;
  getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  getChildren(): Promise<ExplorerNode[]>;
  /** The name a "Copy Name" copies, when it has one. */
  readonly copyName?: string;
  /** The adapter this node belongs to (absent on connection and message nodes). */
  readonly adapter?: BrokerAdapter;
}

/** Case-insensitive substring filter on labels; an empty filter keeps everything. */
export function matchesFilter(name: string, filter: string): boolean {
  return filter === '' || name.toLowerCase().includes(filter.toLowerCase());
}
