import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../../core/model/adapter.js';
import type { DestinationInfo } from '../../core/model/destination.js';
import type { GroupDetail, GroupSummary } from '../../core/model/groups.js';
import type { PartitionInfo } from '../../core/model/topology.js';
import type { ExplorerContext } from '../context.js';
import { loadChildren } from './load.js';
import { MessageNode } from './messageNode.js';
import { matchesFilter, type ExplorerNode } from './node.js';
import { folderItem, LeafNode } from './leafNode.js';

/** Brokers of a Kafka cluster. */
export class BrokersNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/brokers`;
  }
  getTreeItem(): vscode.TreeItem {
    return folderItem(this.id, l10n.t('Brokers'), 'server', 'folder.brokers');
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, l10n.t('Listing brokers'), l10n.t('No brokers reported.'), async () => {
      const overview = await this.adapter.overview();
      return overview.nodes.map((node) => {
        const label = `${node.id}: ${node.host}:${node.port}`;
        const tooltip = [`${overview.product}${overview.version ? ` ${overview.version}` : ''}`, overview.clusterName ? l10n.t('cluster {0}', overview.clusterName) : '', node.rack ? l10n.t('rack {0}', node.rack) : '', node.controller ? l10n.t('controller') : '']
          .filter(Boolean)
          .join('\n');
        return new LeafNode(`${this.id}/${node.id}`, label, node.controller ? l10n.t('controller') : '', 'server-environment', 'broker', tooltip);
      });
    });
  }
}

/** Topics folder. */
export class TopicsNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/topics`;
  }
  getTreeItem(): vscode.TreeItem {
    return folderItem(this.id, l10n.t('Topics'), 'symbol-folder', 'folder.topics');
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, l10n.t('Listing topics'), l10n.t('No topics yet.'), async () => {
      const topics = await this.adapter.listDestinations({ includeInternal: this.ctx.showInternal() });
      return topics
        .filter((t) => matchesFilter(t.name, this.ctx.filter()))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((t) => new TopicNode(this.id, t, this.adapter, this.ctx));
    });
  }
}

/** One topic; its children are partitions. */
export class TopicNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;
  constructor(parentId: string, readonly topic: DestinationInfo, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/${topic.name}`;
    this.copyName = topic.name;
  }
  getTreeItem(): vscode.TreeItem {
    const t = this.topic;
    const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(t.internal ? 'lock' : 'list-ordered');
    item.description = t.partitions === 1 ? l10n.t('1 partition · {0} msgs', t.messages ?? '?') : l10n.t('{0} partitions · {1} msgs', t.partitions ?? '?', t.messages ?? '?');
    item.tooltip = [t.name, l10n.t('partitions: {0}', t.partitions ?? '?'), l10n.t('messages (high watermark − log start): {0}', t.messages ?? '?'), ...(t.internal ? [l10n.t('internal topic')] : [])].join('\n');
    item.contextValue = t.internal ? 'topic.internal' : 'topic';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const partitions = this.adapter.partitions;
    if (!partitions) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, l10n.t('Listing partitions of {0}', this.topic.name), l10n.t('No partitions.'), async () =>
      (await partitions.listPartitions(this.topic.name)).map((p) => new PartitionNode(this.id, this.topic.name, p, this.adapter)),
    );
  }
}

/** One partition of a topic: leader, ISR and offsets in the description. */
export class PartitionNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly topic: string, readonly info: PartitionInfo, readonly adapter: BrokerAdapter) {
    this.id = `${parentId}/${info.partition}`;
  }
  get copyName(): string {
    return `${this.topic}-${this.info.partition}`;
  }
  getTreeItem(): vscode.TreeItem {
    const p = this.info;
    const item = new vscode.TreeItem(l10n.t('partition {0}', p.partition), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-array');
    item.description = l10n.t('leader {0} · ISR {1} · offsets {2}…{3}', p.leader, p.isr.join(','), p.logStart, p.highWatermark);
    item.tooltip = [
      l10n.t('partition {0}', p.partition),
      l10n.t('leader: {0}', p.leader),
      l10n.t('replicas: {0}', p.replicas.join(', ')),
      l10n.t('ISR: {0}', p.isr.join(', ')),
      l10n.t('log start offset: {0}', p.logStart),
      l10n.t('high watermark: {0}', p.highWatermark),
      l10n.t('messages: {0}', p.highWatermark - p.logStart),
    ].join('\n');
    item.contextValue = 'partition';
    return item;
  }
  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

/** Consumer groups folder. */
export class GroupsNode implements ExplorerNode {
  readonly id: string;
  constructor(parentId: string, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/groups`;
  }
  getTreeItem(): vscode.TreeItem {
    return folderItem(this.id, l10n.t('Consumer Groups'), 'organization', 'folder.groups');
  }
  getChildren(): Promise<ExplorerNode[]> {
    const groups = this.adapter.consumerGroups;
    if (!groups) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, l10n.t('Listing consumer groups'), l10n.t('No consumer groups yet.'), async () =>
      (await groups.listGroups())
        .filter((g) => matchesFilter(g.groupId, this.ctx.filter()))
        .sort((a, b) => a.groupId.localeCompare(b.groupId))
        .map((g) => new GroupNode(this.id, g, this.adapter, this.ctx)),
    );
  }
}

/** One consumer group: members, then per-partition lag. */
export class GroupNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;
  constructor(parentId: string, readonly group: GroupSummary, readonly adapter: BrokerAdapter, private readonly ctx: ExplorerContext) {
    this.id = `${parentId}/${group.groupId}`;
    this.copyName = group.groupId;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.group.groupId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.group.state === 'Stable' ? 'pass' : 'circle-large-outline');
    // Kafka 4 group type: classic groups read as before; consumer-protocol and share groups say so.
    const type = this.group.type && this.group.type !== 'classic' ? this.group.type : undefined;
    item.description = type ? `${this.group.state} · ${type}` : this.group.state;
    item.tooltip = [
      this.group.groupId,
      l10n.t('state: {0}', this.group.state),
      ...(this.group.type ? [l10n.t('type: {0}', this.group.type)] : []),
      ...(this.group.protocolType ? [l10n.t('protocol type: {0}', this.group.protocolType)] : []),
    ].join('\n');
    item.contextValue = this.group.type === 'share' ? 'group.share' : this.group.state === 'Empty' ? 'group.empty' : 'group.active';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const groups = this.adapter.consumerGroups;
    if (!groups) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, l10n.t('Describing group {0}', this.group.groupId), l10n.t('No members and no committed offsets.'), async () => {
      const detail = await groups.describeGroup(this.group.groupId);
      if (detail.unsupported === 'shareGroup') {
        return [new MessageNode(`${this.id}/unsupported`, 'info', l10n.t('Share group (KIP-932): listed, not supported yet'))];
      }
      const members = detail.members.map(
        (m) =>
          new LeafNode(
            `${this.id}/member/${m.memberId}`,
            m.clientId || m.memberId,
            m.assignments.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' '),
            'person',
            'member',
            [l10n.t('member {0}', m.memberId), l10n.t('client {0}', m.clientId), l10n.t('host {0}', m.host)].join('\n'),
          ),
      );
      const lags = detail.offsets.map(
        (o) =>
          new LeafNode(
            `${this.id}/lag/${o.topic}/${o.partition}`,
            `${o.topic}[${o.partition}]`,
            o.committed === undefined ? l10n.t('no commit · {0} from log start', o.lag) : l10n.t('lag {0} · committed {1}', o.lag, o.committed),
            o.lag > 0 ? 'warning' : 'check',
            'lag',
            [
              l10n.t('{0} partition {1}', o.topic, o.partition),
              l10n.t('committed: {0}', o.committed ?? l10n.t('none')),
              l10n.t('log start: {0}', o.logStart),
              l10n.t('high watermark: {0}', o.highWatermark),
              l10n.t('lag: {0}', o.lag),
              ...(o.lagMs === undefined ? [] : [l10n.t('oldest unconsumed is {0} s old', Math.round(o.lagMs / 1000))]),
            ].join('\n'),
          ),
      );
      if (members.length === 0 && lags.length > 0) {
        return [new MessageNode(`${this.id}/nomembers`, 'info', l10n.t('No active members · {0}', lagLabel(detail))), ...lags];
      }
      return [...members, ...lags];
    });
  }
}

/**
 * The group's lag as Kafka's tool counts it (committed partitions only), and apart from it what sits
 * on partitions with no commit (core/rules/lag.ts keeps the two figures apart).
 */
export function lagLabel(detail: Pick<GroupDetail, 'totalLag' | 'lagWithoutCommit' | 'partitionsWithoutCommit'>): string {
  if (detail.partitionsWithoutCommit === 0) return l10n.t('total lag {0}', detail.totalLag);
  return l10n.t('total lag {0} · {1} more on {2} partition(s) with no commit', detail.totalLag, detail.lagWithoutCommit, detail.partitionsWithoutCommit);
}
