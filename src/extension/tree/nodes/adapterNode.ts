import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../../core/model/adapter.js';
import type { ExplorerContext } from '../context.js';
import { BrokersNode, GroupsNode, TopicsNode } from './kafkaNodes.js';
import { loadChildren } from './load.js';
import type { ExplorerNode } from './node.js';
import { VhostNode } from './rabbitNodes.js';

/**
 * The root of one adapter's tree. Which folders appear depends on capabilities, never on the class:
 * partitions → Brokers/Topics, consumerGroups → Consumer Groups, exchanges → vhosts.
 */
export class AdapterNode implements ExplorerNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly adapter: BrokerAdapter,
    private readonly ctx: ExplorerContext,
  ) {
    this.id = `${parentId}/${adapter.kind}`;
  }

  getTreeItem(): vscode.TreeItem {
    const title = this.adapter.kind === 'kafka' ? l10n.t('Kafka model') : l10n.t('RabbitMQ model');
    const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.adapter.kind === 'kafka' ? 'list-ordered' : 'inbox');
    item.description = this.adapter.kind === 'kafka' ? l10n.t('log: messages stay, groups keep offsets') : l10n.t('queues: messages leave on ack');
    item.contextValue = `model.${this.adapter.kind}`;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const { adapter, ctx } = this;
    const children: ExplorerNode[] = [];
    if (adapter.capabilities.partitions) {
      children.push(new BrokersNode(this.id, adapter, ctx), new TopicsNode(this.id, adapter, ctx));
    }
    if (adapter.consumerGroups) children.push(new GroupsNode(this.id, adapter, ctx));
    if (adapter.exchanges) {
      const exchanges = adapter.exchanges;
      return loadChildren(ctx, this.id, l10n.t('Listing vhosts'), l10n.t('No vhosts.'), async () => {
        const vhosts = await exchanges.listVhosts();
        const all = vhosts.includes(exchanges.vhost) ? vhosts : [exchanges.vhost, ...vhosts];
        return all.map((vhost) => new VhostNode(this.id, vhost, adapter, ctx));
      });
    }
    return children;
  }
}
