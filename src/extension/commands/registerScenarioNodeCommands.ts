/**
 * The inline actions of a scenario row in the explorer (tree/nodes/scenarioNodes.ts): Open in
 * Simulator and Compare, for a workspace file (the same commands as its CodeLens) or a preset.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import { ScenarioNode } from '../tree/nodes/scenarioNodes.js';
import { CommandIds } from './commandIds.js';
import type { SimulatorAccess } from './registerSimulatorCommands.js';

/** What these commands need. */
export interface ScenarioNodeCommandDeps {
  readonly log: ScopedLogger;
  /** Filled in by registerSimulatorCommands. */
  readonly simulator: Partial<SimulatorAccess>;
}

export function registerScenarioNodeCommands({ log, simulator }: ScenarioNodeCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.openScenarioInSimulator, async (node?: unknown) => {
      if (!(node instanceof ScenarioNode)) return;
      try {
        const s = node.source;
        if (s.kind === 'file') await vscode.commands.executeCommand(CommandIds.runScenarioFile, s.uri);
        else if (simulator.openPreset) simulator.openPreset(s.id);
        else await vscode.commands.executeCommand(CommandIds.openSimulator);
      } catch (error) {
        await reportError(log, l10n.t('Opening the scenario in the simulator'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.compareScenario, async (node?: unknown) => {
      if (!(node instanceof ScenarioNode)) return;
      try {
        const s = node.source;
        await vscode.commands.executeCommand(CommandIds.compare, s.kind === 'file' ? s.uri : s.id);
      } catch (error) {
        await reportError(log, l10n.t('Comparing the scenario'), error);
      }
    }),
  ];
}
