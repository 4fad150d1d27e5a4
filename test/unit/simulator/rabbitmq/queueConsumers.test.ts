/**
 * A simulated queue's consumers as the Consumer group panel reads them: tag, channel, prefetch, ack
 * mode and single-active-consumer status, ready and unacked, the same fields a real broker's
 * management API gives; reading changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorRabbitAdapter } from '../../../../src/extension/core/adapters/simulator/simulatorRabbitAdapter.js';
import { isBrokerError } from '../../../../src/extension/core/model/errors.js';
import { harness } from './helpers.js';

describe('simulated queue consumers', () => {
  it('reports consumers, single active consumer status, prefetch, ack mode, ready and unacked', async () => {
    const h = harness();
    const adapter = new SimulatorRabbitAdapter(h.broker);
    await adapter.connect();
    h.broker.declareQueue('sac', { durable: false, arguments: { 'x-single-active-consumer': true } });
    const chA = h.broker.openChannel();
    const chB = h.broker.openChannel();
    h.broker.qos(chA, 3);
    h.broker.consume(chA, 'sac', () => undefined, { consumerTag: 'first' });
    h.broker.consume(chB, 'sac', () => undefined, { consumerTag: 'second', noAck: true });
    for (let i = 0; i < 10; i++) h.pub('', 'sac', `m${i}`);
    const d = await adapter.queueConsumers.describeQueueConsumers('sac');
    assert.deepEqual([d.queue, d.type, d.ready, d.unacked, d.singleActiveConsumer], ['sac', 'classic', 7, 3, true]);
    assert.deepEqual(d.consumers.map((c) => [c.tag, c.prefetch, c.ackMode, c.active, c.activityStatus]), [
      ['first', 3, 'manual', true, 'single_active'],
      ['second', 0, 'auto', false, 'waiting'],
    ]);
    assert.equal(d.rates, undefined, 'the model keeps no rate samples');
    assert.deepEqual(await adapter.queueConsumers.describeQueueConsumers('sac'), d, 'reading changes nothing');
    await assert.rejects(adapter.queueConsumers.describeQueueConsumers('nope'), (e: unknown) => isBrokerError(e) && e.code === 'notFound');
  });
});
