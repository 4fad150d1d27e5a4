import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { SecretStore } from '../services/secretStore.js';
import type { AdapterFactory, SessionManager } from '../services/sessions.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { ConnectionNode } from '../tree/nodes/connectionNode.js';
import { CommandIds } from './commandIds.js';
import { runConnectionWizard, type WizardResult } from './connectionWizard.js';
import { withCancellableProgress } from './progress.js';
import { testConnection } from './testConnection.js';

/** Services the connection commands use. */
export interface ConnectionCommandDeps {
  readonly store: ConnectionStore;
  readonly secrets: SecretStore;
  readonly sessions: SessionManager;
  readonly factory: AdapterFactory;
  readonly log: ScopedLogger;
}

/** Add, Edit, Duplicate, Remove, Connect, Disconnect. */
export function registerConnectionCommands(deps: ConnectionCommandDeps): vscode.Disposable[] {
  const { store, secrets, sessions, log } = deps;
  /** The connection a command acts on: the clicked node's, or one picked from the list. */
  const chooseConnection = async (node: ExplorerNode | undefined, title: string, includeBuiltin = false) => {
    if (node instanceof ConnectionNode) return node.entryValue;
    const entries = store.list().filter((e) => includeBuiltin || e.scope !== 'builtin');
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(l10n.t('There is no connection to choose yet: use Add Connection first.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(entries.map((e) => ({ label: e.config.name, description: l10n.t('{0} · {1} settings', e.config.kind, e.scope), entry: e })), { title, ignoreFocusOut: true });
    return picked?.entry;
  };

  /** Tests, offers to edit on failure, then saves settings and secrets. */
  const testAndSave = async (first: WizardResult | undefined, verb: 'saved' | 'updated'): Promise<void> => {
    let result = first;
    while (result) {
      const outcome = await testConnection(deps.factory, result.config, result.secrets);
      if (outcome.ok) {
        log.info(`test of ${result.config.name}: ${outcome.summary}`);
        markBrokerConnected();
        break;
      }
      log.error(`test of ${result.config.name} failed: ${outcome.sentence}`, outcome.error);
      const [edit, saveAnyway, showLog] = [l10n.t('Edit'), l10n.t('Save Anyway'), l10n.t('Show Log')];
      const choice = await vscode.window.showWarningMessage(outcome.sentence, edit, saveAnyway, showLog);
      if (choice === saveAnyway) break;
      if (choice === showLog) await vscode.commands.executeCommand(CommandIds.showLog);
      if (choice !== edit) return;
      result = await runConnectionWizard(result.config, result.secrets, result.scope);
    }
    if (!result) return;
    await sessions.close(result.config.id);
    await secrets.set(result.config.id, result.secrets);
    await store.save(result.config, result.scope);
    reportInfo(log, verb === 'saved' ? l10n.t('Connection "{0}" saved in {1} settings.', result.config.name, result.scope) : l10n.t('Connection "{0}" updated in {1} settings.', result.config.name, result.scope));
  };

  const guarded = (action: string, run: (node?: ExplorerNode) => Promise<void>) => async (node?: ExplorerNode) => {
    try {
      await run(node);
    } catch (error) {
      await reportError(log, action, error);
    }
  };

  // The walkthrough's "Connect a broker" step completes on this context key: set only once a real
  // broker answered (a passed test or a connected session), never by saving one that failed its test.
  const markBrokerConnected = (): void => void vscode.commands.executeCommand('setContext', 'brokerlens.brokerConnected', true);
  const brokerSessions = sessions.onDidChangeState((change) => {
    if (change.state === 'connected' && store.get(change.connectionId)?.config.kind !== 'simulator') markBrokerConnected();
  });

  return [
    brokerSessions,
    vscode.commands.registerCommand(CommandIds.addConnection, guarded(l10n.t('Adding the connection'), async () => testAndSave(await runConnectionWizard(), 'saved'))),
    vscode.commands.registerCommand(
      CommandIds.editConnection,
      guarded(l10n.t('Editing the connection'), async (node) => {
        const entry = await chooseConnection(node, l10n.t('Edit Connection'));
        if (!entry || entry.config.kind === 'simulator') return;
        const scope = entry.scope === 'builtin' ? undefined : entry.scope;
        await testAndSave(await runConnectionWizard(entry.config, await secrets.get(entry.config.id), scope), 'updated');
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.duplicateConnection,
      guarded(l10n.t('Duplicating the connection'), async (node) => {
        const entry = await chooseConnection(node, l10n.t('Duplicate Connection'));
        if (!entry || entry.config.kind === 'simulator' || entry.scope === 'builtin') return;
        const id = `${entry.config.id.replace(/-[0-9a-f]{8}$/, '')}-${randomUUID().slice(0, 8)}`.slice(0, 64);
        const copy = { ...entry.config, id, name: l10n.t('{0} (copy)', entry.config.name) };
        await secrets.set(id, await secrets.get(entry.config.id));
        await store.save(copy, entry.scope);
        reportInfo(log, l10n.t('Connection "{0}" added; edit it to point it elsewhere.', copy.name));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.removeConnection,
      guarded(l10n.t('Removing the connection'), async (node) => {
        const entry = await chooseConnection(node, l10n.t('Remove Connection'));
        if (!entry || entry.scope === 'builtin') return;
        const remove = l10n.t('Remove');
        const yes = await vscode.window.showWarningMessage(
          l10n.t('Remove the connection "{0}"? Its saved password is deleted too; the broker is not touched.', entry.config.name),
          { modal: true },
          remove,
        );
        if (yes !== remove) return;
        await sessions.close(entry.config.id);
        await secrets.delete(entry.config.id);
        await store.remove(entry.config.id);
        reportInfo(log, l10n.t('Connection "{0}" removed.', entry.config.name));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.connect,
      guarded(l10n.t('Connecting'), async (node) => {
        const entry = await chooseConnection(node, l10n.t('Connect'), true);
        if (!entry) return;
        if (entry.scope === 'workspace' && !vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage(l10n.t('"{0}" comes from workspace settings; trust the workspace to connect to it.', entry.config.name));
          return;
        }
        await withCancellableProgress(l10n.t('Connecting to {0}…', entry.config.name), (signal) => sessions.open(entry.config, signal));
      }),
    ),
    vscode.commands.registerCommand(
      CommandIds.disconnect,
      guarded(l10n.t('Disconnecting'), async (node) => {
        const entry = await chooseConnection(node, l10n.t('Disconnect'), true);
        if (entry) await sessions.close(entry.config.id);
      }),
    ),
  ];
}
