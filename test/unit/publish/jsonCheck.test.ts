import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findJsonError, lineColumn } from '../../../src/extension/core/publish/jsonCheck.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('JSON error position', () => {
  it('accepts exactly what JSON.parse accepts (generated JSON, and JSON with one character changed)', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', '}', ']', ',', '"', ':', 'x', '\\', ' ', '0', '-'), (json, at, c) => {
        assert.equal(findJsonError(json), undefined, json);
        const i = json.length === 0 ? 0 : at % json.length;
        const broken = json.slice(0, i) + c + json.slice(i + 1);
        assert.equal(findJsonError(broken) === undefined, parses(broken), broken);
      }),
      { numRuns: 3000, seed: 16 },
    );
  });

  it('points at the first character that cannot continue the value', () => {
    assert.deepEqual(findJsonError('{"a": tru}'), { offset: 6, expected: '"true"' });
    assert.equal(findJsonError('{"a":1,}')?.offset, 7);
    assert.equal(findJsonError('[1 2]')?.offset, 3);
    assert.equal(findJsonError('"abc')?.offset, 4);
    assert.equal(findJsonError('{} {}')?.offset, 3);
    assert.equal(findJsonError('')?.offset, 0);
    assert.deepEqual(lineColumn('{\n  "a": x', 9), { line: 2, column: 8 });
  });
});
