import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import { BrokerError } from '../../../src/extension/core/model/errors.js';
import { publishReport, type OutgoingMessage, type PublishTarget } from '../../../src/extension/core/model/message.js';
import { sendMany } from '../../../src/extension/core/publish/bulkSend.js';
import { emptyDraft, planDraft } from '../../../src/extension/core/publish/draft.js';
import { VirtualClock } from '../../../src/extension/core/simulator/clock.js';

const adapters = (): [BrokerAdapter, BrokerAdapter] => createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 11, 5))) as [BrokerAdapter, BrokerAdapter];

describe('Send ×N (simulator models)', () => {
  it('sends a template run to a topic: every message confirmed, in order, with its own values', async () => {
    const [, kafka] = adapters();
    await kafka.connect();
    await kafka.createDestination({ kind: 'topic', name: 'publish-bulk', partitions: 1, replicationFactor: 1 });
    const check = planDraft({ ...emptyDraft('kafka', 'publish-bulk'), key: 'k-{{seq}}', payload: '{"n":{{seq}}}' });
    assert.ok(check.ok);
    const progress: number[] = [];
    const report = await sendMany(kafka, check.plan.target, 12_345, (i) => check.plan.build(i), { chunk: 5_000, onProgress: (r) => progress.push(r.confirmed) });
    assert.deepEqual({ ...report, first: undefined, lastConfirmed: undefined }, { requested: 12_345, confirmed: 12_345, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false, first: undefined, lastConfirmed: undefined });
    assert.deepEqual(progress, [5_000, 10_000, 12_345]);
    assert.deepEqual(report.first, { status: 'confirmed', partition: 0, offset: 0 });
    assert.deepEqual(report.lastConfirmed, { partition: 0, offset: 12_344 });
    const page = await kafka.browse({ destination: 'publish-bulk', start: { kind: 'offset', offset: 12_343 }, limit: 2 });
    assert.deepEqual(page.records.map((r) => new TextDecoder().decode(r.value!)), ['{"n":12344}', '{"n":12345}']);
  });

  it('counts unroutable messages as returned, exactly', async () => {
    const [rabbit] = adapters();
    await rabbit.connect();
    await rabbit.exchanges!.declareExchange({ name: 'publish-bulk-x', type: 'direct', durable: false });
    await rabbit.createDestination({ kind: 'queue', name: 'publish-bulk-q', queueType: 'classic', durable: false });
    await rabbit.exchanges!.bind({ source: 'publish-bulk-x', destination: 'publish-bulk-q', destinationType: 'queue', routingKey: 'even' });
    const target: PublishTarget = { destination: 'publish-bulk-x', routingKey: 'even', mandatory: true };
    const report = await sendMany(rabbit, target, 10, (i) => ({ value: String(i) }), { chunk: 3 });
    assert.equal(report.confirmed, 10);
    const odd = await sendMany(rabbit, { ...target, routingKey: 'odd' }, 7, (i) => ({ value: String(i) }), { chunk: 3 });
    assert.deepEqual([odd.confirmed, odd.returned, odd.failed, odd.notSent], [0, 7, 0, 0]);
    assert.match(odd.firstProblem!, /NO_ROUTE/);
  });

  it('stops at cancel and counts the rest as not sent', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const adapter = {
      publish: async (_t: PublishTarget, messages: readonly OutgoingMessage[]) => {
        calls.push(messages.length);
        if (calls.length === 2) controller.abort();
        return publishReport(messages.map(() => ({ status: 'confirmed' as const })));
      },
    };
    const report = await sendMany(adapter, { destination: 't' }, 10, (i) => ({ value: String(i) }), { chunk: 3, signal: controller.signal });
    assert.deepEqual(calls, [3, 3]);
    assert.deepEqual([report.confirmed, report.notSent, report.cancelled], [6, 4, true]);
  });

  it('stops at an error after which nothing can succeed, with exact counts', async () => {
    let call = 0;
    const adapter = {
      publish: async (_t: PublishTarget, messages: readonly OutgoingMessage[]) => {
        if (++call === 2) throw new BrokerError('unreachable', 'Publishing to topic "t" failed: the broker at 127.0.0.1:9092 went away; check it is running.');
        return publishReport(messages.map((_, i) => (i === 0 ? { status: 'failed' as const, reason: 'too large' } : { status: 'confirmed' as const })));
      },
    };
    const report = await sendMany(adapter, { destination: 't' }, 10, (i) => ({ value: String(i) }), { chunk: 4 });
    assert.deepEqual([report.confirmed, report.failed, report.notSent, report.cancelled], [3, 5, 2, false]);
    assert.equal(report.firstProblem, 'too large');
  });
});
