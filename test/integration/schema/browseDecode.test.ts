/**
 * Schema decoding end to end on the real broker and the real registry: records encoded by the
 * adapter's publish path and records written by another client (kcat, with Confluent framing laid
 * out byte for byte as Confluent's Java serializer writes it: no Java Confluent serializer is on Maven
 * Central, so the fixture is byte-exact instead) are browsed through the Browse session with the
 * registry lens: decoded previews, decoded detail, filters on decoded fields, evolution v1 → v2.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { RegistryLens } from '../../../src/extension/core/schema/recordLens.js';
import { SchemaRegistryClient } from '../../../src/extension/core/schema/registryClient.js';
import { encodeWithRegistry } from '../../../src/extension/core/schema/schemaEncoder.js';
import { BrowseSession } from '../../../src/extension/panels/browse/session.js';
import type { BrowseLoadResult } from '../../../src/extension/protocol/browsePanel.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { kcat, plainAdapter, withTopics } from '../kafka/kafkaTestKit.js';

const kafka = await brokerGate('kafka');
const registry = await brokerGate('registry');
const skip = kafka.skip ?? registry.skip;
const run = randomUUID().replaceAll('-', '');
const listener = { onTailRows: () => {}, onTailEnded: () => {} };
const rows = (result: BrowseLoadResult) => {
  assert.equal(result.status, 'page');
  return result.status === 'page' ? result.page.records : [];
};

describe('Browse decodes schema-framed records from real Kafka with the real registry', { skip }, () => {
  let adapter: KafkaAdapter;
  let client: SchemaRegistryClient;
  let dropTopics: () => Promise<void>;
  const topic = `schema.it.readings.${run}`;
  const subject = `${topic}-value`;

  before(async () => {
    kafka.assertRequired();
    registry.assertRequired();
    adapter = plainAdapter();
    await adapter.connect();
    client = new SchemaRegistryClient({ url: brokerEnv.schemaRegistryUrl, timeoutMs: 5000 });
    dropTopics = await withTopics([{ topic, numPartitions: 1 }]);
    const v1 = { type: 'record', name: 'Reading', namespace: `it.r${run}`, fields: [{ name: 'sensor', type: 'string' }, { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }] };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'celsius', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 }], default: null }] };
    await client.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(v1), references: [] });
    await client.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(v2), references: [] });
  });
  after(async () => {
    await dropTopics?.();
    await adapter?.disconnect();
    client?.dispose();
  });

  it('publishes encoded records (v1 and v2), and a record framed by another client, then browses them decoded', async () => {
    const a = await encodeWithRegistry(client, { subject, version: 1, value: { sensor: 'north', at: '2026-12-05T06:00:00.000Z' } });
    const b = await encodeWithRegistry(client, { subject, value: { sensor: 'south', at: '2026-12-05T06:01:00.000Z', celsius: '21.50' } });
    const report = await adapter.publish({ destination: topic }, [{ key: 'north', value: a.bytes }, { key: 'south', value: b.bytes }]);
    assert.equal(report.confirmed, 2);
    // The Java serializer's framing, byte for byte: 0x00, the v1 schema id big-endian, then the Avro
    // binary of {"sensor":"east","at":0}: "east" = zig-zag length 8, 65 61 73 74; long 0 = 00.
    const idBytes = Buffer.alloc(4);
    idBytes.writeInt32BE(a.schemaId);
    const framed = Buffer.concat([Buffer.from([0]), idBytes, Buffer.from([0x08, 0x65, 0x61, 0x73, 0x74, 0x00])]);
    await kcat(['-P', '-t', topic, '-p', '0'], framed);
    // And bytes that do not fit: the v1 id with a truncated body.
    await kcat(['-P', '-t', topic, '-p', '0'], Buffer.concat([Buffer.from([0]), idBytes, Buffer.from([0x08, 0x65])]));

    const session = new BrowseSession(adapter, { destination: topic, connectionName: 'it' }, listener, { lens: new RegistryLens(client) });
    const list = rows(await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false }));
    assert.equal(list.length, 4);
    assert.deepEqual(list.map((r) => r.valueSchema), [
      { status: 'decoded', schemaId: a.schemaId },
      { status: 'decoded', schemaId: b.schemaId },
      { status: 'decoded', schemaId: a.schemaId },
      { status: 'failed', schemaId: a.schemaId },
    ]);
    assert.equal(list[0]!.valuePreview, '{"sensor":"north","at":"2026-12-05T06:00:00.000Z"}');
    assert.equal(list[1]!.valuePreview, '{"sensor":"south","at":"2026-12-05T06:01:00.000Z","celsius":"21.50"}');
    assert.equal(list[2]!.valuePreview, '{"sensor":"east","at":"1970-01-01T00:00:00.000Z"}');

    const detail = await session.detail({ id: list[1]!.id, partition: 0, offset: 1 });
    assert.equal(detail.value?.schema?.subject, subject);
    assert.equal(detail.value?.schema?.version, 2);
    assert.equal(detail.value?.schema?.schemaType, 'AVRO');
    const failed = await session.detail({ id: list[3]!.id, partition: 0, offset: 3 });
    assert.match(failed.value?.schema?.reason ?? '', /^The bytes do not match AVRO schema id \d+: the bytes (are not an Avro|end before the Avro value does)/);
    assert.equal(failed.value?.hex.slice(0, 2), '00', 'the bytes stay visible');

    // Filters and expressions see decoded fields, on the broker's scan.
    const fresh = new BrowseSession(adapter, { destination: topic, connectionName: 'it' }, listener, { lens: new RegistryLens(client) });
    const south = rows(await fresh.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'expression', expression: 'value.celsius == "21.50"' } }));
    assert.deepEqual(south.map((r) => r.offset), [1]);
    const text = rows(await fresh.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'text', field: 'value', pattern: 'east', regex: false, caseSensitive: true } }));
    assert.deepEqual(text.map((r) => r.offset), [2]);
  });
});
