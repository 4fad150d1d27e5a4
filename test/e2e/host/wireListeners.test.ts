// The simulator's Kafka listener in the real extension host: Start Simulator Listeners, an ordinary
// kafkajs client (the user's service) produces to the simulator's demo topic, the client shows under
// Simulator › Listeners › Kafka with its client id and traffic, the record is in the same engine the
// explorer shows, Disconnect Client closes it, Stop Simulator Listeners stops everything.
import * as assert from 'node:assert/strict';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import * as vscode from 'vscode';
import { api, child, label, until } from './hostApi.js';

describe('Simulator listeners: the user\'s own Kafka client on the simulator', () => {
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('brokerlens.simulator.listeners');

  before(async () => {
    // An ephemeral port: the default 19092 may be taken on a shared machine.
    await settings().update('kafka.port', 0, vscode.ConfigurationTarget.Global);
    await settings().update('amqp.port', 0, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('brokerlens.simulator.stopListeners');
    await settings().update('kafka.port', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('amqp.port', undefined, vscode.ConfigurationTarget.Global);
  });

  it('serves the simulator to kafkajs, lists the client with its traffic, and disconnects it on request', async () => {
    const a = await api();
    await vscode.commands.executeCommand('brokerlens.simulator.startListeners');
    const kafkaListener = a.listeners.listeners.find((l) => l.protocol === 'kafka')?.listener;
    assert.ok(kafkaListener && kafkaListener.state === 'listening', 'the Kafka listener is listening');
    const { host, port } = kafkaListener.address!;
    assert.equal(host, '127.0.0.1');

    const session = await a.sessions.open({ kind: 'simulator', id: 'simulator', name: 'Simulator' });
    const model = session.adapters.find((x) => x.kind === 'kafka')!;
    const before = (await model.partitions!.listPartitions('orders')).reduce((n, p) => n + p.highWatermark, 0);

    const producer = new Kafka({ brokers: [`${host}:${port}`], clientId: 'e2e-service', logLevel: logLevel.NOTHING, retry: { retries: 0 } })
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const [meta] = await producer.send({ topic: 'orders', messages: [{ key: 'order-e2e', value: '{"total":1}' }] });
      assert.equal(meta?.errorCode, 0);
      const after = (await model.partitions!.listPartitions('orders')).reduce((n, p) => n + p.highWatermark, 0);
      assert.equal(after, before + 1, 'the record is in the engine the explorer shows');

      const sim = await child(a, undefined, 'Simulator');
      const listeners = await child(a, sim, 'Listeners');
      const kafkaNode = await child(a, listeners, 'Kafka');
      const clientNode = await until('the client node', async () => {
        const nodes = await a.explorer.getChildren(kafkaNode);
        for (const n of nodes) if ((await label(n)) === 'e2e-service') return n;
        return undefined;
      });
      const item = await clientNode.getTreeItem();
      assert.equal(item.contextValue, 'wireClient');
      assert.match(String(item.description), /127\.0\.0\.1:\d+ · 1 published/);

      await vscode.commands.executeCommand('brokerlens.simulator.disconnectClient', clientNode);
      await until('the client to be gone', () => (kafkaListener.connections().some((c) => c.clientId === 'e2e-service') ? undefined : true));
    } finally {
      await producer.disconnect().catch(() => undefined);
    }

    await vscode.commands.executeCommand('brokerlens.simulator.stopListeners');
    assert.equal(kafkaListener.state, 'stopped');
    assert.equal(a.listeners.listeners.length, 0);
  });

  it('starts the AMQP listener beside it from the same command, over the same simulator session', async () => {
    const a = await api();
    await vscode.commands.executeCommand('brokerlens.simulator.startListeners');
    const amqpListener = a.listeners.listeners.find((l) => l.protocol === 'amqp')?.listener;
    assert.ok(amqpListener && amqpListener.state === 'listening', 'the AMQP listener is listening');
    const sim = await child(a, undefined, 'Simulator');
    const listeners = await child(a, sim, 'Listeners');
    await child(a, listeners, 'AMQP 0-9-1');
    await vscode.commands.executeCommand('brokerlens.simulator.stopListeners');
    assert.equal(amqpListener.state, 'stopped');
  });
});
