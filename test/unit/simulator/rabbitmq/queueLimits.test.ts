/**
 * Queue TTL, length limits with each overflow mode, priorities and x-expires, as RabbitMQ 3.10.8
 * behaves (each case was also run on a real 3.10.8 broker).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harness, replyCodeOf } from './helpers.js';

describe('message TTL', () => {
  it('expires by the queue TTL or the per-message expiration, whichever is shorter', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-message-ttl': 1000 } });
    h.pub('', 'q', 'queue-ttl');
    h.pub('', 'q', 'short', { properties: { expiration: '100' } });
    h.clock.advanceBy(999);
    assert.equal(h.broker.inspect.queue('q')!.messages, 2, 'the short one is behind a live head, so it stays');
    h.clock.advanceBy(1);
    assert.equal(h.broker.inspect.queue('q')!.messages, 0);
    assert.deepEqual(h.events.filter((e) => e.type === 'expired').map((e) => e.queue), ['q', 'q']);
  });

  it('removes expired messages only at the head of a classic queue', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'long', { properties: { expiration: '10000' } });
    h.pub('', 'q', 'short', { properties: { expiration: '10' } });
    h.pub('', 'q', 'forever');
    h.clock.advanceBy(100);
    assert.equal(h.broker.inspect.queue('q')!.messages, 3);
    assert.equal(h.drain('q')[0], 'long');
  });

  it('drops a message past its expiry once it reaches the head, and never delivers it', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'first');
    h.pub('', 'q', 'stale', { properties: { expiration: '50' } });
    h.clock.advanceBy(100);
    assert.deepEqual(h.drain('q'), ['first']);
  });

  it('expiration "0" expires at once unless a consumer takes the message immediately', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'gone', { properties: { expiration: '0' } });
    assert.equal(h.broker.inspect.queue('q')!.messages, 0);
    const got: string[] = [];
    h.broker.consume(h.ch, 'q', (d) => got.push(new TextDecoder().decode(d.body)), { noAck: true });
    h.pub('', 'q', 'taken', { properties: { expiration: '0' } });
    assert.deepEqual(got, ['taken']);
  });

  it('refuses an invalid expiration with 406 and closes the channel', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    assert.equal(replyCodeOf(() => h.pub('', 'q', 'x', { properties: { expiration: '-5' } })), 406);
    assert.equal(h.broker.isChannelOpen(h.ch), false);
  });

  it('does not expire unacked messages; a requeued one keeps its original expiry', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-message-ttl': 1000 } });
    h.pub('', 'q', 'x');
    const d = h.get('q')!;
    h.clock.advanceBy(5000);
    assert.equal(h.broker.inspect.queue('q')!.unacked, 1);
    h.broker.nack(h.ch, d.deliveryTag, false, true);
    assert.equal(h.broker.inspect.queue('q')!.messages, 0, 'expired as soon as it was back at the head');
  });
});

describe('length limits', () => {
  it('drop-head drops the oldest ready messages; unacked ones do not count', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-max-length': 2 } });
    h.pub('', 'q', '1');
    h.get('q');
    for (const b of ['2', '3', '4']) h.pub('', 'q', b);
    assert.deepEqual(h.drain('q'), ['3', '4']);
    assert.deepEqual(h.events.filter((e) => e.type === 'dropped').map((e) => e.detail), ['maxlen']);
  });

  it('x-max-length-bytes counts body bytes of ready messages', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-max-length-bytes': 10 } });
    h.pub('', 'q', '12345');
    h.pub('', 'q', '123456');
    assert.deepEqual(h.drain('q'), ['123456']);
  });

  it('reject-publish refuses new messages when full and nacks them in confirm mode', () => {
    const h = harness();
    h.broker.confirmSelect(h.ch);
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-max-length': 2, 'x-overflow': 'reject-publish' } });
    assert.deepEqual(['a', 'b', 'c', 'd'].map((b) => h.pub('', 'q', b).confirm), ['ack', 'ack', 'nack', 'nack']);
    assert.deepEqual(h.drain('q'), ['a', 'b']);
  });

  it('reject-publish with x-max-length 0 refuses even when a consumer waits; drop-head delivers it', () => {
    const h = harness();
    h.broker.confirmSelect(h.ch);
    const got: string[] = [];
    for (const [name, overflow] of [['rp', 'reject-publish'], ['dh', 'drop-head']] as const) {
      h.broker.declareQueue(name, { durable: false, arguments: { 'x-max-length': 0, 'x-overflow': overflow } });
      h.broker.consume(h.ch, name, (d) => got.push(d.queue), { noAck: true });
    }
    assert.equal(h.pub('', 'rp', 'z').confirm, 'nack');
    assert.equal(h.pub('', 'dh', 'z').confirm, 'ack');
    assert.deepEqual(got, ['dh']);
  });

  it('reject-publish-dlx nacks and dead-letters the refused message with reason maxlen', () => {
    const h = harness();
    h.broker.confirmSelect(h.ch);
    h.broker.declareQueue('dlq', { durable: false });
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    assert.equal(h.pub('', 'q', 'kept').confirm, 'ack');
    assert.equal(h.pub('', 'q', 'refused').confirm, 'nack');
    const dl = h.get('dlq', true)!;
    assert.equal(new TextDecoder().decode(dl.body), 'refused');
    assert.equal((dl.headers!['x-death'] as Record<string, unknown>[])[0]!['reason'], 'maxlen');
    assert.deepEqual(h.drain('q'), ['kept']);
  });

  it('quorum reject-publish accepts the message that crosses the limit, then refuses until below 80%', () => {
    const h = harness();
    h.broker.confirmSelect(h.ch);
    h.broker.declareQueue('qq', { arguments: { 'x-queue-type': 'quorum', 'x-max-length': 2, 'x-overflow': 'reject-publish' } });
    assert.deepEqual([1, 2, 3, 4].map((i) => h.pub('', 'qq', `r${i}`).confirm), ['ack', 'ack', 'ack', 'nack']);
    h.get('qq', true);
    assert.equal(h.pub('', 'qq', 'still').confirm, 'nack', '2 ready is not at or below trunc(2 * 0.8) = 1');
    h.get('qq', true);
    assert.equal(h.pub('', 'qq', 'again').confirm, 'ack');
  });

  it('quorum reject-publish-dlx behaves as drop-head (as 3.10 quorum queues do)', () => {
    const h = harness();
    h.broker.confirmSelect(h.ch);
    h.broker.declareQueue('dlq', { durable: false });
    h.broker.declareQueue('qq', { arguments: { 'x-queue-type': 'quorum', 'x-max-length': 2, 'x-overflow': 'reject-publish-dlx', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' } });
    assert.deepEqual([0, 1, 2, 3].map((i) => h.pub('', 'qq', `r${i}`).confirm), ['ack', 'ack', 'ack', 'ack']);
    assert.deepEqual(h.drain('qq'), ['r2', 'r3']);
    assert.deepEqual(h.drain('dlq'), ['r0', 'r1']);
  });

  it('a requeue that overfills a drop-head queue drops from the head', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-max-length': 1 } });
    h.pub('', 'q', 'a');
    const d = h.get('q')!;
    h.pub('', 'q', 'b');
    h.broker.nack(h.ch, d.deliveryTag, false, true);
    assert.deepEqual(h.drain('q'), ['b']);
  });
});

describe('priorities', () => {
  it('delivers higher priority first, FIFO within a priority; above the max counts as the max, none as 0', () => {
    const h = harness();
    h.broker.declareQueue('p', { durable: false, arguments: { 'x-max-priority': 3 } });
    h.pub('', 'p', 'none');
    h.pub('', 'p', 'p9', { properties: { priority: 9 } });
    h.pub('', 'p', 'p3', { properties: { priority: 3 } });
    h.pub('', 'p', 'p2', { properties: { priority: 2 } });
    assert.deepEqual(h.drain('p'), ['p9', 'p3', 'p2', 'none']);
  });

  it('ignores priority without x-max-priority', () => {
    const h = harness();
    h.broker.declareQueue('p', { durable: false });
    h.pub('', 'p', 'low', { properties: { priority: 0 } });
    h.pub('', 'p', 'high', { properties: { priority: 9 } });
    assert.deepEqual(h.drain('p'), ['low', 'high']);
  });

  it('drop-head on a priority queue drops the highest priority message first', () => {
    const h = harness();
    h.broker.declareQueue('p', { durable: false, arguments: { 'x-max-priority': 5, 'x-max-length': 2 } });
    h.pub('', 'p', 'p0', { properties: { priority: 0 } });
    h.pub('', 'p', 'p5', { properties: { priority: 5 } });
    h.pub('', 'p', 'p1', { properties: { priority: 1 } });
    assert.deepEqual(h.drain('p'), ['p1', 'p0']);
  });

  it('refuses x-max-priority above 255 and on quorum queues', () => {
    const h = harness();
    assert.equal(replyCodeOf(() => h.broker.declareQueue('p', { arguments: { 'x-max-priority': 256 } })), 406);
    assert.equal(replyCodeOf(() => h.broker.declareQueue('qp', { arguments: { 'x-queue-type': 'quorum', 'x-max-priority': 5 } })), 406);
  });
});

describe('queue expiry (x-expires)', () => {
  it('deletes a queue unused for x-expires ms, but not while it has a consumer', () => {
    const h = harness();
    h.broker.declareQueue('tmp', { durable: false, arguments: { 'x-expires': 1000 } });
    h.broker.declareQueue('busy', { durable: false, arguments: { 'x-expires': 1000 } });
    h.broker.consume(h.ch, 'busy', () => undefined);
    h.clock.advanceBy(999);
    h.broker.tick();
    assert.ok(h.broker.inspect.queue('tmp'));
    h.clock.advanceBy(1);
    assert.equal(h.broker.inspect.queue('tmp'), undefined);
    assert.ok(h.broker.inspect.queue('busy'));
  });
});
