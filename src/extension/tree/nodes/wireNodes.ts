/**
 * The simulator's listeners in the explorer: a "Listeners" folder under the Simulator connection,
 * one node per running listener, and under it every client connection with its client id, address
 * and traffic. A client can be disconnected from its node.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { WireConnectionInfo, WireProtocol } from '../../core/wire/listener.js';
import type { ActiveListener, WireListenerService } from '../../services/wireListeners.js';
import type { ExplorerNode } from './node.js';

const PROTOCOL_LABEL: Record<WireProtocol, string> = { kafka: 'Kafka', amqp: 'AMQP 0-9-1' };

/** Human-readable byte count. */
function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

/** The "Listeners" folder under the Simulator connection. */
export class WireListenersNode implements ExplorerNode {
  readonly id: string;

  constructor(parentId: string, private readonly service: WireListenerService) {
    this.id = `${parentId}/listeners`;
  }

  getTreeItem(): vscode.TreeItem {
    const listening = this.service.listeners.filter((a) => a.listener.state === 'listening');
    const item = new vscode.TreeItem(l10n.t('Listeners'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('radio-tower');
    item.contextValue = listening.length > 0 ? 'wireListeners.listening' : 'wireListeners.stopped';
    item.description = listening.length > 0
      ? listening.map((a) => `${PROTOCOL_LABEL[a.protocol]} :${a.listener.address?.port ?? '?'}`).join(' · ')
      : l10n.t('off');
    item.tooltip = l10n.t('Your own services can reach the simulator over the Kafka protocol and AMQP 0-9-1 while the listeners run (BrokerLens: Start Simulator Listeners).');
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const listening = this.service.listeners.filter((a) => a.listener.state === 'listening');
    if (listening.length === 0) return [new WireInfoNode(`${this.id}/off`, l10n.t('Not listening: run Start Simulator Listeners to let your services connect.'))];
    return listening.map((a) => new WireListenerNode(this.id, a));
  }
}

/** One running listener. */
class WireListenerNode implements ExplorerNode {
  readonly id: string;

  constructor(parentId: string, private readonly active: ActiveListener) {
    this.id = `${parentId}/${active.protocol}`;
  }

  getTreeItem(): vscode.TreeItem {
    const { listener, protocol } = this.active;
    const clients = listener.connections().length;
    const item = new vscode.TreeItem(PROTOCOL_LABEL[protocol], clients > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('plug');
    item.description = `${listener.address?.host}:${listener.address?.port} · ${(clients === 1 ? l10n.t('1 client') : l10n.t('{0} clients', clients))}`;
    item.contextValue = 'wireListener';
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const clients = this.active.listener.connections();
    if (clients.length === 0) return [new WireInfoNode(`${this.id}/none`, l10n.t('No client connected yet. Point your service at {0}:{1}.', this.active.listener.address?.host ?? '', String(this.active.listener.address?.port ?? '')))];
    return clients.map((c) => new WireClientNode(this.id, this.active.protocol, c));
  }
}

/** One client connection. */
export class WireClientNode implements ExplorerNode {
  readonly id: string;

  constructor(parentId: string, readonly protocol: WireProtocol, readonly info: WireConnectionInfo) {
    this.id = `${parentId}/${info.id}`;
  }

  get copyName(): string {
    return this.info.clientId ?? this.info.remote;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.info;
    const item = new vscode.TreeItem(c.clientId || c.remote, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('vm-connect');
    item.contextValue = 'wireClient';
    item.description = l10n.t('{0} · {1} published · {2} delivered · {3} in / {4} out', c.remote, c.published, c.delivered, bytes(c.bytesIn), bytes(c.bytesOut));
    item.tooltip = new vscode.MarkdownString([
      `**${c.clientId || c.remote}** (${PROTOCOL_LABEL[this.protocol]})`,
      l10n.t('address: {0}', c.remote),
      c.user ? l10n.t('user: {0}', c.user) : '',
      l10n.t('connected: {0}', new Date(c.connectedAt).toLocaleTimeString()),
      l10n.t('requests: {0} · published: {1} · delivered: {2}', c.requests, c.published, c.delivered),
      l10n.t('bytes in: {0} · bytes out: {1}', bytes(c.bytesIn), bytes(c.bytesOut)),
    ].filter(Boolean).join('\n\n'));
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

class WireInfoNode implements ExplorerNode {
  constructor(readonly id: string, private readonly text: string) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('info');
    item.contextValue = 'message.info';
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

/** One Listeners node per parent, reused across tree loads so a refresh can target it. */
export class WireNodeSource {
  private readonly nodes = new Map<string, WireListenersNode>();

  constructor(private readonly service: WireListenerService) {}

  node(parentId: string): WireListenersNode {
    let node = this.nodes.get(parentId);
    if (!node) this.nodes.set(parentId, (node = new WireListenersNode(parentId, this.service)));
    return node;
  }

  /** Every Listeners node handed out (one per Simulator connection shown). */
  all(): readonly WireListenersNode[] {
    return [...this.nodes.values()];
  }
}
