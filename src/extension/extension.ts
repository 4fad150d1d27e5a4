/**
 * Activation: build the services, hand them to the register* functions. Nothing else lives here.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { registerBrowseCommands } from './commands/registerBrowseCommands.js';
import { registerConnectionCommands } from './commands/registerConnectionCommands.js';
import { registerGeneralCommands } from './commands/registerGeneralCommands.js';
import { registerGroupCommands } from './commands/registerGroupCommands.js';
import { registerGroupPanelCommands } from './commands/registerGroupPanelCommands.js';
import { registerMessageCommands } from './commands/registerMessageCommands.js';
import { registerPublishCommands } from './commands/registerPublishCommands.js';
import { registerRecordingCommands } from './commands/registerRecordingCommands.js';
import { registerResourceCommands } from './commands/registerResourceCommands.js';
import { registerSchemaCommands } from './commands/registerSchemaCommands.js';
import { registerSimulatorCommands, type SimulatorAccess } from './commands/registerSimulatorCommands.js';
import { registerCompareCommands } from './commands/registerCompareCommands.js';
import { registerRealRunCommands, type CompareAccess } from './commands/registerRealRunCommands.js';
import { registerWireCommands } from './commands/registerWireCommands.js';
import { CommandIds } from './commands/commandIds.js';
import { createAdapters } from './core/adapters/factory.js';
import { PanelManager } from './panels/panelManager.js';
import { ConnectionStore } from './services/connectionStore.js';
import { DestinationChanges } from './services/destinationChanges.js';
import { SchemaRegistries } from './services/schemaRegistries.js';
import { configureL10n } from './services/l10n.js';
import { Logger } from './services/logger.js';
import { SecretStore } from './services/secretStore.js';
import { SessionManager } from './services/sessions.js';
import { ConnectionStatusBar } from './services/statusBar.js';
import { WireListenerService, WireListenerStatusBar } from './services/wireListeners.js';
import { ExplorerProvider } from './tree/explorerProvider.js';
import type { ExplorerNode } from './tree/nodes/node.js';
import { SchemaRegistryNode } from './tree/nodes/schemaNodes.js';
import { WireNodeSource } from './tree/nodes/wireNodes.js';
import { ScenarioNodeSource } from './tree/nodes/scenarioNodes.js';
import { registerScenarioNodeCommands } from './commands/registerScenarioNodeCommands.js';

/** What the extension exports, for tests and for other extensions. */
export interface BrokerLensApi {
  readonly sessions: SessionManager;
  readonly connections: ConnectionStore;
  readonly explorer: ExplorerProvider;
  readonly listeners: WireListenerService;
  /** The explorer's tree view (its selection shows what a command revealed). */
  readonly treeView: vscode.TreeView<ExplorerNode>;
}

export function activate(context: vscode.ExtensionContext): BrokerLensApi {
  configureL10n();
  const logger = new Logger();
  const secrets = new SecretStore(context.secrets);
  const connections = new ConnectionStore(logger.scoped('connections'));
  const sessions = new SessionManager(createAdapters, secrets, logger.scoped('sessions'));
  const panels = new PanelManager();
  const changes = new DestinationChanges();
  const wire = new WireListenerService(sessions, logger.scoped('listeners'));
  const wireNodes = new WireNodeSource(wire);
  const scenarioNodes = new ScenarioNodeSource();
  const schemas = new SchemaRegistries((id) => secrets.get(id), logger.scoped('schema'));
  // An edited connection (URL, credentials) gets a new registry client on its next use.
  const forgetRegistries = connections.onDidChange(() => schemas.dispose());
  const simulator: Partial<SimulatorAccess> = {};
  const compareAccess: Partial<CompareAccess> = {};
  const explorer = new ExplorerProvider({
    sessions,
    connections,
    log: logger.scoped('explorer'),
    showInternal: () => vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false),
    trusted: () => vscode.workspace.isTrusted,
    wireNode: (parentId) => wireNodes.node(parentId),
    scenariosNode: (parentId) => scenarioNodes.node(parentId),
    schemaNode: (parentId, config, ctx) => (SchemaRegistries.configured(config) ? new SchemaRegistryNode(parentId, config, schemas, ctx) : undefined),
  });
  const treeView = vscode.window.createTreeView('brokerlens.explorer', { treeDataProvider: explorer, showCollapseAll: true });
  explorer.attach(treeView);
  const onFilter = explorer.onDidChangeFilter((text) => {
    treeView.description = text ? l10n.t('filter: {0}', text) : undefined;
    void vscode.commands.executeCommand('setContext', 'brokerlens.filtered', text !== '');
  });

  // Publish opens Browse (result links) and Browse opens Publish (Republish…): each reaches the other when called.
  const publish = registerPublishCommands({
    extensionUri: context.extensionUri, panels, store: connections, sessions, log: logger.scoped('publish'),
    workspaceState: context.workspaceState, changes, openBrowse: (connectionId, link) => browse.openLink(connectionId, link),
    schemas,
  });
  const browse = registerBrowseCommands({ extensionUri: context.extensionUri, panels, store: connections, sessions, log: logger.scoped('browse'), changes, openPublish: () => publish.opener.open, schemas });

  context.subscriptions.push(
    logger,
    changes,
    connections,
    sessions,
    panels,
    explorer,
    treeView,
    onFilter,
    new ConnectionStatusBar(sessions, connections),
    wire,
    new WireListenerStatusBar(wire, { start: CommandIds.startListeners, stop: CommandIds.stopListeners }),
    wire.onDidChange(() => wireNodes.all().forEach((node) => explorer.refresh(node))),
    ...registerGeneralCommands({ logger, explorer }),
    ...registerConnectionCommands({ store: connections, secrets, sessions, factory: createAdapters, log: logger.scoped('connections') }),
    ...registerResourceCommands({ store: connections, sessions, explorer, log: logger.scoped('resources'), changes }),
    ...registerMessageCommands({ store: connections, sessions, explorer, log: logger.scoped('publish'), changes, opener: publish.opener, workspaceState: context.workspaceState }),
    ...publish.disposables,
    ...registerGroupCommands({ store: connections, sessions, explorer, log: logger.scoped('offsets') }),
    ...registerGroupPanelCommands({ extensionUri: context.extensionUri, panels, store: connections, sessions, log: logger.scoped('groups') }),
    ...browse.disposables,
    schemas,
    forgetRegistries,
    ...registerSchemaCommands({ extensionUri: context.extensionUri, store: connections, secrets, sessions, schemas, panels, explorer, log: logger.scoped('schema') }),
    ...registerSimulatorCommands({ extensionUri: context.extensionUri, panels, sessions, log: logger.scoped('simulator'), workspaceState: context.workspaceState, simulator }),
    ...registerCompareCommands({ extensionUri: context.extensionUri, panels, log: logger.scoped('compare'), simulator, compareAccess }),
    ...registerRealRunCommands({ connections, secrets, sessions, log: logger.scoped('realRuns'), compare: compareAccess }),
    ...registerWireCommands({ service: wire, log: logger.scoped('listeners') }),
    ...registerRecordingCommands({ store: connections, sessions, explorer, log: logger.scoped('recordings'), changes }),
    ...registerScenarioNodeCommands({ log: logger.scoped('scenarios'), simulator }),
    ...watchScenarioFiles(() => scenarioNodes.all().forEach((node) => explorer.refresh(node))),
  );
  if (vscode.workspace.getConfiguration('brokerlens.simulator.listeners').get<boolean>('startWithWindow', false)) void vscode.commands.executeCommand(CommandIds.startListeners);
  logger.scoped('host').info(`BrokerLens ${String(context.extension.packageJSON.version)} activated`);
  return { sessions, connections, explorer, listeners: wire, treeView };
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}

/** Refreshes the explorer's Scenarios nodes when a `*.scenario.json` file is created, deleted or renamed. */
function watchScenarioFiles(refresh: () => void): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.scenario.json', false, true, false);
  return [watcher, watcher.onDidCreate(refresh), watcher.onDidDelete(refresh), vscode.workspace.onDidChangeWorkspaceFolders(refresh)];
}
