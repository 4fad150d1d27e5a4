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
    return folderItem(this.id, 'Brokers', 'server', 'folder.brokers');
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, 'Listing brokers', 'No brokers reported.', async () => {
      const overview = await this.adapter.overview();
      return overview.nodes.map((node) => {
        const label = `${node.id}: ${node.host}:${node.port}`;
        const tooltip = [`${overview.product}${overview.version ? ` ${overview.version}` : ''}`, overview.clusterName ? `cluster ${overview.clusterName}` : '', node.rack ? `rack ${node.rack}` : '', node.controller ? 'controller' : '']
          .filter(Boolean)
          .join('\n');
        return new LeafNode(`${this.id}/${node.id}`, label, node.controller ? 'controller' : '', 'server-environment', 'broker', tooltip);
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
    return folderItem(this.id, 'Topics', 'symbol-folder', 'folder.topics');
  }
  getChildren(): Promise<ExplorerNode[]> {
    return loadChildren(this.ctx, this.id, 'Listing topics', 'No topics yet.', async () => {
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
    item.description = `${t.partitions ?? '?'} partition${t.partitions === 1 ? '' : 's'} · ${t.messages ?? '?'} msgs`;
    item.tooltip = `${t.name}\npartitions: ${t.partitions ?? '?'}\nmessages (high watermark − log start): ${t.messages ?? '?'}${t.internal ? '\ninternal topic' : ''}`;
    item.contextValue = t.internal ? 'topic.internal' : 'topic';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const partitions = this.adapter.partitions;
    if (!partitions) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, `Listing partitions of ${this.topic.name}`, 'No partitions.', async () =>
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
    const item = new vscode.TreeItem(`partition ${p.partition}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-array');
    item.description = `leader ${p.leader} · ISR ${p.isr.join(',')} · offsets ${p.logStart}…${p.highWatermark}`;
    item.tooltip = `partition ${p.partition}\nleader: ${p.leader}\nreplicas: ${p.replicas.join(', ')}\nISR: ${p.isr.join(', ')}\nlog start offset: ${p.logStart}\nhigh watermark: ${p.highWatermark}\nmessages: ${p.highWatermark - p.logStart}`;
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
    return folderItem(this.id, 'Consumer Groups', 'organization', 'folder.groups');
  }
  getChildren(): Promise<ExplorerNode[]> {
    const groups = this.adapter.consumerGroups;
    if (!groups) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, 'Listing consumer groups', 'No consumer groups yet.', async () =>
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
    item.tooltip = `${this.group.groupId}\nstate: ${this.group.state}${this.group.type ? `\ntype: ${this.group.type}` : ''}${this.group.protocolType ? `\nprotocol type: ${this.group.protocolType}` : ''}`;
    item.contextValue = this.group.type === 'share' ? 'group.share' : this.group.state === 'Empty' ? 'group.empty' : 'group.active';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const groups = this.adapter.consumerGroups;
    if (!groups) return Promise.resolve([]);
    return loadChildren(this.ctx, this.id, `Describing group ${this.group.groupId}`, 'No members and no committed offsets.', async () => {
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
            `member ${m.memberId}\nclient ${m.clientId}\nhost ${m.host}`,
          ),
      );
      const lags = detail.offsets.map(
        (o) =>
          new LeafNode(
            `${this.id}/lag/${o.topic}/${o.partition}`,
            `${o.topic}[${o.partition}]`,
            o.committed === undefined ? l10n.t('no commit · {0} from log start', o.lag) : `lag ${o.lag} · committed ${o.committed}`,
            o.lag > 0 ? 'warning' : 'check',
            'lag',
            `${o.topic} partition ${o.partition}\ncommitted: ${o.committed ?? 'none'}\nlog start: ${o.logStart}\nhigh watermark: ${o.highWatermark}\nlag: ${o.lag}${o.lagMs === undefined ? '' : `\noldest unconsumed is ${Math.round(o.lagMs / 1000)} s old`}`,
          ),
      );
      if (members.length === 0 && lags.length > 0) {
        return [new MessageNode(`${this.id}/nomembers`, 'info', `No active members · ${lagLabel(detail)}`), ...lags];
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
