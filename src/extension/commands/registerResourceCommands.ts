import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { DestinationChanges } from '../services/destinationChanges.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { GroupNode, TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { BindingNode, ExchangeNode, QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { connectionIdOf, pickDestination, resolveTarget } from './pickers.js';
import { withCancellableProgress } from './progress.js';
import { confirmByTyping, promptExchange, promptQueue, promptTopic } from './resourcePrompts.js';

/** Services the resource commands use. */
export interface ResourceCommandDeps {
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly explorer: ExplorerProvider;
  readonly log: ScopedLogger;
  /** Told after a purge, so an open Browse of the queue says it is out of date. */
  readonly changes?: DestinationChanges;
}

/** Create Topic/Queue/Exchange, Add Binding, Delete, Purge Queue, Copy Name. */
export function registerResourceCommands(deps: ResourceCommandDeps): vscode.Disposable[] {
  const { store, sessions, explorer, log } = deps;
  const guarded = (action: string, run: (node?: ExplorerNode) => Promise<void>) => async (node?: ExplorerNode) => {
    try {
      await run(node);
    } catch (error) {
      await reportError(log, action, error);
    }
  };
  const done = (sentence: string): void => {
    explorer.refresh();
    reportInfo(log, sentence);
  };
  /** Reloads only the folder of the new item, so the tree keeps its expansion, and reveals the item. */
  const created = (adapter: BrokerAdapter, folder: 'topics' | 'queues' | 'exchanges', name: string, sentence: string): void => {
    void explorer.showCreated((n) => n.adapter === adapter && n.id.endsWith(`/${folder}`), name).catch((error: unknown) => log.warn(`revealing ${name}: ${String(error)}`));
    reportInfo(log, sentence);
  };

  return [
    vscode.commands.registerCommand(
      CommandIds.createTopic,
      guarded(l10n.t('Creating the topic'), async (node) => {
        const target = await resolveTarget(node, store, sessions, 'partitions', l10n.t('Create Topic'));
        const spec = target && (await promptTopic());
        if (!target || !spec) return;
        await withCancellableProgress(l10n.t('Creating topic {0}…', spec.name), () => target.adapter.createDestination(spec));
        created(target.adapter, 'topics', spec.name, l10n.t('Topic "{0}" created on {1}.', spec.name, target.entry.config.name));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.createQueue,
      guarded(l10n.t('Creating the queue'), async (node) => {
        const target = await resolveTarget(node, store, sessions, 'exchanges', l10n.t('Create Queue'));
        const spec = target && (await promptQueue());
        if (!target || !spec) return;
        await withCancellableProgress(l10n.t('Creating queue {0}…', spec.name), () => target.adapter.createDestination(spec));
        created(target.adapter, 'queues', spec.name, l10n.t('Queue "{0}" created on {1}.', spec.name, target.entry.config.name));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.createExchange,
      guarded(l10n.t('Creating the exchange'), async (node) => {
        const target = await resolveTarget(node, store, sessions, 'exchanges', l10n.t('Create Exchange'));
        const spec = target && (await promptExchange());
        if (!target?.adapter.exchanges || !spec) return;
        const facet = target.adapter.exchanges;
        await withCancellableProgress(l10n.t('Creating exchange {0}…', spec.name), () => facet.declareExchange(spec));
        created(target.adapter, 'exchanges', spec.name, l10n.t('Exchange "{0}" ({1}) created on {2}.', spec.name, spec.type, target.entry.config.name));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.addBinding,
      guarded(l10n.t('Adding the binding'), async (node) => {
        const target = await resolveTarget(node, store, sessions, 'exchanges', l10n.t('Add Binding'));
        if (!target?.adapter.exchanges) return;
        await addBinding(target.adapter, node, done);
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.deleteResource,
      guarded(l10n.t('Deleting'), async (node) => {
        if (node instanceof BindingNode && node.adapter.exchanges) {
          const b = node.binding;
          const remove = l10n.t('Remove');
          const yes = await vscode.window.showWarningMessage(l10n.t('Remove the binding {0} → {1} (key "{2}")?', b.source, b.destination, b.routingKey), { modal: true }, remove);
          if (yes !== remove) return;
          await node.adapter.exchanges.unbind(b);
          done(l10n.t('Binding {0} → {1} removed.', b.source, b.destination));
          return;
        }
        if (node instanceof GroupNode && node.adapter.consumerGroups) {
          // An empty group only (the broker refuses one with members): its committed offsets go with it.
          const groupId = node.group.groupId;
          const facet = node.adapter.consumerGroups;
          const typed = await confirmByTyping(l10n.t('consumer group'), groupId);
          if (typed === undefined) return;
          await withCancellableProgress(l10n.t('Deleting consumer group {0}…', groupId), () => facet.deleteGroup(groupId, typed));
          done(l10n.t('Consumer group "{0}" and its committed offsets deleted.', groupId));
          return;
        }
        if (node instanceof ExchangeNode && node.adapter.exchanges) {
          const name = node.exchange.name;
          const typed = await confirmByTyping(l10n.t('exchange'), name);
          if (typed === undefined) return;
          await node.adapter.exchanges.deleteExchange(name, typed);
          done(l10n.t('Exchange "{0}" deleted.', name));
          return;
        }
        let adapter: BrokerAdapter | undefined;
        let name: string | undefined;
        if (node instanceof TopicNode || node instanceof QueueNode) {
          adapter = node.adapter;
          name = node instanceof TopicNode ? node.topic.name : node.queue.name;
        } else {
          const target = await resolveTarget(node, store, sessions, 'any', l10n.t('Delete'));
          adapter = target?.adapter;
          name = adapter && (await pickDestination(adapter, l10n.t('Delete')));
        }
        if (!adapter || !name) return;
        const isTopic = adapter.capabilities.partitions === true;
        const typed = await confirmByTyping(isTopic ? l10n.t('topic') : l10n.t('queue'), name);
        if (typed === undefined) return;
        const chosen = name;
        const owner = adapter;
        // What the user typed goes to the adapter, which refuses a mismatch on its own.
        await withCancellableProgress(isTopic ? l10n.t('Deleting topic {0}…', chosen) : l10n.t('Deleting queue {0}…', chosen), () => owner.deleteDestination(chosen, typed));
        done(isTopic ? l10n.t('Topic "{0}" deleted.', chosen) : l10n.t('Queue "{0}" deleted.', chosen));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.purgeQueue,
      guarded(l10n.t('Purging the queue'), async (node) => {
        const target = node instanceof QueueNode ? undefined : await resolveTarget(node, store, sessions, 'purge', l10n.t('Purge Queue'));
        const adapter = node instanceof QueueNode ? node.adapter : target?.adapter;
        const queue = node instanceof QueueNode ? node.queue.name : adapter && (await pickDestination(adapter, l10n.t('Purge Queue')));
        if (!adapter?.exchanges || !queue) return;
        const purge = l10n.t('Purge');
        const yes = await vscode.window.showWarningMessage(
          l10n.t('Purge "{0}"? Every ready message in it is deleted; unacknowledged messages stay. This cannot be undone.', queue),
          { modal: true },
          purge,
        );
        if (yes !== purge) return;
        const facet = adapter.exchanges;
        const removed = await withCancellableProgress(l10n.t('Purging {0}…', queue), () => facet.purgeQueue(queue, queue));
        const connectionId = node instanceof QueueNode ? connectionIdOf(node) : target?.entry.config.id;
        if (connectionId !== undefined) deps.changes?.fire({ connectionId, destinations: [queue], what: 'purged' });
        done(removed === 1 ? l10n.t('Queue "{0}" purged: 1 message deleted.', queue) : l10n.t('Queue "{0}" purged: {1} messages deleted.', queue, removed));
      }),
    ),
    vscode.commands.registerCommand(CommandIds.copyName, async (node?: ExplorerNode) => {
      const name = node instanceof GroupNode ? node.group.groupId : node?.copyName;
      if (name === undefined) return;
      await vscode.env.clipboard.writeText(name);
      vscode.window.setStatusBarMessage(l10n.t('Copied "{0}"', name), 3000);
    }),
  ];
}

async function addBinding(adapter: BrokerAdapter, node: ExplorerNode | undefined, done: (s: string) => void): Promise<void> {
  const facet = adapter.exchanges!;
  const exchanges = (await facet.listExchanges()).filter((e) => e.name !== '');
  const source =
    node instanceof ExchangeNode
      ? node.exchange
      : (await vscode.window.showQuickPick(exchanges.map((e) => ({ label: e.name, description: e.type, e })), { title: l10n.t('Add Binding (1/3): from exchange'), ignoreFocusOut: true }))?.e;
  if (!source) return;
  const queues = await adapter.listDestinations();
  const destination =
    node instanceof QueueNode
      ? { label: node.queue.name, destinationType: 'queue' as const }
      : await vscode.window.showQuickPick(
          [
            ...queues.map((q) => ({ label: q.name, description: l10n.t('queue · {0}', q.type), destinationType: 'queue' as const })),
            ...exchanges.filter((e) => e.name !== source.name).map((e) => ({ label: e.name, description: l10n.t('exchange · {0}', e.type), destinationType: 'exchange' as const })),
          ],
          { title: l10n.t('Add Binding (2/3): to queue or exchange'), ignoreFocusOut: true },
        );
  if (!destination) return;
  let routingKey = '';
  let args: Record<string, unknown> | undefined;
  if (source.type === 'headers') {
    const text = await vscode.window.showInputBox({
      title: l10n.t('Add Binding (3/3): header arguments'),
      prompt: l10n.t('JSON object, e.g. {0}', '{"x-match":"all","format":"pdf"}'),
      value: '{"x-match":"all"}',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          const parsed = JSON.parse(v);
          return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : l10n.t('Enter a JSON object.');
        } catch {
          return l10n.t('This is not valid JSON.');
        }
      },
    });
    if (text === undefined) return;
    args = JSON.parse(text) as Record<string, unknown>;
  } else if (source.type !== 'fanout') {
    const key = await vscode.window.showInputBox({
      title: l10n.t('Add Binding (3/3): binding key'),
      prompt: source.type === 'topic' ? l10n.t('Words separated by ".", "*" matches one word and "#" zero or more') : l10n.t('Messages whose routing key equals this are routed'),
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    routingKey = key;
  }
  await facet.bind({ source: source.name, destination: destination.label, destinationType: destination.destinationType, routingKey, ...(args ? { arguments: args } : {}) });
  const kind = destination.destinationType === 'queue' ? l10n.t('queue') : l10n.t('exchange');
  done(routingKey ? l10n.t('Bound {0} → {1} {2} with key "{3}".', source.name, kind, destination.label, routingKey) : l10n.t('Bound {0} → {1} {2}.', source.name, kind, destination.label));
}
