import * as vscode from 'vscode';
import type { Logger } from '../services/logger.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { CommandIds } from './commandIds.js';

/** Refresh and Show Log. */
export function registerGeneralCommands(logger: Logger, explorer: ExplorerProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.showLog, () => logger.show()),
    vscode.commands.registerCommand(CommandIds.refreshExplorer, () => explorer.refresh()),
  ];
}
