import * as vscode from 'vscode';
import type { ExplorerNode } from './node.js';

/** A collapsed folder row. */
export function folderItem(id: string, label: string, icon: string, contextValue: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = contextValue;
  return item;
}

/** A leaf with a label, a description, an icon and a tooltip. */
export class LeafNode implements ExplorerNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly description: string,
    private readonly icon: string,
    private readonly contextValue: string,
    private readonly tooltip: string,
  ) {}
  get copyName(): string {
    return this.label;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.description;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = this.contextValue;
    item.tooltip = this.tooltip;
    return item;
  }
  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}
