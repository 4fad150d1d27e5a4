/**
 * Exchange routing: default, direct, fanout, topic, exchange-to-exchange, alternate exchanges,
 * CC/BCC, mandatory returns, and the pure explainRoute agreeing with the engine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { explainRoute } from '../../../../src/extension/core/simulator/rabbitmq/routing.js';
import { harness, replyCodeOf, text } from './helpers.js';

describe('routing', () => {
  it('default exchange routes by queue name and to nothing else', () => {
    const h = harness();
    h.broker.declareQueue('orders', { durable: false });
    assert.deepEqual(h.pub('', 'orders', 'x').queues, ['orders']);
    assert.deepEqual(h.pub('', 'nope', 'x').queues, []);
    assert.equal(replyCodeOf(() => h.broker.bind('orders', '', 'k')), 403);
  });

  it('direct matches the exact key; fanout ignores it', () => {
    const h = harness();
    h.broker.declareExchange('d', 'direct', { durable: false });
    h.broker.declareExchange('f', 'fanout', { durable: false });
    for (const q of ['q1', 'q2']) h.broker.declareQueue(q, { durable: false });
    h.broker.bind('q1', 'd', 'red');
    h.broker.bind('q2', 'd', 'Red');
    h.broker.bind('q1', 'f', 'whatever');
    h.broker.bind('q2', 'f');
    assert.deepEqual(h.pub('d', 'red', 'x').queues, ['q1']);
    assert.deepEqual(h.pub('f', 'any', 'x').queues, ['q1', 'q2']);
  });

  it('a queue bound by several matching bindings gets one copy', () => {
    const h = harness();
    h.broker.declareExchange('t', 'topic', { durable: false });
    h.broker.declareQueue('q', { durable: false });
    h.broker.bind('q', 't', 'a.*');
    h.broker.bind('q', 't', '#');
    h.broker.bind('q', 't', 'a.b');
    h.pub('t', 'a.b', 'once');
    assert.deepEqual(h.drain('q'), ['once']);
  });

  it('follows exchange-to-exchange bindings through a cycle, delivering each queue once', () => {
    const h = harness();
    for (const x of ['x1', 'x2', 'x3']) h.broker.declareExchange(x, 'fanout', { durable: false });
    h.broker.bindExchange('x2', 'x1');
    h.broker.bindExchange('x3', 'x2');
    h.broker.bindExchange('x1', 'x3');
    h.broker.declareQueue('q', { durable: false });
    h.broker.bind('q', 'x2');
    h.broker.bind('q', 'x3');
    assert.deepEqual(h.pub('x1', '', 'loop').queues, ['q']);
    assert.deepEqual(h.drain('q'), ['loop']);
  });

  it('uses the alternate exchange only when no binding at all matched', () => {
    const h = harness();
    h.broker.declareExchange('ae', 'fanout', { durable: false });
    h.broker.declareExchange('main', 'direct', { durable: false, arguments: { 'alternate-exchange': 'ae' } });
    h.broker.declareExchange('sink', 'direct', { durable: false });
    for (const q of ['unrouted', 'known']) h.broker.declareQueue(q, { durable: false });
    h.broker.bind('unrouted', 'ae');
    h.broker.bind('known', 'main', 'k');
    h.broker.bindExchange('sink', 'main', 'to-sink');
    assert.deepEqual(h.pub('main', 'k', 'x').queues, ['known']);
    assert.deepEqual(h.pub('main', 'other', 'x', { mandatory: true }).queues, ['unrouted']);
    // Matched an exchange binding that leads nowhere: no AE at 'main', and nothing receives it.
    const r = h.pub('main', 'to-sink', 'x', { mandatory: true });
    assert.deepEqual(r.queues, []);
    assert.deepEqual(r.returned, { replyCode: 312, replyText: 'NO_ROUTE' });
  });

  it('ignores an alternate exchange that does not exist', () => {
    const h = harness();
    h.broker.declareExchange('main', 'direct', { durable: false, arguments: { 'alternate-exchange': 'missing' } });
    assert.equal(h.pub('main', 'k', 'x', { mandatory: true }).returned?.replyCode, 312);
  });

  it('routes with CC and BCC keys too and strips BCC from the delivered message', () => {
    const h = harness();
    for (const q of ['a', 'b', 'c']) h.broker.declareQueue(q, { durable: false });
    assert.deepEqual(h.pub('', 'a', 'x', { headers: { CC: ['b'], BCC: ['c'] } }).queues, ['a', 'b', 'c']);
    const d = h.get('c', true)!;
    assert.deepEqual(d.headers, { CC: ['b'] });
    assert.equal(d.routingKey, 'a');
    assert.equal(replyCodeOf(() => h.pub('', 'a', 'x', { headers: { CC: 'b' } })), 406);
  });

  it('returns an unroutable mandatory message with 312 NO_ROUTE and confirms it; drops it silently without mandatory', () => {
    const h = harness();
    h.broker.confirmSelect(h.ch);
    const r = h.pub('amq.direct', 'nobody', 'x', { mandatory: true });
    assert.deepEqual(r.returned, { replyCode: 312, replyText: 'NO_ROUTE' });
    assert.equal(r.confirm, 'ack');
    assert.equal(h.pub('amq.direct', 'nobody', 'x').returned, undefined);
    assert.ok(h.events.some((e) => e.type === 'unroutable' && e.detail === 'returned'));
  });

  it('refuses publishing to a missing exchange (404) and to an internal one (403), closing the channel', () => {
    const h = harness();
    assert.equal(replyCodeOf(() => h.pub('nope', 'k', 'x')), 404);
    assert.equal(h.broker.isChannelOpen(h.ch), false);
    const ch = h.broker.openChannel();
    h.broker.declareExchange('int', 'direct', { durable: false, internal: true });
    assert.equal(replyCodeOf(() => h.pub('int', 'k', 'x', {}, ch)), 403);
  });

  it('explainRoute lists matched and unmatched bindings per exchange, and the alternate exchange used', () => {
    const exchanges = [
      { name: 'main', type: 'topic', durable: true, autoDelete: false, internal: false, arguments: { 'alternate-exchange': 'ae' } },
      { name: 'ae', type: 'fanout', durable: true, autoDelete: false, internal: false, arguments: {} },
    ];
    const bindings = [
      { source: 'main', destination: 'eu', destinationType: 'queue' as const, routingKey: 'order.eu.*', arguments: {} },
      { source: 'main', destination: 'all', destinationType: 'queue' as const, routingKey: 'order.#', arguments: {} },
      { source: 'ae', destination: 'lost', destinationType: 'queue' as const, routingKey: '', arguments: {} },
    ];
    const topology = { exchanges, bindings, queues: ['eu', 'all', 'lost'] };
    const hit = explainRoute(topology, { exchange: 'main', routingKey: 'order.eu.created' });
    assert.deepEqual(hit.queues, ['all', 'eu']);
    assert.equal(hit.steps.length, 1);
    assert.equal(hit.steps[0]!.matched.length, 2);
    const miss = explainRoute(topology, { exchange: 'main', routingKey: 'invoice.eu' });
    assert.deepEqual(miss.queues, ['lost']);
    assert.equal(miss.steps[0]!.alternateExchange, 'ae');
    assert.deepEqual(miss.steps[0]!.unmatched.map((b) => b.destination), ['eu', 'all']);
    assert.equal(replyCodeOf(() => explainRoute(topology, { exchange: 'nope', routingKey: '' })), 404);
    assert.equal(explainRoute(topology, { exchange: '', routingKey: 'ghost' }).unroutable, true);
  });

  it('explainRoute predicts exactly the queues the engine routes to, on random topic topologies', () => {
    const word = fc.constantFrom('a', 'b', '*', '#');
    const key = fc.array(word, { minLength: 0, maxLength: 3 }).map((w) => w.join('.'));
    const rk = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }).map((w) => w.join('.'));
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), key), { maxLength: 8 }), rk, (binds, routingKey) => {
      const h = harness();
      h.broker.declareExchange('t', 'topic', { durable: false });
      for (let i = 0; i < 4; i++) h.broker.declareQueue(`q${i}`, { durable: false });
      for (const [q, k] of binds) h.broker.bind(`q${q}`, 't', k);
      const inspect = h.broker.inspect;
      const predicted = explainRoute({ exchanges: inspect.listExchanges(), bindings: inspect.listBindings(), queues: inspect.listQueues().map((q) => q.name) }, { exchange: 't', routingKey });
      assert.deepEqual(h.pub('t', routingKey, 'x').queues, predicted.queues);
    }), { numRuns: 300 });
  });

  it('delivers the published bytes and properties unchanged', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'héllo', { properties: { contentType: 'text/plain', messageId: 'm1', deliveryMode: 2 } });
    const d = h.get('q', true)!;
    assert.equal(text(d.body), 'héllo');
    assert.deepEqual(d.properties, { contentType: 'text/plain', messageId: 'm1', deliveryMode: 2 });
    assert.equal(d.exchange, '');
    assert.equal(d.routingKey, 'q');
  });
});
