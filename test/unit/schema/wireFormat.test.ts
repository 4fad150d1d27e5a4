import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  readMessageIndexes,
  readWireHeader,
  writeMessageIndexes,
  writeWireHeader,
} from '../../../src/extension/core/schema/wireFormat.js';

describe('Confluent wire format', () => {
  it('reads the magic byte and the big-endian schema id', () => {
    const bytes = Uint8Array.of(0, 0x00, 0x01, 0x02, 0x03, 0xaa);
    assert.deepEqual(readWireHeader(bytes), { schemaId: 0x00010203, bodyOffset: 5 });
    assert.deepEqual(writeWireHeader(0x00010203), bytes.subarray(0, 5));
  });

  it('does not take text, JSON, short payloads or id 0 for framed records', () => {
    assert.equal(readWireHeader(new TextEncoder().encode('{"a":1}')), undefined);
    assert.equal(readWireHeader(Uint8Array.of(0, 0, 0, 1)), undefined);
    assert.equal(readWireHeader(Uint8Array.of(0, 0, 0, 0, 0, 9)), undefined);
    assert.equal(readWireHeader(Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff, 9)), undefined);
    assert.equal(readWireHeader(null), undefined);
  });

  it('reads message indexes as the Java serializer writes them (zig-zag varints, [0] as one 0 byte)', () => {
    // [0] is the shorthand single byte 0.
    assert.deepEqual(readMessageIndexes(Uint8Array.of(0, 0x08), 0), { indexes: [0], payloadOffset: 1 });
    // [1]: count 1 → 2, index 1 → 2.
    assert.deepEqual(readMessageIndexes(Uint8Array.of(2, 2, 0x08), 0), { indexes: [1], payloadOffset: 2 });
    // [2, 0, 70]: 70 → zig-zag 140 = 0x8c 0x01.
    assert.deepEqual(readMessageIndexes(Uint8Array.of(6, 4, 0, 0x8c, 0x01, 0x08), 0), { indexes: [2, 0, 70], payloadOffset: 5 });
  });

  it('writes what it reads', () => {
    for (const indexes of [[0], [1], [2, 0, 70], [0, 3], [300]]) {
      const written = writeMessageIndexes(indexes);
      assert.deepEqual(readMessageIndexes(written, 0).indexes, indexes);
    }
    assert.deepEqual(writeMessageIndexes([0]), Uint8Array.of(0));
  });

  it('throws a RangeError on truncated indexes', () => {
    assert.throws(() => readMessageIndexes(Uint8Array.of(4, 2), 0), RangeError);
    assert.throws(() => readMessageIndexes(Uint8Array.of(0x80), 0), RangeError);
  });
});
