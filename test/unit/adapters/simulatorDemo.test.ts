import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import { VirtualClock } from '../../../src/extension/core/simulator/clock.js';

describe('the Simulator connection', () => {
  it('opens with the demo shop on both models: routed queues, a keyed topic and a group with lag', async () => {
    const [rabbit, kafka] = createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 10, 25)));
    assert.equal(rabbit?.kind, 'rabbitmq');
    assert.equal(kafka?.kind, 'kafka');
    await rabbit!.connect();
    await kafka!.connect();
    const queues = Object.fromEntries((await rabbit!.listDestinations()).map((q) => [q.name, [q.type, q.messages]]));
    // 3 order.placed go to e-mail, 2 order.paid to billing, all 6 order.* events to the audit stream
    assert.deepEqual(queues, { 'audit.log': ['stream', 6], 'billing.invoices': ['quorum', 2], 'email.confirmations': ['classic', 3] });
    const route = await rabbit!.exchanges!.explainRoute({ exchange: 'shop.events', routingKey: 'order.placed' });
    assert.deepEqual(route.queues, ['audit.log', 'email.confirmations']);
    const topics = Object.fromEntries((await kafka!.listDestinations()).map((t) => [t.name, [t.partitions, t.messages]]));
    assert.deepEqual(topics, { orders: [3, 6], payments: [1, 2] });
    const group = await kafka!.consumerGroups!.describeGroup('billing-service');
    assert.equal(group.members.length, 0);
    assert.ok(group.totalLag > 0 && group.totalLag < 6, `billing-service read part of orders (lag ${group.totalLag})`);
  });
});
