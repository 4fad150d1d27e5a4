/**
 * Activation: build the services, hand them to the register* functions. Nothing else lives here.
 */
import * as vscode from 'vscode';
import { registerConnectionCommands } from './commands/registerConnectionCommands.js';
import { registerGeneralCommands } from './commands/registerGeneralCommands.js';
import { registerSimulatorCommands } from './commands/registerSimulatorCommands.js';
import { createAdapters } from './core/adapters/factory.js';
import { PanelManager } from './panels/panelManager.js';
import { ConnectionStore } from './services/connectionStore.js';
import { Logger } from './services/logger.js';
import { SecretStore } from './services/secretStore.js';
import { SessionManager } from './services/sessions.js';
import { ExplorerProvider } from './tree/explorerProvider.js';

/** What the extension exports, for tests and for other extensions. */
export interface BrokerLensApi {
  readonly sessions: SessionManager;
  readonly connections: ConnectionStore;
}

export function activate(context: vscode.ExtensionContext): BrokerLensApi {
  const logger = new Logger();
  const log = logger.scoped('host');
  const secrets = new SecretStore(context.secrets);
  const connections = new ConnectionStore(logger.scoped('connections'));
  const sessions = new SessionManager(createAdapters, secrets, logger.scoped('sessions'));
  const panels = new PanelManager();
  const explorer = new ExplorerProvider({
    sessions,
    connections,
    log: logger.scoped('explorer'),
    filter: () => '',
    showInternal: () => vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false),
    trusted: () => vscode.workspace.isTrusted,
  });

  context.subscriptions.push(
    logger,
    connections,
    sessions,
    panels,
    explorer,
    vscode.window.createTreeView('brokerlens.explorer', { treeDataProvider: explorer, showCollapseAll: true }),
    ...registerGeneralCommands(logger, explorer),
    ...registerConnectionCommands(connections, secrets, createAdapters, logger.scoped('connections')),
    ...registerSimulatorCommands(context.extensionUri, panels, sessions, logger.scoped('simulator')),
  );
  log.info(`BrokerLens ${String(context.extension.packageJSON.version)} activated`);
  return { sessions, connections };
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}
