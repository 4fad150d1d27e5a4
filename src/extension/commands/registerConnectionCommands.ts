import * as vscode from 'vscode';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { SecretStore } from '../services/secretStore.js';
import type { AdapterFactory } from '../services/sessions.js';
import { CommandIds } from './commandIds.js';
import { runConnectionWizard } from './connectionWizard.js';
import { testConnection } from './testConnection.js';

/** Add Connection. */
export function registerConnectionCommands(
  store: ConnectionStore,
  secrets: SecretStore,
  factory: AdapterFactory,
  log: ScopedLogger,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.addConnection, async () => {
      try {
        let result = await runConnectionWizard();
        while (result) {
          const outcome = await testConnection(factory, result.config, result.secrets);
          if (outcome.ok) {
            log.info(`test of ${result.config.name}: ${outcome.summary}`);
            break;
          }
          log.error(`test of ${result.config.name} failed: ${outcome.sentence}`, outcome.error);
          const choice = await vscode.window.showWarningMessage(outcome.sentence, { modal: false }, 'Edit', 'Save Anyway', 'Show Log');
          if (choice === 'Save Anyway') break;
          if (choice === 'Show Log') await vscode.commands.executeCommand(CommandIds.showLog);
          if (choice !== 'Edit') return;
          const edited = await runConnectionWizard(result.config);
          result = edited;
        }
        if (!result) return;
        await secrets.set(result.config.id, result.secrets);
        await store.save(result.config, result.scope);
        reportInfo(log, `Connection "${result.config.name}" added to ${result.scope} settings.`);
      } catch (error) {
        await reportError(log, 'Adding the connection', error);
      }
    }),
  ];
}
