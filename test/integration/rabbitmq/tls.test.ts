/**
 * AMQPS on the test broker (127.0.0.1:5671, certificate signed by the test CA): verified with the CA
 * file, with a client certificate (mutual TLS), refused as 'tlsUntrusted' without the CA or with a
 * wrong host name, and connecting with verification off only when asked, with a warning in the overview.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rabbitEnv, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');
// Under REQUIRE_BROKERS=1 a missing CA is a failure (the connect test fails on it), never a skip.
const skip = gate.skip ?? (existsSync(rabbitEnv.ca) || process.env.REQUIRE_BROKERS === '1' ? undefined : `test CA ${rabbitEnv.ca} missing (run npm run brokers:up)`);
const amqps = `amqps://${rabbitEnv.host}:${rabbitEnv.amqpsPort}/`;

describe('RabbitMQ adapter: TLS', { skip }, () => {
  before(() => gate.assertRequired());

  it('connects over amqps with the CA file, and publishes and reads', async () => {
    const adapter = rabbitAdapter({ amqpUrl: amqps, tls: { enabled: true, caFile: rabbitEnv.ca } });
    const stream = uniqueName('tls');
    await adapter.connect();
    try {
      assert.equal(adapter.state, 'connected');
      await adapter.createDestination({ kind: 'queue', name: stream, queueType: 'stream', durable: true });
      assert.equal((await adapter.publish({ destination: '', routingKey: stream }, [{ value: 'over tls' }])).confirmed, 1);
      const page = await adapter.browse({ destination: stream, start: { kind: 'earliest' }, limit: 5 });
      assert.deepEqual(page.records.map((r) => Buffer.from(r.value!).toString()), ['over tls']);
      assert.ok(!(await adapter.overview()).notes.some((n) => /verification is OFF/.test(n)));
    } finally {
      await adapter.disconnect();
      await cleanup([stream]);
    }
  });

  it('connects with a client certificate and key (mutual TLS)', async () => {
    const adapter = rabbitAdapter({ amqpUrl: amqps, tls: { enabled: true, caFile: rabbitEnv.ca, certFile: rabbitEnv.clientCert, keyFile: rabbitEnv.clientKey } });
    await adapter.connect();
    assert.equal(adapter.state, 'connected');
    await adapter.disconnect();
  });

  it('without the CA → tlsUntrusted, with a sentence saying to set the CA file', async () => {
    const adapter = rabbitAdapter({ amqpUrl: amqps });
    await assert.rejects(adapter.connect(), (e: unknown) => isBrokerError(e) && e.code === 'tlsUntrusted' && /CA file/.test(e.message));
    await adapter.disconnect();
  });

  it('with a host name the certificate does not name → tlsUntrusted', async () => {
    const adapter = rabbitAdapter({ amqpUrl: amqps, tls: { enabled: true, caFile: rabbitEnv.ca, servername: 'not-this-host.example' } });
    await assert.rejects(adapter.connect(), (e: unknown) => isBrokerError(e) && e.code === 'tlsUntrusted');
    await adapter.disconnect();
  });

  it('a missing CA file is invalidInput naming the file', async () => {
    const adapter = rabbitAdapter({ amqpUrl: amqps, tls: { enabled: true, caFile: '/nonexistent/ca.pem' } });
    await assert.rejects(adapter.connect(), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && e.message.includes('/nonexistent/ca.pem'));
    await adapter.disconnect();
  });

  it('connects with verification off only when the user said so, and the overview warns', async () => {
    const adapter = rabbitAdapter({ amqpUrl: amqps, tls: { enabled: true, rejectUnauthorized: false } });
    await adapter.connect();
    try {
      assert.ok((await adapter.overview()).notes.some((n) => /verification is OFF/.test(n)));
    } finally {
      await adapter.disconnect();
    }
  });
});
