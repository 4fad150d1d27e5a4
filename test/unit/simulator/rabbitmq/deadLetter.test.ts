/**
 * Dead-lettering and the x-death header, as RabbitMQ 3.10.8 writes them (shapes recorded from a
 * real broker with amqplib: timestamps decode as { '!': 'timestamp', value: seconds }).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EPOCH, harness } from './helpers.js';

const ts = (ms: number): { '!': 'timestamp'; value: number } => ({ '!': 'timestamp', value: Math.floor(ms / 1000) });

function setup(): ReturnType<typeof harness> {
  const h = harness();
  h.broker.declareExchange('src', 'direct', { durable: false });
  h.broker.declareExchange('dlx', 'direct', { durable: false });
  h.broker.declareQueue('work', { durable: false, arguments: { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'wait' } });
  h.broker.declareQueue('wait', { durable: false, arguments: { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'work', 'x-message-ttl': 5000 } });
  h.broker.bind('work', 'src', 'k1');
  h.broker.bind('wait', 'dlx', 'wait');
  h.broker.bind('work', 'dlx', 'work');
  return h;
}

describe('dead-lettering', () => {
  it('writes x-death after a reject exactly as RabbitMQ does, with x-first-death-* and original-expiration', () => {
    const h = setup();
    h.pub('src', 'k1', 'A', { headers: { CC: ['k2'] }, properties: { expiration: '100000' } });
    const d = h.get('work')!;
    h.broker.reject(h.ch, d.deliveryTag, false);
    const dl = h.get('wait', true)!;
    assert.equal(dl.exchange, 'dlx');
    assert.equal(dl.routingKey, 'wait');
    assert.equal(dl.properties.expiration, undefined, 'expiration is removed');
    assert.deepEqual(dl.headers, {
      'x-death': [{ count: 1, reason: 'rejected', queue: 'work', time: ts(EPOCH), exchange: 'src', 'routing-keys': ['k1', 'k2'], 'original-expiration': '100000' }],
      'x-first-death-exchange': 'src',
      'x-first-death-queue': 'work',
      'x-first-death-reason': 'rejected',
    });
    // The first entry keeps RabbitMQ's insertion order; the CC header went with the dead-letter routing key.
    assert.deepEqual(Object.keys((dl.headers!['x-death'] as object[])[0]!), ['count', 'reason', 'queue', 'time', 'exchange', 'routing-keys', 'original-expiration']);
  });

  it('increments the entry of the same queue and reason, moves it to the front and keeps its first time', () => {
    const h = setup();
    h.pub('src', 'k1', 'A');
    for (let round = 0; round < 3; round++) {
      const d = h.get('work')!;
      h.broker.reject(h.ch, d.deliveryTag, false);
      h.clock.advanceBy(5000);
      h.broker.tick();
    }
    const d = h.get('work', true)!;
    const deaths = d.headers!['x-death'] as Record<string, unknown>[];
    assert.deepEqual(deaths, [
      { count: 3, exchange: 'dlx', queue: 'wait', reason: 'expired', 'routing-keys': ['wait'], time: ts(EPOCH + 5000) },
      { count: 3, exchange: 'src', queue: 'work', reason: 'rejected', 'routing-keys': ['k1'], time: ts(EPOCH) },
    ]);
    // Rewritten entries have sorted keys (rabbit_misc:sort_field_table/1).
    assert.deepEqual(Object.keys(deaths[1]!), ['count', 'exchange', 'queue', 'reason', 'routing-keys', 'time']);
    assert.equal(d.headers!['x-first-death-reason'], 'rejected');
  });

  it('dead-letters expired messages with reason expired, stamped with the expiry time', () => {
    const h = harness();
    h.broker.declareQueue('dlq', { durable: false });
    h.broker.declareQueue('ttl', { durable: false, arguments: { 'x-message-ttl': 1500, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    h.pub('', 'ttl', 'late');
    h.clock.advanceBy(10_000);
    const d = h.get('dlq', true)!;
    const death = (d.headers!['x-death'] as Record<string, unknown>[])[0]!;
    assert.equal(death['reason'], 'expired');
    assert.deepEqual(death['time'], ts(EPOCH + 1500));
    assert.deepEqual(death['routing-keys'], ['ttl']);
  });

  it('dead-letters drop-head victims with reason maxlen, keeping the original routing key without a dl key', () => {
    const h = harness();
    h.broker.declareExchange('dlx', 'direct', { durable: false });
    h.broker.declareQueue('mldl', { durable: false });
    h.broker.bind('mldl', 'dlx', 'mlkey');
    h.broker.declareExchange('src', 'direct', { durable: false });
    h.broker.declareQueue('ml', { durable: false, arguments: { 'x-max-length': 1, 'x-dead-letter-exchange': 'dlx' } });
    h.broker.bind('ml', 'src', 'mlkey');
    h.pub('src', 'mlkey', 'B1');
    h.pub('src', 'mlkey', 'B2');
    const dl = h.get('mldl', true)!;
    assert.equal(new TextDecoder().decode(dl.body), 'B1');
    assert.equal(dl.routingKey, 'mlkey');
    assert.equal((dl.headers!['x-death'] as Record<string, unknown>[])[0]!['reason'], 'maxlen');
    assert.deepEqual(h.drain('ml'), ['B2']);
  });

  it('drops a message that expires into its own queue (a cycle with no reject in it)', () => {
    const h = harness();
    h.broker.declareQueue('self', { durable: false, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'self', 'x-message-ttl': 20 } });
    h.pub('', 'self', 'C');
    h.clock.advanceBy(200);
    assert.deepEqual(h.drain('self'), []);
    assert.ok(h.events.some((e) => e.type === 'dropped' && e.detail === 'cycle'));
  });

  it('lets a rejected message cycle back to its queue (the reject breaks the cycle rule)', () => {
    const h = harness();
    h.broker.declareQueue('loop', { durable: false, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'loop' } });
    h.pub('', 'loop', 'again');
    for (let i = 1; i <= 3; i++) {
      const d = h.get('loop')!;
      if (i > 1) assert.equal((d.headers!['x-death'] as Record<string, unknown>[])[0]!['count'], i - 1);
      h.broker.reject(h.ch, d.deliveryTag, false);
    }
    assert.equal(h.drain('loop').length, 1);
  });

  it('discards instead of dead-lettering when the queue has no dead-letter exchange or it is missing', () => {
    const h = harness();
    h.broker.declareQueue('plain', { durable: false });
    h.broker.declareQueue('dangling', { durable: false, arguments: { 'x-dead-letter-exchange': 'gone' } });
    h.pub('', 'plain', 'x');
    h.pub('', 'dangling', 'y');
    h.broker.reject(h.ch, h.get('plain')!.deliveryTag, false);
    h.broker.reject(h.ch, h.get('dangling')!.deliveryTag, false);
    assert.deepEqual(h.events.filter((e) => e.type === 'dropped').map((e) => e.detail), ['rejected', 'no-dlx-exchange']);
  });

  it('routes with all original keys (CC and BCC included) when no dead-letter routing key is set', () => {
    const h = harness();
    h.broker.declareExchange('dlx', 'direct', { durable: false });
    for (const q of ['k1', 'k2', 'k3']) {
      h.broker.declareQueue(`dl-${q}`, { durable: false });
      h.broker.bind(`dl-${q}`, 'dlx', q);
    }
    h.broker.declareExchange('src', 'direct', { durable: false });
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-dead-letter-exchange': 'dlx' } });
    h.broker.bind('q', 'src', 'k1');
    h.pub('src', 'k1', 'x', { headers: { CC: ['k2'], BCC: ['k3'] } });
    h.broker.reject(h.ch, h.get('q')!.deliveryTag, false);
    assert.deepEqual(['k1', 'k2', 'k3'].map((k) => h.drain(`dl-${k}`).length), [1, 1, 1]);
  });
});
