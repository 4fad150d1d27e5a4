import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePayload, fromBase64, isText, toBase64, toHex, utf8 } from '../../../src/extension/core/model/payload.js';

describe('decodePayload', () => {
  it('shows JSON objects pretty-printed and keeps the raw text', () => {
    const view = decodePayload(utf8('{"order":42,"items":["a"]}'));
    assert.equal(view.kind, 'json');
    assert.equal(view.text, '{"order":42,"items":["a"]}');
    assert.equal(view.json, '{\n  "order": 42,\n  "items": [\n    "a"\n  ]\n}');
  });

  it('treats plain text, including non-ASCII, as text', () => {
    const view = decodePayload(utf8('héllo wörld ✓'));
    assert.equal(view.kind, 'text');
    assert.equal(view.text, 'héllo wörld ✓');
  });

  it('detects binary (invalid UTF-8 or control bytes) and never offers text for it', () => {
    for (const bytes of [new Uint8Array([0xff, 0xfe, 0x00, 0x41]), new Uint8Array([0x41, 0x00, 0x42])]) {
      const view = decodePayload(bytes);
      assert.equal(view.kind, 'binary');
      assert.equal(view.text, undefined);
    }
  });

  it('round-trips every byte value through base64 and hex', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const view = decodePayload(all);
    assert.deepEqual(fromBase64(view.base64), all);
    assert.equal(view.hex.length, 512);
    assert.equal(view.hex.slice(0, 8), '00010203');
  });

  it('previews a large payload without building a full-size copy', () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const view = decodePayload(big, 1024);
    assert.equal(view.size, big.length);
    assert.equal(view.truncated, true);
    assert.equal(view.hex.length, 2048);
    assert.equal(view.text?.length, 1024);
  });

  it('does not call a preview binary because the cut split a multi-byte character', () => {
    const text = 'é'.repeat(600); // 1200 bytes, 2 per char
    const view = decodePayload(utf8(text), 1001);
    assert.equal(view.kind, 'text');
    assert.equal(view.text, 'é'.repeat(500));
  });

  it('reports empty payloads as empty', () => {
    assert.equal(decodePayload(null).kind, 'empty');
    assert.equal(decodePayload(new Uint8Array()).kind, 'empty');
  });
});

describe('byte helpers', () => {
  it('agree with Node on hex and base64', () => {
    const bytes = utf8('BrokerLens');
    assert.equal(toHex(bytes), Buffer.from('BrokerLens').toString('hex'));
    assert.equal(toBase64(bytes), Buffer.from('BrokerLens').toString('base64'));
    assert.equal(isText(bytes), true);
  });

  it('refuses text that is not base64', () => {
    assert.throws(() => fromBase64('not base64!'));
  });
});
