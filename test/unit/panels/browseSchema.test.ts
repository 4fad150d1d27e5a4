/**
 * Browse with a schema lens, on the simulator's Kafka: rows preview the decoded value, the detail pane
 * gets the decoded JSON beside the bytes, filters and expressions match decoded fields, and a record
 * whose bytes do not fit shows its bytes and one reason.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import { compileLocalSchema, encodeLocal } from '../../../src/extension/core/schema/localSchema.js';
import { LocalSchemaLens } from '../../../src/extension/core/schema/recordLens.js';
import { VirtualClock } from '../../../src/extension/core/simulator/clock.js';
import { validate } from '../../../src/extension/protocol/ipc.js';
import { BrowseDetailRequest, BrowseLoadRequest, type BrowseLoadResult } from '../../../src/extension/protocol/browsePanel.js';
import { BrowseSession } from '../../../src/extension/panels/browse/session.js';

const schema = JSON.stringify({
  type: 'record',
  name: 'Payment',
  namespace: 'it',
  fields: [
    { name: 'customer', type: 'string' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
});
const rows = (result: BrowseLoadResult) => {
  assert.equal(result.status, 'page');
  return result.status === 'page' ? result.page.records : [];
};

describe('Browse with a local Avro schema (simulator)', () => {
  let kafka: BrokerAdapter;
  const codec = compileLocalSchema('AVRO', schema);
  const listener = { onTailRows: () => {}, onTailEnded: () => {} };

  beforeEach(async () => {
    [, kafka] = createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 10, 25))) as [BrokerAdapter, BrokerAdapter];
    await kafka.connect();
    await kafka.createDestination({ kind: 'topic', name: 'schema.payments', partitions: 1, replicationFactor: 1 });
    const values = [
      { customer: 'rahim', amount: '12.50', at: '2026-11-25T10:00:00.000Z' },
      { customer: 'karim', amount: '900.00', at: '2026-11-25T11:00:00.000Z' },
    ].map((v) => encodeLocal(codec, v));
    await kafka.publish({ destination: 'schema.payments' }, [...values.map((value) => ({ value })), { value: Uint8Array.of(0x02, 0x41) }]);
  });

  it('previews decoded values, marks the record that does not fit, and keeps its bytes', async () => {
    const session = new BrowseSession(kafka, { destination: 'schema.payments', connectionName: 'Simulator' }, listener, { lens: new LocalSchemaLens(codec, 'payment.avsc') });
    const result = await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false });
    assert.ok(validate(BrowseLoadRequest.result, result).ok);
    const list = rows(result);
    assert.equal(list.length, 3);
    assert.equal(list[0]!.valuePreview, '{"customer":"rahim","amount":"12.50","at":"2026-11-25T10:00:00.000Z"}');
    assert.equal(list[0]!.valueKind, 'json');
    assert.deepEqual(list[0]!.valueSchema, { status: 'decoded', schemaId: 0 });
    assert.deepEqual(list[2]!.valueSchema, { status: 'failed', schemaId: 0 });
    assert.equal(list[2]!.valueKind, 'binary');

    const detail = await session.detail({ id: list[1]!.id });
    assert.ok(validate(BrowseDetailRequest.result, detail).ok);
    assert.equal(detail.value?.schema?.status, 'decoded');
    assert.equal(detail.value?.schema?.source, 'payment.avsc');
    assert.equal(detail.value?.schema?.typeName, 'it.Payment');
    assert.deepEqual(JSON.parse(detail.value?.schema?.json ?? 'null'), { customer: 'karim', amount: '900.00', at: '2026-11-25T11:00:00.000Z' });
    assert.ok(detail.value?.hex.length, 'the bytes are still there');

    const bad = await session.detail({ id: list[2]!.id });
    assert.equal(bad.value?.schema?.status, 'failed');
    assert.match(bad.value?.schema?.reason ?? '', /^The bytes do not match the schema in payment.avsc: the bytes are not an Avro it.Payment/);
    assert.equal(bad.value?.hex, '0241');
  });

  it('filters on decoded fields with text and with expressions', async () => {
    const session = new BrowseSession(kafka, { destination: 'schema.payments', connectionName: 'Simulator' }, listener, { lens: new LocalSchemaLens(codec, 'payment.avsc') });
    const byText = rows(await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'text', field: 'value', pattern: 'karim', regex: false, caseSensitive: false } }));
    assert.deepEqual(byText.map((r) => JSON.parse(r.valuePreview).customer), ['karim']);
    const byExpression = rows(await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'expression', expression: 'value.customer == "rahim"' } }));
    assert.equal(byExpression.length, 1);
    assert.equal(JSON.parse(byExpression[0]!.valuePreview).amount, '12.50');
    // Without the lens the same filter sees only bytes: no match.
    const raw = new BrowseSession(kafka, { destination: 'schema.payments', connectionName: 'Simulator' }, listener);
    assert.equal(rows(await raw.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'expression', expression: 'value.customer == "rahim"' } })).length, 0);
  });
});
