import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PEEK_REQUEUE_WARNING } from '../../../src/extension/core/model/browse.js';
import type { Capabilities } from '../../../src/extension/core/model/capabilities.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';
import { fromBase64, utf8 } from '../../../src/extension/core/model/payload.js';
import { validate } from '../../../src/extension/protocol/ipc.js';
import { BROWSE_PREVIEW_LIMIT, BrowseDetailRequest, BrowseLoadRequest, BrowseTailRecordsNotification } from '../../../src/extension/protocol/browsePanel.js';
import { browsePanelKey, browseTitle, describeAccess, KAFKA_READ_NOTICE, STREAM_READ_NOTICE } from '../../../src/extension/panels/browse/access.js';
import {
  headerValueText, hexDump, oneLine, propertiesWire, recordJson, summarize, toDetail, toPageWire, toRow, valueClipboardText, valueDocument,
} from '../../../src/extension/panels/browse/wire.js';

const ALL_BYTES = new Uint8Array(256).map((_, i) => i);

function record(value: Uint8Array | null, extra: Partial<BrokerRecord> = {}): BrokerRecord {
  return { id: '1:7', destination: 'orders', partition: 1, offset: 7, timestamp: Date.UTC(2026, 10, 25, 9), key: utf8('o-1001'), value, headers: {}, size: (value?.length ?? 0) + 6, ...extra };
}

describe('browse wire: binary is never mangled', () => {
  it('sends binary as hex and base64 only, and base64 round-trips every byte', () => {
    const detail = toDetail(record(ALL_BYTES));
    assert.equal(detail.value?.kind, 'binary');
    assert.equal(detail.value?.text, undefined, 'no lossy text view of binary');
    assert.deepEqual(fromBase64(detail.value!.base64), ALL_BYTES);
    assert.equal(detail.value!.hex.slice(0, 8), '00010203');
    assert.equal(detail.value!.hex.length, 512);
  });

  it('previews binary in the list as hex pairs, and copies it as base64 that decodes to the same bytes', () => {
    const row = toRow(record(ALL_BYTES));
    assert.equal(row.valueKind, 'binary');
    assert.equal(row.valuePreview, `${Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ')} …`);
    assert.deepEqual(fromBase64(valueClipboardText(ALL_BYTES)), ALL_BYTES);
    assert.equal(valueClipboardText(utf8('héllo ✓')), 'héllo ✓');
  });

  it('embeds binary in "Copy as JSON" as { base64 } and JSON values as JSON', () => {
    const binary = JSON.parse(recordJson(record(ALL_BYTES))) as { value: { base64: string }; key: string; offset: number; timestamp: string };
    assert.deepEqual(fromBase64(binary.value.base64), ALL_BYTES);
    assert.equal(binary.key, 'o-1001');
    assert.equal(binary.timestamp, '2026-11-25T09:00:00.000Z');
    const json = JSON.parse(recordJson(record(utf8('{"total":42.5}'), { headers: { source: utf8('shop') } }))) as { value: unknown; headers: unknown };
    assert.deepEqual(json.value, { total: 42.5 });
    assert.deepEqual(json.headers, { source: 'shop' });
  });

  it('shows binary header values as hex and text ones as text', () => {
    assert.equal(headerValueText(utf8('shop')), 'shop');
    assert.equal(headerValueText(new Uint8Array([0, 255])), '0x00ff');
    assert.equal(headerValueText({ retries: 3, tag: utf8('x') }), '{"retries":3,"tag":"x"}');
    assert.equal(headerValueText(null), 'null');
  });

  it('opens binary as a hex dump, JSON pretty-printed with the json language, text as is', () => {
    assert.deepEqual(valueDocument(utf8('{"a":[1,2]}')), { content: '{\n  "a": [\n    1,\n    2\n  ]\n}', language: 'json' });
    assert.deepEqual(valueDocument(utf8('plain words')), { content: 'plain words', language: 'plaintext' });
    const bytes = new Uint8Array([0x00, ...ALL_BYTES.subarray(0x41, 0x52)]);
    const dump = valueDocument(bytes);
    assert.equal(dump.language, 'plaintext');
    assert.equal(dump.content, hexDump(bytes));
    assert.equal(dump.content.split('\n')[0], '00000000  00 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f  |.ABCDEFGHIJKLMNO|');
    assert.equal(dump.content.split('\n')[1], '00000010  50 51                                            |PQ|');
    assert.deepEqual(valueDocument(null), { content: '', language: 'plaintext' });
  });
});

describe('browse wire: JSON detection and previews', () => {
  it('tells JSON from text, also for values longer than the preview', () => {
    assert.deepEqual(summarize(utf8('{"event":"order.placed"}')), { kind: 'json', preview: '{"event":"order.placed"}' });
    assert.deepEqual(summarize(utf8('hello')), { kind: 'text', preview: 'hello' });
    assert.equal(summarize(utf8('{not json')).kind, 'text');
    const big = utf8(JSON.stringify({ items: Array.from({ length: 400 }, (_, i) => ({ i, name: `item-${i}` })) }));
    assert.ok(big.length > 4 * 200);
    const s = summarize(big);
    assert.equal(s.kind, 'json');
    assert.equal(s.preview.length, 201);
    assert.ok(s.preview.endsWith('…'));
    assert.deepEqual(summarize(null), { kind: 'null', preview: '' });
    assert.deepEqual(summarize(new Uint8Array(0)), { kind: 'empty', preview: '' });
  });

  it('previews one line: whitespace collapsed, cut with an ellipsis', () => {
    assert.equal(oneLine('{\n  "a": 1,\n\t"b": 2\n}'), '{ "a": 1, "b": 2 }');
    assert.equal(oneLine('x'.repeat(250)).length, 201);
  });

  it('pretty-prints JSON in the detail and keeps the exact text beside it', () => {
    const detail = toDetail(record(utf8('{"total":42.5}')));
    assert.equal(detail.value?.kind, 'json');
    assert.equal(detail.value?.json, '{\n  "total": 42.5\n}');
    assert.equal(detail.value?.text, '{"total":42.5}');
    assert.equal(detail.key?.text, 'o-1001');
  });
});

describe('browse wire: large values are previewed, never sent whole', () => {
  it('cuts every view at the preview limit and says so, with the full size', () => {
    const size = 3 * BROWSE_PREVIEW_LIMIT + 5;
    const value = new Uint8Array(size).map((_, i) => 0x61 + (i % 26));
    const detail = toDetail(record(value));
    const v = detail.value!;
    assert.equal(v.truncated, true);
    assert.equal(v.size, size);
    assert.equal(v.hex.length, 2 * BROWSE_PREVIEW_LIMIT);
    assert.deepEqual(fromBase64(v.base64), value.subarray(0, BROWSE_PREVIEW_LIMIT));
    assert.equal(v.text?.length, BROWSE_PREVIEW_LIMIT);
    assert.equal(v.json, undefined);
    assert.ok(validate(BrowseDetailRequest.result, detail).ok, 'the preview fits the protocol bounds');
    const row = toRow(record(value));
    assert.equal(row.valueSize, size);
    assert.equal(row.valuePreview.length, 201);
  });

  it('does not cut a multi-byte character in half at the preview limit', () => {
    const value = utf8('é'.repeat(BROWSE_PREVIEW_LIMIT));
    const v = toDetail(record(value)).value!;
    assert.equal(v.kind, 'text');
    assert.equal(v.text, 'é'.repeat(BROWSE_PREVIEW_LIMIT / 2));
  });
});

describe('browse wire: rows and pages fit the protocol', () => {
  it('turns a Kafka page into rows and string-keyed cursors that validate', () => {
    const page = {
      records: [record(utf8('{"a":1}'), { headers: { source: utf8('shop') } }), record(null, { id: '1:8', offset: 8, key: null, timestamp: -1 })],
      next: { direction: 'forward' as const, positions: { 0: 3, 1: 9 } },
      previous: { direction: 'backward' as const, positions: { 0: 0, 1: 7 } },
      scanned: 2, scanCapped: false, sideEffect: 'none' as const,
    };
    const wire = toPageWire(page);
    assert.deepEqual(wire.next, { direction: 'forward', positions: { '0': 3, '1': 9 } });
    assert.deepEqual(wire.records[0], {
      id: '1:7', partition: 1, offset: 7, timestamp: Date.UTC(2026, 10, 25, 9), size: 13, keyKind: 'text', keyPreview: 'o-1001',
      valueKind: 'json', valuePreview: '{"a":1}', valueSize: 7, headerCount: 1,
    });
    assert.equal(wire.records[1]?.valueKind, 'null', 'a tombstone');
    assert.equal(wire.records[1]?.keyKind, 'null');
    assert.equal(wire.records[1]?.timestamp, undefined, 'Kafka -1 means no timestamp');
    assert.ok(validate(BrowseLoadRequest.result, { status: 'page', page: wire }).ok);
    assert.ok(validate(BrowseTailRecordsNotification.params, { records: wire.records }).ok);
  });

  it('carries RabbitMQ routing, redelivery and AMQP properties', () => {
    const r = record(utf8('hi'), {
      id: '3', partition: undefined, offset: undefined, key: undefined, exchange: '', routingKey: 'email.confirmations', redelivered: true,
      properties: { contentType: 'text/plain', deliveryMode: 2, timestamp: 1_790_000_000, messageId: 'm-1' },
    });
    const row = toRow(r);
    assert.equal(row.exchange, '');
    assert.equal(row.routingKey, 'email.confirmations');
    assert.equal(row.redelivered, true);
    assert.equal(row.keyKind, 'null');
    assert.deepEqual(propertiesWire(r.properties), [
      { name: 'content_type', value: 'text/plain' },
      { name: 'delivery_mode', value: '2 (persistent)' },
      { name: 'message_id', value: 'm-1' },
      { name: 'timestamp', value: `1790000000 (${new Date(1_790_000_000_000).toISOString()})` },
    ]);
    assert.equal(toDetail(r).key, null);
  });
});

describe('browse access', () => {
  const caps = (nonDestructiveBrowse: Capabilities['nonDestructiveBrowse']): Capabilities => ({
    exchanges: true, partitions: false, consumerGroups: false, offsetReset: false, nonDestructiveBrowse, liveTail: false, deadLetters: false, purge: false, routeExplain: false,
  });

  it('reads topics and streams directly, and peeks classic, quorum and unknown queues only with the warning', () => {
    assert.deepEqual(describeAccess('kafka', caps('always'), 'topic'), { mode: 'read', notice: KAFKA_READ_NOTICE() });
    assert.deepEqual(describeAccess('rabbitmq', caps('streamsOnly'), 'stream'), { mode: 'read', notice: STREAM_READ_NOTICE() });
    for (const type of ['classic', 'quorum', 'unknown'] as const) {
      assert.deepEqual(describeAccess('rabbitmq', caps('streamsOnly'), type), { mode: 'peek', warning: PEEK_REQUEUE_WARNING });
    }
    assert.equal(describeAccess('rabbitmq', caps('always'), 'classic').mode, 'read');
  });

  it('names the panel and keys one panel per connection, destination and partition', () => {
    assert.equal(browseTitle({ destination: 'orders', connectionName: 'x' }), 'Messages: orders');
    assert.equal(browseTitle({ destination: 'orders', partition: 2, connectionName: 'x' }), 'Messages: orders #2');
    assert.equal(browsePanelKey('sim', { destination: 'orders', connectionName: 'x' }), 'browse:sim:orders:*');
    assert.notEqual(browsePanelKey('sim', { destination: 'orders', partition: 0, connectionName: 'x' }), browsePanelKey('sim', { destination: 'orders', connectionName: 'x' }));
  });
});
