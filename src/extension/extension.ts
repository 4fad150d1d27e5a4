/**
 * Activation: build the services, hand them to the register* functions. Nothing else lives here.
 */
import * as vscode from 'vscode';
import { registerBrowseCommands } from './commands/registerBrowseCommands.js';
import { registerConnectionCommands } from './commands/registerConnectionCommands.js';
import { registerGeneralCommands } from './commands/registerGeneralCommands.js';
import { registerGroupCommands } from './commands/registerGroupCommands.js';
import { registerMessageCommands } from './commands/registerMessageCommands.js';
import { registerResourceCommands } from './commands/registerResourceCommands.js';
import { registerSimulatorCommands, type SimulatorAccess } from './commands/registerSimulatorCommands.js';
import { registerCompareCommands } from './commands/registerCompareCommands.js';
import { registerWireCommands } from './commands/registerWireCommands.js';
import { CommandIds } from './commands/commandIds.js';
import { createAdapters } from './core/adapters/factory.js';
import { PanelManager } from './panels/panelManager.js';
import { ConnectionStore } from './services/connectionStore.js';
import { configureL10n } from './services/l10n.js';
import { Logger } from './services/logger.js';
import { SecretStore } from './services/secretStore.js';
import { SessionManager } from './services/sessions.js';
import { ConnectionStatusBar } from './services/statusBar.js';
import { WireListenerService, WireListenerStatusBar } from './services/wireListeners.js';
import { ExplorerProvider } from './tree/explorerProvider.js';
import { WireNodeSource } from './tree/nodes/wireNodes.js';

/** What the extension exports, for tests and for other extensions. */
export interface BrokerLensApi {
  readonly sessions: SessionManager;
  readonly connections: ConnectionStore;
  readonly explorer: ExplorerProvider;
  readonly listeners: WireListenerService;
}

export function activate(context: vscode.ExtensionContext): BrokerLensApi {
  configureL10n();
  const logger = new Logger();
  const secrets = new SecretStore(context.secrets);
  const connections = new ConnectionStore(logger.scoped('connections'));
  const sessions = new SessionManager(createAdapters, secrets, logger.scoped('sessions'));
  const panels = new PanelManager();
  const wire = new WireListenerService(sessions, logger.scoped('listeners'));
  const wireNodes = new WireNodeSource(wire);
  const simulator: Partial<SimulatorAccess> = {};
  let filter = '';
  const explorer = new ExplorerProvider({
    sessions,
    connections,
    log: logger.scoped('explorer'),
    filter: () => filter,
    showInternal: () => vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false),
    trusted: () => vscode.workspace.isTrusted,
    wireNode: (parentId) => wireNodes.node(parentId),
  });
  const treeView = vscode.window.createTreeView('brokerlens.explorer', { treeDataProvider: explorer, showCollapseAll: true });
  const setFilter = (text: string): void => {
    filter = text;
    treeView.description = text ? `filter: ${text}` : undefined;
    void vscode.commands.executeCommand('setContext', 'brokerlens.filtered', text !== '');
  };

  context.subscriptions.push(
    logger,
    connections,
    sessions,
    panels,
    explorer,
    treeView,
    new ConnectionStatusBar(sessions, connections),
    wire,
    new WireListenerStatusBar(wire, { start: CommandIds.startListeners, stop: CommandIds.stopListeners }),
    wire.onDidChange(() => wireNodes.all().forEach((node) => explorer.refresh(node))),
    ...registerGeneralCommands(logger, explorer, setFilter, () => filter),
    ...registerConnectionCommands({ store: connections, secrets, sessions, factory: createAdapters, log: logger.scoped('connections') }),
    ...registerResourceCommands({ store: connections, sessions, explorer, log: logger.scoped('resources') }),
    ...registerMessageCommands(connections, sessions, explorer, logger.scoped('publish')),
    ...registerGroupCommands(connections, sessions, explorer, logger.scoped('offsets')),
    ...registerBrowseCommands(context.extensionUri, panels, connections, sessions, logger.scoped('browse')),
    ...registerSimulatorCommands(context.extensionUri, panels, sessions, logger.scoped('simulator'), context.workspaceState, simulator),
    ...registerCompareCommands(context.extensionUri, panels, logger.scoped('compare'), simulator),
    ...registerWireCommands(wire, logger.scoped('listeners')),
  );
  if (vscode.workspace.getConfiguration('brokerlens.simulator.listeners').get<boolean>('startWithWindow', false)) void vscode.commands.executeCommand(CommandIds.startListeners);
  logger.scoped('host').info(`BrokerLens ${String(context.extension.packageJSON.version)} activated`);
  return { sessions, connections, explorer, listeners: wire };
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}
