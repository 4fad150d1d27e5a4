import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { Capabilities } from '../core/model/capabilities.js';
import { BrokerError } from '../core/model/errors.js';
import type { ConnectionEntry, ConnectionStore } from '../services/connectionStore.js';
import type { SessionManager } from '../services/sessions.js';
import { ConnectionNode } from '../tree/nodes/connectionNode.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { withCancellableProgress } from './progress.js';

/** What a command acts on: the adapter, and the connection it belongs to. */
export interface AdapterTarget {
  readonly entry: ConnectionEntry;
  readonly adapter: BrokerAdapter;
}

const modelLabel = (adapter: BrokerAdapter): string => {
  const broker = adapter.kind === 'kafka' ? 'Kafka' : 'RabbitMQ';
  return adapter.simulated ? l10n.t('{0} model (simulator)', broker) : broker;
};

/**
 * Asks for a connection (and, for the simulator, which model) whose adapter has the capability the
 * command needs. Used when a command starts from the palette instead of a tree node.
 */
export async function pickAdapter(
  store: ConnectionStore,
  sessions: SessionManager,
  need: keyof Capabilities | 'any',
  title: string,
): Promise<AdapterTarget | undefined> {
  const entries = store.list().filter((e) => e.scope !== 'workspace' || vscode.workspace.isTrusted);
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: entry.config.name, description: entry.config.kind, entry })),
    { title, placeHolder: l10n.t('Which connection?'), ignoreFocusOut: true },
  );
  return picked && pickModel(picked.entry, sessions, need, title);
}

/** Connects `entry` and picks its adapter with the capability (asks only when the simulator has two). */
async function pickModel(entry: ConnectionEntry, sessions: SessionManager, need: keyof Capabilities | 'any', title: string): Promise<AdapterTarget | undefined> {
  const session = await withCancellableProgress(l10n.t('Connecting to {0}…', entry.config.name), (signal) => sessions.open(entry.config, signal));
  const fitting = session.adapters.filter((a) => need === 'any' || Boolean(a.capabilities[need]));
  if (fitting.length === 0) {
    throw new BrokerError('unsupported', l10n.t('{0} cannot do this: it has no {1}.', entry.config.name, String(need)));
  }
  if (fitting.length === 1) return { entry, adapter: fitting[0]! };
  const model = await vscode.window.showQuickPick(
    fitting.map((adapter) => ({ label: modelLabel(adapter), adapter })),
    { title, placeHolder: l10n.t('Which model?'), ignoreFocusOut: true },
  );
  return model && { entry, adapter: model.adapter };
}

/** Asks for a topic or queue of the adapter. */
export async function pickDestination(adapter: BrokerAdapter, title: string): Promise<string | undefined> {
  const destinations = await adapter.listDestinations();
  if (destinations.length === 0) {
    void vscode.window.showInformationMessage(adapter.capabilities.partitions ? l10n.t('There is no topic yet; create one first.') : l10n.t('There is no queue yet; create one first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    destinations
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => ({ label: d.name, description: d.messages === undefined ? d.type : l10n.t('{0} · {1} msgs', d.type, d.messages) })),
    { title, placeHolder: adapter.capabilities.partitions ? l10n.t('Which topic?') : l10n.t('Which queue?'), ignoreFocusOut: true },
  );
  return picked?.label;
}

/** Asks for a consumer group. */
export async function pickGroup(adapter: BrokerAdapter, title: string): Promise<string | undefined> {
  const groups = (await adapter.consumerGroups?.listGroups()) ?? [];
  if (groups.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('There is no consumer group on this connection yet.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    groups.map((g) => ({ label: g.groupId, description: g.state })),
    { title, placeHolder: l10n.t('Which consumer group?'), ignoreFocusOut: true },
  );
  return picked?.label;
}

/** The connection id a node belongs to: node ids start with `connection/<id>/`. */
export function connectionIdOf(node: ExplorerNode): string | undefined {
  const [head, id] = node.id.split('/');
  return head === 'connection' ? id : undefined;
}

/**
 * The adapter a command acts on: the clicked node's when started from the tree, otherwise one the
 * user picks (connection, then model for the simulator).
 */
export async function resolveTarget(
  node: ExplorerNode | undefined,
  store: ConnectionStore,
  sessions: SessionManager,
  need: keyof Capabilities | 'any',
  title: string,
): Promise<AdapterTarget | undefined> {
  if (node instanceof ConnectionNode) return pickModel(node.entryValue, sessions, need, title);
  if (node?.adapter) {
    const id = connectionIdOf(node);
    const entry = id === undefined ? undefined : store.get(id);
    if (entry) return { entry, adapter: node.adapter };
  }
  return pickAdapter(store, sessions, need, title);
}
