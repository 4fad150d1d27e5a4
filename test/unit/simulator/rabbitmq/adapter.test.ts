/**
 * The simulator's RabbitMQ BrokerAdapter: capabilities, browse semantics per queue type, routing
 * explanations, dead letters and errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorRabbitAdapter } from '../../../../src/extension/core/adapters/simulator/simulatorRabbitAdapter.js';
import { PEEK_REQUEUE_WARNING } from '../../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../../src/extension/core/model/errors.js';
import { VirtualClock } from '../../../../src/extension/core/simulator/clock.js';
import { RabbitBroker } from '../../../../src/extension/core/simulator/rabbitmq/broker.js';
import { text } from './helpers.js';

async function setup(): Promise<{ adapter: SimulatorRabbitAdapter; broker: RabbitBroker }> {
  const broker = new RabbitBroker({ clock: new VirtualClock(1_704_067_200_000) });
  const adapter = new SimulatorRabbitAdapter(broker);
  await adapter.connect();
  return { adapter, broker };
}

async function rejects(p: Promise<unknown>, code: string, includes?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isBrokerError(e), `not a BrokerError: ${String(e)}`);
    assert.equal(e.code, code);
    if (includes) assert.ok(e.message.includes(includes), e.message);
    return true;
  });
}

describe('simulator RabbitMQ adapter', () => {
  it('declares itself a simulated RabbitMQ with the RabbitMQ capabilities', async () => {
    const { adapter } = await setup();
    assert.equal(adapter.kind, 'rabbitmq');
    assert.equal(adapter.simulated, true);
    assert.deepEqual(
      { ...adapter.capabilities },
      { exchanges: true, partitions: false, consumerGroups: false, offsetReset: false, nonDestructiveBrowse: 'streamsOnly', liveTail: false, deadLetters: true, purge: true, routeExplain: true },
    );
    assert.ok(adapter.exchanges && adapter.deadLetters);
  });

  it('refuses to peek a classic queue without consent, saying what a peek does', async () => {
    const { adapter } = await setup();
    await adapter.createDestination({ kind: 'queue', name: 'q', queueType: 'classic', durable: true });
    await rejects(adapter.browse({ destination: 'q', start: { kind: 'earliest' }, limit: 10 }), 'preconditionFailed', PEEK_REQUEUE_WARNING);
  });

  it('peeks a classic queue with consent: same depth and bodies afterwards, now marked redelivered', async () => {
    const { adapter } = await setup();
    await adapter.createDestination({ kind: 'queue', name: 'q', queueType: 'classic', durable: true });
    await adapter.publish({ destination: '', routingKey: 'q' }, ['a', 'b', 'c'].map((value) => ({ value })));
    const first = await adapter.browse({ destination: 'q', start: { kind: 'earliest' }, limit: 2, acceptRequeue: true });
    assert.equal(first.sideEffect, 'requeued');
    assert.deepEqual(first.records.map((r) => text(r.value!)), ['a', 'b']);
    assert.deepEqual(first.records.map((r) => r.redelivered), [false, false]);
    assert.deepEqual(first.next?.positions, { 0: 2 });
    const all = await adapter.browse({ destination: 'q', start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
    assert.deepEqual(all.records.map((r) => `${text(r.value!)}${r.redelivered ? 'r' : ''}`), ['ar', 'br', 'c']);
    const [info] = await adapter.listDestinations();
    assert.equal(info!.messages, 3);
    const page2 = await adapter.browse({ destination: 'q', start: { kind: 'cursor', cursor: first.next! }, limit: 2, acceptRequeue: true });
    assert.deepEqual(page2.records.map((r) => text(r.value!)), ['c']);
    assert.deepEqual(page2.previous?.positions, { 0: 2 });
  });

  it('reads a stream by offset with no side effect, forward and backward', async () => {
    const { adapter } = await setup();
    await adapter.createDestination({ kind: 'queue', name: 's', queueType: 'stream', durable: true });
    await adapter.publish({ destination: '', routingKey: 's' }, [0, 1, 2, 3, 4].map((i) => ({ value: `m${i}` })));
    const latest = await adapter.browse({ destination: 's', start: { kind: 'latest' }, limit: 2 });
    assert.equal(latest.sideEffect, 'none');
    assert.deepEqual(latest.records.map((r) => [r.offset, text(r.value!)]), [[3, 'm3'], [4, 'm4']]);
    const back = await adapter.browse({ destination: 's', start: { kind: 'cursor', cursor: latest.previous! }, limit: 2 });
    assert.deepEqual(back.records.map((r) => r.offset), [1, 2]);
    const again = await adapter.browse({ destination: 's', start: { kind: 'earliest' }, limit: 10 });
    assert.equal(again.records.length, 5);
    assert.ok(again.records.every((r) => r.redelivered === false));
  });

  it('explains a route with the same answer the engine gives when publishing', async () => {
    const { adapter, broker } = await setup();
    await adapter.exchanges!.declareExchange({ name: 'events', type: 'topic', durable: true });
    await adapter.createDestination({ kind: 'queue', name: 'eu', queueType: 'classic', durable: true });
    await adapter.exchanges!.bind({ source: 'events', destination: 'eu', destinationType: 'queue', routingKey: '*.eu.#' });
    const explained = await adapter.exchanges!.explainRoute({ exchange: 'events', routingKey: 'order.eu.created' });
    assert.deepEqual(explained.queues, ['eu']);
    assert.deepEqual(broker.publish(broker.openChannel(), 'events', 'order.eu.created', new Uint8Array()).queues, ['eu']);
    await rejects(adapter.exchanges!.explainRoute({ exchange: 'nope', routingKey: '' }), 'notFound');
  });

  it('lists dead letters with their deaths and moves them back to where they died', async () => {
    const { adapter, broker } = await setup();
    broker.declareQueue('dlq');
    broker.declareQueue('work', { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    const ch = broker.openChannel();
    broker.publish(ch, '', 'work', new TextEncoder().encode('poison'));
    broker.reject(ch, broker.get(ch, 'work')!.deliveryTag, false);
    const [letter] = await adapter.deadLetters!.list('dlq', 10);
    assert.equal(letter!.deaths[0]!.reason, 'rejected');
    assert.equal(letter!.deaths[0]!.queue, 'work');
    assert.equal(letter!.deaths[0]!.time, 1_704_067_200_000);
    const report = await adapter.deadLetters!.move('dlq', [letter!.record.id], 'original');
    assert.equal(report.confirmed, 1);
    assert.equal(broker.inspect.queue('dlq')!.messages, 0);
    assert.equal(text(broker.get(ch, 'work', { noAck: true })!.body), 'poison');
  });

  it('keeps a dead letter in place when its move is not confirmed', async () => {
    const { adapter, broker } = await setup();
    broker.declareQueue('dlq');
    broker.declareQueue('work', { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    const ch = broker.openChannel();
    broker.publish(ch, '', 'work', new Uint8Array([1]));
    broker.reject(ch, broker.get(ch, 'work')!.deliveryTag, false);
    const [letter] = await adapter.deadLetters!.list('dlq', 10);
    const report = await adapter.deadLetters!.move('dlq', [letter!.record.id], { exchange: 'amq.direct', routingKey: 'nobody' });
    assert.equal(report.outcomes[0]!.status, 'returned');
    assert.equal(broker.inspect.queue('dlq')!.messages, 1);
  });

  it('reports returned and nacked publishes per message, and turns engine errors into one-sentence BrokerErrors', async () => {
    const { adapter } = await setup();
    await adapter.createDestination({ kind: 'queue', name: 'full', queueType: 'classic', durable: true, arguments: { maxLength: 1, overflow: 'reject-publish' } });
    const report = await adapter.publish({ destination: '', routingKey: 'full' }, [{ value: '1' }, { value: '2' }]);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['confirmed', 'nacked']);
    const lost = await adapter.publish({ destination: 'amq.direct', routingKey: 'nobody' }, [{ value: 'x' }]);
    assert.equal(lost.outcomes[0]!.status, 'returned');
    await rejects(adapter.publish({ destination: 'missing', routingKey: '' }, [{ value: 'x' }]), 'notFound');
    await rejects(adapter.createDestination({ kind: 'queue', name: 'full', queueType: 'classic', durable: false }), 'preconditionFailed', "already exists with a different 'durable'");
    await rejects(adapter.deleteDestination('full', 'ful'), 'invalidInput');
    await rejects(adapter.browse({ destination: 'missing', start: { kind: 'earliest' }, limit: 1 }), 'notFound');
    await adapter.deleteDestination('full', 'full');
    assert.deepEqual(await adapter.listDestinations(), []);
  });

  it('refuses calls after disconnect with a disconnected error', async () => {
    const { adapter } = await setup();
    const states: string[] = [];
    adapter.onDidChangeState((s) => states.push(s));
    await adapter.disconnect();
    await adapter.disconnect();
    await rejects(adapter.listDestinations(), 'disconnected');
    assert.deepEqual(states, ['disconnected']);
  });
});

describe('simulator RabbitMQ adapter: filtered browse', () => {
  it('scans past non-matching records up to maxScan and counts what it read', async () => {
    const { adapter } = await setup();
    await adapter.createDestination({ kind: 'queue', name: 's', queueType: 'stream', durable: true });
    await adapter.publish({ destination: '', routingKey: 's' }, ['apple', 'pear', 'apricot', 'plum', 'avocado'].map((value) => ({ value })));
    const page = await adapter.browse({ destination: 's', start: { kind: 'earliest' }, limit: 2, filter: { kind: 'text', field: 'value', pattern: 'a' } });
    assert.deepEqual(page.records.map((r) => text(r.value!)), ['apple', 'pear']);
    const only = await adapter.browse({ destination: 's', start: { kind: 'earliest' }, limit: 5, maxScan: 3, filter: { kind: 'text', field: 'value', pattern: 'p', caseSensitive: true } });
    assert.equal(only.scanned, 3);
  });
});
