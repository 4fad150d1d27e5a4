/**
 * Topology against the real broker: queues of every type with their arguments as listed by the
 * management API, exchanges (with an alternate exchange), bindings per exchange and per queue
 * (queue and exchange destinations), unbind, purge and delete with the typed confirmation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

describe('RabbitMQ adapter: topology', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const classic = uniqueName('classic');
  const quorum = uniqueName('quorum');
  const stream = uniqueName('stream');
  const topic = uniqueName('topic');
  const fanout = uniqueName('fanout');
  const ae = uniqueName('ae');

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup([classic, quorum, stream], [topic, fanout, ae]);
  });

  it('declares queues of every type with their arguments, and lists them with type, counts and x-* arguments', async () => {
    await adapter.createDestination({
      kind: 'queue',
      name: classic,
      queueType: 'classic',
      durable: true,
      arguments: { messageTtlMs: 60_000, maxLength: 100, overflow: 'reject-publish', deadLetterExchange: 'amq.direct', deadLetterRoutingKey: 'dead', maxPriority: 5, expiresMs: 3_600_000 },
    });
    await adapter.createDestination({ kind: 'queue', name: quorum, queueType: 'quorum', durable: true, arguments: { deliveryLimit: 5 } });
    await adapter.createDestination({ kind: 'queue', name: stream, queueType: 'stream', durable: true, arguments: { maxAge: '1D' } });
    const listed = await adapter.listDestinations();
    const c = listed.find((d) => d.name === classic);
    assert.equal(c?.type, 'classic');
    assert.equal(c?.durable, true);
    assert.equal(c?.vhost, '/');
    assert.deepEqual(c?.arguments, {
      'x-message-ttl': 60_000,
      'x-max-length': 100,
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': 'amq.direct',
      'x-dead-letter-routing-key': 'dead',
      'x-max-priority': 5,
      'x-expires': 3_600_000,
    });
    assert.equal(listed.find((d) => d.name === quorum)?.type, 'quorum');
    assert.equal(listed.find((d) => d.name === quorum)?.arguments?.['x-delivery-limit'], 5);
    assert.equal(listed.find((d) => d.name === stream)?.type, 'stream');
    assert.equal(listed.find((d) => d.name === stream)?.arguments?.['x-max-age'], '1D');
    for (const d of listed) {
      assert.equal(typeof d.messages, 'number');
      assert.equal(typeof d.unacked, 'number');
      assert.equal(typeof d.consumers, 'number');
      assert.equal(d.internal, false);
    }
  });

  it('declares exchanges (with an alternate exchange) and lists them', async () => {
    await adapter.exchanges.declareExchange({ name: ae, type: 'fanout', durable: false });
    await adapter.exchanges.declareExchange({ name: topic, type: 'topic', durable: true, alternateExchange: ae });
    await adapter.exchanges.declareExchange({ name: fanout, type: 'fanout', durable: false, autoDelete: false });
    const exchanges = await adapter.exchanges.listExchanges();
    const t = exchanges.find((x) => x.name === topic);
    assert.equal(t?.type, 'topic');
    assert.equal(t?.durable, true);
    assert.equal(t?.arguments['alternate-exchange'], ae);
    assert.ok(exchanges.some((x) => x.name === '' && x.type === 'direct'), 'the default exchange is listed');
    await assert.rejects(adapter.exchanges.declareExchange({ name: 'amq.mine', type: 'direct', durable: false }), (e: unknown) => isBrokerError(e) && e.code === 'accessRefused');
    await assert.rejects(adapter.exchanges.declareExchange({ name: topic, type: 'direct', durable: true }), (e: unknown) => isBrokerError(e) && e.code === 'preconditionFailed');
  });

  it('binds queues and exchanges, lists bindings per exchange and per queue, and unbinds', async () => {
    await adapter.exchanges.bind({ source: topic, destination: classic, destinationType: 'queue', routingKey: 'orders.*' });
    await adapter.exchanges.bind({ source: topic, destination: fanout, destinationType: 'exchange', routingKey: 'audit.#' });
    await adapter.exchanges.bind({ source: fanout, destination: quorum, destinationType: 'queue', routingKey: '' });
    await adapter.exchanges.bind({ source: ae, destination: stream, destinationType: 'queue', routingKey: '' });

    const ofTopic = await adapter.exchanges.listBindings({ exchange: topic });
    assert.deepEqual(
      ofTopic.map((b) => [b.destinationType, b.destination, b.routingKey]).sort(),
      [['exchange', fanout, 'audit.#'], ['queue', classic, 'orders.*']].sort(),
    );
    const ofClassic = await adapter.exchanges.listBindings({ queue: classic });
    assert.deepEqual(ofClassic.map((b) => [b.source, b.routingKey]).sort(), [['', classic], [topic, 'orders.*']]);
    const ofDefault = await adapter.exchanges.listBindings({ exchange: '', queue: classic });
    assert.deepEqual(ofDefault.map((b) => b.routingKey), [classic]);
    const all = await adapter.exchanges.listBindings();
    assert.ok(all.some((b) => b.source === fanout && b.destination === quorum));

    // Routing through it, as the explainer sees it.
    const route = await adapter.exchanges.explainRoute({ exchange: topic, routingKey: 'audit.login' });
    assert.deepEqual(route.queues, [quorum]);
    const fallback = await adapter.exchanges.explainRoute({ exchange: topic, routingKey: 'nothing.matches.this' });
    assert.deepEqual(fallback.queues, [stream]);
    assert.equal(fallback.steps[0]?.alternateExchange, ae);
    await assert.rejects(adapter.exchanges.explainRoute({ exchange: uniqueName('nope'), routingKey: 'x' }), (e: unknown) => isBrokerError(e) && e.code === 'notFound');

    const binding = ofTopic.find((b) => b.destination === fanout)!;
    await adapter.exchanges.unbind(binding);
    assert.equal((await adapter.exchanges.listBindings({ exchange: topic })).length, 1);
  });

  it('purges with the typed confirmation and says how many were removed; refuses a stream', async () => {
    await adapter.publish({ destination: topic, routingKey: 'orders.new' }, [{ value: '1' }, { value: '2' }, { value: '3' }]);
    await assert.rejects(adapter.exchanges.purgeQueue(classic, 'nope'), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput');
    assert.equal(await adapter.queueDepth(classic), 3);
    assert.equal(await adapter.exchanges.purgeQueue(classic, classic), 3);
    assert.equal(await adapter.queueDepth(classic), 0);
    await assert.rejects(adapter.exchanges.purgeQueue(stream, stream), (e: unknown) => isBrokerError(e) && e.code === 'unsupported');
    assert.equal(adapter.state, 'connected');
  });

  it('deletes exchanges and queues only with the typed confirmation', async () => {
    await assert.rejects(adapter.exchanges.deleteExchange(fanout, 'x'), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput');
    await adapter.exchanges.deleteExchange(fanout, fanout);
    assert.ok(!(await adapter.exchanges.listExchanges()).some((x) => x.name === fanout));
    await assert.rejects(adapter.exchanges.deleteExchange(fanout, fanout), (e: unknown) => isBrokerError(e) && e.code === 'notFound');
    await assert.rejects(adapter.exchanges.deleteExchange('amq.topic', 'amq.topic'), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput');
    await assert.rejects(adapter.deleteDestination(quorum, quorum.toUpperCase()), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput');
    await adapter.deleteDestination(quorum, quorum);
    await assert.rejects(adapter.deleteDestination(quorum, quorum), (e: unknown) => isBrokerError(e) && e.code === 'notFound');
  });

  it('hides amq.* server-named queues unless asked', async () => {
    // An exclusive server-named queue (amq.gen-…) from a plain client.
    const raw = await rawConnection();
    const ch = await raw.createChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true });
    try {
      assert.ok(!(await adapter.listDestinations()).some((d) => d.name === queue));
      const all = await adapter.listDestinations({ includeInternal: true });
      const mine = all.find((d) => d.name === queue);
      assert.equal(mine?.internal, true);
      assert.equal(mine?.exclusive, true);
    } finally {
      await raw.close();
    }
  });
});
