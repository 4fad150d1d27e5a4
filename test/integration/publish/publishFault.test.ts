/**
 * A broker that goes away in the middle of Send ×N (a TCP proxy in front of the shared RabbitMQ is
 * cut): the run ends with exact counts that add up to what was asked, the messages the broker
 * confirmed are in the queue, and the report says what failed in one sentence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { emptyDraft } from '../../../src/extension/core/publish/draft.js';
import { PublishSession } from '../../../src/extension/panels/publish/session.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rabbitEnv, uniqueName } from '../rabbitmq/support.js';
import { TcpProxy } from '../rabbitmq/tcpProxy.js';

const gate = await brokerGate('rabbitmq');

describe('Send ×N when the broker goes away', { skip: gate.skip }, () => {
  const queue = uniqueName('publish.fault');
  let proxy: TcpProxy;
  let adapter: RabbitMqAdapter;
  let direct: RabbitMqAdapter;

  before(async () => {
    gate.assertRequired();
    proxy = new TcpProxy(rabbitEnv.host, rabbitEnv.amqpPort);
    const port = await proxy.start();
    adapter = rabbitAdapter({ amqpUrl: `amqp://127.0.0.1:${port}/`, connectionTimeoutMs: 1500 });
    direct = rabbitAdapter();
    await adapter.connect();
    await direct.connect();
    await direct.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: false });
  });
  after(async () => {
    await adapter?.disconnect().catch(() => undefined);
    await direct?.disconnect();
    await proxy?.stop();
    await cleanup([queue]);
  });

  it('counts every one of 200,000 messages exactly once when the connection is cut mid-run', async () => {
    const session = new PublishSession(adapter, 'it', { get: () => undefined, update: () => undefined });
    let cut = false;
    const result = await session.send({ ...emptyDraft('rabbitmq', '', queue), payload: '{"n":{{seq}}}' }, 200_000, {
      onProgress: (done) => {
        if (!cut && done >= 20_000) {
          cut = true;
          void proxy.stop();
        }
      },
    });
    assert.ok(cut, 'the connection was cut during the run');
    assert.ok(result.status === 'done');
    if (result.status !== 'done') return;
    const t = result.tally;
    assert.equal(t.confirmed + t.returned + t.nacked + t.failed + t.notSent, 200_000, JSON.stringify(t));
    assert.ok(t.confirmed >= 20_000 && t.confirmed < 200_000, JSON.stringify(t));
    assert.ok(t.failed + t.notSent > 0);
    assert.equal(result.ok, false);
    assert.match(result.sentence, /^Of 200000 messages to queue .*: \d+ confirmed, 0 returned as unroutable, 0 nacked, \d+ failed, \d+ not sent\..* First problem: .*connection.*closed/);
    // Every confirmed message is in the queue (a failed one may or may not be: its confirm was lost).
    const depth = await direct.queueDepth(queue);
    assert.ok(depth >= t.confirmed && depth <= t.confirmed + t.failed, `depth ${depth}, ${JSON.stringify(t)}`);
  });
});
