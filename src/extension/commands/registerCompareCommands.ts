/**
 * The Compare panel and scenario files in the editor: Compare Queue and Log (a preset from a picker,
 * or a scenario file), Save Preset as Scenario File, the "Open in Simulator" / "Compare" CodeLens on
 * `*.scenario.json`, and the serializer that brings the Compare panel back after a reload.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { presetById } from '../core/simulator/index.js';
import { COMPARE_VIEW_TYPE, ComparePanel, type ComparePageState } from '../panels/comparePanel.js';
import { presetText, presetTexts } from '../panels/compare/presetText.js';
import type { PanelManager } from '../panels/panelManager.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import { CommandIds } from './commandIds.js';
import type { CompareAccess } from './registerRealRunCommands.js';
import type { SimulatorAccess } from './registerSimulatorCommands.js';
import { readScenarioFile, saveScenarioFile, type ScenarioFile } from './scenarioFiles.js';

/** Asks for a preset; undefined when the user closes the picker. */
async function pickPreset(placeHolder: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    presetTexts().map((p) => ({ label: p.title, detail: p.lookFor, id: p.id })),
    { placeHolder, matchOnDetail: true },
  );
  return picked?.id;
}

/** The two lenses on the first line of every scenario file. */
class ScenarioCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // Registered for JSON documents of any scheme (remote workspaces too); the name decides.
    if (!document.uri.path.endsWith('.scenario.json')) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: l10n.t('Open in Simulator'), command: CommandIds.runScenarioFile, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: l10n.t('Compare'), command: CommandIds.compare, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: l10n.t('Run on Real Brokers'), command: CommandIds.runOnRealBrokers, arguments: [document.uri] }),
    ];
  }
}

/** What the Compare commands need. */
export interface CompareCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly panels: PanelManager;
  readonly log: ScopedLogger;
  /** Reaches the Simulator panel (Open in Simulator), once registerSimulatorCommands filled it in. */
  readonly simulator: Partial<SimulatorAccess>;
  /** Filled in here, for "Run on Real Brokers" (registerRealRunCommands). */
  readonly compareAccess?: Partial<CompareAccess>;
}

/** Registers the Compare commands and the scenario CodeLens. */
export function registerCompareCommands({ extensionUri, panels, log, simulator, compareAccess }: CompareCommandDeps): vscode.Disposable[] {
  const create = (existing?: vscode.WebviewPanel): ComparePanel =>
    new ComparePanel({
      extensionUri,
      log,
      ...(existing ? { existing } : {}),
      saveScenario: async (scenario) => {
        await saveScenarioFile(scenario, log);
      },
      openInSimulator: async (source, scenario) => {
        if (source.kind === 'preset') simulator.openPreset?.(source.id);
        else if (source.uri) {
          const uri = vscode.Uri.parse(source.uri);
          await simulator.runFile?.({ uri, name: uri.path.split('/').pop() ?? source.id, id: source.id, scenario });
        }
      },
      runOnRealBrokers: async (source) => {
        await vscode.commands.executeCommand(CommandIds.runOnRealBrokers, source.kind === 'preset' ? source.id : source.uri ? vscode.Uri.parse(source.uri) : undefined);
      },
    });
  const openPanel = (existing?: vscode.WebviewPanel): ComparePanel => panels.showOrCreate('compare', () => create(existing));
  const compareFile = async (file: ScenarioFile, panel = openPanel(), at?: ComparePageState): Promise<void> => {
    const lookFor = file.scenario.description ?? l10n.t('Your scenario from {0}. Each row of the table is counted from this run: pick one to see the moment that shows it.', vscode.workspace.asRelativePath(file.uri));
    await panel.compare({ kind: 'file', id: file.id, title: `${file.scenario.name} (${file.name})`, lookFor, uri: file.uri.toString() }, file.scenario, at);
  };

  if (compareAccess) {
    compareAccess.open = async (target) => {
      if (target instanceof vscode.Uri) {
        const file = await readScenarioFile(target, log);
        if (!file) return undefined;
        const panel = openPanel();
        await compareFile(file, panel);
        return panel;
      }
      const panel = openPanel();
      await panel.comparePreset(target);
      return panel;
    };
  }

  return [
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
        // After a window reload: the page's setState names the workload and the moment; run it again (it is deterministic).
        const panel = openPanel(webviewPanel);
        const saved = (state ?? {}) as ComparePageState;
        const at = { ...(typeof saved.timeMs === 'number' ? { timeMs: saved.timeMs } : {}), ...(saved.row ? { row: saved.row } : {}) };
        try {
          if (saved.source?.kind === 'file' && saved.source.uri) {
            const file = await readScenarioFile(vscode.Uri.parse(saved.source.uri), log);
            if (file) await compareFile(file, panel, at);
          } else if (saved.source?.kind === 'preset' && presetById(saved.source.id)) await panel.comparePreset(saved.source.id, at);
          // A run on real brokers is not run again after a reload: the page kept its result.
          if (saved.realRun !== undefined) panel.restoreRealRun(saved.realRun);
        } catch (error) {
          log.warn(`compare: could not restore ${JSON.stringify(saved.source)}: ${(error as Error).message}`);
        }
      },
    }),
    vscode.languages.registerCodeLensProvider([{ language: 'json' }, { language: 'jsonc' }], new ScenarioCodeLens()),
    vscode.commands.registerCommand(CommandIds.compare, async (arg?: vscode.Uri | string) => {
      try {
        if (arg instanceof vscode.Uri) {
          const file = await readScenarioFile(arg, log);
          if (file) await compareFile(file);
          return;
        }
        const id = typeof arg === 'string' && presetText(arg) ? arg : await pickPreset(l10n.t('Pick a workload to run on the queue and on the log'));
        if (id) await openPanel().comparePreset(id);
      } catch (error) {
        await reportError(log, l10n.t('Comparing the models'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.savePreset, async (id?: string, target?: vscode.Uri) => {
      try {
        const chosen = typeof id === 'string' && presetById(id) ? id : await pickPreset(l10n.t('Pick a preset to save as a scenario file you can edit'));
        const preset = chosen ? presetById(chosen) : undefined;
        if (!preset) return;
        await saveScenarioFile({ ...preset.scenario, description: preset.scenario.description ?? preset.explanation }, log, target instanceof vscode.Uri ? target : undefined);
      } catch (error) {
        await reportError(log, l10n.t('Saving the preset'), error);
      }
    }),
  ];
}
