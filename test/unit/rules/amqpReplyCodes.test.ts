/**
 * The one AMQP reply-code table (core/rules/amqpReplyCodes.ts): the real adapter (amqplib's error
 * for a channel close) and the simulator adapter (the engine's AmqpError) give the same kind and the
 * same sentence for the same reply.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBrokerError as realError } from '../../../src/extension/core/adapters/rabbitmq/errors.js';
import { toBrokerError as simulatedError } from '../../../src/extension/core/adapters/simulator/simulatorRabbitSupport.js';
import { Reply, replyName, replyScope } from '../../../src/extension/core/rules/amqpReplyCodes.js';
import { AmqpError, ReplyCode } from '../../../src/extension/core/simulator/rabbitmq/amqpError.js';
import { Reply as WireReply } from '../../../src/extension/core/wire/amqp/replyCodes.js';

/** An error as amqplib raises it for a channel close. */
function amqplibClose(code: number, text: string): Error {
  return Object.assign(new Error(`Operation failed: QueueDeclare; ${code} (${replyName(code).replace(/_/g, '-')}) with message "${text}"`), { code });
}

describe('AMQP reply codes', () => {
  it('one table for the engine, the wire listener and the adapters', () => {
    assert.deepEqual(ReplyCode, Reply);
    assert.deepEqual(WireReply, Reply);
    assert.deepEqual([replyName(404), replyName(406), replyName(999)], ['NOT_FOUND', 'PRECONDITION_FAILED', '999']);
    assert.deepEqual([replyScope(404), replyScope(320), replyScope(504)], ['channel', 'connection', 'connection']);
  });

  const cases: [number, string, string][] = [
    [404, "no queue 'orders' in vhost '/'", 'notFound'],
    [406, "inequivalent arg 'durable' for queue 'orders' in vhost '/': received 'false' but current is 'true'", 'preconditionFailed'],
    [406, "queue 'orders' in vhost '/' not empty", 'preconditionFailed'],
    [403, "access to queue 'orders' in vhost '/' refused for user 'guest'", 'accessRefused'],
    [403, "queue name 'amq.x' contains reserved prefix 'amq.*'", 'accessRefused'],
    [405, "cannot obtain exclusive access to locked queue 'orders' in vhost '/'", 'accessRefused'],
    [540, "queue 'orders' in vhost '/' does not support basic.get", 'unsupported'],
  ];
  for (const [code, reason, kind] of cases) {
    it(`${code} ${reason.slice(0, 40)}…: same kind and sentence, real or simulated`, () => {
      const engine = new AmqpError(code as (typeof Reply)[keyof typeof Reply], reason);
      const real = realError(amqplibClose(code, engine.message), { action: 'Declaring queue \'orders\'' });
      const simulated = simulatedError('Declaring queue \'orders\'', engine);
      assert.equal(real.code, kind);
      assert.equal(simulated.code, kind);
      assert.equal(simulated.message, real.message);
    });
  }
});
