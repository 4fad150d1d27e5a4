// The Scenarios node of the Simulator connection in the real extension host: it lists the
// workspace's *.scenario.json files (a new file appears, a deleted one goes) and every preset, each
// row with the inline Open in Simulator and Compare, and those actions open the panels.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PRESETS } from '../../../src/extension/core/simulator/presets/index.js';
import { api, child, findTab, until } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

describe('Explorer: the Scenarios node', () => {
  const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;

  it('lists scenario files and presets with inline Open in Simulator and Compare, which open the panels', async () => {
    const a = await api();
    const sim = await child(a, undefined, 'Simulator');
    const scenarios = await child(a, sim, 'Scenarios');
    const uri = vscode.Uri.joinPath(folder(), 'explorer-node.scenario.json');
    const preset = PRESETS.find((p) => p.id === 'consumerCrash')!;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(preset.scenario, null, 2)));
    try {
      const fileNode = await until('the new file under Scenarios', async () => {
        for (const node of await a.explorer.getChildren(scenarios)) {
          const item = await node.getTreeItem();
          if (item.resourceUri?.toString() === uri.toString()) return node;
        }
        return undefined;
      });
      const fileItem = await fileNode.getTreeItem();
      assert.equal(fileItem.label, 'explorer-node.scenario.json');
      assert.equal(fileItem.contextValue, 'scenario.file');
      assert.equal(fileItem.command?.command, 'vscode.open');

      const rows = await Promise.all((await a.explorer.getChildren(scenarios)).map((n) => n.getTreeItem()));
      const presets = rows.filter((r) => r.contextValue === 'scenario.preset');
      assert.equal(presets.length, PRESETS.length, 'every preset is listed');
      assert.ok(presets.every((r) => typeof r.label === 'string' && r.label.length > 0 && r.description === 'preset'));

      // The inline actions the manifest puts on both kinds of row.
      const menus = vscode.extensions.getExtension('brokerlens.brokerlens')!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
      for (const command of ['brokerlens.scenario.openInSimulator', 'brokerlens.scenario.compare']) {
        const inline = menus.find((m) => m.command === command && m.group?.startsWith('inline'));
        assert.ok(inline, `${command} is inline`);
        for (const ctx of ['scenario.file', 'scenario.preset']) assert.match(ctx, new RegExp(/viewItem =~ \/(.*)\/$/.exec(inline.when)![1]!));
      }

      // Compare on the file row opens the Compare panel; Open in Simulator on a preset row opens the studio.
      const compared = await withScriptedUi([], () => vscode.commands.executeCommand('brokerlens.scenario.compare', fileNode));
      assert.deepEqual(compared.messages.filter((m) => m.startsWith('error')), []);
      const compare = await until('the Compare tab', () => findTab('BrokerLens Compare'));
      await vscode.window.tabGroups.close(compare);

      const presetNode = (await a.explorer.getChildren(scenarios)).find((_, i) => rows[i]!.contextValue === 'scenario.preset')!;
      const opened = await withScriptedUi([], () => vscode.commands.executeCommand('brokerlens.scenario.openInSimulator', presetNode));
      assert.deepEqual(opened.messages.filter((m) => m.startsWith('error')), []);
      const simulator = await until('the Simulator tab', () => findTab('BrokerLens Simulator'));
      await vscode.window.tabGroups.close(simulator);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await until('the deleted file to leave Scenarios', async () => {
      const items = await Promise.all((await a.explorer.getChildren(scenarios)).map((n) => n.getTreeItem()));
      return items.some((i) => i.resourceUri?.toString() === uri.toString()) ? undefined : true;
    });
  });
});
