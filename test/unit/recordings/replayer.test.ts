/**
 * replayInto on the simulator: every message accepted and counted, the rate limit waits between
 * batches (through an injected sleep, so no timed test), a cancel stops before the next batch, and a
 * missing destination is an exact count of refused messages, not an exception.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { RecordedMessage } from '../../../src/extension/core/recordings/recordingFormat.js';
import { replayInto } from '../../../src/extension/core/recordings/replayer.js';

const recorded: RecordedMessage[] = Array.from({ length: 300 }, (_, i) => ({ key: { text: `k${i % 5}` }, value: i % 3 ? { text: `v${i}` } : { base64: 'AAE=' }, headers: { h: { text: 'x' } }, timestamp: i }));

async function simulatorKafka(): Promise<ReturnType<typeof createSimulatorAdapters>[number]> {
  const adapter = createSimulatorAdapters().find((a) => a.kind === 'kafka')!;
  await adapter.connect();
  await adapter.createDestination({ kind: 'topic', name: 'target', partitions: 2, replicationFactor: 1 });
  return adapter;
}

describe('replayInto', () => {
  it('publishes everything, with progress, and waits to keep the rate', async () => {
    const adapter = await simulatorKafka();
    const waits: number[] = [];
    const progress: number[] = [];
    const report = await replayInto(adapter, { destination: 'target' }, recorded, { ratePerSec: 100, batchSize: 50, onProgress: (n) => progress.push(n), sleep: async (ms) => { waits.push(ms); } });
    assert.deepEqual([report.attempted, report.accepted, report.rejected, report.cancelled], [300, 300, 0, false]);
    assert.deepEqual(progress, [50, 100, 150, 200, 250, 300]);
    // 300 messages at 100/s take about 3 s; the in-memory simulator confirms at once, so the replay waits nearly all of it.
    assert.ok(waits.length === 6 && waits[5]! > 1500, `waits ${waits.join(',')}`);
    const page = await adapter.browse({ destination: 'target', start: { kind: 'earliest' }, limit: 1000 });
    assert.equal(page.records.length, 300);
  });

  it('stops when cancelled and counts a missing destination exactly', async () => {
    const adapter = await simulatorKafka();
    const controller = new AbortController();
    const report = await replayInto(adapter, { destination: 'target' }, recorded, { batchSize: 100, signal: controller.signal, onProgress: (n) => { if (n >= 100) controller.abort(); } });
    assert.deepEqual([report.attempted, report.accepted, report.cancelled], [100, 100, true]);
    const missing = await replayInto(adapter, { destination: 'nope' }, recorded.slice(0, 120), { batchSize: 50 });
    assert.deepEqual([missing.attempted, missing.accepted, missing.rejected], [120, 0, 120]);
  });

  it('into an exchange, keeps each message\'s recorded routing key when asked, in order', async () => {
    const rabbit = createSimulatorAdapters().find((a) => a.kind === 'rabbitmq')!;
    await rabbit.connect();
    await rabbit.exchanges!.declareExchange({ name: 'replay.events', type: 'topic', durable: true });
    for (const q of ['replay.orders', 'replay.refunds']) await rabbit.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: true });
    await rabbit.exchanges!.bind({ source: 'replay.events', destination: 'replay.orders', destinationType: 'queue', routingKey: 'order.*' });
    await rabbit.exchanges!.bind({ source: 'replay.events', destination: 'replay.refunds', destinationType: 'queue', routingKey: 'refund.*' });
    const keys = ['order.paid', 'order.paid', 'refund.created', 'order.shipped', 'refund.created', 'refund.paid'];
    const messages: RecordedMessage[] = keys.map((routingKey, i) => ({ key: null, value: { text: `m${i}` }, routingKey, timestamp: i }));
    const report = await replayInto(rabbit, { destination: 'replay.events', routingKey: 'order.paid' }, messages, { batchSize: 100, recordedRoutingKeys: true });
    assert.deepEqual([report.attempted, report.accepted, report.rejected], [6, 6, 0]);
    const values = async (queue: string): Promise<string[]> => {
      const page = await rabbit.browse({ destination: queue, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
      return page.records.map((r) => Buffer.from(r.value!).toString());
    };
    assert.deepEqual(await values('replay.orders'), ['m0', 'm1', 'm3']);
    assert.deepEqual(await values('replay.refunds'), ['m2', 'm4', 'm5']);
    // Without the option, every message takes the target's one key.
    const one = await replayInto(rabbit, { destination: 'replay.events', routingKey: 'refund.x' }, messages, { batchSize: 100 });
    assert.equal(one.accepted, 6);
    assert.equal((await values('replay.refunds')).length, 9);
  });
});
