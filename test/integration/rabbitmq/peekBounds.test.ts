/**
 * Peek bounds (issue 14, defect 8): a peek of a classic or quorum queue from a deep position used to
 * take position + scan limit messages off the queue with no time limit. Now the position is capped,
 * the time messages are held is capped (the page comes back partial, scan-capped), Cancel gives them
 * back at once, and the depth is whole afterwards every time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { PEEK_MAX_POSITION } from '../../../src/extension/core/adapters/rabbitmq/queuePeek.js';
import { PEEK_REQUEUE_WARNING } from '../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { brokerGate } from '../../support/brokers.js';
import { rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');
const COUNT = 3000;

describe('RabbitMQ adapter: peek bounds', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const queue = uniqueName('harden-peek');
  const exactDepth = (): Promise<number> => adapter.queueDepth(queue);
  const settled = async (): Promise<number> => {
    // The requeue is asynchronous in RabbitMQ: poll (bounded) until the depth is whole again.
    for (let i = 0; i < 100; i++) {
      const d = await exactDepth();
      if (d === COUNT) return d;
      await new Promise((r) => setTimeout(r, 50));
    }
    return exactDepth();
  };

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter({}, undefined, { peekLimits: { maxHoldMs: 300 } });
    await adapter.connect();
    await adapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: true });
    const conn = await rawConnection();
    const ch = await conn.createConfirmChannel();
    for (let i = 0; i < COUNT; i++) ch.sendToQueue(queue, Buffer.from(`m${i}`));
    await ch.waitForConfirms();
    await conn.close();
  });
  after(async () => {
    await adapter.deleteDestination(queue, queue).catch(() => undefined);
    await adapter.disconnect();
  });

  it('the warning says how many messages a page holds and for how long', () => {
    assert.match(PEEK_REQUEUE_WARNING, /at most its start position plus ten times the page size/);
    assert.match(PEEK_REQUEUE_WARNING, /15 seconds/);
    assert.match(PEEK_REQUEUE_WARNING, /Cancel gives them back/);
  });

  it(`refuses a start deeper than ${PEEK_MAX_POSITION}, before taking anything`, async () => {
    await assert.rejects(
      adapter.browse({ destination: queue, start: { kind: 'offset', offset: PEEK_MAX_POSITION + 1 }, limit: 100, acceptRequeue: true }),
      (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && /at most 10000 may be/.test(e.message),
    );
    assert.equal(await exactDepth(), COUNT);
  });

  it('stops holding messages at the time limit and gives them all back', async () => {
    // A filter that never matches makes the peek scan: 2,000 gets take longer than the 300 ms limit.
    const started = Date.now();
    const page = await adapter.browse({
      destination: queue, start: { kind: 'offset', offset: 500 }, limit: 200, maxScan: 2500, acceptRequeue: true,
      filter: { kind: 'text', field: 'value', pattern: 'never-there', regex: false },
    });
    const held = Date.now() - started;
    assert.equal(page.records.length, 0);
    assert.equal(page.scanCapped, true, 'a page cut by the time limit says the scan stopped');
    assert.ok(page.next, 'and offers to go on');
    assert.ok(held < 5000, `held for ${held} ms`);
    assert.equal(await settled(), COUNT);
  });

  it('Cancel gives the messages back at once', async () => {
    const controller = new AbortController();
    const reading = adapter.browse({
      destination: queue, start: { kind: 'earliest' }, limit: 100, maxScan: 2900, acceptRequeue: true,
      filter: { kind: 'text', field: 'value', pattern: 'never-there', regex: false },
    }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const page = await reading.catch((e: unknown) => e);
    assert.ok(!(page instanceof Error) || isBrokerError(page), String(page));
    assert.equal(await settled(), COUNT);
  });
});
