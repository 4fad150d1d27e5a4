import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import { emptyDraft } from '../../../src/extension/core/publish/draft.js';
import { partitionForKey } from '../../../src/extension/core/simulator/kafka/murmur2.js';
import { VirtualClock } from '../../../src/extension/core/simulator/clock.js';
import { PublishSession, type HistoryStore } from '../../../src/extension/panels/publish/session.js';
import type { PublishHistoryEntry } from '../../../src/extension/protocol/publishPanel.js';

const memory = (): HistoryStore & { map: Map<string, readonly PublishHistoryEntry[]> } => {
  const map = new Map<string, readonly PublishHistoryEntry[]>();
  return { map, get: (k) => map.get(k), update: (k, v) => void map.set(k, v) };
};

async function sim(): Promise<{ rabbit: BrokerAdapter; kafka: BrokerAdapter }> {
  const [rabbit, kafka] = createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 11, 5))) as [BrokerAdapter, BrokerAdapter];
  await rabbit.connect();
  await kafka.connect();
  return { rabbit, kafka };
}

describe('Publish session (simulator models)', () => {
  it('lists exchanges the way the explorer does: built-in ones only with showInternal, always marked', async () => {
    const { rabbit } = await sim();
    const session = new PublishSession(rabbit, 'sim', memory());
    const hidden = (await session.destinations(false)).destinations;
    assert.deepEqual(hidden.filter((d) => d.kind === 'exchange').map((d) => [d.name, d.builtin]), [['', true], ['shop.events', false]]);
    assert.ok(hidden.some((d) => d.kind === 'queue' && d.name === 'billing.invoices' && d.detail === 'quorum'));
    const shown = (await session.destinations(true)).destinations.filter((d) => d.kind === 'exchange');
    assert.ok(shown.some((d) => d.name === 'amq.topic' && d.builtin));
  });

  it('previews the route with the bindings that matched, and "unroutable" when none does', async () => {
    const { rabbit } = await sim();
    const session = new PublishSession(rabbit, 'sim', memory());
    const paid = await session.preview({ ...emptyDraft('rabbitmq', 'shop.events', 'order.paid'), payload: '{}' });
    assert.deepEqual(paid.problems, []);
    assert.equal(paid.route?.kind, 'route');
    if (paid.route?.kind !== 'route') return;
    assert.deepEqual(paid.route.queues, ['audit.log', 'billing.invoices']);
    assert.deepEqual(paid.route.steps[0]!.matched.map((b) => [b.destination, b.routingKey]).sort(), [['audit.log', 'order.#'], ['billing.invoices', 'order.paid']]);
    const refund = await session.preview({ ...emptyDraft('rabbitmq', 'shop.events', 'refund.created'), payload: '{}' });
    assert.equal(refund.route?.kind === 'route' && refund.route.unroutable, true);
    const missing = await session.preview({ ...emptyDraft('rabbitmq', 'no-such-exchange', 'x'), payload: '{}' });
    assert.equal(missing.route?.kind, 'unknown');
  });

  it('previews the partition a key maps to, as the producer will place it', async () => {
    const { kafka } = await sim();
    const session = new PublishSession(kafka, 'sim', memory());
    const preview = await session.preview({ ...emptyDraft('kafka', 'orders'), key: 'o-1001', payload: '{}' });
    assert.deepEqual(preview.route, { kind: 'partition', partition: partitionForKey(new TextEncoder().encode('o-1001'), 3), partitions: 3, reason: 'key' });
    const bad = await session.preview({ ...emptyDraft('kafka', 'orders'), partition: '7', payload: '{}' });
    assert.match(bad.problems[0]!.message, /has no partition 7: it has 3/);
  });

  it('sends one message and says where it went: partition and offset, or which queues got it', async () => {
    const { rabbit, kafka } = await sim();
    const k = await new PublishSession(kafka, 'sim', memory()).send({ ...emptyDraft('kafka', 'orders'), key: 'o-1001', payload: '{"a":1}' }, 1);
    assert.equal(k.status, 'done');
    if (k.status !== 'done') return;
    assert.match(k.sentence, /^Published to topic orders: partition \d, offset \d+\.$/);
    assert.equal(k.links.length, 1);
    const history = memory();
    const session = new PublishSession(rabbit, 'sim', history);
    const r = await session.send({ ...emptyDraft('rabbitmq', 'shop.events', 'order.paid'), payload: '{"a":1}' }, 1);
    assert.ok(r.status === 'done' && r.ok);
    if (r.status !== 'done') return;
    assert.equal(r.sentence, 'Published to exchange shop.events with routing key "order.paid"; the broker confirmed it and 2 queues received it: audit.log, billing.invoices.');
    assert.deepEqual(r.links, [{ destination: 'audit.log' }, { destination: 'billing.invoices' }]);
    // A topic exchange, an empty routing key: now the result says nobody got it.
    const empty = await session.send({ ...emptyDraft('rabbitmq', 'shop.events', ''), mandatory: false, payload: '{}' }, 1);
    assert.ok(empty.status === 'done');
    if (empty.status === 'done') assert.match(empty.sentence, /no queue received it \(no binding matched and mandatory was off\), so it was dropped/);
    const returned = await session.send({ ...emptyDraft('rabbitmq', 'shop.events', 'refund.created'), payload: '{}' }, 1);
    assert.ok(returned.status === 'done' && !returned.ok && returned.tally.returned === 1);
    if (returned.status === 'done') assert.match(returned.sentence, /^The broker returned the message as unroutable: /);
    assert.deepEqual(session.historyOf({ broker: 'rabbitmq', destination: 'shop.events' }).map((e) => e.draft.routingKey), ['refund.created', '', 'order.paid']);
  });

  it('sends ×N with exact counts and keeps at most 50 history entries per destination', async () => {
    const { kafka } = await sim();
    const history = memory();
    const session = new PublishSession(kafka, 'sim', history);
    const progress: number[] = [];
    const r = await session.send({ ...emptyDraft('kafka', 'payments'), payload: '{"n":{{seq}}}' }, 50_000, { onProgress: (done) => progress.push(done) });
    assert.ok(r.status === 'done');
    if (r.status !== 'done') return;
    assert.deepEqual(r.tally, { requested: 50_000, confirmed: 50_000, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false });
    assert.match(r.sentence, /^Of 50000 messages to topic payments: 50000 confirmed, 0 returned/);
    assert.deepEqual(progress, [20_000, 40_000, 50_000]);
    for (let i = 0; i < 60; i++) await session.send({ ...emptyDraft('kafka', 'payments'), payload: `{"i":${i}}` }, 1);
    assert.equal(session.historyOf({ broker: 'kafka', destination: 'payments' }).length, 50);
  });

  it('refuses an invalid draft without sending anything', async () => {
    const { kafka } = await sim();
    const session = new PublishSession(kafka, 'sim', memory());
    const r = await session.send({ ...emptyDraft('kafka', 'orders'), payload: '{' }, 5);
    assert.equal(r.status, 'invalid');
  });
});
