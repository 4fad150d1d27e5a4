// Explorer behaviour a new user meets (issue 14): the "Add a connection…" node while there is no
// connection of the user's own; connections written into settings.json by hand show at once, and an
// entry that cannot be used shows as an error node saying what is wrong; Create Topic reveals and
// selects the new topic without reloading the whole tree.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { BrokerLensApi } from '../../../src/extension/extension.js';
import type { ExplorerNode } from '../../../src/extension/tree/nodes/node.js';
import { withScriptedUi } from './scriptedUi.js';

async function api(): Promise<BrokerLensApi> {
  const ext = vscode.extensions.getExtension<BrokerLensApi>('brokerlens.brokerlens');
  assert.ok(ext);
  return ext.activate();
}

async function labels(a: BrokerLensApi, parent?: ExplorerNode): Promise<{ node: ExplorerNode; label: string; item: vscode.TreeItem }[]> {
  const children = await a.explorer.getChildren(parent);
  return Promise.all(children.map(async (node) => {
    const item = await node.getTreeItem();
    return { node, item, label: typeof item.label === 'string' ? item.label : (item.label?.label ?? '') };
  }));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Explorer: first run and hand-edited settings', () => {
  const config = () => vscode.workspace.getConfiguration('brokerlens');
  let saved: unknown;
  before(() => {
    saved = config().inspect('connections')?.globalValue;
  });
  after(async () => {
    await config().update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('shows "Add a connection…" while there is no connection of the user\'s own', async () => {
    const a = await api();
    await config().update('connections', [], vscode.ConfigurationTarget.Global);
    const hint = await until('the hint node', async () => (await labels(a)).find((r) => r.label === 'Add a connection…'));
    assert.equal(hint.item.command?.command, 'brokerlens.connection.add');
  });

  it('a TLS connection added to settings.json by hand shows at once; a malformed one is an error node', async () => {
    const a = await api();
    const name = `Hand TLS ${randomUUID().slice(0, 6)}`;
    await config().update('connections', [
      { kind: 'kafka', id: `hand-${randomUUID().slice(0, 8)}`, name, brokers: ['127.0.0.1:9095'], tls: { caFile: '/nonexistent/ca.crt' } },
      { kind: 'kafka', id: 'broken', name: 'Broken', brokers: 'not-a-list' },
    ], vscode.ConfigurationTarget.Global);
    const rows = await until('the hand-written connection', async () => {
      const r = await labels(a);
      return r.some((x) => x.label === name) ? r : undefined;
    });
    const problem = rows.find((r) => r.item.contextValue === 'message.error');
    assert.ok(problem, rows.map((r) => r.label).join(' | '));
    assert.match(problem.label, /A connection in user settings cannot be used: entry 2 \("Broken"\) field brokers/);
    assert.equal(problem.item.command?.command, 'workbench.action.openSettingsJson');
    assert.ok(!rows.some((r) => r.label === 'Add a connection…'), 'no hint once the user has a connection');
  });
});

describe('Explorer: Create Topic reveals the new topic', () => {
  it('selects the new topic under the simulator\'s Topics folder', async () => {
    const a = await api();
    const sim = (await labels(a)).find((r) => r.label === 'Simulator')!.node;
    const kafkaModel = (await labels(a, sim)).find((r) => r.label === 'Kafka model')!.node;
    const topics = (await labels(a, kafkaModel)).find((r) => r.label === 'Topics')!.node;
    await a.treeView.reveal(topics, { expand: true });
    const topic = `harden.reveal.${randomUUID().slice(0, 8)}`;
    await withScriptedUi([topic, '2', '1'], () => vscode.commands.executeCommand('brokerlens.topic.create', topics));
    const selected = await until('the new topic selected', async () => {
      const s = a.treeView.selection[0];
      return s?.copyName === topic ? s : undefined;
    });
    assert.equal(selected.id, `${topics.id}/${topic}`);
  });
});
