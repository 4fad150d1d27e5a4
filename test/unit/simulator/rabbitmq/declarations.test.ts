/**
 * Declaring, redeclaring and deleting, with RabbitMQ 3.10.8's reply codes and texts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAmqpError } from '../../../../src/extension/core/simulator/rabbitmq/amqpError.js';
import { harness, replyCodeOf } from './helpers.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isAmqpError(e));
    return e.message;
  }
  throw new Error('expected an AMQP error');
}

describe('declarations', () => {
  it('accepts an identical redeclaration and refuses a different one with 406 and RabbitMQ\'s text', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false, arguments: { 'x-message-ttl': 10 } });
    assert.equal(h.broker.declareQueue('q', { durable: false, arguments: { 'x-message-ttl': 10, unrelated: 1 } }).queue, 'q');
    assert.equal(messageOf(() => h.broker.declareQueue('q', { durable: true, arguments: { 'x-message-ttl': 10 } })),
      "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'");
    assert.equal(messageOf(() => h.broker.declareQueue('q', { durable: false, arguments: { 'x-message-ttl': 20 } })),
      "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received '20' but current is '10'");
    assert.equal(messageOf(() => h.broker.declareQueue('q', { durable: false })),
      "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received none but current is the value '10' of type 'byte'");
    h.broker.declareExchange('x', 'direct', { durable: false });
    assert.equal(messageOf(() => h.broker.declareExchange('x', 'fanout', { durable: false })),
      "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'");
  });

  it('validates queue arguments as RabbitMQ does', () => {
    const h = harness();
    const cases: [Record<string, unknown>, string][] = [
      [{ 'x-message-ttl': -1 }, "invalid arg 'x-message-ttl' for queue 'c' in vhost '/': {value_negative,-1}"],
      [{ 'x-expires': 0 }, "invalid arg 'x-expires' for queue 'c' in vhost '/': {value_zero,0}"],
      [{ 'x-overflow': 'bogus' }, "invalid arg 'x-overflow' for queue 'c' in vhost '/': invalid_overflow"],
      [{ 'x-dead-letter-routing-key': 'k' }, "invalid arg 'x-dead-letter-routing-key' for queue 'c' in vhost '/': routing_key_but_no_dlx_defined"],
      [{ 'x-queue-type': 'bogus' }, "invalid arg 'x-queue-type' for queue 'c' in vhost '/': \"unsupported queue type 'bogus'\""],
      [{ 'x-max-length': 'abc' }, "invalid arg 'x-max-length' for queue 'c' in vhost '/': \"expected integer, got longstr\""],
    ];
    for (const [args, reason] of cases) assert.equal(messageOf(() => h.broker.declareQueue('c', { arguments: args })), `PRECONDITION_FAILED - ${reason}`);
    assert.equal(messageOf(() => h.broker.declareQueue('qq', { durable: false, arguments: { 'x-queue-type': 'quorum' } })),
      "PRECONDITION_FAILED - invalid property 'non-durable' for queue 'qq' in vhost '/'");
  });

  it('reserves amq.* names (403), protects the default and system exchanges, and names server-named queues amq.gen-*', () => {
    const h = harness();
    assert.equal(replyCodeOf(() => h.broker.declareQueue('amq.q')), 403);
    assert.equal(replyCodeOf(() => h.broker.declareExchange('amq.x', 'direct')), 403);
    assert.equal(replyCodeOf(() => h.broker.deleteExchange('amq.direct')), 403);
    h.broker.declareExchange('amq.direct', 'direct', { durable: true });
    assert.match(h.broker.declareQueue('', { durable: false, exclusive: true, channel: h.ch }).queue, /^amq\.gen-[A-Za-z0-9_-]{22}$/);
  });

  it('answers 404 for missing queues and exchanges, but deletes idempotently', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    assert.equal(replyCodeOf(() => h.broker.declareQueue('nope', { passive: true })), 404);
    assert.equal(replyCodeOf(() => h.broker.bind('q', 'nope', 'k')), 404);
    assert.equal(replyCodeOf(() => h.broker.bind('nope', 'amq.direct', 'k')), 404);
    assert.equal(replyCodeOf(() => h.broker.purge('nope')), 404);
    assert.equal(h.broker.deleteQueue('nope'), 0);
    h.broker.deleteExchange('nope');
    h.broker.unbind('q', 'amq.direct', 'never-bound');
  });

  it('honours if-unused and if-empty on delete, and reports the ready count', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    h.pub('', 'q', 'x');
    assert.equal(messageOf(() => h.broker.deleteQueue('q', { ifEmpty: true })), "PRECONDITION_FAILED - queue 'q' in vhost '/' not empty");
    h.broker.consume(h.broker.openChannel(), 'q', () => undefined);
    assert.equal(messageOf(() => h.broker.deleteQueue('q', { ifUnused: true })), "PRECONDITION_FAILED - queue 'q' in vhost '/' in use");
    h.pub('', 'q', 'y');
    assert.equal(h.broker.deleteQueue('q'), 0, 'both messages are unacked, not ready');
  });

  it('deletes an auto-delete exchange with its last binding, and bindings with their queue', () => {
    const h = harness();
    h.broker.declareExchange('ax', 'fanout', { durable: false, autoDelete: true });
    h.broker.declareQueue('q', { durable: false });
    h.broker.bind('q', 'ax');
    h.broker.deleteQueue('q');
    assert.ok(!h.broker.inspect.listExchanges().some((x) => x.name === 'ax'));
  });

  it('purges ready messages only and says how many', () => {
    const h = harness();
    h.broker.declareQueue('q', { durable: false });
    for (const b of ['a', 'b', 'c']) h.pub('', 'q', b);
    h.get('q');
    assert.equal(h.broker.purge('q'), 2);
    assert.equal(h.broker.inspect.queue('q')!.unacked, 1);
  });
});
