/**
 * Connecting to the real test broker on each listener and auth mode, and the one-sentence errors a
 * user gets when it cannot work: wrong password, untrusted certificate, no ACL, broker down, a
 * listener that never answers, an unknown topic.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { ConnectionState } from '../../../src/extension/core/model/adapter.js';
import { isBrokerError, type BrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { kafkaTest, plainAdapter, topicName } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

async function connectsAndLists(adapter: KafkaAdapter): Promise<void> {
  try {
    await adapter.connect();
    assert.equal(adapter.state, 'connected');
    const overview = await adapter.overview();
    assert.equal(overview.product, 'Apache Kafka');
    // The test broker is Kafka 4.x: its ApiVersions no longer accept Fetch v0-v3 or ListOffsets v0 (KIP-896).
    assert.match(overview.version ?? 'none', /^4\.x protocol \(inferred from ApiVersions: Fetch v4-\d+, ListOffsets v1-\d+\)$/);
    assert.ok(overview.nodes.length >= 1);
    assert.ok(Array.isArray(await adapter.listDestinations()));
  } finally {
    await adapter.disconnect();
  }
}

async function failure(work: Promise<unknown>): Promise<BrokerError> {
  try {
    await work;
  } catch (e) {
    assert.ok(isBrokerError(e), `expected a BrokerError, got ${String(e)}`);
    // One sentence: what failed, why, what to do.
    assert.ok(!e.message.includes('\n'), e.message);
    assert.match(e.message, /failed: .+\. .+\.$/, e.message);
    return e;
  }
  assert.fail('expected a failure');
}

describe('Kafka connections and errors', { skip: kafka.skip }, () => {
  before(() => kafka.assertRequired());

  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
    it(`SASL ${mechanism.toUpperCase()} connects with the right password`, async () => {
      await connectsAndLists(plainAdapter({ brokers: kafkaTest.sasl, sasl: { mechanism, username: kafkaTest.user } }, { password: kafkaTest.password }));
    });

    it(`SASL ${mechanism.toUpperCase()} with a wrong password → authFailed`, async () => {
      const adapter = plainAdapter({ brokers: kafkaTest.sasl, sasl: { mechanism, username: kafkaTest.user } }, { password: 'wrong' });
      const states: ConnectionState[] = [];
      adapter.onDidChangeState((s) => states.push(s));
      const e = await failure(adapter.connect());
      assert.equal(e.code, 'authFailed', e.message);
      assert.ok(e.message.includes(`"${kafkaTest.user}"`), e.message);
      assert.deepEqual(states, ['connecting', 'failed']);
      await adapter.disconnect();
    });
  }

  it('TLS with the CA file connects', async () => {
    await connectsAndLists(plainAdapter({ brokers: kafkaTest.ssl, tls: { enabled: true, caFile: kafkaTest.ca, servername: kafkaTest.servername } }));
  });

  it('mutual TLS with client certificate and key connects', async () => {
    await connectsAndLists(
      plainAdapter({ brokers: kafkaTest.ssl, tls: { enabled: true, caFile: kafkaTest.ca, certFile: kafkaTest.clientCert, keyFile: kafkaTest.clientKey, servername: kafkaTest.servername } }),
    );
  });

  it('TLS without the CA (certificate untrusted) → tlsUntrusted', async () => {
    const adapter = plainAdapter({ brokers: kafkaTest.ssl, tls: { enabled: true } });
    const e = await failure(adapter.connect());
    assert.equal(e.code, 'tlsUntrusted', e.message);
    assert.ok(e.message.includes('caFile'), e.message);
    await adapter.disconnect();
  });

  it('a CA file that does not exist → invalidInput before any socket', async () => {
    const adapter = plainAdapter({ brokers: kafkaTest.ssl, tls: { enabled: true, caFile: '/nonexistent/ca.pem' } });
    const e = await failure(adapter.connect());
    assert.equal(e.code, 'invalidInput', e.message);
    await adapter.disconnect();
  });

  it('a user without ACLs → accessRefused when creating or reading a topic', async () => {
    const adapter = plainAdapter({ brokers: kafkaTest.sasl, sasl: { mechanism: 'scram-sha-256', username: kafkaTest.limitedUser } }, { password: kafkaTest.limitedPassword });
    try {
      await adapter.connect();
      const name = topicName('acl');
      const create = await failure(adapter.createDestination({ kind: 'topic', name, partitions: 1, replicationFactor: 1 }));
      assert.equal(create.code, 'accessRefused', create.message);
      assert.ok(create.message.includes(`"${kafkaTest.limitedUser}"`), create.message);
      const browse = await failure(adapter.browse({ destination: '__consumer_offsets', start: { kind: 'earliest' }, limit: 1 }));
      assert.equal(browse.code, 'accessRefused', browse.message);
    } finally {
      await adapter.disconnect();
    }
  });

  it('a broker that is down → unreachable, quickly', async () => {
    const adapter = plainAdapter({ brokers: ['127.0.0.1:1'] });
    const started = Date.now();
    const e = await failure(adapter.connect());
    assert.equal(e.code, 'unreachable', e.message);
    assert.ok(e.message.includes('127.0.0.1:1'), e.message);
    assert.ok(Date.now() - started < 10_000, 'fails in seconds');
    assert.equal(adapter.state, 'failed');
    await adapter.disconnect();
    assert.equal(adapter.state, 'disconnected');
  });

  describe('a listener that accepts and never answers', () => {
    let server: net.Server;
    const sockets = new Set<net.Socket>();
    let port = 0;
    before(async () => {
      server = net.createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as net.AddressInfo).port;
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('→ timeout, naming the request timeout', async () => {
      const adapter = plainAdapter({ brokers: [`127.0.0.1:${port}`], requestTimeoutMs: 300, connectionTimeoutMs: 300 });
      const e = await failure(adapter.connect());
      assert.equal(e.code, 'timeout', e.message);
      assert.ok(e.message.includes('300 ms'), e.message);
      await adapter.disconnect();
    });
  });

  it('an unknown topic → notFound, naming it', async () => {
    const adapter = plainAdapter();
    try {
      await adapter.connect();
      const missing = topicName('missing');
      for (const work of [
        () => adapter.browse({ destination: missing, start: { kind: 'latest' }, limit: 5 }),
        () => adapter.partitions.listPartitions(missing),
        () => adapter.partitions.describeConfigs(missing),
        () => adapter.publish({ destination: missing }, [{ value: 'x' }]),
        () => adapter.deleteDestination(missing, missing),
        () => adapter.consumerGroups.previewOffsetReset({ groupId: 'g', topic: missing, target: { kind: 'earliest' } }),
      ]) {
        const e = await failure(work());
        assert.equal(e.code, 'notFound', e.message);
        assert.ok(e.message.includes(missing), e.message);
      }
    } finally {
      await adapter.disconnect();
    }
  });

  it('reports state changes: connecting, connected, disconnected', async () => {
    const adapter = plainAdapter();
    const states: ConnectionState[] = [];
    const stop = adapter.onDidChangeState((s) => states.push(s));
    await adapter.connect();
    await adapter.disconnect();
    await adapter.disconnect();
    stop();
    assert.deepEqual(states, ['connecting', 'connected', 'disconnected']);
  });
});
