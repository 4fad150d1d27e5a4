import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyDraft, planDraft, type DraftCheck, type DraftEncoder, type PublishDraft } from '../../../src/extension/core/publish/draft.js';
import { seededRandom } from '../../../src/extension/core/publish/template.js';
import { compileWithTexts } from '../../../src/extension/core/schema/compile.js';
import { encodeFramed } from '../../../src/extension/core/schema/schemaEncoder.js';
import { readMessageIndexes, readWireHeader } from '../../../src/extension/core/schema/wireFormat.js';

// Payload mode 'schema' through the one validation every publish path uses, with real avsc and protobufjs codecs.
const avro = compileWithTexts({
  schemaType: 'AVRO',
  references: [],
  schema: JSON.stringify({
    type: 'record', name: 'Order', namespace: 'shop',
    fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'int' }, { name: 'placed', type: { type: 'long', logicalType: 'timestamp-millis' } }],
  }),
});
const proto = compileWithTexts({ schemaType: 'PROTOBUF', references: [], schema: 'syntax = "proto3"; package shop; message Key { string id = 1; } message Other { message Inner { int32 n = 1; } }' });
const encoderOf = (codec: typeof avro, id: number, label: string, messageType?: string): DraftEncoder => ({ encode: (v) => encodeFramed(codec, id, v, messageType, label).bytes });
const valueEncoder = encoderOf(avro, 7, 'orders-value v2');
const choice = (subject: string) => ({ subject, version: '', messageType: '' });

const draft = (patch: Partial<PublishDraft> = {}): PublishDraft => ({
  ...emptyDraft('kafka', 'orders'),
  payloadMode: 'schema',
  schema: { value: choice('orders-value') },
  payload: '{"id": "o-1", "total": 12, "placed": "2026-12-05T06:00:00.000Z"}',
  ...patch,
});
const problems = (check: DraftCheck): Record<string, string> => (check.ok ? {} : Object.fromEntries(check.problems.map((p) => [p.field, p.message])));

describe('publish draft with a schema', () => {
  it('encodes the value in the Confluent wire format: magic byte, schema id, then the Avro body', () => {
    const check = planDraft(draft(), { encoders: { value: valueEncoder } });
    assert.ok(check.ok, JSON.stringify(check));
    const bytes = check.plan.build(0).value as Uint8Array;
    assert.deepEqual(readWireHeader(bytes), { schemaId: 7, bodyOffset: 5 });
    assert.deepEqual(avro.decode(bytes.subarray(5)), { id: 'o-1', total: 12, placed: '2026-12-05T06:00:00.000Z' });
    assert.equal(check.plan.build(1).value, bytes, 'a value without placeholders is encoded once');
  });

  it('names the field that does not fit, and the JSON position before that', () => {
    assert.match(problems(planDraft(draft({ payload: '{"id": "o-1", "total": "twelve", "placed": 0}' }), { encoders: { value: valueEncoder } })).payload ?? '',
      /does not fit schema orders-value v2: field "total"/);
    const broken = planDraft(draft({ payload: '{"id": "o-1",\n "total": }' }), { encoders: { value: valueEncoder } });
    assert.ok(!broken.ok);
    assert.deepEqual(broken.problems.map((p) => [p.field, p.line, p.column]), [['payload', 2, 11]]);
    assert.match(problems(planDraft(draft({ payload: '  ' }), { encoders: { value: valueEncoder } })).payload ?? '', /payload is empty/);
  });

  it('says why there is no encoder: no subject chosen, or the registry sentence', () => {
    assert.match(problems(planDraft(draft())) ['schema.value'] ?? '', /Choose the subject/);
    assert.equal(problems(planDraft(draft(), { encoders: { value: { problem: 'The schema registry at http://x did not answer.' } } }))['schema.value'], 'The schema registry at http://x did not answer.');
    assert.match(problems(planDraft({ ...draft(), broker: 'rabbitmq', destination: 'shop' }))['payloadMode'] ?? '', /for Kafka topics/);
  });

  it('encodes the key with its own schema (Protobuf, message indexes), and a plain key stays text', () => {
    const keyEncoder = encoderOf(proto, 9, 'orders-key v1', 'Key');
    const check = planDraft(draft({ key: '{"id": "o-1"}', schema: { value: choice('orders-value'), key: choice('orders-key') } }), { encoders: { value: valueEncoder, key: keyEncoder } });
    assert.ok(check.ok, JSON.stringify(check));
    const key = check.plan.build(0).key as Uint8Array;
    assert.equal(readWireHeader(key)?.schemaId, 9);
    const { indexes, payloadOffset } = readMessageIndexes(key, 5);
    assert.deepEqual(indexes, [0]);
    assert.deepEqual(proto.decode(key.subarray(payloadOffset), indexes), { id: 'o-1' });
    assert.match(problems(planDraft(draft({ key: '{"name": "x"}', schema: { value: choice('orders-value'), key: choice('orders-key') } }), { encoders: { value: valueEncoder, key: keyEncoder } })).key ?? '',
      /field "name"/);
    const plain = planDraft(draft({ key: 'o-{{seq}}' }), { encoders: { value: valueEncoder } });
    assert.ok(plain.ok);
    assert.equal(plain.plan.build(2).key, 'o-3');
  });

  it('encodes each message of a templated run, and stops a run at the first message that does not fit', () => {
    const check = planDraft(draft({ payload: '{"id": "o-{{seq}}", "total": {{int:1:9}}, "placed": {{nowMs}}}' }), { encoders: { value: valueEncoder } });
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.plan.dynamic, true);
    const third = check.plan.build(2, seededRandom(1), Date.UTC(2026, 11, 5)).value as Uint8Array;
    const decoded = avro.decode(third.subarray(5)) as { id: string; total: number; placed: string };
    assert.equal(decoded.id, 'o-3');
    assert.equal(decoded.placed, '2026-12-05T00:00:00.000Z');
    // Message 1 fits (so the draft is valid); message 8 carries 2147483648, above Avro's int.
    const run = planDraft(draft({ payload: '{"id": "o", "total": 214748364{{seq}}, "placed": 0}' }), { encoders: { value: valueEncoder } });
    assert.ok(run.ok, JSON.stringify(run));
    for (let i = 0; i < 7; i++) run.plan.build(i);
    assert.throws(() => run.plan.build(7), (error: Error) => {
      assert.match(error.message, /^Message 8 of the run: The value does not fit schema orders-value v2: field "total" .* The run stopped there\.$/);
      return true;
    });
  });
});
