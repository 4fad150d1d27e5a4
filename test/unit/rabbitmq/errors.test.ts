/**
 * Every amqplib / socket / TLS / management failure maps to one BrokerError code and one sentence.
 * The inputs are the exact messages amqplib 2.3.1 and Node produce against RabbitMQ 3.10.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManagementHttpError, ManagementUnreachableError, serverText, toBrokerError, type ErrorContext } from '../../../src/extension/core/adapters/rabbitmq/errors.js';
import { BrokerError } from '../../../src/extension/core/model/errors.js';

const ctx: ErrorContext = { action: 'Connecting to RabbitMQ at 127.0.0.1:5672', address: '127.0.0.1:5672', vhost: 'orders', username: 'alice' };

function amqpError(message: string, code?: number | string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('RabbitMQ error mapping', () => {
  it('passes a BrokerError through unchanged', () => {
    const e = new BrokerError('timeout', 'x');
    assert.equal(toBrokerError(e, ctx), e);
  });

  it('ECONNREFUSED → unreachable, naming the address', () => {
    const e = toBrokerError(amqpError('connect ECONNREFUSED 127.0.0.1:5672', 'ECONNREFUSED'), ctx);
    assert.equal(e.code, 'unreachable');
    assert.match(e.message, /127\.0\.0\.1:5672/);
    assert.match(e.detail, /ECONNREFUSED/);
  });

  it('login refused → authFailed, naming the user', () => {
    const raw = 'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."';
    const e = toBrokerError(amqpError(raw), ctx);
    assert.equal(e.code, 'authFailed');
    assert.match(e.message, /'alice'/);
    assert.match(e.message, /password/);
  });

  it('vhost refused at open (530 NOT_ALLOWED, reported by amqplib as an unexpected close) → notFound naming the vhost', () => {
    for (const raw of ['Expected ConnectionOpenOk; got <ConnectionClose channel:0>', 'Connection closed: 530 (NOT-ALLOWED) with message "NOT_ALLOWED - vhost orders not found"']) {
      const e = toBrokerError(amqpError(raw), ctx);
      assert.equal(e.code, 'notFound', raw);
      assert.match(e.message, /vhost 'orders'/);
    }
  });

  it('vhost known to exist but refused → accessRefused', () => {
    const e = toBrokerError(amqpError('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'), { ...ctx, vhostExists: true });
    assert.equal(e.code, 'accessRefused');
  });

  it('channel 404 → notFound naming the queue', () => {
    const raw = 'Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - no queue \'orders.q\' in vhost \'/\'"';
    const e = toBrokerError(amqpError(raw, 404), { ...ctx, action: "Browsing queue 'orders.q'" });
    assert.equal(e.code, 'notFound');
    assert.match(e.message, /queue 'orders\.q' in vhost '\/' does not exist/);
  });

  it('406 inequivalent arg → preconditionFailed naming the argument and both values', () => {
    const raw = 'Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - inequivalent arg \'x-message-ttl\' for queue \'probe.q\' in vhost \'/\': received \'2000\' but current is \'1000\'"';
    const e = toBrokerError(amqpError(raw, 406), { ...ctx, action: "Declaring queue 'probe.q'" });
    assert.equal(e.code, 'preconditionFailed');
    assert.match(e.message, /'x-message-ttl'/);
    assert.match(e.message, /current '1000', requested '2000'/);
  });

  it('403 on a resource → accessRefused naming the user and the resource', () => {
    const raw = 'Operation failed: QueueDeclare; 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - access to queue \'notlimited.q\' in vhost \'/\' refused for user \'limited\'"';
    const e = toBrokerError(amqpError(raw, 403), { ...ctx, action: "Declaring queue 'notlimited.q'" });
    assert.equal(e.code, 'accessRefused');
    assert.match(e.message, /user 'limited'/);
    assert.match(e.message, /queue 'notlimited\.q'/);
  });

  it('405 RESOURCE_LOCKED → accessRefused', () => {
    const raw = 'Operation failed: BasicConsume; 405 (RESOURCE-LOCKED) with message "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue \'q\' in vhost \'/\'"';
    assert.equal(toBrokerError(amqpError(raw, 405), ctx).code, 'accessRefused');
  });

  it('TLS verification errors → tlsUntrusted', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      const e = toBrokerError(amqpError('self-signed certificate in certificate chain', code), ctx);
      assert.equal(e.code, 'tlsUntrusted', code);
      assert.match(e.message, /CA file/);
    }
  });

  it('closed channel / connection → disconnected', () => {
    assert.equal(toBrokerError(Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' }), ctx).code, 'disconnected');
    assert.equal(toBrokerError(amqpError('Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - Closed via management plugin"', 320), ctx).code, 'disconnected');
  });

  it('timeouts and DNS', () => {
    assert.equal(toBrokerError(amqpError('connect ETIMEDOUT'), ctx).code, 'timeout');
    assert.equal(toBrokerError(amqpError('getaddrinfo ENOTFOUND nope', 'ENOTFOUND'), ctx).code, 'unreachable');
  });

  it('management 401 → authFailed, 404 → notFound, 5xx → managementUnavailable, unreachable → managementUnavailable', () => {
    const url = 'http://127.0.0.1:15672/api/queues/%2F';
    assert.equal(toBrokerError(new ManagementHttpError(401, url, '{"error":"not_authorised","reason":"Login failed"}'), ctx).code, 'authFailed');
    assert.match(toBrokerError(new ManagementHttpError(401, url, '{"error":"not_authorised","reason":"Login failed"}'), ctx).message, /Login failed/);
    assert.equal(toBrokerError(new ManagementHttpError(404, url, '{"error":"Object Not Found","reason":"Not Found"}'), ctx).code, 'notFound');
    assert.equal(toBrokerError(new ManagementHttpError(503, url, 'busy'), ctx).code, 'managementUnavailable');
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    const e = toBrokerError(new ManagementUnreachableError('http://127.0.0.1:1', refused), ctx);
    assert.equal(e.code, 'managementUnavailable');
    assert.match(e.message, /ECONNREFUSED/);
  });

  it('an unknown error keeps its text in the sentence and the detail', () => {
    const e = toBrokerError(new Error('something odd'), ctx);
    assert.equal(e.code, 'unknown');
    assert.match(e.message, /something odd/);
  });

  it('serverText extracts RabbitMQ\'s reply text', () => {
    assert.equal(serverText('Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - no queue \'q\' in vhost \'/\'"'), "NOT_FOUND - no queue 'q' in vhost '/'");
    assert.equal(serverText('plain'), undefined);
  });
});
