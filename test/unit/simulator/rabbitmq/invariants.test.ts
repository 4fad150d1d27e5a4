/**
 * Property-based invariants of the RabbitMQ model (fast-check):
 * - one consumer without requeue receives a queue's messages in publish order;
 * - an acknowledged message never comes back;
 * - nothing is lost or duplicated: every copy routed to a queue is enqueued (or refused by it), and
 *   every enqueued copy ends up exactly once as acked, dead-lettered, expired or dropped, or is
 *   still in its queue.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { RabbitEvent } from '../../../../src/extension/core/simulator/rabbitmq/events.js';
import type { Delivery } from '../../../../src/extension/core/simulator/rabbitmq/types.js';
import { harness, text } from './helpers.js';

type Op =
  | { kind: 'publish'; key: string; ttl: number | undefined }
  | { kind: 'ack' | 'reject' | 'nack'; which: number; multiple: boolean; requeue: boolean }
  | { kind: 'get'; queue: number; noAck: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'close' }
  | { kind: 'purge' };

const KEYS = ['a.b', 'a.c', 'b.b', 'c', 'b.a.b'];
const QUEUES = ['q0', 'q1', 'q2', 'q3', 'q4', 'dlq'];

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('publish' as const), key: fc.constantFrom(...KEYS), ttl: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('ack' as const, 'reject' as const, 'nack' as const), which: fc.nat(5), multiple: fc.boolean(), requeue: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), queue: fc.nat(QUEUES.length - 1), noAck: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'purge' as const }) },
);

/** Runs ops against a fixed topology with every queue kind, limit and dead-letter path. */
function simulate(ops: readonly Op[]): { events: RabbitEvent[]; ready: Map<string, Set<number>> } {
  const h = harness();
  const b = h.broker;
  b.declareExchange('x', 'topic', { durable: false });
  b.declareExchange('dlx', 'fanout', { durable: false });
  b.declareQueue('dlq', { durable: false, arguments: { 'x-max-length': 3 } });
  b.bind('dlq', 'dlx');
  const dl = { 'x-dead-letter-exchange': 'dlx' };
  b.declareQueue('q0', { durable: false });
  b.declareQueue('q1', { durable: false, arguments: { 'x-max-length': 2, ...dl } });
  b.declareQueue('q2', { durable: false, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx', ...dl } });
  b.declareQueue('q3', { arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 1, ...dl } });
  b.declareQueue('q4', { durable: false, arguments: { 'x-message-ttl': 50, 'x-max-priority': 2, ...dl } });
  b.bind('q0', 'x', 'a.*');
  b.bind('q1', 'x', '#');
  b.bind('q2', 'x', 'a.b');
  b.bind('q3', 'x', '*.b');
  b.bind('q4', 'x', 'b.#');
  let ch = 0;
  let held: Delivery[] = [];
  const open = (): void => {
    ch = b.openChannel();
    held = [];
    b.qos(ch, 2);
    for (const q of ['q0', 'q3']) b.consume(ch, q, (d) => held.push(d));
  };
  open();
  const pubCh = b.openChannel();
  for (const o of ops) {
    switch (o.kind) {
      case 'publish':
        b.publish(pubCh, 'x', o.key, new Uint8Array([1]), { properties: o.ttl === undefined ? {} : { expiration: String(o.ttl), priority: o.ttl % 3 } });
        break;
      case 'get': {
        const d = b.get(ch, QUEUES[o.queue]!, { noAck: o.noAck });
        if (d && !o.noAck) held.push(d);
        break;
      }
      case 'ack':
      case 'reject':
      case 'nack': {
        const d = held[o.which % Math.max(1, held.length)];
        if (!d) break;
        const multiple = o.kind !== 'reject' && o.multiple;
        held = held.filter((x) => (multiple ? x.deliveryTag > d.deliveryTag : x !== d));
        if (o.kind === 'ack') b.ack(ch, d.deliveryTag, multiple);
        else if (o.kind === 'reject') b.reject(ch, d.deliveryTag, o.requeue);
        else b.nack(ch, d.deliveryTag, multiple, o.requeue);
        break;
      }
      case 'advance':
        h.clock.advanceBy(o.ms);
        b.tick();
        break;
      case 'close':
        b.closeChannel(ch);
        open();
        break;
      case 'purge':
        b.purge('q0');
        break;
    }
  }
  b.closeChannel(ch);
  const ready = new Map<string, Set<number>>();
  for (const q of QUEUES) ready.set(q, new Set(b.inspect.readyMessages(q).map((m) => m.message.id)));
  return { events: h.events, ready };
}

describe('invariants', () => {
  it('a single consumer without requeue receives every message in publish order', () => {
    fc.assert(fc.property(fc.constantFrom('classic', 'quorum'), fc.integer({ min: 0, max: 4 }), fc.array(fc.boolean(), { maxLength: 60 }), (type, prefetch, steps) => {
      const h = harness();
      h.broker.declareQueue('q', { arguments: { 'x-queue-type': type } });
      h.broker.qos(h.ch, prefetch);
      const got: Delivery[] = [];
      h.broker.consume(h.ch, 'q', (d) => got.push(d));
      let published = 0;
      let acked = 0;
      for (const publish of steps) {
        if (publish) h.pub('', 'q', String(published++));
        else if (acked < got.length) h.broker.ack(h.ch, got[acked++]!.deliveryTag);
      }
      while (acked < got.length) h.broker.ack(h.ch, got[acked++]!.deliveryTag);
      assert.deepEqual(got.map((d) => Number(text(d.body))), [...Array(published).keys()]);
    }), { numRuns: 200 });
  });

  it('never delivers a message again after it was acknowledged', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const { events } = simulate(ops);
      const acked = new Set<string>();
      for (const e of events) {
        const key = `${e.messageId}@${e.queue}`;
        if (e.type === 'acked') acked.add(key);
        if (e.type === 'delivered') assert.ok(!acked.has(key), `${key} delivered after its ack`);
      }
    }), { numRuns: 300 });
  });

  it('accounts for every routed copy exactly once', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const { events, ready } = simulate(ops);
      const routed = new Map<number, number>();
      const arrived = new Map<number, number>();
      const enqueued = new Set<string>();
      const ended = new Map<string, string[]>();
      for (const e of events) {
        const key = `${e.messageId}@${e.queue}`;
        if (e.type === 'routed') routed.set(e.messageId, e.detail as number);
        else if (e.type === 'enqueued') {
          assert.ok(!enqueued.has(key), `${key} enqueued twice`);
          enqueued.add(key);
          arrived.set(e.messageId, (arrived.get(e.messageId) ?? 0) + 1);
        } else if (e.type === 'dropped' && (e.detail === 'reject-publish' || e.detail === 'cycle')) {
          arrived.set(e.messageId, (arrived.get(e.messageId) ?? 0) + 1);
        } else if (e.type === 'acked' || e.type === 'dead-lettered' || e.type === 'expired' || e.type === 'dropped') {
          ended.set(key, [...(ended.get(key) ?? []), e.type]);
        }
      }
      for (const [id, k] of routed) assert.equal(arrived.get(id) ?? 0, k, `message ${id} routed to ${k} queues`);
      for (const key of enqueued) {
        const [id, queue] = key.split('@') as [string, string];
        const still = ready.get(queue)!.has(Number(id)) ? 1 : 0;
        const endings = ended.get(key) ?? [];
        assert.equal(still + endings.length, 1, `${key}: in queue ${still}, endings ${endings.join(',')}`);
      }
    }), { numRuns: 300 });
  });
});
