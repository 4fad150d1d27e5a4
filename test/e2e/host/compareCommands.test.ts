// Compare and scenario files in the real extension host: the CodeLens on a .scenario.json, Compare
// on a file opens the Compare panel, Save Preset as Scenario File writes a file that parses back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PRESETS } from '../../../src/extension/core/simulator/presets/index.js';
import { parseScenario } from '../../../src/extension/core/simulator/scenario/validate.js';
import { findTab, until } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

describe('Compare and scenario files', () => {
  const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;

  it('puts Open in Simulator, Compare and Run on Real Brokers on a scenario file, and Compare opens the Compare panel', async () => {
    // The file is written after the window opened, so workspaceContains did not activate BrokerLens: a user would have run a command.
    await vscode.extensions.getExtension('brokerlens.brokerlens')!.activate();
    const uri = vscode.Uri.joinPath(folder(), 'crash.scenario.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(PRESETS.find((p) => p.id === 'consumerCrash')!.scenario, null, 2)));
    const editor = await vscode.window.showTextDocument(uri);
    let seen = '';
    const lenses = await until('the CodeLens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      seen = `${editor.document.languageId}: ${JSON.stringify((found ?? []).map((l) => l.command?.title ?? '(unresolved)'))}`;
      const mine = (found ?? []).filter((l) => l.command?.command.startsWith('brokerlens.'));
      return mine.length >= 3 ? mine : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message} (${seen})`);
    });
    assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command]), [['Open in Simulator', 'brokerlens.simulator.runScenario'], ['Compare', 'brokerlens.simulator.compare'], ['Run on Real Brokers', 'brokerlens.realRuns.run']]);
    const { messages } = await withScriptedUi([], () => vscode.commands.executeCommand('brokerlens.simulator.compare', uri));
    assert.deepEqual(messages.filter((m) => m.startsWith('error')), []);
    const compare = await until('the Compare tab', () => findTab('BrokerLens Compare'));
    assert.ok(compare.input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(compare);
  });

  it('saves a preset as a scenario file that parses back to the same workload', async () => {
    const target = vscode.Uri.joinPath(folder(), 'saved-burst.scenario.json');
    await vscode.commands.executeCommand('brokerlens.simulator.savePreset', 'burstOverload', target);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const parsed = parseScenario(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('; '));
    const preset = PRESETS.find((p) => p.id === 'burstOverload')!.scenario;
    assert.equal(parsed.scenario.name, preset.name);
    assert.deepEqual(parsed.scenario.events, preset.events);
  });
});
