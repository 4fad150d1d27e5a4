import * as l10n from '@vscode/l10n';
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
    const label = this.from === 'exchange' ? (b.destinationType === 'exchange' ? l10n.t('exchange {0}', b.destination) : b.destination) : l10n.t('from {0}', b.source || l10n.t('(default)'));
    const args = Object.keys(b.arguments).length ? ` ${JSON.stringify(b.arguments)}` : '';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = (b.routingKey === '' ? l10n.t('(no routing key)') : l10n.t('key {0}', b.routingKey)) + args;
    item.iconPath = new vscode.ThemeIcon('link');
    item.contextValue = 'binding';
    item.tooltip = [
      `${b.source || l10n.t('(default exchange)')} → ${b.destinationType} ${b.destination}`,
      l10n.t('routing key: {0}', b.routingKey || l10n.t('(empty)')),
      ...(args ? [l10n.t('arguments: {0}', args.trim())] : []),
    ].join('\n');
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
    const item = new vscode.TreeItem(l10n.t('vhost {0}', this.vhost), current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('server-process');
    item.description = current ? '' : l10n.t('other vhost');
    item.contextValue = 'vhost';
    return item;
  }
  async getChildren(): Promise<ExplorerNode[]> {
    if (this.adapter.exchanges?.vhost !== this.vhost) {
      return [new MessageNode(`${this.id}/other`, 'info', l10n.t('This connection works in vhost "{0}"; add a connection with vhost "{1}" to browse this one.', this.adapter.exchanges?.vhost ?? '', this.vhost))];
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
    return folderItem(this.id, l10n.t('Exchanges'), 'symbol-interface', 'folder.exchanges');
  }
  getChildren(): Promise<ExplorerNode[]> {
    const facet = this.adapter.exchanges;
    if (!facet) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, l10n.t('Listing exchanges'), l10n.t('No exchanges.'), async () =>
      (await facet.listExchanges())
        .filter((e) => this.ctx.showInternal() || !(e.name.startsWith('amq.') || e.internal))
        .filter((e) => matchesFilter(e.name || l10n.t('(default)'), this.ctx.filter()))
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
    const item = new vscode.TreeItem(e.name || l10n.t('(default)'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-interface');
    item.description = [e.type, e.durable ? l10n.t('durable') : l10n.t('transient'), e.autoDelete ? 'auto-delete' : '', e.internal ? l10n.t('internal') : ''].filter(Boolean).join(' · ');
    item.tooltip = [
      e.name || l10n.t('(default exchange)'),
      l10n.t('type: {0}', e.type),
      l10n.t('durable: {0}', String(e.durable)),
      l10n.t('auto-delete: {0}', String(e.autoDelete)),
      l10n.t('internal: {0}', String(e.internal)),
      ...(Object.keys(e.arguments).length ? [l10n.t('arguments: {0}', JSON.stringify(e.arguments))] : []),
    ].join('\n');
    item.contextValue = e.name === '' || e.name.startsWith('amq.') ? 'exchange.builtin' : 'exchange';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const facet = this.adapter.exchanges;
    if (!facet) return Promise.resolve([]);
    if (this.exchange.name === '') {
      return Promise.resolve([new MessageNode(`${this.id}/implicit`, 'info', l10n.t('Every queue is bound here by its own name.'))]);
    }
    return loadChildren(this.ctx, this.id, l10n.t('Listing bindings of {0}', this.exchange.name), l10n.t('No bindings: messages published here are unroutable.'), async () =>
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
    return folderItem(this.id, l10n.t('Queues'), 'inbox', 'folder.queues');
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, l10n.t('Listing queues'), l10n.t('No queues yet.'), async () =>
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
        ? l10n.t('{0} messages · {1} consumers', q.messages ?? '?', q.consumers ?? 0)
        : l10n.t('{0} ready · {1} unacked · {2} consumers', q.messages ?? '?', q.unacked ?? 0, q.consumers ?? 0);
    const args = q.arguments && Object.keys(q.arguments).length ? [l10n.t('arguments: {0}', JSON.stringify(q.arguments))] : [];
    item.tooltip = [
      l10n.t('{0} ({1} queue)', q.name, q.type),
      l10n.t('ready: {0}', q.messages ?? '?'),
      l10n.t('unacked: {0}', q.unacked ?? 0),
      l10n.t('consumers: {0}', q.consumers ?? 0),
      l10n.t('durable: {0}', String(q.durable ?? '?')),
      ...(q.policy ? [l10n.t('policy: {0}', q.policy)] : []),
      ...args,
    ].join('\n');
    item.contextValue = `queue.${q.type}`;
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const facet = this.adapter.exchanges;
    if (!facet) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, l10n.t('Listing bindings of {0}', this.queue.name), l10n.t('No bindings.'), async () =>
      (await facet.listBindings({ queue: this.queue.name })).map((b) => new BindingNode(this.id, b, 'queue', this.adapter)),
    );
  }
}
