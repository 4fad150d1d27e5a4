/**
 * The recording format: a round trip through the streaming parser, in chunks cut anywhere, and bad
 * input refused with the line number (truncated, not NDJSON, a newer version, no header, wrong shape).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatRecordingLine, RecordingFormatError, RecordingParser, type RecordedMessage, type RecordingHeader } from '../../../src/extension/core/recordings/recordingFormat.js';

const header: RecordingHeader = {
  format: 'brokerlens-recording', version: 1, source: { broker: 'kafka', destination: 'orders', partition: 2 },
  brokerVersion: '4.4.0', startedAt: '2026-12-05T06:00:00.000Z', filters: { maxMessages: 1000 },
};
const message = (i: number): RecordedMessage => ({
  key: { text: `key-${i}` }, value: i % 2 ? { base64: Buffer.from([0, 255, i]).toString('base64') } : { text: `{"seq":${i}}` },
  headers: { trace: { text: `t${i}` }, attempt: { json: i } }, partition: 2, offset: String(100 + i), timestamp: 1764914400000 + i,
});

function parseAll(text: string, cuts: readonly number[] = []): RecordedMessage[] {
  const p = new RecordingParser();
  const out: RecordedMessage[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...p.feed(text.slice(at, cut)));
    at = cut;
  }
  out.push(...p.feed(text.slice(at)));
  out.push(...p.end());
  return out;
}

function refused(text: string): RecordingFormatError {
  try {
    parseAll(text);
  } catch (e) {
    assert.ok(e instanceof RecordingFormatError, String(e));
    return e;
  }
  assert.fail('the recording should be refused');
}

describe('recording format', () => {
  const messages = Array.from({ length: 20 }, (_, i) => message(i));
  const text = [header, ...messages].map(formatRecordingLine).join('\n') + '\n';

  it('round-trips header and messages, whatever the chunk boundaries', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }), (cuts) => {
      assert.deepEqual(parseAll(text, cuts), messages);
    }), { seed: 11, numRuns: 200 });
  });

  it('reads a file without a final newline', () => {
    assert.equal(parseAll(text.trimEnd()).length, 20);
  });

  it('refuses a truncated recording with the line number of the cut', () => {
    const e = refused(text.slice(0, text.length - 20));
    assert.equal(e.line, 21);
    assert.match(e.message, /^Line 21: .*truncated/);
  });

  it('refuses a file that is not NDJSON, naming the line', () => {
    const e = refused(`${formatRecordingLine(header)}\n${formatRecordingLine(message(0))}\nkey=value\n`);
    assert.equal(e.line, 3);
    assert.match(e.message, /not JSON/);
  });

  it('refuses a newer format version on the header line', () => {
    const e = refused(`${JSON.stringify({ ...header, version: 2 })}\n`);
    assert.equal(e.line, 1);
    assert.match(e.message, /version 2, newer than this BrokerLens reads \(1\)/);
  });

  it('refuses a recording without a header, and a message of the wrong shape', () => {
    assert.match(refused(`${formatRecordingLine(message(0))}\n`).message, /^Line 1: the header line/);
    assert.match(refused('').message, /no header line/);
    const bad = refused(`${formatRecordingLine(header)}\n${JSON.stringify({ ...message(1), offset: -3 })}\n`);
    assert.equal(bad.line, 2);
    assert.match(bad.message, /offset/);
  });
});
