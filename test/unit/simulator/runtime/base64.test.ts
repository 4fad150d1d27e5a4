import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromBase64, toBase64 } from '../../../../src/extension/core/simulator/runtime/base64.js';

test('matches Node\'s base64 and round-trips', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    const text = toBase64(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(fromBase64(text), bytes);
  }), { numRuns: 500 });
});

test('refuses what is not base64', () => {
  assert.equal(fromBase64('abc'), undefined);
  assert.equal(fromBase64('ab!='), undefined);
  assert.equal(fromBase64('=abc'), undefined);
  assert.equal(fromBase64('é123'), undefined);
});
