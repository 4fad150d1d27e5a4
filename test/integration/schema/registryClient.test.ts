/**
 * The registry client and codecs against a real registry (Apicurio Registry 2.4.2's Confluent API,
 * started by `up.sh registry`): subjects, versions, compatibility, references, evolution, TLS with the
 * test CA, and the bad inputs of issue 12, each one sentence.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistryClient } from '../../../src/extension/core/schema/registryClient.js';
import { SchemaDecoder } from '../../../src/extension/core/schema/schemaDecoder.js';
import { encodeWithRegistry, previewRegistration, registerVersion } from '../../../src/extension/core/schema/schemaEncoder.js';
import type { SchemaText } from '../../../src/extension/core/schema/types.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';

const registry = await brokerGate('registry');
const subject = (label: string): string => `schema.it.${label}.${randomUUID()}`;
// A registry shares one id among subjects with the same schema text, so each run's schemas are unique.
const run = randomUUID().replaceAll('-', '');
const avro = (fields: object[]): SchemaText => ({
  schemaType: 'AVRO',
  schema: JSON.stringify({ type: 'record', name: 'Reading', namespace: `it.r${run}`, fields }),
  references: [],
});
const v1 = avro([{ name: 'sensor', type: 'string' }, { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }]);
const v2 = avro([
  { name: 'sensor', type: 'string' },
  { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  { name: 'celsius', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 }], default: null },
]);

/** Sets a subject's compatibility level (the client itself never changes registry settings). */
async function setCompatibility(name: string, level: string): Promise<void> {
  const res = await fetch(`${brokerEnv.schemaRegistryUrl}/config/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: level }),
  });
  assert.equal(res.status, 200, await res.text());
}

describe('schema registry client (real registry)', { skip: registry.skip }, () => {
  let client: SchemaRegistryClient;
  before(() => {
    registry.assertRequired();
    client = new SchemaRegistryClient({ url: brokerEnv.schemaRegistryUrl, timeoutMs: 5000 });
  });
  after(() => client?.dispose());

  it('registers, lists and reads versions; evolution v1 → v2 under BACKWARD; refuses an incompatible v3', async () => {
    const name = subject('avro');
    const id1 = await client.register(name, v1);
    await setCompatibility(name, 'BACKWARD');
    assert.equal(await client.getCompatibility(name), 'BACKWARD');

    const preview = await previewRegistration(client, name, v2);
    assert.equal(preview.report.compatible, true);
    const id2 = await registerVersion(client, name, v2, preview);
    assert.notEqual(id1, id2);
    assert.ok((await client.listSubjects()).includes(name));
    assert.deepEqual(await client.listVersions(name), [1, 2]);
    const latest = await client.getVersion(name, 'latest');
    assert.equal(latest.version, 2);
    assert.equal(latest.id, id2);

    // A new required field breaks BACKWARD: the preview says why and nothing is registered.
    const v3 = avro([{ name: 'sensor', type: 'string' }, { name: 'site', type: 'string' }]);
    const bad = await previewRegistration(client, name, v3);
    assert.equal(bad.report.compatible, false);
    assert.ok(bad.report.messages.length > 0);
    await assert.rejects(registerVersion(client, name, v3, bad), /not compatible with subject .*BACKWARD.*Nothing was registered/);
    assert.deepEqual(await client.listVersions(name), [1, 2]);

    // Records written with either version decode with their own schema.
    const r1 = await encodeWithRegistry(client, { subject: name, version: 1, value: { sensor: 's-1', at: '2024-05-01T10:00:00.000Z' } });
    const r2 = await encodeWithRegistry(client, { subject: name, value: '{"sensor":"s-2","at":0,"celsius":"21.50"}' });
    assert.equal(r1.schemaId, id1);
    assert.equal(r2.schemaId, id2);
    const decoder = new SchemaDecoder(client);
    const d1 = await decoder.decodeAsync(r1.bytes);
    const d2 = await decoder.decodeAsync(r2.bytes);
    assert.deepEqual(d1?.status === 'decoded' && d1.value, { sensor: 's-1', at: '2024-05-01T10:00:00.000Z' });
    assert.deepEqual(d2?.status === 'decoded' && d2.value, { sensor: 's-2', at: '1970-01-01T00:00:00.000Z', celsius: '21.50' });
    assert.equal(d2?.status === 'decoded' && d2.subject, name);
    assert.equal(d2?.status === 'decoded' && d2.version, 2);
  });

  it('resolves Protobuf imports (a referenced subject) and nested types', async () => {
    const common = subject('proto-common');
    const orders = subject('proto-orders');
    await client.register(common, { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\npackage it.common;\nmessage Money { string currency = 1; int64 units = 2; }\n', references: [] });
    const orderProto = [
      'syntax = "proto3";',
      'package it.shop;',
      'import "it/common/money.proto";',
      'message Header { string trace = 1; }',
      'message Order { string id = 1; it.common.Money total = 2; repeated Line lines = 3;',
      '  message Line { string sku = 1; int32 qty = 2; } }',
      '',
    ].join('\n');
    await client.register(orders, { schemaType: 'PROTOBUF', schema: orderProto, references: [{ name: 'it/common/money.proto', subject: common, version: 1 }] });
    const encoded = await encodeWithRegistry(client, { subject: orders, value: { sku: 'tea', qty: 3 }, messageType: 'it.shop.Order.Line' });
    assert.deepEqual([...encoded.bytes.subarray(5, 8)], [4, 2, 0]); // indexes [1, 0]
    const decoder = new SchemaDecoder(client);
    const decoded = await decoder.decodeAsync(encoded.bytes);
    assert.equal(decoded?.status, 'decoded');
    assert.equal(decoded?.status === 'decoded' && decoded.typeName, 'it.shop.Order.Line');
    assert.deepEqual(decoded?.status === 'decoded' && decoded.value, { sku: 'tea', qty: 3 });
    const order = await encodeWithRegistry(client, { subject: orders, value: { id: 'o-1', total: { currency: 'BDT', units: '42' } }, messageType: 'Order' });
    const d = await decoder.decodeAsync(order.bytes);
    assert.deepEqual(d?.status === 'decoded' && (d.value as { total: unknown }).total, { currency: 'BDT', units: '42' });
  });

  it('encodes and decodes JSON Schema records and names the failing field', async () => {
    const name = subject('json');
    await client.register(name, {
      schemaType: 'JSON',
      schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'Parcel', type: 'object', properties: { id: { type: 'string' }, kg: { type: 'number' } }, required: ['id'] }),
      references: [],
    });
    const encoded = await encodeWithRegistry(client, { subject: name, value: { id: 'p-1', kg: 1.5 } });
    const decoded = await new SchemaDecoder(client).decodeAsync(encoded.bytes);
    assert.deepEqual(decoded?.status === 'decoded' && decoded.value, { id: 'p-1', kg: 1.5 });
    await assert.rejects(encodeWithRegistry(client, { subject: name, value: { id: 'p-2', kg: 'heavy' } }), /field "kg" must be number\. Nothing was published/);
  });

  it('says in one sentence: unknown schema id, bytes that do not match, Protobuf index out of range', async () => {
    const decoder = new SchemaDecoder(client);
    const unknown = await decoder.decodeAsync(Uint8Array.of(0, 0x7f, 0xff, 0xff, 0xf0, 1, 2));
    assert.equal(unknown?.status, 'failed');
    assert.match(unknown?.status === 'failed' ? unknown.reason : '', /^Schema id 2147483632 is not in the schema registry at .*; the record was written with another registry, or the schema was deleted\.$/);

    const name = subject('mismatch');
    const id = await client.register(name, v1);
    const garbage = Uint8Array.of(0, 0, 0, 0, id, 0x7f);
    const mismatch = await decoder.decodeAsync(garbage);
    assert.match(mismatch?.status === 'failed' ? mismatch.reason : '', /^The bytes do not match AVRO schema id \d+: /);

    const proto = subject('proto-range');
    const pid = await client.register(proto, { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage A { string a = 1; }\n', references: [] });
    const outOfRange = await decoder.decodeAsync(Uint8Array.of(0, 0, 0, 0, pid, 2, 6, 0x0a, 0x00));
    assert.match(outOfRange?.status === 'failed' ? outOfRange.reason : '', /message index 3 is out of range: the schema has 1 top-level message types/);

    await assert.rejects(encodeWithRegistry(client, { subject: name, value: { sensor: 5, at: 0 } }), /field "sensor" expects string, not 5\. Nothing was published/);
  });

  it('says what is wrong with a wrong URL, a wrong path, an unknown subject', async () => {
    const closed = new SchemaRegistryClient({ url: 'http://127.0.0.1:1/', timeoutMs: 2000 });
    await assert.rejects(closed.listSubjects(), (e: Error) => e.name === 'BrokerError' && /could not reach the schema registry at http:\/\/127\.0\.0\.1:1\/ \(ECONNREFUSED\)/.test(e.message));
    const root = new URL(brokerEnv.schemaRegistryUrl);
    const wrongPath = new SchemaRegistryClient({ url: `${root.origin}/nothing-here`, timeoutMs: 5000 });
    await assert.rejects(wrongPath.listSubjects(), /did not answer as a schema registry/);
    await assert.rejects(client.listVersions(subject('absent')), /no such subject or version/);
    assert.throws(() => new SchemaRegistryClient({ url: 'http://u:p@127.0.0.1:18081' }), /must not contain a user name or password/);
    closed.dispose();
    wrongPath.dispose();
  });

  it('speaks TLS with a custom CA, verification on; refuses an untrusted certificate', async () => {
    const ca = readFileSync(process.env.BROKERLENS_TLS_CA ?? `${process.cwd()}/.brokers/certs/ca.crt`, 'utf8');
    const tls = new SchemaRegistryClient({ url: brokerEnv.schemaRegistryTlsUrl, caPem: ca, timeoutMs: 5000 });
    assert.ok(Array.isArray(await tls.listSubjects()));
    const untrusted = new SchemaRegistryClient({ url: brokerEnv.schemaRegistryTlsUrl, timeoutMs: 5000 });
    await assert.rejects(untrusted.listSubjects(), (e: Error & { code?: string }) => e.code === 'tlsUntrusted' && /is not trusted .* Add its CA certificate/.test(e.message));
    tls.dispose();
    untrusted.dispose();
  });
});
