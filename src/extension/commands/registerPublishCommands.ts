import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import { emptyDraft, type PublishDraft } from '../core/publish/draft.js';
import type { PanelManager } from '../panels/panelManager.js';
import { PublishSession, type HistoryStore } from '../panels/publish/session.js';
import { PUBLISH_VIEW_TYPE, PublishPanel, type PublishPanelDeps } from '../panels/publishPanel.js';
import type { PublishBrowseLink } from '../protocol/publishPanel.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { DestinationChanges } from '../services/destinationChanges.js';
import type { SchemaRegistryClient } from '../core/schema/registryClient.js';
import type { ScopedLogger } from '../services/logger.js';
import { SchemaRegistries } from '../services/schemaRegistries.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { PartitionNode, TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { ExchangeNode, QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { resolveTarget } from './pickers.js';
import { withCancellableProgress } from './progress.js';

/** What opening a Publish panel needs. */
export interface PublishCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly panels: PanelManager;
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly log: ScopedLogger;
  readonly workspaceState: vscode.Memento;
  readonly changes: DestinationChanges;
  readonly openBrowse: (connectionId: string, link: PublishBrowseLink) => void;
  /** The connection's schema registry (payload mode "Schema (registry)"). */
  readonly schemas?: SchemaRegistries;
}

/** Opens Publish panels; shared by the tree, the palette, the quick-input path and Browse's Republish…. */
export interface PublishOpener {
  open(connectionId: string, connectionName: string, adapter: BrokerAdapter, draft: PublishDraft, options?: { readonly fresh?: boolean }): void;
}

let republishSerial = 0;

/** The history store over workspace state. */
export function workspaceHistory(memento: vscode.Memento): HistoryStore {
  return { get: (key) => memento.get(key), update: (key, entries) => memento.update(key, entries) };
}

/** Open Publish Panel (tree, palette) and the serializer that restores Publish tabs after a reload. */
export function registerPublishCommands(deps: PublishCommandDeps): { disposables: vscode.Disposable[]; opener: PublishOpener } {
  const panelDeps: PublishPanelDeps = {
    extensionUri: deps.extensionUri,
    log: deps.log,
    history: workspaceHistory(deps.workspaceState),
    showInternal: () => vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false),
    openBrowse: deps.openBrowse,
    onPublished: (connectionId, destinations) => deps.changes.fire({ connectionId, destinations, what: 'published' }),
    ...(deps.schemas ? { registry: registryOf(deps.store, deps.schemas), hasRegistry: (id: string) => hasRegistry(deps.store, id) } : {}),
  };
  const opener: PublishOpener = {
    open(connectionId, connectionName, adapter, draft, options = {}) {
      const key = `publish:${connectionId}:${draft.broker}:${draft.destination}:${draft.routingKey}${options.fresh ? `#${++republishSerial}` : ''}`;
      deps.panels.showOrCreate(key, () => new PublishPanel(panelDeps, adapter, { connectionId, connectionName, draft }));
    },
  };

  const openFromNode = async (node?: ExplorerNode): Promise<void> => {
    try {
      const target = await resolveTarget(node, deps.store, deps.sessions, 'any', l10n.t('Open Publish Panel'));
      if (!target) return;
      const { adapter } = target;
      let draft: PublishDraft | undefined;
      if (node instanceof TopicNode) draft = emptyDraft('kafka', node.topic.name);
      else if (node instanceof PartitionNode) draft = { ...emptyDraft('kafka', node.topic), partition: String(node.info.partition) };
      else if (node instanceof QueueNode) draft = emptyDraft('rabbitmq', '', node.queue.name);
      else if (node instanceof ExchangeNode) draft = emptyDraft('rabbitmq', node.exchange.name);
      else draft = await pickPublishDestination(adapter, deps.log);
      if (!draft) return;
      opener.open(target.entry.config.id, target.entry.config.name, adapter, draft);
    } catch (error) {
      await reportError(deps.log, l10n.t('Opening the Publish panel'), error);
    }
  };

  const serializer = vscode.window.registerWebviewPanelSerializer(PUBLISH_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state: unknown) {
      const saved = state as { connectionId?: unknown; draft?: PublishDraft } | undefined;
      const entry = typeof saved?.connectionId === 'string' ? deps.store.get(saved.connectionId) : undefined;
      if (!entry || !saved?.draft) {
        panel.dispose();
        return;
      }
      try {
        const session = await deps.sessions.open(entry.config);
        const adapter = session.adapters.find((a) => a.kind === saved.draft!.broker);
        if (!adapter) throw new Error(`no ${saved.draft.broker} adapter`);
        const key = `publish:${entry.config.id}:${saved.draft.broker}:${saved.draft.destination}:${saved.draft.routingKey}#restored${++republishSerial}`;
        deps.panels.showOrCreate(key, () => new PublishPanel(panelDeps, adapter, { connectionId: entry.config.id, connectionName: entry.config.name, draft: saved.draft! }, panel));
      } catch (error) {
        panel.dispose();
        deps.log.error(`publish: could not restore the panel for ${entry.config.name}`, error);
      }
    },
  });

  return {
    opener,
    disposables: [vscode.commands.registerCommand(CommandIds.openPublishPanel, openFromNode), serializer],
  };
}

/** The registry client of a connection that names one (read when the panel asks, so an edited registry is used). */
function registryOf(store: ConnectionStore, schemas: SchemaRegistries): (connectionId: string) => Promise<SchemaRegistryClient | undefined> {
  return async (connectionId) => {
    const entry = store.get(connectionId);
    return entry && SchemaRegistries.configured(entry.config) ? schemas.client(entry.config) : undefined;
  };
}

function hasRegistry(store: ConnectionStore, connectionId: string): boolean {
  const entry = store.get(connectionId);
  return entry !== undefined && SchemaRegistries.configured(entry.config);
}

/** Palette path: topics (Kafka), or exchanges and queues (RabbitMQ), built-in exchanges marked. */
async function pickPublishDestination(adapter: BrokerAdapter, log: ScopedLogger): Promise<PublishDraft | undefined> {
  const showInternal = vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false);
  const session = new PublishSession(adapter, '', { get: () => undefined, update: () => undefined });
  const { destinations, notes } = await withCancellableProgress(l10n.t('Listing destinations…'), () => session.destinations(showInternal));
  for (const note of notes) log.warn(note);
  const items = destinations.map((d) => ({
    label: d.kind === 'exchange' && d.name === '' ? l10n.t('(default exchange)') : d.name,
    description: [d.kind === 'queue' ? l10n.t('queue') : d.kind === 'exchange' ? l10n.t('exchange') : '', d.detail, d.builtin ? l10n.t('built-in') : ''].filter(Boolean).join(' · '),
    d,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: l10n.t('Open Publish Panel: destination'), ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) return undefined;
  const d = picked.d;
  if (d.kind === 'topic') return emptyDraft('kafka', d.name);
  return d.kind === 'queue' ? emptyDraft('rabbitmq', '', d.name) : emptyDraft('rabbitmq', d.name);
}
