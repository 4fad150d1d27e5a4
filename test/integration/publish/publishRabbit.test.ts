/**
 * The Publish panel's code path against real RabbitMQ: the route preview names the queues and the
 * bindings that matched (management API + the one routing explainer), every result says which queues
 * received the message, unroutable ones come back as returned, a missing exchange is one sentence, and
 * Browse's Retry to original queue moves dead-lettered messages back, exactly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { emptyDraft } from '../../../src/extension/core/publish/draft.js';
import { matchDeadLetters } from '../../../src/extension/panels/browse/exportFile.js';
import { PublishSession } from '../../../src/extension/panels/publish/session.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rawConnection, uniqueName } from '../rabbitmq/support.js';

const gate = await brokerGate('rabbitmq');
const history = { get: () => undefined, update: () => undefined };

describe('Publish on real RabbitMQ', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  let session: PublishSession;
  const shop = uniqueName('publish.shop');
  const billing = uniqueName('publish.billing');
  const audit = uniqueName('publish.audit');
  const dlx = uniqueName('publish.dlx');
  const dlq = uniqueName('publish.dlq');

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    session = new PublishSession(adapter, 'it', history);
    await adapter.exchanges.declareExchange({ name: shop, type: 'topic', durable: false, autoDelete: false });
    await adapter.exchanges.declareExchange({ name: dlx, type: 'fanout', durable: false, autoDelete: false });
    await adapter.createDestination({ kind: 'queue', name: dlq, queueType: 'classic', durable: false });
    await adapter.createDestination({ kind: 'queue', name: billing, queueType: 'classic', durable: false, arguments: { deadLetterExchange: dlx, maxPriority: 10 } });
    await adapter.createDestination({ kind: 'queue', name: audit, queueType: 'classic', durable: false });
    await adapter.exchanges.bind({ source: shop, destination: billing, destinationType: 'queue', routingKey: 'order.paid' });
    await adapter.exchanges.bind({ source: shop, destination: audit, destinationType: 'queue', routingKey: 'order.#' });
    await adapter.exchanges.bind({ source: dlx, destination: dlq, destinationType: 'queue', routingKey: '' });
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup([billing, audit, dlq], [shop, dlx]);
  });

  it('previews the queues a routing key reaches with the binding that matched, or unroutable', async () => {
    const paid = await session.preview({ ...emptyDraft('rabbitmq', shop, 'order.paid'), payload: '{}' });
    assert.ok(paid.route?.kind === 'route');
    if (paid.route?.kind !== 'route') return;
    assert.deepEqual([...paid.route.queues].sort(), [audit, billing].sort());
    assert.deepEqual(paid.route.steps[0]!.matched.map((b) => b.routingKey).sort(), ['order.#', 'order.paid']);
    const refund = await session.preview({ ...emptyDraft('rabbitmq', shop, 'refund.created'), payload: '{}' });
    assert.ok(refund.route?.kind === 'route' && refund.route.unroutable);
  });

  it('says which queues received a message, and that none did for an empty key on a topic exchange', async () => {
    const r = await session.send({ ...emptyDraft('rabbitmq', shop, 'order.paid'), payload: '{"id":1}', properties: { priority: '7', messageId: 'm-{{seq}}', deliveryMode: '2' } }, 1);
    assert.ok(r.status === 'done' && r.ok, JSON.stringify(r));
    if (r.status !== 'done') return;
    assert.match(r.sentence, new RegExp(`the broker confirmed it and 2 queues received it: ${[audit, billing].sort().join(', ').replace(/\./g, '\\.')}\\.$`));
    const empty = await session.send({ ...emptyDraft('rabbitmq', shop, ''), mandatory: false, payload: '{}' }, 1);
    assert.ok(empty.status === 'done');
    if (empty.status === 'done') assert.match(empty.sentence, /no queue received it \(no binding matched and mandatory was off\), so it was dropped\.$/);
    const returned = await session.send({ ...emptyDraft('rabbitmq', shop, 'refund.created'), payload: '{}' }, 3);
    assert.ok(returned.status === 'done');
    if (returned.status === 'done') assert.deepEqual([returned.tally.returned, returned.tally.confirmed], [3, 0]);
  });

  it('reports an exchange that does not exist in one sentence and counts every message as failed', async () => {
    const missing = uniqueName('no-such-exchange');
    const preview = await session.preview({ ...emptyDraft('rabbitmq', missing, 'x'), payload: '{}' });
    assert.ok(preview.route?.kind === 'unknown');
    const r = await session.send({ ...emptyDraft('rabbitmq', missing, 'x'), payload: '{}' }, 5);
    assert.ok(r.status === 'done');
    if (r.status !== 'done') return;
    assert.deepEqual([r.tally.failed, r.tally.confirmed, r.tally.notSent], [5, 0, 0]);
    assert.match(r.sentence, /not|exist|NOT_FOUND/i);
  });

  it('retries dead-lettered messages to their original queue, exactly those chosen', async () => {
    await adapter.exchanges.purgeQueue(billing, billing);
    await adapter.publish({ destination: '', routingKey: billing }, ['a', 'b', 'c'].map((v) => ({ value: v, properties: { messageId: v } })));
    const conn = await rawConnection();
    const ch = await conn.createChannel();
    for (let i = 0; i < 3; i++) {
      const m = await ch.get(billing);
      if (m) ch.nack(m, false, false);
    }
    await ch.close();
    await conn.close();
    for (let i = 0; i < 50 && (await adapter.queueDepth(dlq)) < 3; i++) await new Promise((r) => setTimeout(r, 100));
    const page = await adapter.browse({ destination: dlq, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
    assert.equal(page.records.length, 3);
    assert.ok(page.records.every((r) => r.headers['x-death'] !== undefined));
    const chosen = page.records.filter((r) => new TextDecoder().decode(r.value!) !== 'b');
    const listed = await adapter.deadLetters.list(dlq, page.records.length);
    const ids = matchDeadLetters(chosen, listed);
    assert.equal(ids.length, 2);
    const report = await adapter.deadLetters.move(dlq, ids, 'original');
    assert.equal(report.confirmed, 2);
    for (let i = 0; i < 50 && (await adapter.queueDepth(billing)) < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const back = await adapter.browse({ destination: billing, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
    assert.deepEqual(back.records.map((r) => new TextDecoder().decode(r.value!)).sort(), ['a', 'c']);
    assert.equal(await adapter.queueDepth(dlq), 1);
  });
});
