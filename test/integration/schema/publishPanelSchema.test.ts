/**
 * The Publish panel's session in payload mode 'schema' on the real broker and the real registry: the
 * subjects and versions it offers, the problem at the field while the value does not fit (nothing
 * sent), Send ×N of a templated value (each record framed with the chosen version's schema id), a
 * Protobuf key with its message type, and Browse decoding what was sent.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { emptyDraft, type PublishDraft } from '../../../src/extension/core/publish/draft.js';
import { RegistryLens } from '../../../src/extension/core/schema/recordLens.js';
import { SchemaRegistryClient } from '../../../src/extension/core/schema/registryClient.js';
import { readMessageIndexes, readWireHeader } from '../../../src/extension/core/schema/wireFormat.js';
import { BrowseSession } from '../../../src/extension/panels/browse/session.js';
import { PublishSchemas } from '../../../src/extension/panels/publish/schemaEncoders.js';
import { PublishSession } from '../../../src/extension/panels/publish/session.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { plainAdapter, withTopics } from '../kafka/kafkaTestKit.js';

const kafka = await brokerGate('kafka');
const registry = await brokerGate('registry');
const skip = kafka.skip ?? registry.skip;
const run = randomUUID().replaceAll('-', '').slice(0, 12);
const listener = { onTailRows: () => {}, onTailEnded: () => {} };
const memory = () => {
  const map = new Map<string, never>();
  return { get: (k: string) => map.get(k), update: (k: string, v: unknown) => void map.set(k, v as never) };
};

describe('Publish panel session encodes with the real registry and sends to real Kafka', { skip }, () => {
  let adapter: KafkaAdapter;
  let client: SchemaRegistryClient;
  let dropTopics: () => Promise<void>;
  let session: PublishSession;
  const topic = `schema2.it.orders.${run}`;
  const valueSubject = `${topic}-value`;
  const keySubject = `${topic}-key`;
  let v1Id = 0;
  let v2Id = 0;
  let keyId = 0;

  before(async () => {
    kafka.assertRequired();
    registry.assertRequired();
    adapter = plainAdapter();
    await adapter.connect();
    client = new SchemaRegistryClient({ url: brokerEnv.schemaRegistryUrl, timeoutMs: 5000 });
    dropTopics = await withTopics([{ topic, numPartitions: 3 }]);
    const v1 = { type: 'record', name: 'Order', namespace: `s2.o${run}`, fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'int' }] };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'placed', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null }] };
    v1Id = await client.register(valueSubject, { schemaType: 'AVRO', schema: JSON.stringify(v1), references: [] });
    v2Id = await client.register(valueSubject, { schemaType: 'AVRO', schema: JSON.stringify(v2), references: [] });
    keyId = await client.register(keySubject, {
      schemaType: 'PROTOBUF',
      schema: `syntax = "proto3"; package s2.k${run}; message OrderKey { string id = 1; message Region { string code = 1; } }`,
      references: [],
    });
    session = new PublishSession(adapter, 'it', memory(), new PublishSchemas(async () => client));
  });
  after(async () => {
    await dropTopics?.();
    await adapter?.disconnect();
    client?.dispose();
  });

  const draft = (patch: Partial<PublishDraft>): PublishDraft => ({
    ...emptyDraft('kafka', topic),
    payloadMode: 'schema',
    schema: { value: { subject: valueSubject, version: '', messageType: '' } },
    ...patch,
  });

  it('offers the subjects, the versions, and the Protobuf message types', async () => {
    const list = await session.schemas!.info('', '');
    assert.ok(list.subjects.includes(valueSubject) && list.subjects.includes(keySubject), list.problem);
    const value = await session.schemas!.info(valueSubject, '');
    assert.deepEqual([value.versions, value.schemaType, value.version, value.schemaId], [[1, 2], 'AVRO', 2, v2Id]);
    const key = await session.schemas!.info(keySubject, '');
    assert.deepEqual([key.schemaType, key.schemaId, key.messageTypes], ['PROTOBUF', keyId, [`s2.k${run}.OrderKey`, `s2.k${run}.OrderKey.Region`]]);
    const missing = await session.schemas!.info(`${topic}-nothing`, '');
    assert.match(missing.problem ?? '', /nothing/);
  });

  it('a value that does not fit is a problem at the field, and Send sends nothing', async () => {
    const bad = draft({ payload: '{"id": "o-1", "total": "twelve"}' });
    const preview = await session.preview(bad);
    assert.deepEqual(preview.problems.map((p) => p.field), ['payload']);
    assert.match(preview.problems[0]!.message, new RegExp(`does not fit schema ${valueSubject.replaceAll('.', '\\.')} v2: field "total"`));
    const result = await session.send(bad, 5);
    assert.equal(result.status, 'invalid');
    const unknownSubject = await session.preview(draft({ payload: '{}', schema: { value: { subject: `${topic}-nothing`, version: '', messageType: '' } } }));
    assert.deepEqual(unknownSubject.problems.map((p) => p.field), ['schema.value']);
    // Message 1 fits, message 8 carries 2147483648 (above Avro's int): the run stops, counted exactly.
    const run = await session.send(draft({ payload: '{"id": "o-{{seq}}", "total": 214748364{{seq}}}', schema: { value: { subject: valueSubject, version: '1', messageType: '' } } }), 30);
    assert.equal(run.status, 'done');
    if (run.status === 'done') {
      assert.equal(run.ok, false);
      assert.match(run.sentence, /^Message 8 of the run: The value does not fit schema .* v1: field "total" .* The run stopped there\. .*: 0 confirmed, 0 returned as unroutable, 0 nacked, 0 failed, 30 not sent\./);
      assert.deepEqual([run.tally.confirmed, run.tally.notSent, run.tally.cancelled], [0, 30, true]);
    }
    const offsets = await adapter.partitions!.listPartitions(topic);
    assert.equal(offsets.reduce((sum, p) => sum + Number(p.highWatermark ?? 0), 0), 0, 'nothing reached the topic');
  });

  it('Send ×N frames each templated record with the chosen version; the key is Protobuf with its message type; Browse decodes them', async () => {
    const ok = draft({
      payload: '{"id": "o-{{seq}}", "total": {{int:1:9}}, "placed": "2024-12-05T06:00:00.000Z"}',
      key: '{"code": "eu-{{seq}}"}',
      schema: { value: { subject: valueSubject, version: '', messageType: '' }, key: { subject: keySubject, version: '', messageType: 'OrderKey.Region' } },
    });
    const preview = await session.preview(ok);
    assert.deepEqual(preview.problems, []);
    assert.equal(preview.route?.kind, 'partition');
    const result = await session.send(ok, 20);
    assert.equal(result.status, 'done');
    assert.equal(result.status === 'done' && result.tally.confirmed, 20);
    const v1 = await session.send(draft({ payload: '{"id": "old", "total": 1}', schema: { value: { subject: valueSubject, version: '1', messageType: '' } } }), 1);
    assert.equal(v1.status === 'done' && v1.ok, true);

    const browse = new BrowseSession(adapter, { destination: topic, connectionName: 'it' }, listener, { lens: new RegistryLens(client) });
    const loaded = await browse.load({ start: { kind: 'earliest' }, limit: 50, acceptRequeue: false });
    assert.equal(loaded.status, 'page');
    const records = loaded.status === 'page' ? loaded.page.records : [];
    assert.equal(records.length, 21);
    const ids = new Set(records.map((r) => r.valueSchema?.schemaId));
    assert.deepEqual([...ids].sort(), [v1Id, v2Id].sort());
    assert.ok(records.every((r) => r.valueSchema?.status === 'decoded'), JSON.stringify(records));
    // The 20 of the run carry a Protobuf key; the v1 record has none.
    assert.deepEqual(records.filter((r) => r.keySchema?.status === 'decoded').map((r) => r.valueSchema?.schemaId), Array(20).fill(v2Id));
    assert.deepEqual(records.filter((r) => r.valueSchema?.schemaId === v2Id).map((r) => JSON.parse(r.keyPreview ?? 'null') as { code: string }).map((k) => k.code).sort(),
      Array.from({ length: 20 }, (_, i) => `eu-${i + 1}`).sort());
    const seqs = records.filter((r) => r.valueSchema?.schemaId === v2Id).map((r) => JSON.parse(r.valuePreview) as { id: string; total: number; placed: string });
    assert.deepEqual(seqs.map((v) => v.id).sort(), Array.from({ length: 20 }, (_, i) => `o-${i + 1}`).sort());
    assert.ok(seqs.every((v) => v.total >= 1 && v.total <= 9 && v.placed === '2024-12-05T06:00:00.000Z'), JSON.stringify(seqs[0]));
    // The key's bytes: framed with the key subject's id, message indexes [0, 0] (OrderKey.Region).
    const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 1, partition: records.find((r) => r.keySchema)!.partition! });
    const key = page.records[0]!.key as Uint8Array;
    assert.equal(readWireHeader(key)?.schemaId, keyId);
    assert.deepEqual(readMessageIndexes(key, 5).indexes, [0, 0]);
  });
});
