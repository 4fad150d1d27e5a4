import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseScenario } from '../core/simulator/scenario/validate.js';
import type { PanelManager } from '../panels/panelManager.js';
import { runScenarioComparison } from '../panels/simulator/presetOutcome.js';
import { SimulatorPanel } from '../panels/simulatorPanel.js';
import { SIMULATOR_CONNECTION } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { CommandIds } from './commandIds.js';
import { withCancellableProgress } from './progress.js';

/** Open Simulator and Run Scenario File. */
export function registerSimulatorCommands(
  extensionUri: vscode.Uri,
  panels: PanelManager,
  sessions: SessionManager,
  log: ScopedLogger,
): vscode.Disposable[] {
  const openPanel = (): SimulatorPanel =>
    panels.showOrCreate('simulator', () => new SimulatorPanel(extensionUri, log, async () => (await sessions.open(SIMULATOR_CONNECTION)).adapters));

  return [
    vscode.commands.registerCommand(CommandIds.openSimulator, async () => {
      try {
        openPanel();
      } catch (error) {
        await reportError(log, 'Opening the simulator', error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.runScenarioFile, async (uri?: vscode.Uri) => {
      try {
        const target = uri ?? vscode.window.activeTextEditor?.document.uri;
        if (!target) {
          void vscode.window.showInformationMessage('Open a .scenario.json file first; docs/scenarios.md describes the format.');
          return;
        }
        // openTextDocument returns the editor's text when the file is open, unsaved edits included.
        const document = await vscode.workspace.openTextDocument(target);
        const file = path.basename(target.path);
        const parsed = parseScenario(document.getText());
        if (!parsed.ok) {
          log.error(`${file} is not a valid scenario:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`);
          const first = parsed.problems[0];
          const choice = await vscode.window.showErrorMessage(
            `${file} has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'} (first: ${first}); fix them and run it again. The BrokerLens log lists them all.`,
            'Show Log',
          );
          if (choice) await vscode.commands.executeCommand(CommandIds.showLog);
          return;
        }
        const scenario = parsed.scenario;
        const id = `file-${file.replace(/\.scenario\.json$/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 80);
        const comparison = await withCancellableProgress(`Running ${scenario.name} on both models…`, (signal, report) =>
          runScenarioComparison(id, scenario, { signal, onProgress: (t) => report(`${(t / 1000).toFixed(0)} s simulated`) }),
        );
        openPanel().showFileRun({ id, title: `${scenario.name} (${file})`, contrast: 'your scenario', explanation: scenario.description ?? `From ${vscode.workspace.asRelativePath(target)}.` }, comparison);
      } catch (error) {
        await reportError(log, 'Running the scenario', error);
      }
    }),
  ];
}
