import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter, PublishStreamOptions } from '../../../src/extension/core/model/adapter.js';
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

  it('streamed: keeps first, first problem and last confirmed by index when answers come out of order', async () => {
    const built: number[] = [];
    const adapter = {
      publish: async () => assert.fail('a streaming adapter is not called in chunks'),
      publishStream: async (_t: PublishTarget, count: number, messageAt: (i: number) => OutgoingMessage, options: PublishStreamOptions) => {
        for (let i = 0; i < count; i++) built.push(Number(messageAt(i).value));
        // Two "partitions" answering in turn, the later one first: 5..9 then 0..4.
        for (const i of [5, 6, 7, 8, 9, 0, 1, 2, 3, 4]) {
          options.onOutcome(i, i === 7 || i === 3 ? { status: 'failed', reason: `bad ${i}` } : { status: 'confirmed', partition: i < 5 ? 0 : 1, offset: i });
          options.onProgress?.(1);
        }
        return {};
      },
    };
    const progress: number[] = [];
    const report = await sendMany(adapter, { destination: 't' }, 10, (i) => ({ value: String(i) }), { onProgress: (r) => progress.push(r.requested - r.notSent) });
    assert.deepEqual(built, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([report.confirmed, report.failed, report.notSent, report.cancelled], [8, 2, 0, false]);
    assert.deepEqual(report.first, { status: 'confirmed', partition: 0, offset: 0 });
    assert.equal(report.firstProblem, 'bad 3');
    assert.deepEqual(report.lastConfirmed, { partition: 1, offset: 9 });
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
  });

  it('streamed: messages without an answer are counted as not sent, with the reason the run stopped', async () => {
    const controller = new AbortController();
    const adapter = {
      publish: async () => assert.fail('a streaming adapter is not called in chunks'),
      publishStream: async (_t: PublishTarget, count: number, messageAt: (i: number) => OutgoingMessage, options: PublishStreamOptions) => {
        for (let i = 0; i < count && !options.signal?.aborted; i++) {
          messageAt(i);
          options.onOutcome(i, { status: 'confirmed', partition: 0, offset: i });
          if (i === 3) controller.abort();
        }
        return {};
      },
    };
    const cancelled = await sendMany(adapter, { destination: 't' }, 10, (i) => ({ value: String(i) }), { signal: controller.signal });
    assert.deepEqual([cancelled.confirmed, cancelled.failed, cancelled.notSent, cancelled.cancelled], [4, 0, 6, true]);

    const stopping = {
      publish: adapter.publish,
      publishStream: async (_t: PublishTarget, _count: number, _m: (i: number) => OutgoingMessage, options: PublishStreamOptions) => {
        options.onOutcome(1, { status: 'confirmed', partition: 0, offset: 1 });
        options.onOutcome(0, { status: 'failed', reason: 'the leader dropped the connection' });
        return { stoppedBy: 'the broker went away' };
      },
    };
    const stopped = await sendMany(stopping, { destination: 't' }, 10, (i) => ({ value: String(i) }));
    assert.deepEqual([stopped.confirmed, stopped.failed, stopped.notSent, stopped.firstProblem], [1, 1, 8, 'the leader dropped the connection']);

    const refusing = {
      publish: adapter.publish,
      publishStream: async () => {
        throw new BrokerError('notFound', 'Publishing to topic "t" failed: it does not exist.');
      },
    };
    const refused = await sendMany(refusing, { destination: 't' }, 1, (i) => ({ value: String(i) }));
    assert.deepEqual([refused.confirmed, refused.failed, refused.notSent], [0, 0, 1]);
    assert.deepEqual(refused.first, { status: 'failed', reason: 'Publishing to topic "t" failed: it does not exist.' });
  });
});
