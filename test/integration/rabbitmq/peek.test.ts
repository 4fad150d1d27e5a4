/**
 * Honest peeking. A classic queue is peeked only with acceptRequeue, by get-and-requeue; afterwards the
 * depth and the multiset of bodies are exactly as before (proved on 10,000 mixed text, JSON and binary
 * messages: peek 1,000, then drain everything and compare). A stream is read by offset with no side
 * effect at all: first, last N, an offset, a timestamp, and cursors both ways.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { PEEK_REQUEUE_WARNING } from '../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { decodePayload } from '../../../src/extension/core/model/payload.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

/** Message i of the mixed set: a third text, a third JSON, a third binary (with bytes invalid as UTF-8). */
function body(i: number): Buffer {
  switch (i % 3) {
    case 0:
      return Buffer.from(`plain text message ${i} é`);
    case 1:
      return Buffer.from(JSON.stringify({ order: i, total: i * 1.5, tags: ['a', 'b'] }));
    default:
      return Buffer.from([0x00, 0xff, 0xfe, i & 0xff, (i >> 8) & 0xff, 0x80]);
  }
}

const digest = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');

function multiset(bodies: Iterable<Uint8Array>): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of bodies) m.set(digest(b), (m.get(digest(b)) ?? 0) + 1);
  return m;
}

describe('RabbitMQ adapter: peeking a classic queue (get and requeue)', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const queue = uniqueName('peek');
  const quorum = uniqueName('quorum');
  const N = 10_000;

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    await adapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: true });
    const report = await adapter.publishMany({ destination: '', routingKey: queue }, N, (i) => ({
      exchange: '',
      routingKey: queue,
      content: body(i),
      options: { mandatory: true, deliveryMode: 2, messageId: `m-${i}`, headers: { i } },
    }));
    assert.equal(report.confirmed, N);
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup([queue, quorum]);
  });

  it('refuses without acceptRequeue, with the warning as the sentence, and touches nothing', async () => {
    await assert.rejects(
      adapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: 10 }),
      (e: unknown) => isBrokerError(e) && e.code === 'preconditionFailed' && e.message === PEEK_REQUEUE_WARNING,
    );
    const page = await adapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: 1, acceptRequeue: true });
    assert.equal(page.records[0]?.redelivered, false, 'the refused browse must not have touched the head message');
  });

  it('peeks 1,000 of 10,000 mixed messages; depth and the multiset of bodies are unchanged (drained and compared)', async () => {
    const page = await adapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: 1000, acceptRequeue: true });
    assert.equal(page.records.length, 1000);
    assert.equal(page.sideEffect, 'requeued');
    assert.equal(page.scanned, 1000);
    assert.deepEqual(page.next, { direction: 'forward', positions: { 0: 1000 } });
    // In order from the head, with exchange, routing key, properties and headers.
    page.records.forEach((r, i) => {
      assert.equal(r.properties?.messageId, `m-${i}`);
      assert.equal(r.headers.i, i);
      assert.equal(r.routingKey, queue);
      assert.equal(r.exchange, '');
      assert.deepEqual(Buffer.from(r.value!), body(i));
    });
    assert.deepEqual(
      [...new Set(page.records.map((r) => decodePayload(r.value).kind))].sort(),
      ['binary', 'json', 'text'],
    );
    assert.equal(await adapter.queueDepth(queue), N);

    // The next page continues where the first stopped.
    const second = await adapter.browse({ destination: queue, start: { kind: 'cursor', cursor: page.next! }, limit: 10, acceptRequeue: true });
    assert.deepEqual(second.records.map((r) => r.properties?.messageId), Array.from({ length: 10 }, (_, k) => `m-${1000 + k}`));
    assert.equal(await adapter.queueDepth(queue), N);

    // Drain everything with a plain consumer and compare the multisets of bodies.
    const conn = await rawConnection();
    const ch = await conn.createChannel();
    const drained: Buffer[] = [];
    let redelivered = 0;
    for (;;) {
      const m = await ch.get(queue, { noAck: true });
      if (m === false) break;
      drained.push(m.content);
      if (m.fields.redelivered) redelivered++;
    }
    await conn.close();
    assert.equal(drained.length, N);
    assert.deepEqual(multiset(drained), multiset(Array.from({ length: N }, (_, i) => body(i))));
    // Exactly the peeked ones carry the redelivered flag (1,000 + the 10 of the second page + the head checked above).
    assert.equal(redelivered, 1010);
  });

  it('filters while peeking and stops scanning at maxScan', async () => {
    await adapter.publish({ destination: '', routingKey: queue }, Array.from({ length: 50 }, (_, i) => ({ value: i === 42 ? 'needle' : `hay ${i}` })));
    const found = await adapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: 5, acceptRequeue: true, filter: { kind: 'text', field: 'value', pattern: 'NEEDLE' } });
    assert.deepEqual(found.records.map((r) => Buffer.from(r.value!).toString()), ['needle']);
    assert.equal(found.scanned, 50);
    const capped = await adapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: 5, maxScan: 10, acceptRequeue: true, filter: { kind: 'text', field: 'value', pattern: 'needle' } });
    assert.equal(capped.records.length, 0);
    assert.equal(capped.scanned, 10);
    assert.equal(capped.scanCapped, true);
    assert.equal(await adapter.queueDepth(queue), 50);
  });

  it('peeks a quorum queue the same way (each peek counts toward its delivery limit)', async () => {
    await adapter.createDestination({ kind: 'queue', name: quorum, queueType: 'quorum', durable: true, arguments: { deliveryLimit: 100 } });
    await adapter.publish({ destination: '', routingKey: quorum }, [{ value: 'q1' }, { value: 'q2' }]);
    const page = await adapter.browse({ destination: quorum, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
    assert.deepEqual(page.records.map((r) => Buffer.from(r.value!).toString()).sort(), ['q1', 'q2']);
    assert.equal(page.sideEffect, 'requeued');
    assert.equal(await adapter.queueDepth(quorum), 2);
    await assert.rejects(adapter.browse({ destination: quorum, start: { kind: 'latest' }, limit: 1, acceptRequeue: true }), (e: unknown) => isBrokerError(e) && e.code === 'unsupported');
  });
});

describe('RabbitMQ adapter: reading a stream by offset (no side effect)', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const stream = uniqueName('stream');
  const N = 5000;
  let beforeMs = 0;

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    await adapter.createDestination({ kind: 'queue', name: stream, queueType: 'stream', durable: true });
    beforeMs = Date.now();
    const report = await adapter.publishMany({ destination: '', routingKey: stream }, N, (i) => ({
      exchange: '',
      routingKey: stream,
      content: body(i),
      options: { mandatory: true, messageId: `s-${i}` },
    }));
    assert.equal(report.confirmed, N);
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup([stream]);
  });

  const ids = (page: { records: readonly { properties?: { messageId?: string } }[] }): string[] => page.records.map((r) => r.properties!.messageId!);

  it('reads the first page and continues forward by cursor', async () => {
    const first = await adapter.browse({ destination: stream, start: { kind: 'earliest' }, limit: 100 });
    assert.deepEqual(ids(first), Array.from({ length: 100 }, (_, i) => `s-${i}`));
    assert.equal(first.sideEffect, 'none');
    assert.equal(first.previous, undefined);
    assert.equal(first.records[0]!.offset, 0);
    const second = await adapter.browse({ destination: stream, start: { kind: 'cursor', cursor: first.next! }, limit: 100 });
    assert.deepEqual(ids(second), Array.from({ length: 100 }, (_, i) => `s-${100 + i}`));
    assert.deepEqual(second.previous, { direction: 'backward', positions: { 0: 100 } });
  });

  it('reads the last N by offset, then the N before them by a backward cursor', async () => {
    const last = await adapter.browse({ destination: stream, start: { kind: 'latest' }, limit: 50 });
    assert.deepEqual(ids(last), Array.from({ length: 50 }, (_, i) => `s-${N - 50 + i}`));
    assert.equal(last.next, undefined);
    assert.ok(last.previous);
    const before = await adapter.browse({ destination: stream, start: { kind: 'cursor', cursor: last.previous }, limit: 50 });
    assert.deepEqual(ids(before), Array.from({ length: 50 }, (_, i) => `s-${N - 100 + i}`));
  });

  it('starts at an offset and at a timestamp', async () => {
    const at = await adapter.browse({ destination: stream, start: { kind: 'offset', offset: 1234 }, limit: 3 });
    assert.deepEqual(at.records.map((r) => r.offset), [1234, 1235, 1236]);
    const fromTs = await adapter.browse({ destination: stream, start: { kind: 'timestamp', timestamp: beforeMs - 60_000 }, limit: 1 });
    assert.deepEqual(ids(fromTs), ['s-0']);
    const future = await adapter.browse({ destination: stream, start: { kind: 'timestamp', timestamp: Date.now() + 3_600_000 }, limit: 5 });
    assert.equal(future.records.length, 0);
  });

  it('filters the last N: finds the newest matches within maxScan', async () => {
    const page = await adapter.browse({ destination: stream, start: { kind: 'latest' }, limit: 3, filter: { kind: 'text', field: 'value', pattern: '"order":' } });
    assert.equal(page.records.length, 3);
    for (const r of page.records) assert.equal(decodePayload(r.value).kind, 'json');
    assert.ok(page.records.every((r) => r.offset! >= N - 12), JSON.stringify(page.records.map((r) => r.offset)));
  });

  it('filters with the shared expression language (JSON fields, offsets)', async () => {
    const page = await adapter.browse({ destination: stream, start: { kind: 'earliest' }, limit: 3, filter: { kind: 'expression', expression: 'value.order >= 3000 && offset < 3010' }, maxScan: N });
    assert.deepEqual(ids(page), ['s-3001', 's-3004', 's-3007']);
    assert.equal(page.scanned, 3008);
  });

  it('leaves no consumer behind and the stream unchanged', async () => {
    const conn = await rawConnection();
    const ch = await conn.createChannel();
    assert.equal((await ch.checkQueue(stream)).consumerCount, 0);
    await conn.close();
    const again = await adapter.browse({ destination: stream, start: { kind: 'earliest' }, limit: 1 });
    assert.deepEqual(ids(again), ['s-0']);
    assert.equal(again.records[0]!.redelivered, false);
  });
});
