import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { Logger } from '../services/logger.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { CommandIds } from './commandIds.js';

/** What the general commands need. */
export interface GeneralCommandDeps {
  readonly logger: Logger;
  readonly explorer: ExplorerProvider;
}

/** Refresh, Filter and Show Log. */
export function registerGeneralCommands({ logger, explorer }: GeneralCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.showLog, () => logger.show()),
    vscode.commands.registerCommand(CommandIds.refreshExplorer, () => explorer.retry()),
    vscode.commands.registerCommand(CommandIds.filterExplorer, async () => {
      const text = await vscode.window.showInputBox({
        title: l10n.t('Filter the explorer'),
        prompt: l10n.t('Show only topics, queues, exchanges and groups whose name contains this (empty clears the filter)'),
        value: explorer.filter,
      });
      if (text === undefined) return;
      explorer.setFilter(text.trim());
    }),
  ];
}
