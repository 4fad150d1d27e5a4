// Schema registry in the real extension host, against the real Kafka and the real registry
// (`npm run brokers:up`; skipped with a loud line when they are down, failed under REQUIRE_BROKERS=1):
// Set Schema Registry through its prompts, the subjects in the explorer, a version opened read-only,
// Publish with Schema (a valid value, and one refused at its field with nothing sent), the encode
// command the Publish panel calls, and Register Schema Version refusing an incompatible schema.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EncodeCommandResult } from '../../../src/extension/commands/registerSchemaCommands.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { api, child, label, until } from './hostApi.js';
import { withScriptedUi } from './scriptedUi.js';

describe('Schema registry in VS Code (real Kafka and registry)', function () {
  const run = randomUUID().slice(0, 8);
  const id = `e2e-schema-${run}`;
  const name = `E2E Schema ${run}`;
  const topic = `schema.e2e.${run}`;
  const subject = `${topic}-value`;
  const schema = { type: 'record', name: 'Parcel', namespace: `e2e.r${run}`, fields: [{ name: 'id', type: 'string' }, { name: 'kg', type: 'double' }] };

  before(async function () {
    const kafka = await brokerGate('kafka');
    const registry = await brokerGate('registry');
    kafka.assertRequired();
    registry.assertRequired();
    if (kafka.skip || registry.skip) this.skip();
    const config = vscode.workspace.getConfiguration('brokerlens');
    const current = (config.inspect<unknown[]>('connections')?.globalValue ?? []) as unknown[];
    await config.update('connections', [...current, { kind: 'kafka', id, name, brokers: brokerEnv.kafkaBrokers }], vscode.ConfigurationTarget.Global);
    const res = await fetch(`${brokerEnv.schemaRegistryUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(schema) }),
    });
    assert.equal(res.status, 200, await res.text());
    await fetch(`${brokerEnv.schemaRegistryUrl}/config/${encodeURIComponent(subject)}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });
  });
  after(async () => {
    const a = await api();
    const adapter = a.sessions.peek(id)?.adapters[0];
    await adapter?.deleteDestination(topic, topic).catch(() => undefined);
    const config = vscode.workspace.getConfiguration('brokerlens');
    const current = (config.inspect<{ id: string }[]>('connections')?.globalValue ?? []).filter((c) => c.id !== id);
    await config.update('connections', current, vscode.ConfigurationTarget.Global);
  });

  it('sets the registry through its prompts and lists subjects, compatibility and versions in the explorer', async () => {
    const a = await api();
    const connection = await until('the connection', () => a.connections.get(id));
    assert.ok(connection);
    const node = await child(a, undefined, name);
    const { messages } = await withScriptedUi([brokerEnv.schemaRegistryUrl, 'No authentication'], () => vscode.commands.executeCommand('brokerlens.schema.configure', node));
    assert.ok(messages.some((m) => /^info: The schema registry of "E2E Schema .*" answers: \d+ subjects\.$/.test(m)), messages.join('\n'));
    const saved = a.connections.get(id)!.config;
    assert.equal(saved.kind === 'kafka' && saved.schemaRegistry?.url, brokerEnv.schemaRegistryUrl);

    const registryNode = await child(a, await child(a, undefined, name), 'Schema Registry');
    const subjectNode = await child(a, registryNode, subject);
    const versions = await a.explorer.getChildren(subjectNode);
    assert.deepEqual(await Promise.all(versions.map(label)), ['Compatibility', 'v1']);
    assert.equal((await versions[0]!.getTreeItem()).description, 'BACKWARD');
    assert.match(String((await versions[1]!.getTreeItem()).description), /^AVRO · id \d+$/);

    await vscode.commands.executeCommand('brokerlens.schema.openVersion', versions[1]);
    const editor = await until('the schema editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'brokerlens-schema' ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.languageId, 'json');
    assert.deepEqual(JSON.parse(editor.document.getText()), schema);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('publishes with a schema from the quick input, and refuses a value that does not fit, naming the field', async () => {
    // The value prompt offers a JSON editor's text when one is active; earlier files leave editors open.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const a = await api();
    const adapter = a.sessions.peek(id)!.adapters[0]!;
    await adapter.createDestination({ kind: 'topic', name: topic, partitions: 1, replicationFactor: 1 });
    const topicNode = await child(a, await child(a, await child(a, undefined, name), 'Topics'), topic);
    const ok = await withScriptedUi([subject, 'latest', '{"id":"p-1","kg":2.5}', '', 'p-1'], () => vscode.commands.executeCommand('brokerlens.schema.publish', topicNode));
    assert.ok(ok.messages.some((m) => new RegExp(`^info: Published to ${topic.replaceAll('.', '\\.')} \\(partition 0, offset 0\\), encoded with ${subject.replaceAll('.', '\\.')} v1 \\(schema id \\d+\\)\\.$`).test(m)), ok.messages.join('\n'));
    const bad = await withScriptedUi([subject, 'v1', '{"id":"p-2","kg":"heavy"}', '', '', undefined], () => vscode.commands.executeCommand('brokerlens.schema.publish', topicNode));
    assert.ok(bad.messages.some((m) => m.startsWith('error: The value does not fit schema') && m.includes('field "kg"') && m.endsWith('Nothing was published.')), bad.messages.join('\n'));
    const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 10 });
    assert.equal(page.records.length, 1, 'the refused value was not sent');

    // The encode command the Publish panel calls: framed bytes and which schema made them.
    const encoded = await vscode.commands.executeCommand<EncodeCommandResult>('brokerlens.schema.encode', { connectionId: id, subject, value: { id: 'p-3', kg: 1 } });
    const bytes = Buffer.from(encoded.valueBase64, 'base64');
    assert.equal(bytes[0], 0);
    assert.equal(bytes.readInt32BE(1), encoded.schemaId);
    assert.equal(encoded.version, 1);
    assert.equal(Buffer.compare(bytes, Buffer.from(page.records[0]!.value!).subarray(0, bytes.length)) !== 0, true, 'a different value encodes differently');
  });

  it('checks compatibility before registering and refuses an incompatible schema', async () => {
    const a = await api();
    const subjectNode = await child(a, await child(a, await child(a, undefined, name), 'Schema Registry'), subject);
    const incompatible = { ...schema, fields: [...schema.fields, { name: 'owner', type: 'string' }] };
    // The active editor's .avsc file is the schema to register.
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, `parcel-${run}.avsc`);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(incompatible)));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const { messages } = await withScriptedUi([undefined], () => vscode.commands.executeCommand('brokerlens.schema.registerVersion', subjectNode)); // undefined: dismiss "Show Log"
    assert.ok(messages.some((m) => m.startsWith(`error: parcel-${run}.avsc is not compatible with subject "${subject}" (BACKWARD)`) && m.endsWith('Nothing was registered.')), messages.join('\n'));
    const versions = await a.explorer.getChildren(subjectNode);
    assert.deepEqual(await Promise.all(versions.map(label)), ['Compatibility', 'v1']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(file);
  });
});
