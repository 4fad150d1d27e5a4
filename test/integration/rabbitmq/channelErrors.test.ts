/**
 * Channel errors from the real broker (404, 406, 403) reach the caller as BrokerErrors with the right
 * code and a sentence naming what failed, and never take the adapter down: after each, the same
 * adapter publishes and counts again (every risky call runs on its own short-lived channel).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rabbitEnv, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

describe('RabbitMQ adapter: channel errors leave the adapter working', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const probe = uniqueName('probe');
  const ttl = uniqueName('ttl');
  let published = 0;

  /** The adapter still does real work on its connection. */
  async function stillWorks(): Promise<void> {
    assert.equal(adapter.state, 'connected');
    const report = await adapter.publish({ destination: '', routingKey: probe }, [{ value: `probe ${published}` }]);
    assert.equal(report.confirmed, 1);
    published++;
    assert.equal(await adapter.queueDepth(probe), published);
  }

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    await adapter.createDestination({ kind: 'queue', name: probe, queueType: 'classic', durable: false });
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup([probe, ttl]);
  });

  it('NOT_FOUND: passive declare, browse, bind and publish to a missing exchange → notFound naming it', async () => {
    const missing = uniqueName('missing');
    await assert.rejects(adapter.queueDepth(missing), (e: unknown) => isBrokerError(e) && e.code === 'notFound' && e.message.includes(missing));
    await stillWorks();
    await assert.rejects(adapter.browse({ destination: missing, start: { kind: 'earliest' }, limit: 1 }), (e: unknown) => isBrokerError(e) && e.code === 'notFound');
    await stillWorks();
    await assert.rejects(
      adapter.exchanges.bind({ source: missing, destination: probe, destinationType: 'queue', routingKey: 'k' }),
      (e: unknown) => isBrokerError(e) && e.code === 'notFound' && e.message.includes(`exchange '${missing}'`),
    );
    await stillWorks();
    await assert.rejects(
      adapter.publish({ destination: missing, routingKey: 'k' }, [{ value: 'x' }]),
      (e: unknown) => isBrokerError(e) && e.code === 'notFound' && e.message.includes(`exchange '${missing}'`),
    );
    await stillWorks();
  });

  it('PRECONDITION_FAILED: redeclaring with other arguments → preconditionFailed naming the argument', async () => {
    await adapter.createDestination({ kind: 'queue', name: ttl, queueType: 'classic', durable: true, arguments: { messageTtlMs: 60_000 } });
    await assert.rejects(
      adapter.createDestination({ kind: 'queue', name: ttl, queueType: 'classic', durable: true, arguments: { messageTtlMs: 30_000 } }),
      (e: unknown) => isBrokerError(e) && e.code === 'preconditionFailed' && /'x-message-ttl'/.test(e.message) && /60000/.test(e.message) && /30000/.test(e.message),
    );
    await stillWorks();
    // The same settings again: it exists, nothing changes.
    await assert.rejects(
      adapter.createDestination({ kind: 'queue', name: ttl, queueType: 'classic', durable: true, arguments: { messageTtlMs: 60_000 } }),
      (e: unknown) => isBrokerError(e) && e.code === 'alreadyExists',
    );
    await stillWorks();
  });

  it('ACCESS_REFUSED: the limited user may only touch ^limited\\. names → accessRefused, and keeps working', async () => {
    const limited = rabbitAdapter({ username: rabbitEnv.limitedUser }, { password: rabbitEnv.limitedPassword });
    await limited.connect();
    const forbidden = uniqueName('forbidden');
    const allowed = `limited.${uniqueName()}`;
    const allowedExchange = `limited.${uniqueName('x')}`;
    try {
      await assert.rejects(
        limited.createDestination({ kind: 'queue', name: forbidden, queueType: 'classic', durable: false }),
        (e: unknown) => isBrokerError(e) && e.code === 'accessRefused' && e.message.includes(`user '${rabbitEnv.limitedUser}'`) && e.message.includes(forbidden),
      );
      await assert.rejects(
        limited.publish({ destination: 'amq.topic', routingKey: 'x' }, [{ value: 'x' }]),
        (e: unknown) => isBrokerError(e) && e.code === 'accessRefused' && e.message.includes("exchange 'amq.topic'"),
      );
      // Even the default exchange is a resource ('amq.default') the limited user may not write to.
      await assert.rejects(
        limited.publish({ destination: '', routingKey: allowed }, [{ value: 'x' }]),
        (e: unknown) => isBrokerError(e) && e.code === 'accessRefused' && e.message.includes("exchange 'amq.default'"),
      );
      // Same adapter, allowed names: declare, bind and publish work.
      await limited.createDestination({ kind: 'queue', name: allowed, queueType: 'classic', durable: false });
      await limited.exchanges.declareExchange({ name: allowedExchange, type: 'direct', durable: false });
      await limited.exchanges.bind({ source: allowedExchange, destination: allowed, destinationType: 'queue', routingKey: 'k' });
      const report = await limited.publish({ destination: allowedExchange, routingKey: 'k' }, [{ value: 'ok' }]);
      assert.equal(report.confirmed, 1);
      assert.equal(await limited.queueDepth(allowed), 1);
      assert.equal(limited.state, 'connected');
      await stillWorks();
    } finally {
      await limited.deleteDestination(allowed, allowed).catch(() => undefined);
      await limited.disconnect();
      await cleanup([allowed, forbidden], [allowedExchange]);
    }
  });
});
