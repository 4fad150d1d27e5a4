import * as vscode from 'vscode';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import { SIMULATOR_CONNECTION } from '../services/connectionStore.js';
import type { SessionManager } from '../services/sessions.js';
import type { PanelManager } from '../panels/panelManager.js';
import { SimulatorPanel } from '../panels/simulatorPanel.js';
import { CommandIds } from './commandIds.js';

/** Open Simulator. */
export function registerSimulatorCommands(
  extensionUri: vscode.Uri,
  panels: PanelManager,
  sessions: SessionManager,
  log: ScopedLogger,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.openSimulator, async () => {
      try {
        panels.showOrCreate('simulator', () => new SimulatorPanel(extensionUri, log, async () => (await sessions.open(SIMULATOR_CONNECTION)).adapters));
      } catch (error) {
        await reportError(log, 'Opening the simulator', error);
      }
    }),
  ];
}
