/**
 * Connection settings: vhost from the URL path, user from config or URL, password only from secrets
 * (URL password as a fallback), TLS on for amqps with verification on by default.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRabbitConfig, vhostFromPath } from '../../../src/extension/core/adapters/rabbitmq/config.js';
import { queueArgumentsFromX, queueArgumentsToX } from '../../../src/extension/core/rules/queueArguments.js';
import type { RabbitMqConnectionConfig } from '../../../src/extension/core/model/connection.js';

const base: RabbitMqConnectionConfig = { kind: 'rabbitmq', id: 'a', name: 'A', amqpUrl: 'amqp://broker:5672' };

describe('RabbitMQ connection config', () => {
  it('vhost is the URL path, "/" when empty, percent-decoded', () => {
    assert.equal(vhostFromPath(''), '/');
    assert.equal(vhostFromPath('/'), '/');
    assert.equal(vhostFromPath('/%2F'), '/');
    assert.equal(vhostFromPath('/test-vhost'), 'test-vhost');
    assert.equal(vhostFromPath('/a%20b'), 'a b');
  });

  it('user from config, else URL, else guest; password from secrets', () => {
    assert.equal(resolveRabbitConfig({ ...base, username: 'bob' }, { password: 'p' }).username, 'bob');
    const fromUrl = resolveRabbitConfig({ ...base, amqpUrl: 'amqp://carol@broker/v' }, { password: 'p' });
    assert.equal(fromUrl.username, 'carol');
    assert.equal(fromUrl.password, 'p');
    assert.equal(fromUrl.vhost, 'v');
    assert.equal(resolveRabbitConfig(base, {}).username, 'guest');
  });

  it('amqps turns TLS on with port 5671 and verification on', () => {
    const r = resolveRabbitConfig({ ...base, amqpUrl: 'amqps://broker' }, {});
    assert.equal(r.protocol, 'amqps');
    assert.equal(r.port, 5671);
    assert.equal(r.tls.enabled, true);
    assert.equal(r.tls.rejectUnauthorized, true);
  });

  it('rejectUnauthorized is false only when the user said so', () => {
    const r = resolveRabbitConfig({ ...base, tls: { enabled: true, rejectUnauthorized: false } }, {});
    assert.equal(r.tls.rejectUnauthorized, false);
    assert.equal(r.protocol, 'amqps');
  });

  it('a non-AMQP URL is invalidInput', () => {
    assert.throws(() => resolveRabbitConfig({ ...base, amqpUrl: 'http://x' }, {}), (e: unknown) => (e as { code?: string }).code === 'invalidInput');
  });
});

describe('queue arguments', () => {
  it('maps readable arguments to x-* and back', () => {
    const x = queueArgumentsToX({
      kind: 'queue',
      name: 'q',
      queueType: 'quorum',
      durable: true,
      arguments: { messageTtlMs: 1000, maxLength: 5, overflow: 'reject-publish', deadLetterExchange: 'dlx', deadLetterRoutingKey: 'dead', deliveryLimit: 3 },
    });
    assert.deepEqual(x, {
      'x-queue-type': 'quorum',
      'x-message-ttl': 1000,
      'x-max-length': 5,
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': 'dlx',
      'x-dead-letter-routing-key': 'dead',
      'x-delivery-limit': 3,
    });
    assert.deepEqual(queueArgumentsFromX(x), { messageTtlMs: 1000, maxLength: 5, overflow: 'reject-publish', deadLetterExchange: 'dlx', deadLetterRoutingKey: 'dead', deliveryLimit: 3 });
  });

  it('leaves x-queue-type out for classic queues', () => {
    assert.deepEqual(queueArgumentsToX({ kind: 'queue', name: 'q', queueType: 'classic', durable: true, arguments: { maxPriority: 5 } }), { 'x-max-priority': 5 });
  });
});
