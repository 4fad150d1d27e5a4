/**
 * Scenario files from the editor's side: read and check a `*.scenario.json` (problems go to the log,
 * one sentence to the user), and write one where the user picks (Save as Scenario File, presets
 * saved to edit).
 */
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { loadScenarioRecordings } from '../core/recordings/recordingWorkload.js';
import { parseScenario, scenarioFileName, scenarioFileText, type Scenario } from '../core/simulator/index.js';
import type { ScopedLogger } from '../services/logger.js';
import { CommandIds } from './commandIds.js';

/** A checked scenario file. */
export interface ScenarioFile {
  readonly uri: vscode.Uri;
  /** The file's base name. */
  readonly name: string;
  /** An id the panels list it under (letters, digits, - and _). */
  readonly id: string;
  readonly scenario: Scenario;
}

/**
 * Reads `uri` (or the active editor's file; unsaved edits included) and checks it. Undefined, after
 * telling the user, when there is no file or it is not a valid scenario.
 */
export async function readScenarioFile(uri: vscode.Uri | undefined, log: ScopedLogger): Promise<ScenarioFile | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage(l10n.t('Open a .scenario.json file first; docs/scenarios.md describes the format.'));
    return undefined;
  }
  // openTextDocument returns the editor's text when the file is open, unsaved edits included.
  const document = await vscode.workspace.openTextDocument(target);
  const name = path.basename(target.path);
  const checked = parseScenario(document.getText());
  // A producer may name a recording as its workload: load it now, so a run never reads the disk.
  const folder = (vscode.workspace.getWorkspaceFolder(target) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
  const loaded = checked.ok ? await loadScenarioRecordings(checked.scenario, folder) : undefined;
  const parsed = loaded && loaded.problems.length > 0 ? { ok: false as const, problems: loaded.problems } : loaded ? { ok: true as const, scenario: loaded.scenario } : checked;
  if (!parsed.ok) {
    log.error(`${name} is not a valid scenario:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`);
    const showLog = l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(
      parsed.problems.length === 1
        ? l10n.t('{0} has 1 problem (first: {1}); fix it and run it again. The BrokerLens log lists it.', name, parsed.problems[0] ?? '')
        : l10n.t('{0} has {1} problems (first: {2}); fix them and run it again. The BrokerLens log lists them all.', name, parsed.problems.length, parsed.problems[0] ?? ''),
      showLog,
    );
    if (choice) await vscode.commands.executeCommand(CommandIds.showLog);
    return undefined;
  }
  const id = `file-${name.replace(/\.scenario\.json$/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 80);
  return { uri: target, name, id, scenario: parsed.scenario };
}

/**
 * Asks where to save `scenario` (in the first workspace folder by default), writes it and opens it
 * in an editor. `target` skips the question (tests, or a caller that knows the place).
 */
export async function saveScenarioFile(scenario: Scenario, log: ScopedLogger, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, scenarioFileName(scenario)) } : {}),
      filters: { [l10n.t('Scenario files')]: ['scenario.json'] },
      saveLabel: l10n.t('Save Scenario'),
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(scenarioFileText(scenario)));
  log.info(`scenario "${scenario.name}" saved to ${uri.toString()}`);
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
