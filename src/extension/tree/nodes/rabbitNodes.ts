import * as vscode from 'vscode';
import type { BrokerAdapter } from '../../core/model/adapter.js';
import type { DestinationInfo } from '../../core/model/destination.js';
import type { BindingInfo, ExchangeInfo } from '../../core/model/topology.js';
import type { ExplorerContext } from '../context.js';
import { folderItem } from './leafNode.js';
import { loadChildren } from './load.js';
import { MessageNode } from './messageNode.js';
import { matchesFilter, type ExplorerNode } from './node.js';

const QUEUE_ICONS: Record<string, string> = { classic: 'inbox', quorum: 'shield', stream: 'list-flat' };

/** A binding, from its exchange's or its queue's side. */
export class BindingNode implements ExplorerNode {
  readonly id: string;
  constructor(
    parentId: string,
    readonly binding: BindingInfo,
    private readonly from: 'exchange' | 'queue',
    readonly adapter: BrokerAdapter,
  ) {
    const args = Object.keys(binding.arguments).length ? JSON.stringify(binding.arguments) : '';
    this.id = `${parentId}/binding/${binding.source}/${binding.destinationType}/${binding.destination}/${binding.routingKey}/${args}`;
  }
  get copyName(): string {
    return this.binding.routingKey;
  }
  getTreeItem(): vscode.TreeItem {
    const b = this.binding;
    const label = this.from === 'exchange' ? `${b.destinationType === 'exchange' ? 'exchange ' : ''}${b.destination}` : `from ${b.source || '(default)'}`;
    const args = Object.keys(b.arguments).length ? ` ${JSON.stringify(b.arguments)}` : '';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = (b.routingKey === '' ? '(no routing key)' : `key ${b.routingKey}`) + args;
    item.iconPath = new vscode.ThemeIcon('link');
    item.contextValue = 'binding';
    item.tooltip = `${b.source || '(default exchange)'} → ${b.destinationType} ${b.destination}\nrouting key: ${b.routingKey || '(empty)'}${args ? `\narguments:${args}` : ''}`;
    return item;
  }
  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

/** A RabbitMQ vhost: Exchanges and Queues, for the vhost the connection works in. */
export class VhostNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;
  constructor(parentId: string, private readonly vhost: string, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/vhost/${vhost}`;
    this.copyName = vhost;
  }
  getTreeItem(): vscode.TreeItem {
    const current = this.adapter.exchanges?.vhost === this.vhost;
    const item = new vscode.TreeItem(`vhost ${this.vhost}`, current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('server-process');
    item.description = current ? '' : 'other vhost';
    item.contextValue = 'vhost';
    return item;
  }
  async getChildren(): Promise<ExplorerNode[]> {
    if (this.adapter.exchanges?.vhost !== this.vhost) {
      return [new MessageNode(`${this.id}/other`, 'info', `This connection works in vhost "${this.adapter.exchanges?.vhost}"; add a connection with vhost "${this.vhost}" to browse this one.`)];
    }
    return [new ExchangesNode(this.id, this.adapter, this.ctx), new QueuesNode(this.id, this.adapter, this.ctx)];
  }
}

/** Exchanges folder. */
export class ExchangesNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/exchanges`;
  }
  getTreeItem(): vscode.TreeItem {
    return folderItem(this.id, 'Exchanges', 'symbol-interface', 'folder.exchanges');
  }
  getChildren(): Promise<ExplorerNode[]> {
    const facet = this.adapter.exchanges;
    if (!facet) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, 'Listing exchanges', 'No exchanges.', async () =>
      (await facet.listExchanges())
        .filter((e) => this.ctx.showInternal() || !(e.name.startsWith('amq.') || e.internal))
        .filter((e) => matchesFilter(e.name || '(default)', this.ctx.filter()))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((e) => new ExchangeNode(this.id, e, this.adapter, this.ctx)),
    );
  }
}

/** One exchange; children are its bindings. */
export class ExchangeNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;
  constructor(parentId: string, readonly exchange: ExchangeInfo, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/${exchange.name || '(default)'}`;
    this.copyName = exchange.name;
  }
  getTreeItem(): vscode.TreeItem {
    const e = this.exchange;
    const item = new vscode.TreeItem(e.name || '(default)', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-interface');
    item.description = [e.type, e.durable ? 'durable' : 'transient', e.autoDelete ? 'auto-delete' : '', e.internal ? 'internal' : ''].filter(Boolean).join(' · ');
    item.tooltip = `${e.name || '(default exchange)'}\ntype: ${e.type}\ndurable: ${e.durable}\nauto-delete: ${e.autoDelete}\ninternal: ${e.internal}${Object.keys(e.arguments).length ? `\narguments: ${JSON.stringify(e.arguments)}` : ''}`;
    item.contextValue = e.name === '' || e.name.startsWith('amq.') ? 'exchange.builtin' : 'exchange';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const facet = this.adapter.exchanges;
    if (!facet) return Promise.resolve([]);
    if (this.exchange.name === '') {
      return Promise.resolve([new MessageNode(`${this.id}/implicit`, 'info', 'Every queue is bound here by its own name.')]);
    }
    return loadChildren(this.ctx, this.id, `Listing bindings of ${this.exchange.name}`, 'No bindings: messages published here are unroutable.', async () =>
      (await facet.listBindings({ exchange: this.exchange.name })).map((b) => new BindingNode(this.id, b, 'exchange', this.adapter)),
    );
  }
}

/** Queues folder. */
export class QueuesNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/queues`;
  }
  getTreeItem(): vscode.TreeItem {
    return folderItem(this.id, 'Queues', 'inbox', 'folder.queues');
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, 'Listing queues', 'No queues yet.', async () =>
      (await this.adapter.listDestinations({ includeInternal: this.ctx.showInternal() }))
        .filter((q) => matchesFilter(q.name, this.ctx.filter()))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((q) => new QueueNode(this.id, q, this.adapter, this.ctx)),
    );
  }
}

/** One queue; icon by type, counts in the description, children are its bindings. */
export class QueueNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;
  constructor(parentId: string, readonly queue: DestinationInfo, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/${queue.name}`;
    this.copyName = queue.name;
  }
  getTreeItem(): vscode.TreeItem {
    const q = this.queue;
    const item = new vscode.TreeItem(q.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(QUEUE_ICONS[q.type] ?? 'inbox');
    // A stream keeps messages after delivery: "ready" and "unacked" mean nothing there.
    item.description =
      q.type === 'stream'
        ? `${q.messages ?? '?'} messages · ${q.consumers ?? 0} consumers`
        : `${q.messages ?? '?'} ready · ${q.unacked ?? 0} unacked · ${q.consumers ?? 0} consumers`;
    const args = q.arguments && Object.keys(q.arguments).length ? `\narguments: ${JSON.stringify(q.arguments)}` : '';
    item.tooltip = `${q.name} (${q.type} queue)\nready: ${q.messages ?? '?'}\nunacked: ${q.unacked ?? 0}\nconsumers: ${q.consumers ?? 0}\ndurable: ${q.durable ?? '?'}${q.policy ? `\npolicy: ${q.policy}` : ''}${args}`;
    item.contextValue = `queue.${q.type}`;
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const facet = this.adapter.exchanges;
    if (!facet) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, `Listing bindings of ${this.queue.name}`, 'No bindings.', async () =>
      (await facet.listBindings({ queue: this.queue.name })).map((b) => new BindingNode(this.id, b, 'queue', this.adapter)),
    );
  }
}
