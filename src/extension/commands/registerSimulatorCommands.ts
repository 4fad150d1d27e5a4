import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { scenarioWithInjections } from '../core/simulator/index.js';
import type { PanelManager } from '../panels/panelManager.js';
import { runScenarioComparison } from '../panels/simulator/presetOutcome.js';
import { SIMULATOR_VIEW_TYPE, SimulatorPanel } from '../panels/simulatorPanel.js';
import { SIMULATOR_CONNECTION } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { CommandIds } from './commandIds.js';
import { withCancellableProgress } from './progress.js';
import { readScenarioFile, saveScenarioFile, type ScenarioFile } from './scenarioFiles.js';

/** Workspace-storage key of the simulator studio. */
const STUDIO_STATE_KEY = 'brokerlens.simulator.studio';

/** What other commands (Compare, the scenario CodeLens) ask of the Simulator panel; set by registerSimulatorCommands. */
export interface SimulatorAccess {
  /** Runs a scenario file on both models, shows the outcome and loads it into the studio. */
  runFile: (file: ScenarioFile) => Promise<void>;
  /** Loads a preset into the studio. */
  openPreset: (id: string) => void;
}

/** What the simulator commands need. */
export interface SimulatorCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly panels: PanelManager;
  readonly sessions: SessionManager;
  readonly log: ScopedLogger;
  /** Where the studio keeps its state across reloads. */
  readonly workspaceState: vscode.Memento;
  /** Filled in here for the other commands (Compare, the scenario CodeLens). */
  readonly simulator?: Partial<SimulatorAccess>;
}

/**
 * Open Simulator, Run Scenario File and Save as Scenario File, and the serializer that brings the
 * panel back after a reload.
 */
export function registerSimulatorCommands({ extensionUri, panels, sessions, log, workspaceState, simulator = {} }: SimulatorCommandDeps): vscode.Disposable[] {
  const create = (existing?: vscode.WebviewPanel): SimulatorPanel =>
    new SimulatorPanel({
      extensionUri,
      log,
      adapters: async () => (await sessions.open(SIMULATOR_CONNECTION)).adapters,
      storage: { get: () => workspaceState.get<string>(STUDIO_STATE_KEY), set: (value) => workspaceState.update(STUDIO_STATE_KEY, value) },
      existing,
      warn: (message) => void vscode.window.showWarningMessage(message),
      comparePreset: (id) => void vscode.commands.executeCommand(CommandIds.compare, id),
    });
  let current: SimulatorPanel | undefined;
  const track = (panel: SimulatorPanel): SimulatorPanel => {
    if (current !== panel) {
      current = panel;
      panel.onDidDispose(() => {
        if (current === panel) current = undefined;
      });
    }
    return panel;
  };
  const openPanel = (): SimulatorPanel => track(panels.showOrCreate('simulator', () => create()));

  /** Runs a scenario file on both models, shows its outcome in the simulator panel and loads it into the studio. */
  const runFileInSimulator = async (file: ScenarioFile): Promise<void> => {
    const { scenario, id } = file;
    const comparison = await withCancellableProgress(l10n.t('Running {0} on both models…', scenario.name), (signal, report) =>
      runScenarioComparison(id, scenario, { signal, onProgress: (t) => report(l10n.t('{0} s simulated', (t / 1000).toFixed(0))) }),
    );
    const panel = openPanel();
    panel.showFileRun({ id, title: `${scenario.name} (${file.name})`, contrast: l10n.t('your scenario'), explanation: scenario.description ?? l10n.t('From {0}.', vscode.workspace.asRelativePath(file.uri)) }, scenario, comparison);
    panel.studioHost.load(id);
  };
  simulator.runFile = runFileInSimulator;
  simulator.openPreset = (id: string): void => {
    openPanel().studioHost.load(id);
  };

  return [
    vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        // After a window reload: the same panel, its page state (setState) and the studio from workspace storage.
        track(panels.showOrCreate('simulator', () => create(panel)));
      },
    }),
    vscode.commands.registerCommand(CommandIds.openSimulator, async () => {
      try {
        openPanel();
      } catch (error) {
        await reportError(log, l10n.t('Opening the simulator'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.runScenarioFile, async (uri?: vscode.Uri) => {
      try {
        const file = await readScenarioFile(uri, log);
        if (!file) return;
        await runFileInSimulator(file);
      } catch (error) {
        await reportError(log, l10n.t('Running the scenario'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.saveScenario, async () => {
      try {
        const panel = current;
        if (!panel) {
          void vscode.window.showInformationMessage(l10n.t('Open the simulator and set up a run in its studio first; Save as Scenario File writes that set-up and the events you injected.'));
          return;
        }
        const session = panel.studioHost.session;
        await saveScenarioFile(scenarioWithInjections(session.scenario, session.runs[0]?.commands ?? []), log);
      } catch (error) {
        await reportError(log, l10n.t('Saving the scenario'), error);
      }
    }),
  ];
}
