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

const modelLabel = (adapter: BrokerAdapter): string => (adapter.kind === 'kafka' ? 'Kafka' : 'RabbitMQ') + (adapter.simulated ? ' model (simulator)' : '');

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
    { title, placeHolder: 'Which connection?', ignoreFocusOut: true },
  );
  return picked && pickModel(picked.entry, sessions, need, title);
}

/** Connects `entry` and picks its adapter with the capability (asks only when the simulator has two). */
async function pickModel(entry: ConnectionEntry, sessions: SessionManager, need: keyof Capabilities | 'any', title: string): Promise<AdapterTarget | undefined> {
  const session = await withCancellableProgress(`Connecting to ${entry.config.name}…`, (signal) => sessions.open(entry.config, signal));
  const fitting = session.adapters.filter((a) => need === 'any' || Boolean(a.capabilities[need]));
  if (fitting.length === 0) {
    throw new BrokerError('unsupported', `${entry.config.name} cannot do this: it has no ${String(need)}.`);
  }
  if (fitting.length === 1) return { entry, adapter: fitting[0]! };
  const model = await vscode.window.showQuickPick(
    fitting.map((adapter) => ({ label: modelLabel(adapter), adapter })),
    { title, placeHolder: 'Which model?', ignoreFocusOut: true },
  );
  return model && { entry, adapter: model.adapter };
}

/** Asks for a topic or queue of the adapter. */
export async function pickDestination(adapter: BrokerAdapter, title: string): Promise<string | undefined> {
  const destinations = await adapter.listDestinations();
  if (destinations.length === 0) {
    void vscode.window.showInformationMessage(`There is no ${adapter.capabilities.partitions ? 'topic' : 'queue'} yet; create one first.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    destinations
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => ({ label: d.name, description: `${d.type}${d.messages === undefined ? '' : ` · ${d.messages} msgs`}` })),
    { title, placeHolder: adapter.capabilities.partitions ? 'Which topic?' : 'Which queue?', ignoreFocusOut: true },
  );
  return picked?.label;
}

/** Asks for a consumer group. */
export async function pickGroup(adapter: BrokerAdapter, title: string): Promise<string | undefined> {
  const groups = (await adapter.consumerGroups?.listGroups()) ?? [];
  if (groups.length === 0) {
    void vscode.window.showInformationMessage('There is no consumer group on this connection yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    groups.map((g) => ({ label: g.groupId, description: g.state })),
    { title, placeHolder: 'Which consumer group?', ignoreFocusOut: true },
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
