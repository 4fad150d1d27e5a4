import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseScenario } from '../core/simulator/index.js';
import type { PanelManager } from '../panels/panelManager.js';
import { runScenarioComparison } from '../panels/simulator/presetOutcome.js';
import { SIMULATOR_VIEW_TYPE, SimulatorPanel } from '../panels/simulatorPanel.js';
import { SIMULATOR_CONNECTION } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { CommandIds } from './commandIds.js';
import { withCancellableProgress } from './progress.js';

/** Workspace-storage key of the simulator studio. */
const STUDIO_STATE_KEY = 'brokerlens.simulator.studio';

/** What the simulator commands need. */
export interface SimulatorCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly panels: PanelManager;
  readonly sessions: SessionManager;
  readonly log: ScopedLogger;
  /** Where the studio keeps its state across reloads. */
  readonly workspaceState: vscode.Memento;
}

/** Open Simulator and Run Scenario File, and the serializer that brings the panel back after a reload. */
export function registerSimulatorCommands({ extensionUri, panels, sessions, log, workspaceState }: SimulatorCommandDeps): vscode.Disposable[] {
  const create = (existing?: vscode.WebviewPanel): SimulatorPanel =>
    new SimulatorPanel({
      extensionUri,
      log,
      adapters: async () => (await sessions.open(SIMULATOR_CONNECTION)).adapters,
      storage: { get: () => workspaceState.get<string>(STUDIO_STATE_KEY), set: (value) => workspaceState.update(STUDIO_STATE_KEY, value) },
      existing,
      warn: (message) => void vscode.window.showWarningMessage(message),
    });
  const openPanel = (): SimulatorPanel => panels.showOrCreate('simulator', () => create());

  return [
    vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        // After a window reload: the same panel, its page state (setState) and the studio from workspace storage.
        panels.showOrCreate('simulator', () => create(panel));
      },
    }),
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
        openPanel().showFileRun({ id, title: `${scenario.name} (${file})`, contrast: 'your scenario', explanation: scenario.description ?? `From ${vscode.workspace.asRelativePath(target)}.` }, scenario, comparison);
      } catch (error) {
        await reportError(log, 'Running the scenario', error);
      }
    }),
  ];
}
