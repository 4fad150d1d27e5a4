import * as vscode from 'vscode';
import { Disposable } from '../util/disposable.js';
import type { ExplorerContext } from './context.js';
import { ConnectionNode } from './nodes/connectionNode.js';
import { MessageNode } from './nodes/messageNode.js';
import type { ExplorerNode } from './nodes/node.js';

/**
 * The BrokerLens explorer. Roots are connections (the built-in simulator first); everything below
 * loads lazily when expanded. Refreshes on demand, when connections or their state change, and on
 * the `brokerlens.explorer.autoRefreshSeconds` interval.
 */
export class ExplorerProvider extends Disposable implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = this._register(new vscode.EventEmitter<string>());
  /** Fires with the new name filter ('' = none), for the view's description and context key. */
  readonly onDidChangeFilter = this.filterChanged.event;
  private timer: NodeJS.Timeout | undefined;
  private filterText = '';
  private readonly ctx: ExplorerContext;
  /** The nodes VS Code holds, by id, and each one's parent: for refreshing one folder and for reveal. */
  private readonly known = new Map<string, ExplorerNode>();
  private readonly parents = new Map<string, ExplorerNode | undefined>();
  private view: vscode.TreeView<ExplorerNode> | undefined;

  /** The name filter lives here, with the tree it filters (nodes read it through their context). */
  constructor(deps: Omit<ExplorerContext, 'filter'>) {
    super();
    const ctx: ExplorerContext = { ...deps, filter: () => this.filterText };
    this.ctx = ctx;
    this._register(deps.connections.onDidChange(() => this.refresh()));
    this._register(deps.sessions.onDidChangeState(() => this.refresh()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('brokerlens.explorer')) {
          this.scheduleAutoRefresh();
          this.refresh();
        }
      }),
    );
    this.scheduleAutoRefresh();
    this._register({ dispose: () => clearInterval(this.timer) });
  }

  /** The current name filter ('' = none). */
  get filter(): string {
    return this.filterText;
  }

  /** Shows only topics, queues, exchanges and groups whose name contains `text`; '' clears it. */
  setFilter(text: string): void {
    if (text === this.filterText) return;
    this.filterText = text;
    this.filterChanged.fire(text);
    this.refresh();
  }

  refresh(node?: ExplorerNode): void {
    this.changed.fire(node);
  }

  /** Refresh asked by the user (Retry on an error node, the Refresh button): failed connections try again. */
  retry(): void {
    this.ctx.sessions.forgetFailures();
    this.refresh();
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    return node.getTreeItem();
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = node ? await node.getChildren() : this.roots();
    for (const child of children) {
      this.known.set(child.id, child);
      this.parents.set(child.id, node);
    }
    return children;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.parents.get(node.id);
  }

  /** The tree view showing this provider, for {@link showCreated}. */
  attach(view: vscode.TreeView<ExplorerNode>): void {
    this.view = view;
  }

  /**
   * After a create: reloads only the folder that holds the new item (the rest of the tree keeps its
   * expansion) and reveals and selects the item. Falls back to a whole refresh when the folder was
   * never shown.
   */
  async showCreated(folder: (node: ExplorerNode) => boolean, name: string): Promise<void> {
    const holder = [...this.known.values()].find(folder);
    if (!holder) {
      this.refresh();
      return;
    }
    this.refresh(holder);
    const created = (await this.getChildren(holder)).find((c) => c.copyName === name);
    if (created && this.view) await this.view.reveal(created, { select: true, focus: false, expand: false });
  }

  private roots(): ExplorerNode[] {
    const entries = this.ctx.connections.list();
    const nodes: ExplorerNode[] = entries.map((entry) => new ConnectionNode(entry, this.ctx));
    // Entries of brokerlens.connections that could not be read show as error nodes, not nothing.
    for (const problem of this.ctx.connections.problems()) nodes.push(MessageNode.settingsProblem(problem));
    if (!entries.some((e) => e.scope !== 'builtin')) nodes.push(MessageNode.addConnectionHint());
    return nodes;
  }

  private scheduleAutoRefresh(): void {
    clearInterval(this.timer);
    const seconds = vscode.workspace.getConfiguration('brokerlens.explorer').get<number>('autoRefreshSeconds', 0);
    // Only connected sessions are refreshed by a tree refresh (collapsed nodes are not loaded), so a
    // short interval costs little; 0 turns it off.
    // The user asked for it, so a connection that failed is tried again at the same interval.
    if (seconds > 0) this.timer = setInterval(() => this.retry(), Math.max(2, seconds) * 1000);
  }
}
