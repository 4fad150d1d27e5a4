import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileWithTexts } from '../../../src/extension/core/schema/compile.js';
import type { SchemaValueError } from '../../../src/extension/core/schema/codec.js';
import { decodeWith } from '../../../src/extension/core/schema/schemaDecoder.js';
import { encodeFramed } from '../../../src/extension/core/schema/schemaEncoder.js';
import { compileLocalSchema, decodeLocal, encodeLocal, schemaTypeOfFile } from '../../../src/extension/core/schema/localSchema.js';

/** By name: tsx may load src/ twice (ESM test, CommonJS source), so instanceof can miss. */
function isValueError(e: unknown): e is SchemaValueError {
  return e instanceof Error && e.name === 'SchemaValueError';
}

const userAvro = JSON.stringify({
  type: 'record',
  name: 'User',
  namespace: 'com.example',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'age', type: 'int' },
  ],
});

const paymentAvro = JSON.stringify({
  type: 'record',
  name: 'Payment',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'atMicros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'raw', type: 'bytes' },
  ],
});

describe('Avro codec', () => {
  it('decodes a Confluent-framed record byte for byte as the Avro spec lays it out', () => {
    // 0 | id 1 | "alice" (zig-zag length 5 = 0x0a, then UTF-8) | 30 (zig-zag 60 = 0x3c)
    const bytes = Uint8Array.of(0, 0, 0, 0, 1, 0x0a, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x3c);
    const codec = compileWithTexts({ schemaType: 'AVRO', schema: userAvro, references: [] });
    const result = decodeWith(codec, bytes, 5, 1, 'users-value', 1);
    assert.equal(result.status, 'decoded');
    assert.deepEqual(result.status === 'decoded' && result.value, { name: 'alice', age: 30 });
    assert.equal(result.status === 'decoded' && result.typeName, 'com.example.User');
    // Encoding gives the same bytes back.
    assert.deepEqual(encodeFramed(codec, 1, { name: 'alice', age: 30 }, undefined, 'users-value v1').bytes, bytes);
  });

  it('renders logical types readably and accepts the same forms on encode', () => {
    const codec = compileWithTexts({ schemaType: 'AVRO', schema: paymentAvro, references: [] });
    const value = {
      id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      at: '2024-05-01T10:00:00.250Z',
      atMicros: '2024-05-01T10:00:00.250123Z',
      day: '2024-05-01',
      amount: '-1234.50',
      note: 'hello',
      raw: Buffer.from([1, 2, 255]).toString('base64'),
    };
    const bytes = codec.encode(value);
    assert.deepEqual(codec.decode(bytes), value);
  });

  it('names the field whose value does not fit, and the reason', () => {
    const codec = compileWithTexts({ schemaType: 'AVRO', schema: paymentAvro, references: [] });
    assert.throws(
      () => codec.encode({ id: 'not-a-uuid', at: 0, atMicros: 0, day: 0, amount: '1.00', note: null, raw: '' }),
      (e: unknown) => isValueError(e) && e.path === 'id',
    );
    assert.throws(
      () => codec.encode({ id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', at: 0, atMicros: 0, day: 0, amount: '1.001', note: null, raw: '' }),
      (e: unknown) => isValueError(e) && e.path === 'amount',
    );
    assert.throws(() => encodeFramed(codec, 7, '{"id":', undefined, 'p v1'), /not valid JSON/);
  });

  it('says which bytes do not match instead of throwing', () => {
    const codec = compileWithTexts({ schemaType: 'AVRO', schema: userAvro, references: [] });
    const result = decodeWith(codec, Uint8Array.of(0, 0, 0, 0, 1, 0x0a, 0x61), 5, 1);
    assert.equal(result.status, 'failed');
    assert.match(result.status === 'failed' ? result.reason : '', /do not match AVRO schema id 1/);
  });

  it('resolves named types from referenced schemas', () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'com.example', fields: [{ name: 'city', type: 'string' }] });
    const customer = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'com.example', fields: [{ name: 'home', type: 'com.example.Address' }] });
    const codec = compileWithTexts(
      { schemaType: 'AVRO', schema: customer, references: [{ name: 'com.example.Address', subject: 'address', version: 1 }] },
      [{ name: 'com.example.Address', text: { schemaType: 'AVRO', schema: address, references: [] } }],
    );
    assert.deepEqual(codec.decode(codec.encode({ home: { city: 'Dhaka' } })), { home: { city: 'Dhaka' } });
  });
});

const commonProto = `syntax = "proto3";
package shop.common;
message Money { string currency = 1; int64 units = 2; }
`;
const orderProto = `syntax = "proto3";
package shop;
import "shop/common.proto";
import "google/protobuf/timestamp.proto";
message Header { string trace = 1; }
message Order {
  string id = 1;
  shop.common.Money total = 2;
  repeated Line lines = 3;
  Status status = 4;
  google.protobuf.Timestamp placed = 5;
  message Line { string sku = 1; int32 qty = 2; }
  enum Status { NEW = 0; PAID = 1; }
}
`;

describe('Protobuf codec', () => {
  const codec = compileWithTexts(
    { schemaType: 'PROTOBUF', schema: orderProto, references: [{ name: 'shop/common.proto', subject: 'common', version: 1 }] },
    [{ name: 'shop/common.proto', text: { schemaType: 'PROTOBUF', schema: commonProto, references: [] } }],
  );

  it('encodes the message type named, with its message indexes, and decodes by the indexes', () => {
    const value = { id: 'o-1', total: { currency: 'BDT', units: '1500' }, lines: [{ sku: 'tea', qty: 2 }], status: 'PAID' };
    const framed = encodeFramed(codec, 9, value, 'shop.Order', 'orders-value v1');
    // Header is message 0, Order message 1: indexes [1] = 0x02 0x02 after the 5-byte header.
    assert.deepEqual([...framed.bytes.subarray(0, 7)], [0, 0, 0, 0, 9, 2, 2]);
    const decoded = decodeWith(codec, framed.bytes, 5, 9);
    assert.equal(decoded.status, 'decoded');
    if (decoded.status !== 'decoded') return;
    assert.equal(decoded.typeName, 'shop.Order');
    assert.deepEqual((decoded.value as { total: unknown }).total, { currency: 'BDT', units: '1500' });
    assert.equal((decoded.value as { status: string }).status, 'PAID');
  });

  it('finds nested message types by name and index path', () => {
    const { indexes, name } = codec.messageIndexesOf!('Line');
    assert.deepEqual(indexes, [1, 0]);
    assert.equal(name, 'shop.Order.Line');
    const framed = encodeFramed(codec, 9, { sku: 'rice', qty: 5 }, 'shop.Order.Line', 'x');
    const decoded = decodeWith(codec, framed.bytes, 5, 9);
    assert.deepEqual(decoded.status === 'decoded' && decoded.value, { sku: 'rice', qty: 5 });
  });

  it('says when a message index is out of range', () => {
    const bytes = Uint8Array.of(0, 0, 0, 0, 9, 2, 10, 0x0a, 0x01, 0x41);
    const decoded = decodeWith(codec, bytes, 5, 9);
    assert.equal(decoded.status, 'failed');
    assert.match(decoded.status === 'failed' ? decoded.reason : '', /message index 5 is out of range: the schema has 2 top-level message types/);
  });

  it('refuses unknown fields and wrong types at their path (protobufjs alone would drop them)', () => {
    assert.throws(() => encodeFramed(codec, 9, { id: 'x', totl: {} }, 'shop.Order', 'orders-value v1'), /field "totl"/);
    assert.throws(() => encodeFramed(codec, 9, { lines: [{ sku: 'a', qty: 'two' }] }, 'shop.Order', 'orders-value v1'), /field "lines\[0\]\.qty" expected an integer/);
    assert.throws(() => encodeFramed(codec, 9, { status: 'LOST' }, 'shop.Order', 'v1'), /field "status" expected one of NEW, PAID/);
  });
});

describe('JSON Schema codec', () => {
  const schema = JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Shipment',
    type: 'object',
    properties: { id: { type: 'string' }, weight: { type: 'number', minimum: 0 }, to: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    required: ['id'],
    additionalProperties: false,
  });
  const codec = compileWithTexts({ schemaType: 'JSON', schema, references: [] });

  it('round-trips a valid value and names the failing field of an invalid one', () => {
    const value = { id: 's-1', weight: 2.5, to: { city: 'Khulna' } };
    assert.deepEqual(codec.decode(codec.encode(value)), value);
    assert.throws(() => codec.encode({ id: 's', weight: -1 }), (e: unknown) => isValueError(e) && e.path === 'weight');
    assert.throws(() => codec.encode({ id: 's', to: {} }), (e: unknown) => isValueError(e) && e.path === 'to' && /city/.test(e.reason));
    assert.throws(() => codec.encode({ id: 's', extra: 1 }), /additional properties "extra"/);
  });
});

describe('local schema files', () => {
  it('maps file names to schema types', () => {
    assert.equal(schemaTypeOfFile('user.avsc'), 'AVRO');
    assert.equal(schemaTypeOfFile('a/b/order.proto'), 'PROTOBUF');
    assert.equal(schemaTypeOfFile('ship.schema.json'), 'JSON');
    assert.equal(schemaTypeOfFile('readme.md'), undefined);
  });

  it('decodes bare Avro and Protobuf bytes (no registry framing) and framed bytes past the header', () => {
    const avro = compileLocalSchema('AVRO', userAvro);
    const bare = encodeLocal(avro, { name: 'bob', age: 4 });
    assert.deepEqual(decodeLocal(avro, bare), { status: 'decoded', schemaId: 0, schemaType: 'AVRO', typeName: 'com.example.User', value: { name: 'bob', age: 4 } });
    const proto = compileLocalSchema('PROTOBUF', orderProto, new Map([['shop/common.proto', commonProto]]));
    const bytes = encodeLocal(proto, { trace: 't-1' }, 'shop.Header');
    const decoded = decodeLocal(proto, bytes, 'shop.Header');
    assert.deepEqual(decoded.status === 'decoded' && decoded.value, { trace: 't-1' });
  });
});

describe('Avro validation messages', () => {
  it('say what the field expects and what it got', () => {
    const codec = compileWithTexts({ schemaType: 'AVRO', schema: paymentAvro, references: [] });
    const base = { id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', at: 0, atMicros: 0, day: 0, amount: '1.00', note: null, raw: '' };
    assert.throws(() => codec.encode({ ...base, note: 5 }), (e: unknown) => isValueError(e) && e.path === 'note' && e.reason === 'expects null or string, not 5');
    assert.throws(() => codec.encode({ ...base, at: 'yesterday' }), (e: unknown) => isValueError(e) && e.path === 'at' && e.reason === 'expects timestamp-millis, not "yesterday"');
    const { day: _day, ...missing } = base;
    assert.throws(() => codec.encode(missing), (e: unknown) => isValueError(e) && e.path === 'day' && e.reason === 'expects date, not nothing (the field is missing)');
  });
});
