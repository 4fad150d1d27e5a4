/**
 * Publishing on a confirm channel against the real broker: every property and header arrives, each
 * message gets its own outcome (confirmed / returned / nacked) even when they are mixed in one call,
 * and bulk publishing counts every confirmation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import type { OutgoingMessage } from '../../../src/extension/core/model/message.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

describe('RabbitMQ adapter: publishing', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const queues: string[] = [];
  const exchanges: string[] = [];
  const queue = (suffix: string): string => {
    const name = uniqueName(suffix);
    queues.push(name);
    return name;
  };

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup(queues, exchanges);
  });

  it('carries every AMQP property and header to the consumer', async () => {
    const q = queue('props');
    await adapter.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: true, arguments: { maxPriority: 9 } });
    const properties = {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      deliveryMode: 2 as const,
      priority: 7,
      expiration: '600000',
      correlationId: 'corr-1',
      replyTo: 'reply.q',
      messageId: 'msg-1',
      timestamp: 1_700_000_000,
      type: 'order.created',
      appId: 'brokerlens-test',
    };
    const headers = { trace: 't-1', attempt: 3, urgent: true, raw: new Uint8Array([0, 1, 2, 255]) };
    const report = await adapter.publish({ destination: '', routingKey: q }, [{ value: '{"a":1}', properties, headers }]);
    assert.deepEqual(report.outcomes, [{ status: 'confirmed' }]);

    const page = await adapter.browse({ destination: q, start: { kind: 'earliest' }, limit: 5, acceptRequeue: true });
    const [record] = page.records;
    assert.ok(record);
    assert.deepEqual(record.properties, properties);
    assert.equal(record.headers.trace, 't-1');
    assert.equal(record.headers.attempt, 3);
    assert.equal(record.headers.urgent, true);
    assert.deepEqual([...(record.headers.raw as Uint8Array)], [0, 1, 2, 255]);
    assert.equal(record.exchange, '');
    assert.equal(record.routingKey, q);
    assert.equal(record.redelivered, false);
    assert.equal(record.timestamp, 1_700_000_000_000);
    // The peek put it back, marked redelivered.
    const again = await adapter.browse({ destination: q, start: { kind: 'earliest' }, limit: 5, acceptRequeue: true });
    assert.equal(again.records[0]?.redelivered, true);
    assert.equal(again.sideEffect, 'requeued');
  });

  it('reports each message of a mixed batch: confirmed when routed, returned when not (mandatory)', async () => {
    // A headers exchange routes per message, so one call mixes routable and unroutable messages,
    // including identical bodies, and returns must be matched to the right ones.
    const x = uniqueName('hx');
    exchanges.push(x);
    const q = queue('mixed');
    await adapter.exchanges.declareExchange({ name: x, type: 'headers', durable: false });
    await adapter.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: false });
    await adapter.exchanges.bind({ source: x, destination: q, destinationType: 'queue', routingKey: '', arguments: { 'x-match': 'all', kind: 'good' } });
    const messages: OutgoingMessage[] = [];
    for (let i = 0; i < 2000; i++) {
      const good = i % 3 !== 1;
      messages.push({ value: i % 5 === 0 ? 'same body' : `body ${i}`, headers: { kind: good ? 'good' : 'bad' } });
    }
    const report = await adapter.publish({ destination: x, routingKey: '' }, messages);
    report.outcomes.forEach((o, i) => {
      assert.equal(o.status, i % 3 !== 1 ? 'confirmed' : 'returned', `message ${i}: ${JSON.stringify(o)}`);
    });
    const returned = report.outcomes.find((o) => o.status === 'returned');
    assert.match(returned && 'reason' in returned ? returned.reason : '', /NO_ROUTE/);
    assert.equal(report.confirmed, messages.filter((m) => m.headers!.kind === 'good').length);
    assert.equal(await adapter.queueDepth(q), report.confirmed);
  });

  it('without mandatory an unroutable message is confirmed (and dropped by the broker), as AMQP defines', async () => {
    const report = await adapter.publish({ destination: 'amq.direct', routingKey: uniqueName('nobody'), mandatory: false }, [{ value: 'dropped' }]);
    assert.deepEqual(report.outcomes, [{ status: 'confirmed' }]);
  });

  it('reports nacked when the queue refuses (max length with reject-publish)', async () => {
    const q = queue('full');
    await adapter.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: false, arguments: { maxLength: 2, overflow: 'reject-publish' } });
    const report = await adapter.publish({ destination: '', routingKey: q }, [{ value: '1' }, { value: '2' }, { value: '3' }, { value: '4' }]);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['confirmed', 'confirmed', 'nacked', 'nacked']);
    assert.equal(report.confirmed, 2);
    assert.equal(report.failed, 2);
  });

  it('bulk-publishes 50,000 messages with a bounded window and counts every confirm', async () => {
    const q = queue('bulk');
    await adapter.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: true });
    const body = Buffer.alloc(100, 0x61);
    const progress: number[] = [];
    const report = await adapter.publishMany(
      { destination: '', routingKey: q },
      50_000,
      () => ({ exchange: '', routingKey: q, content: body, options: { mandatory: true, deliveryMode: 2 } }),
      { onProgress: (done) => progress.push(done) },
    );
    assert.equal(report.confirmed, 50_000);
    assert.equal(report.failed, 0);
    assert.equal(progress.at(-1), 50_000);
    assert.ok(progress.length > 10);
    assert.equal(await adapter.queueDepth(q), 50_000);
  });

  it('a cancelled bulk publish stops sending and says which messages were not sent', async () => {
    const q = queue('cancel');
    await adapter.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: false });
    const controller = new AbortController();
    const report = await adapter.publishMany(
      { destination: '', routingKey: q },
      100_000,
      () => ({ exchange: '', routingKey: q, content: Buffer.from('x'), options: { mandatory: true } }),
      { signal: controller.signal, onProgress: (done) => (done >= 5000 ? controller.abort() : undefined) },
    );
    assert.ok(report.confirmed >= 5000 && report.confirmed < 100_000, String(report.confirmed));
    assert.equal(report.confirmed + report.failed, 100_000);
    assert.ok(report.outcomes.slice(report.confirmed).every((o) => o.status === 'failed'));
    const conn = await rawConnection();
    const ch = await conn.createChannel();
    assert.equal((await ch.checkQueue(q)).messageCount, report.confirmed);
    await conn.close();
  });
});
