// The explorer and connection management in the real extension host, against the real brokers that
// `npm run brokers:up` starts (skipped with a loud line when they are down, failed under
// REQUIRE_BROKERS=1). The Add Connection wizard runs unchanged with scripted answers.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/extension/tree/nodes/node.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { api, childPath, label } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

const RABBIT_PASSWORD = process.env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret';

async function description(node: ExplorerNode): Promise<string> {
  const d = (await node.getTreeItem()).description;
  return typeof d === 'string' ? d : '';
}

describe('Explorer: the built-in simulator', () => {
  it('lists the Simulator connection with a RabbitMQ model, a Kafka model, its wire listeners and its scenarios', async () => {
    const a = await api();
    const sim = await childPath(a, 'Simulator');
    const models = await Promise.all((await a.explorer.getChildren(sim)).map(label));
    assert.deepEqual(models.sort(), ['Kafka model', 'Listeners', 'RabbitMQ model', 'Scenarios']);
  });
});

describe('Explorer: real Kafka', function () {
  const name = `E2E Kafka ${randomUUID().slice(0, 6)}`;
  const topic = `brokerlens.e2e.${randomUUID().slice(0, 8)}`;
  before(async function () {
    const gate = await brokerGate('kafka');
    gate.assertRequired();
    if (gate.skip) this.skip();
  });
  after(async () => {
    const a = await api();
    const entry = a.connections.list().find((e) => e.config.name === name);
    const adapter = entry && a.sessions.peek(entry.config.id)?.adapters[0];
    await adapter?.deleteDestination(topic, topic).catch(() => undefined);
    if (entry) await withScriptedUi([name, 'Remove'], () => vscode.commands.executeCommand('brokerlens.connection.remove')).catch(() => undefined);
  });

  it('adds a Kafka connection through the wizard, tested before it is saved', async () => {
    const { messages } = await withScriptedUi(['Apache Kafka', name, brokerEnv.kafkaBrokers.join(','), 'No TLS', 'None', 'No schema registry', 'User settings'], () =>
      vscode.commands.executeCommand('brokerlens.connection.add'),
    );
    assert.ok(messages.some((m) => m === `info: Connection "${name}" saved in user settings.`), messages.join('\n'));
    const a = await api();
    const saved = a.connections.list().find((e) => e.config.name === name);
    assert.ok(saved && saved.config.kind === 'kafka' && saved.scope === 'user');
    assert.deepEqual(saved.config.brokers, brokerEnv.kafkaBrokers);
  });

  it('shows Brokers, Topics with partitions and offsets, and Consumer Groups', async () => {
    const a = await api();
    const conn = await childPath(a, name);
    assert.deepEqual(await Promise.all((await a.explorer.getChildren(conn)).map(label)), ['Brokers', 'Topics', 'Consumer Groups']);
    const adapter = a.sessions.peek(a.connections.list().find((e) => e.config.name === name)!.config.id)!.adapters[0]!;
    await adapter.createDestination({ kind: 'topic', name: topic, partitions: 3, replicationFactor: 1 });
    await adapter.publish({ destination: topic }, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    const topicNode = await childPath(a, name, 'Topics', topic);
    assert.match(await description(topicNode), /^3 partitions · 2 msgs$/);
    const partitions = await a.explorer.getChildren(topicNode);
    assert.deepEqual(await Promise.all(partitions.map(label)), ['partition 0', 'partition 1', 'partition 2']);
    for (const p of partitions) assert.match(await description(p), /^leader 1 · ISR 1 · offsets 0…[0-2]$/);
    const brokers = await a.explorer.getChildren(await childPath(a, name, 'Brokers'));
    assert.match(await label(brokers[0]!), /^1: 127\.0\.0\.1:9092$/);
  });
});

describe('Explorer: real RabbitMQ', function () {
  const name = `E2E RabbitMQ ${randomUUID().slice(0, 6)}`;
  const wrong = `E2E wrong password ${randomUUID().slice(0, 6)}`;
  const queue = `brokerlens.e2e.q.${randomUUID().slice(0, 8)}`;
  const exchange = `brokerlens.e2e.x.${randomUUID().slice(0, 8)}`;
  before(async function () {
    const gate = await brokerGate('rabbitmq');
    gate.assertRequired();
    if (gate.skip) this.skip();
  });
  after(async () => {
    const a = await api();
    const entry = a.connections.list().find((e) => e.config.name === name);
    const adapter = entry && a.sessions.peek(entry.config.id)?.adapters[0];
    await adapter?.deleteDestination(queue, queue).catch(() => undefined);
    await adapter?.exchanges?.deleteExchange(exchange, exchange).catch(() => undefined);
    for (const n of [name, wrong]) await withScriptedUi([n, 'Remove'], () => vscode.commands.executeCommand('brokerlens.connection.remove')).catch(() => undefined);
  });

  it('adds a RabbitMQ connection with a password kept only in SecretStorage', async () => {
    const { messages } = await withScriptedUi(
      ['RabbitMQ', name, 'amqp://127.0.0.1:5672/', brokerEnv.rabbitmqMgmtUrl, 'brokerlens', RABBIT_PASSWORD, 'User settings'],
      () => vscode.commands.executeCommand('brokerlens.connection.add'),
    );
    assert.ok(messages.includes(`info: Connection "${name}" saved in user settings.`), messages.join('\n'));
    const userData = process.env.BROKERLENS_E2E_USER_DATA_DIR;
    assert.ok(userData, 'the runner passes BROKERLENS_E2E_USER_DATA_DIR');
    const settingsFile = path.join(userData, 'User', 'settings.json');
    // settings are written asynchronously by the workbench: wait for the connection to appear
    for (let i = 0; i < 50 && !fs.readFileSync(settingsFile, 'utf8').includes(name); i++) await new Promise((r) => setTimeout(r, 100));
    const settings = fs.readFileSync(settingsFile, 'utf8');
    assert.ok(settings.includes(name), 'the connection is in settings.json');
    assert.ok(!settings.includes(RABBIT_PASSWORD), 'the password is not in settings.json');
    const stateDb = path.join(userData, 'User', 'globalStorage', 'state.vscdb');
    if (fs.existsSync(stateDb)) {
      // globalState lives in this SQLite file: the plaintext password must not be in it
      const state = fs.readFileSync(stateDb);
      const ext = vscode.extensions.getExtension('brokerlens.brokerlens')!;
      assert.ok(ext.isActive);
      assert.ok(!state.includes(Buffer.from(`"password":"${RABBIT_PASSWORD}"`)), 'no password in the state database as a JSON field');
    }
  });

  it('shows the vhost, exchanges with bindings, and queues with counts and bindings', async () => {
    const a = await api();
    const entry = a.connections.list().find((e) => e.config.name === name)!;
    await a.explorer.getChildren(await childPath(a, name)); // connects
    const adapter = a.sessions.peek(entry.config.id)!.adapters[0]!;
    await adapter.exchanges!.declareExchange({ name: exchange, type: 'topic', durable: false });
    await adapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: true });
    await adapter.exchanges!.bind({ source: exchange, destination: queue, destinationType: 'queue', routingKey: 'orders.#' });
    await adapter.publish({ destination: exchange, routingKey: 'orders.created' }, [{ value: 'hello' }]);
    const exchangeNode = await childPath(a, name, 'vhost /', 'Exchanges', exchange);
    assert.match(await description(exchangeNode), /^topic · transient/);
    const bindings = await a.explorer.getChildren(exchangeNode);
    assert.deepEqual(await Promise.all(bindings.map(label)), [queue]);
    assert.equal(await description(bindings[0]!), 'key orders.#');
    // the management API's counts lag a few seconds behind
    let queueNode = await childPath(a, name, 'vhost /', 'Queues', queue);
    for (let i = 0; i < 40 && !(await description(queueNode)).startsWith('1 ready'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      queueNode = await childPath(a, name, 'vhost /', 'Queues', queue);
    }
    assert.equal(await description(queueNode), '1 ready · 0 unacked · 0 consumers');
    const queueBindings = await Promise.all((await a.explorer.getChildren(queueNode)).map(label));
    assert.ok(queueBindings.includes(`from ${exchange}`), queueBindings.join(' | '));
  });

  it('turns a wrong password into an error node with the adapter\'s sentence', async () => {
    const { messages } = await withScriptedUi(
      ['RabbitMQ', wrong, 'amqp://127.0.0.1:5672/', brokerEnv.rabbitmqMgmtUrl, 'brokerlens', 'not-the-password', 'User settings', 'Save Anyway'],
      () => vscode.commands.executeCommand('brokerlens.connection.add'),
    );
    const warning = messages.find((m) => m.startsWith('warning: '));
    assert.ok(warning, messages.join('\n'));
    const a = await api();
    const children = await a.explorer.getChildren(await childPath(a, wrong));
    assert.equal(children.length, 1);
    const item = await children[0]!.getTreeItem();
    assert.equal(item.contextValue, 'message.error');
    assert.equal(`warning: ${await label(children[0]!)}`, warning, 'the tree says what the connection test said');
    assert.match(await label(children[0]!), /password|credentials|refused/i);
  });
});
