import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ConnectionEntry } from '../../services/connectionStore.js';
import type { ExplorerContext } from '../context.js';
import { AdapterNode } from './adapterNode.js';
import { MessageNode } from './messageNode.js';
import { stateText } from '../../services/stateText.js';
import type { ExplorerNode } from './node.js';

const STATE_ICONS: Record<string, string> = {
  connected: 'vm-running',
  connecting: 'loading~spin',
  reconnecting: 'loading~spin',
  failed: 'vm-outline',
  disconnected: 'vm-outline',
};

/** A connection. Expanding it connects (the spinner shows while it does); failures become an error node. */
export class ConnectionNode implements ExplorerNode {
  readonly id: string;
  readonly copyName: string;

  constructor(
    private readonly entry: ConnectionEntry,
    private readonly ctx: ExplorerContext,
  ) {
    this.id = `connection/${entry.config.id}`;
    this.copyName = entry.config.name;
  }

  get connectionId(): string {
    return this.entry.config.id;
  }

  get entryValue(): ConnectionEntry {
    return this.entry;
  }

  getTreeItem(): vscode.TreeItem {
    const { config, scope } = this.entry;
    const state = this.ctx.sessions.state(config.id);
    const item = new vscode.TreeItem(config.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const kindLabel = config.kind === 'kafka' ? 'Kafka' : config.kind === 'rabbitmq' ? 'RabbitMQ' : l10n.t('Simulator');
    // The simulator needs no network: its state is always "ready", so only real brokers show theirs.
    item.description = config.kind === 'simulator' ? l10n.t('built-in · works offline') : state === 'connected' ? kindLabel : `${kindLabel} · ${stateText(state)}`;
    const iconColor = state === 'failed' ? new vscode.ThemeColor('errorForeground') : state === 'connected' ? new vscode.ThemeColor('testing.iconPassed') : undefined;
    item.iconPath = config.kind === 'simulator' ? new vscode.ThemeIcon('beaker', iconColor) : new vscode.ThemeIcon(STATE_ICONS[state] ?? 'vm-outline', iconColor);
    item.contextValue = `connection.${config.kind}.${scope}.${state === 'connected' ? 'connected' : 'disconnected'}`;
    const where = config.kind === 'kafka' ? config.brokers.join(', ') : config.kind === 'rabbitmq' ? config.amqpUrl : l10n.t('built-in, no broker needed');
    const insecure = config.kind !== 'simulator' && config.tls?.enabled && config.tls.rejectUnauthorized === false;
    item.tooltip = new vscode.MarkdownString(
      [`**${config.name}** (${kindLabel})`, where, l10n.t('state: {0}', stateText(state)), l10n.t('defined in: {0} settings', scope), insecure ? `$(warning) ${l10n.t('TLS certificate verification is OFF for this connection.')}` : '']
        .filter(Boolean)
        .join('\n\n'),
      true,
    );
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const { config, scope } = this.entry;
    if (scope === 'workspace' && !this.ctx.trusted()) {
      return [new MessageNode(`${this.id}/untrusted`, 'info', l10n.t('Not connected: trust this workspace to use connections from its settings.'))];
    }
    // A connection that failed stays an error node until the user retries (Retry, Refresh): the tree
    // refreshes on every state change, and reconnecting there would loop while the broker is down.
    const failed = this.ctx.sessions.lastFailure(config);
    if (failed !== undefined) return [MessageNode.error(this.id, failed, l10n.t('Connecting to {0}', config.name))];
    try {
      const session = await this.ctx.sessions.open(config);
      if (session.adapters.length === 1) {
        const children = await new AdapterNode(this.id, session.adapters[0]!, this.ctx).getChildren();
        const schemas = this.ctx.schemaNode?.(this.id, config, this.ctx);
        return schemas ? [...children, schemas] : children;
      }
      const nodes: ExplorerNode[] = session.adapters.map((adapter) => new AdapterNode(this.id, adapter, this.ctx));
      // The simulator's engines can be served on the wire: their listeners and clients sit beside them.
      const wire = config.kind === 'simulator' ? this.ctx.wireNode?.(this.id) : undefined;
      const scenarios = config.kind === 'simulator' ? this.ctx.scenariosNode?.(this.id) : undefined;
      return [...nodes, ...(wire ? [wire] : []), ...(scenarios ? [scenarios] : [])];
    } catch (error) {
      this.ctx.log.error(`connecting ${config.name}`, error);
      return [MessageNode.error(this.id, error, l10n.t('Connecting to {0}', config.name))];
    }
  }
}
