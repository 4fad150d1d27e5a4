/**
 * Connecting to the real RabbitMQ: every way it can fail gives the right code and a sentence, the
 * management API is optional (AMQP-only mode), and the connection recovers after the broker goes away.
 * "The broker goes away" is simulated with a TCP proxy in front of the shared broker, so other suites
 * running against the same RabbitMQ are not disturbed.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ConnectionState } from '../../../src/extension/core/model/adapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, mgmt, rabbitAdapter, rabbitEnv, rawConnection, uniqueName } from './support.js';
import { TcpProxy } from './tcpProxy.js';

const gate = await brokerGate('rabbitmq');

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function code(expected: string): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(isBrokerError(e), String(e));
    assert.equal(e.code, expected, `${e.code}: ${e.message}`);
    return true;
  };
}

describe('RabbitMQ adapter: connecting', { skip: gate.skip }, () => {
  before(() => gate.assertRequired());

  it('connects, reports state changes, and describes the broker from the management API', async () => {
    const adapter = rabbitAdapter();
    const states: ConnectionState[] = [];
    adapter.onDidChangeState((s) => states.push(s));
    await adapter.connect();
    try {
      assert.equal(adapter.state, 'connected');
      assert.deepEqual(states, ['connecting', 'connected']);
      const overview = await adapter.overview();
      assert.equal(overview.product, 'RabbitMQ');
      assert.match(overview.version ?? '', /^3\./);
      assert.ok(overview.clusterName);
      assert.ok(overview.nodes.length >= 1);
      assert.ok(overview.notes.some((n) => /connection\(s\).*consumer\(s\)/.test(n)), overview.notes.join('\n'));
      assert.ok(overview.notes.some((n) => /Message rates/.test(n)), overview.notes.join('\n'));
      assert.ok((await adapter.exchanges.listVhosts()).includes(rabbitEnv.testVhost));
    } finally {
      await adapter.disconnect();
    }
    assert.equal(adapter.state, 'disconnected');
  });

  it('wrong password → authFailed', async () => {
    const adapter = rabbitAdapter({}, { password: 'wrong' });
    await assert.rejects(adapter.connect(), code('authFailed'));
    assert.equal(adapter.state, 'failed');
    await adapter.disconnect();
  });

  it('unknown vhost → notFound, naming the vhost', async () => {
    const adapter = rabbitAdapter({ amqpUrl: `amqp://${rabbitEnv.host}:${rabbitEnv.amqpPort}/no-such-vhost` });
    await assert.rejects(adapter.connect(), (e: unknown) => code('notFound')(e) && /no-such-vhost/.test((e as Error).message));
    await adapter.disconnect();
  });

  it('a vhost the user may not open: notFound-or-forbidden from AMQP alone, accessRefused when management can tell', async () => {
    // limited has no permission on test-vhost and cannot ask management about it: AMQP cannot tell
    // "missing" from "forbidden", so the sentence says both.
    const limited = rabbitAdapter(
      { amqpUrl: `amqp://${rabbitEnv.host}:${rabbitEnv.amqpPort}/${rabbitEnv.testVhost}`, username: rabbitEnv.limitedUser },
      { password: rabbitEnv.limitedPassword },
    );
    await assert.rejects(limited.connect(), (e: unknown) => code('notFound')(e) && /test-vhost/.test((e as Error).message) && /may not open it/.test((e as Error).message));
    await limited.disconnect();
    // A fresh vhost on which brokerlens (an administrator) has no permissions: management says it exists.
    const vhost = uniqueName('vhost');
    await mgmt('PUT', `/api/vhosts/${encodeURIComponent(vhost)}`, {});
    await mgmt('DELETE', `/api/permissions/${encodeURIComponent(vhost)}/${rabbitEnv.user}`);
    const admin = rabbitAdapter({ amqpUrl: `amqp://${rabbitEnv.host}:${rabbitEnv.amqpPort}/${encodeURIComponent(vhost)}` });
    try {
      await assert.rejects(admin.connect(), (e: unknown) => code('accessRefused')(e) && (e as Error).message.includes(vhost));
    } finally {
      await admin.disconnect();
      await mgmt('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`);
    }
  });

  it('nothing listening → unreachable', async () => {
    const adapter = rabbitAdapter({ amqpUrl: `amqp://127.0.0.1:${await closedPort()}` });
    await assert.rejects(adapter.connect(), code('unreachable'));
    await adapter.disconnect();
  });

  it('works in another vhost named by the URL path', async () => {
    const adapter = rabbitAdapter({ amqpUrl: `amqp://${rabbitEnv.host}:${rabbitEnv.amqpPort}/${rabbitEnv.testVhost}` });
    await adapter.connect();
    const name = uniqueName();
    try {
      assert.equal(adapter.exchanges.vhost, rabbitEnv.testVhost);
      await adapter.createDestination({ kind: 'queue', name, queueType: 'classic', durable: false });
      const listed = await adapter.listDestinations();
      assert.equal(listed.find((d) => d.name === name)?.vhost, rabbitEnv.testVhost);
      await adapter.deleteDestination(name, name);
    } finally {
      await adapter.disconnect();
    }
  });

  describe('management API unreachable: AMQP-only mode', () => {
    const stream = uniqueName('stream');
    const classic = uniqueName('classic');
    after(() => cleanup([stream, classic]));

    it('connects, says in the overview what is unavailable and why, and still publishes and reads streams', async () => {
      // Created from outside, so the adapter cannot know the types from its own declarations.
      const raw = await rawConnection();
      const ch = await raw.createChannel();
      await ch.assertQueue(stream, { durable: true, arguments: { 'x-queue-type': 'stream' } });
      await ch.assertQueue(classic, { durable: false });
      await raw.close();

      const adapter = rabbitAdapter({ managementUrl: `http://127.0.0.1:${await closedPort()}` });
      await adapter.connect();
      try {
        assert.equal(adapter.state, 'connected');
        const overview = await adapter.overview();
        assert.equal(overview.product, 'RabbitMQ');
        assert.match(overview.version ?? '', /^3\./);
        const note = overview.notes.join(' ');
        assert.match(note, /AMQP-only mode/);
        assert.match(note, /unreachable/);
        assert.match(note, /ECONNREFUSED/);
        assert.match(note, /listing vhosts, queues, exchanges and bindings/);
        await assert.rejects(adapter.listDestinations(), code('managementUnavailable'));

        const report = await adapter.publish({ destination: '', routingKey: stream }, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
        assert.equal(report.confirmed, 3);
        const page = await adapter.browse({ destination: stream, start: { kind: 'earliest' }, limit: 10 });
        assert.deepEqual(page.records.map((r) => Buffer.from(r.value!).toString()), ['a', 'b', 'c']);
        assert.equal(page.sideEffect, 'none');
        const latest = await adapter.browse({ destination: stream, start: { kind: 'latest' }, limit: 2 });
        assert.deepEqual(latest.records.map((r) => Buffer.from(r.value!).toString()), ['b', 'c']);

        // A classic queue with messages is recognised over AMQP alone and refused without acceptRequeue.
        await adapter.publish({ destination: '', routingKey: classic }, [{ value: 'x' }]);
        await assert.rejects(adapter.browse({ destination: classic, start: { kind: 'earliest' }, limit: 10 }), code('preconditionFailed'));
        const peek = await adapter.browse({ destination: classic, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
        assert.equal(peek.records.length, 1);
        assert.equal(await adapter.queueDepth(classic), 1);
      } finally {
        await adapter.disconnect();
      }
    });

    it('without a management URL at all, the note says to add one', async () => {
      const adapter = rabbitAdapter({ managementUrl: undefined });
      await adapter.connect();
      try {
        const overview = await adapter.overview();
        assert.match(overview.notes.join(' '), /has no management URL/);
        assert.deepEqual(await adapter.exchanges.listVhosts(), ['/']);
      } finally {
        await adapter.disconnect();
      }
    });
  });

  it('recovers after the broker goes away: reconnecting while down, connected and working after', async () => {
    const proxy = new TcpProxy(rabbitEnv.host, rabbitEnv.amqpPort);
    const port = await proxy.start();
    const adapter = rabbitAdapter({ amqpUrl: `amqp://127.0.0.1:${port}/` });
    const states: ConnectionState[] = [];
    adapter.onDidChangeState((s) => states.push(s));
    const queue = uniqueName();
    await adapter.connect();
    try {
      await adapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: true });
      await proxy.stop();
      await waitFor(() => adapter.state === 'reconnecting', 5000);
      // While down, an operation fails with a sentence instead of hanging forever.
      await assert.rejects(adapter.queueDepth(queue), code('disconnected'));
      await proxy.start();
      await waitFor(() => adapter.state === 'connected', 20_000);
      const report = await adapter.publish({ destination: '', routingKey: queue }, [{ value: 'after restart' }]);
      assert.equal(report.confirmed, 1);
      assert.equal(await adapter.queueDepth(queue), 1);
      assert.deepEqual(states.filter((s, i) => s !== states[i - 1]), ['connecting', 'connected', 'reconnecting', 'connected']);
    } finally {
      await adapter.disconnect();
      await proxy.stop();
      await cleanup([queue]);
    }
  });
});

describe('RabbitMQ adapter: a broker that stops answering', { skip: gate.skip }, () => {
  it('fails an operation within the timeouts with a sentence instead of hanging', async () => {
    const proxy = new TcpProxy(rabbitEnv.host, rabbitEnv.amqpPort);
    const port = await proxy.start();
    const adapter = rabbitAdapter({ amqpUrl: `amqp://127.0.0.1:${port}/`, connectionTimeoutMs: 1500 });
    const queue = uniqueName();
    await adapter.connect();
    try {
      await adapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: false });
      proxy.frozen = true;
      const t0 = Date.now();
      await assert.rejects(adapter.queueDepth(queue), (e: unknown) => isBrokerError(e) && ['disconnected', 'timeout'].includes(e.code) && /try again/.test(e.message));
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    } finally {
      await adapter.disconnect();
      await proxy.stop();
      await cleanup([queue]);
    }
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
