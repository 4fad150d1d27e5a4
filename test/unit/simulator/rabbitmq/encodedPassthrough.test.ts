/**
 * The engine carries a wire publisher's encoded properties (PublishOptions.encoded) to deliveries,
 * and says when a delivery still matches them byte for byte (verbatim) so a listener may send them
 * unchanged, and when the broker changed the headers (quorum x-delivery-count, streams, BCC,
 * dead-lettering) so the listener must re-encode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../../../src/extension/core/simulator/clock.js';
import { RabbitBroker } from '../../../../src/extension/core/simulator/rabbitmq/broker.js';
import type { Delivery } from '../../../../src/extension/core/simulator/rabbitmq/types.js';

const encoded = new Uint8Array([0x20, 0, 0, 0, 0, 0]);

function setup(): { broker: RabbitBroker; ch: number } {
  const broker = new RabbitBroker({ clock: new VirtualClock(0) });
  return { broker, ch: broker.openChannel() };
}

describe('encoded properties pass through the RabbitMQ model', () => {
  it('a classic queue delivers them verbatim, by consume and by get', () => {
    const { broker, ch } = setup();
    broker.declareQueue('c', { durable: false });
    broker.publish(ch, '', 'c', new Uint8Array([1]), { headers: { a: 1 }, encoded });
    const got = broker.get(ch, 'c')!;
    assert.equal(got.encoded, encoded);
    assert.equal(got.verbatim, true);
    broker.nack(ch, got.deliveryTag, false, true);
    const seen: Delivery[] = [];
    broker.consume(ch, 'c', (d) => seen.push(d));
    assert.equal(seen[0]!.verbatim, true);
    assert.equal(seen[0]!.redelivered, true);
  });

  it('without encoded properties nothing is verbatim', () => {
    const { broker, ch } = setup();
    broker.declareQueue('c', { durable: false });
    broker.publish(ch, '', 'c', new Uint8Array([1]), { headers: { a: 1 } });
    const got = broker.get(ch, 'c')!;
    assert.equal(got.encoded, undefined);
    assert.equal(got.verbatim, false);
  });

  it('quorum and stream deliveries add headers, so they keep the bytes but are not verbatim', () => {
    const { broker, ch } = setup();
    broker.declareQueue('qq', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    broker.declareQueue('s', { durable: true, arguments: { 'x-queue-type': 'stream' } });
    broker.publish(ch, '', 'qq', new Uint8Array([1]), { encoded });
    broker.publish(ch, '', 's', new Uint8Array([1]), { encoded });
    const q = broker.get(ch, 'qq')!;
    assert.deepEqual([q.encoded, q.verbatim, q.headers?.['x-delivery-count']], [encoded, false, 0]);
    broker.qos(ch, 10);
    const seen: Delivery[] = [];
    broker.consume(ch, 's', (d) => seen.push(d), { arguments: { 'x-stream-offset': 'first' } });
    assert.deepEqual([seen[0]!.encoded, seen[0]!.verbatim], [encoded, false]);
  });

  it('BCC is removed from the stored headers, so the publisher\'s bytes no longer match', () => {
    const { broker, ch } = setup();
    broker.declareQueue('a', { durable: false });
    broker.declareQueue('b', { durable: false });
    broker.publish(ch, '', 'a', new Uint8Array([1]), { headers: { BCC: ['b'] }, encoded });
    const got = broker.get(ch, 'b')!;
    assert.equal(got.headers?.['BCC'], undefined);
    assert.equal(got.verbatim, false);
  });

  it('a dead-lettered copy keeps the bytes (its headers derive from them) but is not verbatim', () => {
    const { broker, ch } = setup();
    broker.declareExchange('dlx', 'fanout', { durable: false });
    broker.declareQueue('dlq', { durable: false });
    broker.bind('dlq', 'dlx');
    broker.declareQueue('work', { durable: false, arguments: { 'x-dead-letter-exchange': 'dlx' } });
    broker.publish(ch, '', 'work', new Uint8Array([1]), { headers: { keep: 'me' }, encoded });
    broker.reject(ch, broker.get(ch, 'work')!.deliveryTag, false);
    const dead = broker.get(ch, 'dlq')!;
    assert.equal(dead.encoded, encoded);
    assert.equal(dead.verbatim, false);
    assert.equal(dead.headers?.['keep'], 'me');
  });
});
