/**
 * The simulator's scenarios in the explorer: a "Scenarios" folder under the Simulator connection with
 * the workspace's `*.scenario.json` files and then the built-in presets, each with inline
 * "Open in Simulator" and "Compare" (commands/registerScenarioNodeCommands.ts). A file row opens the
 * file on click; a preset row opens it in the simulator studio.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { presetTexts } from '../../panels/compare/presetText.js';
import { CommandIds } from '../../commands/commandIds.js';
import type { ExplorerNode } from './node.js';

/** Where the scenario files come from: the workspace search, or a test's list. */
export type ScenarioFileFinder = () => Promise<readonly vscode.Uri[]>;

/** Every `*.scenario.json` of the workspace (node_modules excluded), sorted by path; bounded. */
export const findWorkspaceScenarios: ScenarioFileFinder = async () =>
  (await vscode.workspace.findFiles('**/*.scenario.json', '**/node_modules/**', 500)).sort((a, b) => a.path.localeCompare(b.path));

/** The "Scenarios" folder. */
export class ScenariosNode implements ExplorerNode {
  readonly id: string;

  constructor(parentId: string, private readonly find: ScenarioFileFinder) {
    this.id = `${parentId}/scenarios`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(l10n.t('Scenarios'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('beaker');
    item.contextValue = 'scenarios';
    item.tooltip = l10n.t('The workspace\'s *.scenario.json files and the built-in presets: open one in the simulator studio or compare it on both models.');
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const files = await this.find();
    const presets = presetTexts();
    return [
      ...files.map((uri) => new ScenarioNode(this.id, { kind: 'file', uri })),
      ...presets.map((p) => new ScenarioNode(this.id, { kind: 'preset', id: p.id, title: p.title, lookFor: p.lookFor })),
    ];
  }
}

/** What a scenario row stands for. */
export type ScenarioSource =
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'preset'; readonly id: string; readonly title: string; readonly lookFor: string };

/** One scenario file or preset. */
export class ScenarioNode implements ExplorerNode {
  readonly id: string;

  constructor(parentId: string, readonly source: ScenarioSource) {
    this.id = `${parentId}/${source.kind}/${source.kind === 'file' ? source.uri.toString() : source.id}`;
  }

  get copyName(): string {
    return this.source.kind === 'file' ? vscode.workspace.asRelativePath(this.source.uri) : this.source.id;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.source;
    if (s.kind === 'file') {
      const name = s.uri.path.split('/').pop() ?? s.uri.path;
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
      item.id = this.id;
      item.resourceUri = s.uri;
      item.iconPath = new vscode.ThemeIcon('file-code');
      const relative = vscode.workspace.asRelativePath(s.uri);
      const folder = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
      item.description = folder;
      item.tooltip = l10n.t('{0}: click to edit; Open in Simulator runs it, Compare shows both models side by side.', relative);
      item.contextValue = 'scenario.file';
      item.command = { command: 'vscode.open', title: l10n.t('Open File'), arguments: [s.uri] };
      return item;
    }
    const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    item.description = l10n.t('preset');
    item.tooltip = s.lookFor;
    item.contextValue = 'scenario.preset';
    item.command = { command: CommandIds.openScenarioInSimulator, title: l10n.t('Open in Simulator'), arguments: [this] };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

/** The one Scenarios node per Simulator connection shown (so a file change refreshes only it). */
export class ScenarioNodeSource {
  private readonly nodes = new Map<string, ScenariosNode>();

  constructor(private readonly find: ScenarioFileFinder = findWorkspaceScenarios) {}

  node(parentId: string): ScenariosNode {
    let node = this.nodes.get(parentId);
    if (!node) this.nodes.set(parentId, (node = new ScenariosNode(parentId, this.find)));
    return node;
  }

  all(): readonly ScenariosNode[] {
    return [...this.nodes.values()];
  }
}
