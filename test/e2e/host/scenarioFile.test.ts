// Run Scenario File in the real extension host: a valid .scenario.json opens the simulator panel with
// its outcome; an invalid one is refused with one sentence naming the first problem.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PRESETS } from '../../../src/extension/core/simulator/presets/index.js';
import { waitForTab } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

const TITLE = 'BrokerLens Simulator';

async function writeFile(name: string, content: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return uri;
}

describe('Run Scenario File', () => {
  it('runs a valid scenario on both models and shows the simulator panel', async () => {
    const scenario = PRESETS.find((p) => p.id === 'orderConfirmationEmail')!.scenario;
    const uri = await writeFile('order-email.scenario.json', JSON.stringify(scenario, null, 2));
    await vscode.window.showTextDocument(uri);
    const { messages } = await withScriptedUi([], () => vscode.commands.executeCommand('brokerlens.simulator.runScenario', uri));
    assert.deepEqual(messages.filter((m) => m.startsWith('error')), []);
    const tab = await waitForTab(TITLE);
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(tab);
  });

  it('refuses an invalid scenario with the first problem and its path', async () => {
    const uri = await writeFile('broken.scenario.json', JSON.stringify({ version: 1, name: 'broken', seed: 1, untilIdle: true, topology: {}, producers: [{ id: 'p' }], consumers: [] }));
    const { messages } = await withScriptedUi([undefined], () => vscode.commands.executeCommand('brokerlens.simulator.runScenario', uri));
    const error = messages.find((m) => m.startsWith('error: '));
    assert.ok(error, messages.join('\n'));
    assert.match(error, /^error: broken\.scenario\.json has \d+ problems \(first: topology\.rabbitmq: required\); fix them and run it again\. The BrokerLens log lists them all\.$/);
  });
});
