import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { compileWithTexts } from '../../../src/extension/core/schema/compile.js';
import { durationText, parseDuration, parseTimestamp, timestampText } from '../../../src/extension/core/schema/protobufWellKnown.js';

// Timestamp and Duration as the Protobuf JSON mapping writes them, in decoded records and on encode.
const proto = `syntax = "proto3";
package ops;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
message Job {
  string id = 1;
  google.protobuf.Timestamp started = 2;
  google.protobuf.Duration took = 3;
  repeated google.protobuf.Timestamp retries = 4;
  map<string, google.protobuf.Duration> steps = 5;
  Window window = 6;
  message Window { google.protobuf.Timestamp from = 1; google.protobuf.Timestamp to = 2; }
}
`;
const codec = compileWithTexts({ schemaType: 'PROTOBUF', schema: proto, references: [] });
const at = Date.UTC(2026, 11, 5, 6) / 1000;

/** The message's bytes as another producer writes them (protobufjs directly, {seconds, nanos} objects). */
function foreignBytes(): Uint8Array {
  const root = new protobuf.Root();
  root.addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!);
  root.addJSON(protobuf.common.get('google/protobuf/duration.proto')!.nested!);
  protobuf.parse(proto, root, { keepCase: true });
  const Job = root.lookupType('ops.Job');
  return Job.encode(Job.fromObject({
    id: 'j-1',
    started: { seconds: at, nanos: 250_000_000 },
    took: { seconds: 90, nanos: 0 },
    retries: [{ seconds: at + 1, nanos: 1_000 }, { seconds: at + 2, nanos: 7 }],
    steps: { build: { seconds: -1, nanos: -500_000_000 } },
    window: { from: { seconds: 0, nanos: 0 }, to: { seconds: at } },
  })).finish();
}

describe('Protobuf well-known types, read and written as text', () => {
  it('decodes Timestamps as RFC 3339 (3, 6 or 9 fraction digits) and Durations as seconds, nested, repeated and in maps', () => {
    assert.deepEqual(codec.decode(foreignBytes(), [0]), {
      id: 'j-1',
      started: '2026-12-05T06:00:00.250Z',
      took: '90s',
      retries: ['2026-12-05T06:00:01.000001Z', '2026-12-05T06:00:02.000000007Z'],
      steps: { build: '-1.500s' },
      window: { from: '1970-01-01T00:00:00Z', to: '2026-12-05T06:00:00Z' },
    });
  });

  it('encodes the same text back to the same message, and still takes {seconds, nanos}', () => {
    // The same message, not the same bytes: proto3 may or may not write a zero nanos; both read the same.
    const decoded = codec.decode(foreignBytes(), [0]);
    assert.deepEqual(codec.decode(codec.encode(decoded), [0]), decoded);
    const asObjects = codec.encode({ id: 'j-2', started: { seconds: String(at), nanos: 0 }, took: '0.5s' });
    assert.deepEqual(codec.decode(asObjects, [0]), { id: 'j-2', started: '2026-12-05T06:00:00Z', took: '0.500s', retries: [], steps: {}, window: null });
    // An offset is converted to UTC.
    assert.deepEqual((codec.decode(codec.encode({ started: '2026-12-05T12:00:00+06:00' }), [0]) as { started: string }).started, '2026-12-05T06:00:00Z');
  });

  it('names the field when the text is neither', () => {
    assert.throws(() => codec.encode({ started: 'yesterday' }), /started.*expected a timestamp such as 2026-12-05T06:00:00Z/);
    assert.throws(() => codec.encode({ steps: { build: '5 minutes' } }), /steps\.build.*expected a duration such as 90s/);
    assert.throws(() => codec.encode({ retries: ['2026-12-05T06:00:00Z', 3] }), /retries\[1\]/);
  });

  it('formats and parses the mapping\'s edge cases', () => {
    assert.equal(timestampText('-62135596800', 0), '0001-01-01T00:00:00Z');
    assert.equal(timestampText('253402300800', 0), undefined, 'after 9999-12-31 is out of range');
    assert.equal(durationText('0', -1_000_000), '-0.001s');
    assert.equal(durationText('315576000000', 0), '315576000000s');
    assert.deepEqual(parseDuration('-0.001s'), { seconds: '0', nanos: -1_000_000 });
    assert.deepEqual(parseDuration('-2.5s'), { seconds: '-2', nanos: -500_000_000 });
    assert.deepEqual(parseTimestamp('2026-12-05T06:00:00.123456789Z'), { seconds: String(at), nanos: 123_456_789 });
    assert.equal(parseTimestamp('2026-12-05'), undefined);
  });
});
