import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import { BROWSE_VIEW_TYPE, BrowsePanel, browsePanelKey, type BrowsePanelExtras, type BrowseTarget } from '../panels/browsePanel.js';
import type { OpenPublish } from '../panels/browse/messageActions.js';
import type { PanelManager } from '../panels/panelManager.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { DestinationChanges } from '../services/destinationChanges.js';
import type { SchemaRegistries } from '../services/schemaRegistries.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { PartitionNode, TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { pickDestination, resolveTarget } from './pickers.js';

/** Opens (or reveals) a Browse panel; used by the command, Publish's result links and the serializer. */
export type BrowseOpener = (adapter: BrokerAdapter, connectionId: string, target: BrowseTarget, existing?: vscode.WebviewPanel) => void;

/** Browse Messages: from a topic, partition or queue node, or picked from the palette; and the tab restorer. */
export interface BrowseCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly panels: PanelManager;
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly log: ScopedLogger;
  /** Created, deleted and published-to destinations, so an open panel refreshes. */
  readonly changes?: DestinationChanges;
  /** Reaches the Publish panel (Republish…), once it is registered. */
  readonly openPublish?: () => OpenPublish | undefined;
  /** Schema registries: a connection with one decodes framed records. */
  readonly schemas?: SchemaRegistries;
}

export function registerBrowseCommands({ extensionUri, panels, store, sessions, log, changes, openPublish, schemas }: BrowseCommandDeps): { disposables: vscode.Disposable[]; open: BrowseOpener; openLink: (connectionId: string, link: { destination: string; partition?: number; offset?: number }) => void } {
  let serial = 0;
  const open: BrowseOpener = (adapter, connectionId, target, existing) => {
    void (async () => {
      const publish = openPublish?.();
      // A connection with a schema registry decodes framed records (the lens is shared per connection, so is its cache).
      const entry = store.get(connectionId);
      const lens = entry && schemas ? await schemas.lens(entry.config) : undefined;
      const extras: BrowsePanelExtras = {
        ...(changes ? { changes } : {}), ...(existing ? { existing } : {}), ...(publish ? { openPublish: publish } : {}), ...(lens ? { lens } : {}),
      };
      const full: BrowseTarget = { ...target, connectionId };
      // A panel opened at a record is its own tab: the user compares it with the one already open.
      const key = browsePanelKey(connectionId, full) + (target.startOffset !== undefined || existing ? `@${target.startOffset ?? ''}#${++serial}` : '');
      panels.showOrCreate(key, () => new BrowsePanel(extensionUri, log, adapter, full, extras));
    })().catch((error: unknown) => reportError(log, l10n.t('Opening the message browser'), error));
  };
  const openLink = (connectionId: string, link: { destination: string; partition?: number; offset?: number }): void => {
    void (async () => {
      const entry = store.get(connectionId);
      if (!entry) return;
      const session = await sessions.open(entry.config);
      // A partition means a Kafka topic; a queue link (no partition) means the RabbitMQ model.
      const adapter = session.adapters.find((a) => (link.partition !== undefined ? a.kind === 'kafka' : a.kind === 'rabbitmq')) ?? session.adapters[0];
      if (!adapter) return;
      open(adapter, connectionId, {
        destination: link.destination,
        connectionName: entry.config.name,
        ...(link.partition !== undefined ? { partition: link.partition } : {}),
        ...(link.offset !== undefined ? { startOffset: link.offset } : {}),
      });
    })().catch((error: unknown) => reportError(log, l10n.t('Opening the message browser'), error));
  };
  const serializer = vscode.window.registerWebviewPanelSerializer(BROWSE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state: unknown) {
      const saved = state as { connectionId?: unknown; destination?: unknown; partition?: unknown; broker?: unknown } | undefined;
      const entry = typeof saved?.connectionId === 'string' ? store.get(saved.connectionId) : undefined;
      if (!entry || typeof saved?.destination !== 'string') {
        panel.dispose();
        return;
      }
      try {
        const session = await sessions.open(entry.config);
        const broker = saved.broker === 'kafka' || saved.broker === 'rabbitmq' ? saved.broker : undefined;
        const adapter = session.adapters.find((a) => a.kind === broker) ?? session.adapters[0];
        if (!adapter) throw new Error('no adapter');
        open(adapter, entry.config.id, {
          destination: saved.destination,
          connectionName: entry.config.name,
          ...(typeof saved.partition === 'number' ? { partition: saved.partition } : {}),
        }, panel);
      } catch (error) {
        panel.dispose();
        log.error(`browse: could not restore the panel for ${entry.config.name}`, error);
      }
    },
  });
  return {
    open,
    openLink,
    disposables: [
      serializer,
      vscode.commands.registerCommand(CommandIds.browseMessages, async (node?: ExplorerNode) => {
        try {
          const target = await resolveTarget(node, store, sessions, 'any', l10n.t('Browse Messages'));
          if (!target) return;
          const destination =
            node instanceof TopicNode ? node.topic.name : node instanceof PartitionNode ? node.topic : node instanceof QueueNode ? node.queue.name : await pickDestination(target.adapter, l10n.t('Browse Messages'));
          if (!destination) return;
          open(target.adapter, target.entry.config.id, {
            destination,
            connectionName: target.entry.config.name,
            ...(node instanceof PartitionNode ? { partition: node.info.partition } : {}),
          });
        } catch (error) {
          await reportError(log, l10n.t('Opening the message browser'), error);
        }
      }),
    ],
  };
}
