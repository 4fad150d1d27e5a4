// Regression tests of issue 14's fixes that live in vscode-bound code, run in the real extension host:
// - Delete asks for the name to be typed and hands the adapter what was typed, which refuses a mismatch
//   (defect 10: the command used to pass the node's own name twice, so the adapter's check could not fail);
// - "connected <name>" is logged once per connect, not after every action;
// - a connection whose broker is down shows ONE error node with Retry (no notifications, no reconnect
//   loop), and Retry reconnects once the broker answers. The "broker" is a TCP relay of this test's own in
//   front of the shared Kafka: closed first, then opened (the shared brokers are never stopped).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BrokerLensApi } from '../../../src/extension/extension.js';
import type { ExplorerNode } from '../../../src/extension/tree/nodes/node.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { api, until } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

interface Row {
  readonly node: ExplorerNode;
  readonly label: string;
  readonly item: vscode.TreeItem;
}

async function labels(a: BrokerLensApi, parent?: ExplorerNode): Promise<Row[]> {
  const children = await a.explorer.getChildren(parent);
  return Promise.all(children.map(async (node) => {
    const item = await node.getTreeItem();
    return { node, item, label: typeof item.label === 'string' ? item.label : (item.label?.label ?? '') };
  }));
}

const child = async (a: BrokerLensApi, parent: ExplorerNode | undefined, label: string): Promise<ExplorerNode> => {
  const rows = await labels(a, parent);
  const found = rows.find((r) => r.label === label);
  assert.ok(found, `no "${label}" among ${rows.map((r) => r.label).join(' | ')}`);
  return found.node;
};

describe('Delete: the name typed goes to the adapter (simulator)', () => {
  it('asks for the name, deletes on the exact name, and the adapter refuses a typed mismatch', async () => {
    const a = await api();
    const sim = await child(a, undefined, 'Simulator');
    const kafkaModel = await child(a, sim, 'Kafka model');
    const topicsFolder = await child(a, kafkaModel, 'Topics');
    const adapter = a.sessions.peek('simulator')?.adapters.find((x) => x.kind === 'kafka');
    assert.ok(adapter, 'the simulator session is open');
    const keep = `polish.delete.keep.${randomUUID().slice(0, 8)}`;
    const gone = `polish.delete.gone.${randomUUID().slice(0, 8)}`;
    for (const name of [keep, gone]) await adapter.createDestination({ kind: 'topic', name, partitions: 1, replicationFactor: 1 });
    const topicNode = async (name: string): Promise<ExplorerNode> => child(a, topicsFolder, name);

    // The exact name: the box asked for it, and the topic is gone.
    const w = vscode.window as typeof vscode.window & Record<string, unknown>;
    const asked: vscode.InputBoxOptions[] = [];
    await withScriptedUi([gone], async () => {
      const scripted = w.showInputBox as typeof vscode.window.showInputBox;
      w.showInputBox = ((options?: vscode.InputBoxOptions) => {
        if (options) asked.push(options);
        return scripted(options);
      }) as typeof vscode.window.showInputBox;
      return vscode.commands.executeCommand('brokerlens.resource.delete', await topicNode(gone));
    });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.title, 'Delete topic');
    assert.match(asked[0]!.prompt ?? '', new RegExp(`Type "${gone.replace(/\./g, '\\.')}" to delete the topic`));
    assert.equal(await asked[0]!.validateInput?.(keep), `Type the exact name: ${gone}`, 'the box itself refuses another name');
    assert.ok(!(await adapter.listDestinations()).some((d) => d.name === gone), 'deleted');

    // Escape: nothing deleted.
    await withScriptedUi([undefined], async () => vscode.commands.executeCommand('brokerlens.resource.delete', await topicNode(keep)));
    assert.ok((await adapter.listDestinations()).some((d) => d.name === keep), 'kept on Escape');

    // A box that let a mismatch through (what defect 10 guarded against): the adapter gets the typed text and refuses.
    const node = await topicNode(keep);
    const { messages } = await withScriptedUi([undefined], async () => {
      w.showInputBox = (async () => `${keep}-typo`) as typeof vscode.window.showInputBox;
      return vscode.commands.executeCommand('brokerlens.resource.delete', node);
    });
    assert.ok((await adapter.listDestinations()).some((d) => d.name === keep), 'a mismatch deletes nothing');
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0]!, new RegExp(`^error: Deleting topic "${keep.replace(/\./g, '\\.')}" failed: the typed name "${keep.replace(/\./g, '\\.')}-typo" does not match\\. Type the topic name exactly to confirm\\.`));
    await adapter.deleteDestination(keep, keep);
  });

  it('deletes an empty consumer group from its row after the typed id, commits and all', async () => {
    const a = await api();
    const sim = await child(a, undefined, 'Simulator');
    const kafkaModel = await child(a, sim, 'Kafka model');
    const adapter = a.sessions.peek('simulator')?.adapters.find((x) => x.kind === 'kafka');
    assert.ok(adapter?.consumerGroups, 'the simulator session is open');
    const topic = `polish.delete.group.${randomUUID().slice(0, 8)}`;
    const groupId = `${topic}.readers`;
    await adapter.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1 });
    await adapter.consumerGroups.applyOffsetReset(await adapter.consumerGroups.previewOffsetReset({ groupId, topic, target: { kind: 'earliest' } }));
    const groupNode = await child(a, await child(a, kafkaModel, 'Consumer Groups'), groupId);
    const { messages } = await withScriptedUi([groupId], async () => vscode.commands.executeCommand('brokerlens.resource.delete', groupNode));
    assert.deepEqual(messages, [`info: Consumer group "${groupId}" and its committed offsets deleted.`]);
    assert.ok(!(await adapter.consumerGroups.listGroups()).some((g) => g.groupId === groupId), 'the group is gone');
    await adapter.deleteDestination(topic, topic);
  });
});

/**
 * The BrokerLens log file of this window: a LogOutputChannel writes <logs>/exthost1/brokerlens.brokerlens/
 * BrokerLens.log. The logs folder is found from VSCODE_LOGS when set, else from the e2e harness's layout
 * (XDG_CONFIG_HOME is <run>/host/home/config beside <run>/host/user-data).
 */
function brokerLensLog(): string | undefined {
  const xdg = process.env.XDG_CONFIG_HOME;
  const roots = [process.env.VSCODE_LOGS, xdg && path.resolve(xdg, '..', '..', 'user-data', 'logs')].filter((p): p is string => !!p);
  const seen: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (/BrokerLens\.log$/.test(e.name)) seen.push(p);
    }
  };
  for (const r of roots) walk(r, 0);
  return seen.sort((x, y) => fs.statSync(y).mtimeMs - fs.statSync(x).mtimeMs)[0];
}

describe('Log: "connected" once per connect', () => {
  it('logs "connected <name>" once however many actions reuse the session', async () => {
    const a = await api();
    const id = `polish-log-${randomUUID().slice(0, 8)}`;
    const name = `Polish Log ${id}`;
    const config = { kind: 'simulator' as const, id, name };
    try {
      for (let i = 0; i < 5; i++) await a.sessions.open(config);
      const adapter = a.sessions.peek(id)!.adapters[0]!;
      await adapter.listDestinations();
      await a.sessions.open(config);
      // The channel writes its file a little later (and creates it on its first line).
      const file = await until('the BrokerLens log file with the line', () => {
        const f = brokerLensLog();
        return f && fs.readFileSync(f, 'utf8').includes(`connected ${name} (simulator)`) ? f : undefined;
      }, 10_000).catch((e: Error) => {
        throw new Error(`${e.message} (env: ${Object.keys(process.env).filter((k) => /VSCODE_LOG|XDG/.test(k)).map((k) => `${k}=${process.env[k]}`).join(' ')})`);
      });
      const count = (): number => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(`connected ${name} (simulator)`)).length;
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(count(), 1, 'five opens and an action on one connection: one line');
      await a.sessions.close(id);
      await a.sessions.open(config);
      await until('the second line', () => (count() >= 2 ? true : undefined), 10_000);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(count(), 2, 'a new connect after a disconnect logs again, once');
    } finally {
      await a.sessions.close(id);
    }
  });
});

/** A TCP relay on a fixed port to the real broker; closed = nothing listening there. */
class Relay {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  static async freePort(): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = undefined;
  }
}

describe('Explorer: a connection whose broker is down (real Kafka behind a relay)', function () {
  const config = () => vscode.workspace.getConfiguration('brokerlens');
  let saved: unknown;
  let relay: Relay | undefined;
  const id = `polish-down-${randomUUID().slice(0, 8)}`;
  const name = `Polish Down ${id.slice(-8)}`;
  before(async function () {
    const gate = await brokerGate('kafka');
    gate.assertRequired();
    if (gate.skip) this.skip();
    saved = config().inspect('connections')?.globalValue;
  });
  after(async () => {
    const a = await api();
    await a.sessions.close(id);
    await relay?.close();
    await config().update('connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('shows one error node with Retry, no notification and no reconnect loop; Retry reconnects once the broker answers', async () => {
    this.timeout(120_000);
    const a = await api();
    const [host, port] = brokerEnv.kafkaBrokers[0]!.split(':');
    relay = new Relay(await Relay.freePort(), { host: host!, port: Number(port) });
    await config().update('connections', [
      ...(Array.isArray(saved) ? saved : []),
      { kind: 'kafka', id, name, brokers: [`127.0.0.1:${relay.port}`], connectionTimeoutMs: 2_000, requestTimeoutMs: 5_000 },
    ], vscode.ConfigurationTarget.Global);
    const connection = await until('the connection row', async () => (await labels(a)).find((r) => r.label === name)?.node, 20_000);

    // Count what VS Code itself asks the tree for, and every state change of the connection.
    const served: { parent: string | undefined; ids: string[] }[] = [];
    const original = a.explorer.getChildren.bind(a.explorer);
    a.explorer.getChildren = async (node?: ExplorerNode) => {
      const out = await original(node);
      served.push({ parent: node?.id, ids: out.map((n) => n.id) });
      return out;
    };
    const states: string[] = [];
    const sub = a.sessions.onDidChangeState((c) => {
      if (c.connectionId === id) states.push(c.state);
    });
    try {
      const { messages } = await withScriptedUi([], async () => {
        // Expanding it in the view, as a user would: VS Code loads its children.
        await a.treeView.reveal(connection, { expand: true, focus: false, select: false });
        await until('VS Code got the error node', () => served.find((s) => s.parent === connection.id && s.ids.some((i) => i.endsWith('/error'))), 60_000);
        // Long enough for a loop (a failure refreshes the tree; a refresh must not reconnect by itself).
        await new Promise((r) => setTimeout(r, 6_000));
      });
      const forConnection = served.filter((s) => s.parent === connection.id);
      assert.deepEqual(forConnection.at(-1)!.ids, [`${connection.id}/error`], 'one error node and nothing else');
      const attempts = states.filter((s) => s === 'connecting').length;
      assert.ok(attempts <= 2, `connect attempts without a Retry: ${attempts} (states: ${states.join(' ')})`);
      assert.deepEqual(messages, [], 'no notification for a broker that is down');
      assert.equal(a.sessions.state(id), 'failed');

      const rows = await labels(a, connection);
      assert.equal(rows.length, 1);
      const error = rows[0]!;
      assert.equal(error.item.contextValue, 'message.error');
      assert.equal(error.item.description, 'click to retry');
      assert.equal(error.item.command?.command, 'brokerlens.explorer.refresh');
      assert.match(error.label, /^Connecting to Kafka failed: .*nothing is listening|^Connecting to Kafka failed: /);
      assert.ok(!error.label.includes('\n'));

      // The broker comes back; the user clicks the error node (its command is Retry).
      await relay.open();
      const before = served.length;
      await vscode.commands.executeCommand(error.item.command!.command, ...(error.item.command!.arguments ?? []));
      await until('connected after Retry', () => (a.sessions.state(id) === 'connected' ? true : undefined), 60_000);
      const after = await until('VS Code got the connection\'s folders', () => served.slice(before).find((s) => s.parent === connection.id && !s.ids.some((i) => i.endsWith('/error'))), 30_000);
      assert.ok(after.ids.length >= 2, after.ids.join(' | '));
      const folders = (await labels(a, connection)).map((r) => r.label);
      assert.ok(folders.includes('Topics'), folders.join(' | '));
    } finally {
      sub.dispose();
      a.explorer.getChildren = original;
    }
  });
});
