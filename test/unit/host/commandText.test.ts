import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeOutcome, parseBrokers, parseHeaders, previewLines } from '../../../src/extension/commands/commandText.js';

describe('command input parsing', () => {
  it('parses header pairs and refuses a pair without "="', () => {
    assert.deepEqual(parseHeaders('trace=abc, tenant = eu-1'), { trace: 'abc', tenant: 'eu-1' });
    assert.deepEqual(parseHeaders(''), {});
    assert.equal(parseHeaders('trace'), undefined);
    assert.deepEqual(parseHeaders('q=a=b'), { q: 'a=b' });
  });

  it('parses bootstrap brokers and refuses anything but host:port', () => {
    assert.deepEqual(parseBrokers('127.0.0.1:9092, kafka-2:9093'), ['127.0.0.1:9092', 'kafka-2:9093']);
    assert.equal(parseBrokers('127.0.0.1'), undefined);
    assert.equal(parseBrokers('h:99999'), undefined);
    assert.equal(parseBrokers(' , '), undefined);
  });
});

describe('command wording', () => {
  it('lists every partition of a reset preview with its effect', () => {
    const lines = previewLines({
      request: { groupId: 'billing', topic: 'orders', target: { kind: 'earliest' } },
      computedAt: 0,
      rows: [
        { partition: 0, current: 120, next: 0, replayed: 120, skipped: 0, logStart: 0, logEnd: 300 },
        { partition: 1, next: 5, replayed: 1695, skipped: 5, logStart: 0, logEnd: 1700 },
        { partition: 2, current: 7, next: 7, replayed: 0, skipped: 0, logStart: 0, logEnd: 9 },
        { partition: 3, current: 4, next: 0, replayed: 4, skipped: 0, logStart: 0, logEnd: 9, cleared: true },
      ],
    });
    assert.deepEqual(lines, [
      'partition 0: 120 → 0 (replays 120)',
      'partition 1: none → 5 (first commit; from auto.offset.reset=latest at 1700 it replays 1695, from earliest at 0 it skips 5)',
      'partition 2: 7 → 7 (no change)',
      'partition 3: 4 → none (no committed offset: the consumer starts from its auto.offset.reset)',
    ]);
  });

  it('says where a message went, or why it went nowhere', () => {
    assert.equal(describeOutcome('orders', { status: 'confirmed', partition: 2, offset: 41 }), 'Published to orders: partition 2, offset 41.');
    assert.equal(describeOutcome('queue jobs', { status: 'confirmed' }), 'Published to queue jobs; the broker confirmed it.');
    assert.match(describeOutcome('x', { status: 'returned', reason: 'NO_ROUTE.' }), /^The broker returned the message as unroutable: NO_ROUTE\. Bind a queue/);
  });
});
