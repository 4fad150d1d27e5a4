import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter, TailStatus } from '../../../src/extension/core/model/adapter.js';
import type { BrowsePage, BrowseRequest } from '../../../src/extension/core/model/browse.js';
import { VirtualClock } from '../../../src/extension/core/simulator/clock.js';
import { validate } from '../../../src/extension/protocol/ipc.js';
import {
  BrowseInitNotification,
  BrowseLoadRequest,
  BrowseTailStatusNotification,
  type BrowseLoadResult,
  type BrowseRow,
  type BrowseTailStatus,
} from '../../../src/extension/protocol/browsePanel.js';
import { BrowseSession, type BrowseSessionListener } from '../../../src/extension/panels/browse/session.js';

interface Recorder extends BrowseSessionListener {
  readonly rows: BrowseRow[];
  readonly ended: unknown[];
  readonly statuses: BrowseTailStatus[];
}

function recorder(): Recorder {
  const rows: BrowseRow[] = [];
  const ended: unknown[] = [];
  const statuses: BrowseTailStatus[] = [];
  return { rows, ended, statuses, onTailRows: (r) => rows.push(...r), onTailEnded: (e) => ended.push(e), onTailStatus: (s) => statuses.push(s) };
}

/**
 * The simulator's Kafka adapter with its tail's status callback in the test's hands: the simulator never
 * loses a partition, so the test says when one stops and resumes (the real broker's drop is in
 * test/faults/browseTailStatus.test.ts). Records still come from the simulator's own tail.
 */
function withStatus(adapter: BrokerAdapter): { adapter: BrokerAdapter; status: (s: TailStatus) => void } {
  let hook: ((s: TailStatus) => void) | undefined;
  const wrapped = Object.create(adapter) as BrokerAdapter;
  Object.defineProperty(wrapped, 'tail', {
    value: (request: Parameters<NonNullable<BrokerAdapter['tail']>>[0], onRecords: (r: readonly unknown[]) => void, signal: AbortSignal, onStatus?: (s: TailStatus) => void) => {
      hook = onStatus;
      return adapter.tail!(request, onRecords as never, signal);
    },
  });
  return { adapter: wrapped, status: (s) => hook?.(s) };
}

/** Counts browse calls, so a test can prove a queue was not read behind the user's back. */
function counting(adapter: BrokerAdapter): { adapter: BrokerAdapter; calls: BrowseRequest[] } {
  const calls: BrowseRequest[] = [];
  const wrapped = Object.create(adapter) as BrokerAdapter;
  Object.defineProperty(wrapped, 'browse', { value: (request: BrowseRequest) => {
    calls.push(request);
    return adapter.browse(request);
  } });
  return { adapter: wrapped, calls };
}

const page = (result: BrowseLoadResult): Extract<BrowseLoadResult, { status: 'page' }>['page'] => {
  assert.equal(result.status, 'page');
  return (result as Extract<BrowseLoadResult, { status: 'page' }>).page;
};
const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), 'condition not reached');
};

describe('browse session on the simulator', () => {
  let rabbit: BrokerAdapter;
  let kafka: BrokerAdapter;
  beforeEach(async () => {
    [rabbit, kafka] = createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 10, 25))) as [BrokerAdapter, BrokerAdapter];
    await rabbit.connect();
    await kafka.connect();
  });

  it('describes a topic: partitions, live tail, and a direct read', async () => {
    const { init, problems } = await new BrowseSession(kafka, { destination: 'orders', connectionName: 'Simulator' }, recorder()).describe();
    assert.deepEqual(problems, []);
    assert.equal(init.destinationType, 'topic');
    assert.deepEqual(init.partitions.map((p) => p.partition), [0, 1, 2]);
    assert.equal(init.access.mode, 'read');
    assert.equal(init.liveTail, true);
    assert.ok(validate(BrowseInitNotification.params, init).ok);
  });

  it('pages a topic backwards and forwards with cursors: no record read twice, none skipped', async () => {
    const session = new BrowseSession(kafka, { destination: 'orders', connectionName: 'Simulator' }, recorder());
    const latest = page(await session.load({ start: { kind: 'latest' }, limit: 4, acceptRequeue: false }));
    assert.ok(validate(BrowseLoadRequest.result, { status: 'page', page: latest }).ok);
    assert.equal(latest.records.length, 4);
    assert.equal(latest.next, undefined, 'the newest page has nothing after it');
    const older = page(await session.load({ start: { kind: 'cursor', cursor: latest.previous! }, limit: 4, acceptRequeue: false }));
    const ids = [...older.records, ...latest.records].map((r) => r.id);
    assert.equal(new Set(ids).size, 6, `6 distinct records across both pages: ${ids.join(' ')}`);
    assert.equal(older.previous, undefined);
    const newer = page(await session.load({ start: { kind: 'cursor', cursor: older.next! }, limit: 4, acceptRequeue: false }));
    assert.deepEqual(newer.records.map((r) => r.id), latest.records.map((r) => r.id));
  });

  it('answers a filter that does not compile as a filterError sentence, reading nothing', async () => {
    const { adapter, calls } = counting(kafka);
    const session = new BrowseSession(adapter, { destination: 'orders', connectionName: 'Simulator' }, recorder());
    const regex = await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'text', field: 'value', pattern: '(', regex: true, caseSensitive: false } });
    assert.equal(regex.status, 'filterError');
    assert.match((regex as { message: string }).message, /not a valid regular expression/);
    const expression = await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'expression', expression: 'value.total >' } });
    assert.equal(expression.status, 'filterError');
    assert.equal(calls.length, 0);
    const filtered = page(await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false, filter: { kind: 'text', field: 'key', pattern: 'o-1001', regex: false, caseSensitive: false } }));
    assert.deepEqual(filtered.records.map((r) => r.keyPreview), ['o-1001', 'o-1001', 'o-1001']);
    assert.equal(filtered.scanned, 6);
  });

  it('gives the detail of a record on the page, and reads a record no longer held again by offset', async () => {
    const session = new BrowseSession(kafka, { destination: 'orders', connectionName: 'Simulator' }, recorder());
    const first = page(await session.load({ start: { kind: 'earliest' }, limit: 1, acceptRequeue: false })).records[0]!;
    const detail = await session.detail({ id: first.id, partition: first.partition, offset: first.offset });
    assert.equal(detail.value?.kind, 'json');
    assert.deepEqual(detail.headers, [{ name: 'source', value: 'shop' }]);
    await session.load({ start: { kind: 'latest' }, limit: 1, acceptRequeue: false });
    const again = await session.record({ id: first.id, partition: first.partition, offset: first.offset });
    assert.equal(again.offset, first.offset);
    assert.equal(again.partition, first.partition);
    assert.equal(again.id, first.id);
    await assert.rejects(session.record({ id: 'x', partition: first.partition, offset: 999 }), /no longer in orders/);
  });

  it('refuses to peek a classic queue without consent, peeks with it, and leaves the count as it was', async () => {
    const { adapter, calls } = counting(rabbit);
    const session = new BrowseSession(adapter, { destination: 'email.confirmations', connectionName: 'Simulator' }, recorder());
    const { init } = await session.describe();
    assert.equal(init.destinationType, 'classic');
    assert.equal(init.access.mode, 'peek');
    assert.equal(init.liveTail, false);
    await assert.rejects(session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: false }), /needs your consent/);
    const peeked = page(await session.load({ start: { kind: 'earliest' }, limit: 10, acceptRequeue: true }));
    assert.equal(peeked.sideEffect, 'requeued');
    assert.equal(peeked.records.length, 3);
    assert.ok(peeked.records.every((r) => r.routingKey === 'order.placed' && r.exchange === 'shop.events'));
    const queues = await rabbit.listDestinations();
    assert.equal(queues.find((q) => q.name === 'email.confirmations')?.messages, 3);
    const before = calls.length;
    const detail = await session.detail({ id: peeked.records[1]!.id });
    assert.equal(detail.properties.find((p) => p.name === 'content_type')?.value, 'application/json');
    await assert.rejects(session.record({ id: 'gone', offset: 1 }), /no longer held by the panel/);
    assert.equal(calls.length, before, 'a queue is never peeked again for a detail');
  });

  it('reads a stream by offset, directly', async () => {
    const session = new BrowseSession(rabbit, { destination: 'audit.log', connectionName: 'Simulator' }, recorder());
    const { init } = await session.describe();
    assert.deepEqual(init.access, { mode: 'read', notice: 'Read by offset: nothing changes in the stream.' });
    const p = page(await session.load({ start: { kind: 'earliest' }, limit: 4, acceptRequeue: false }));
    assert.deepEqual(p.records.map((r) => r.offset), [0, 1, 2, 3]);
    assert.equal(p.sideEffect, 'none');
    const again = await new BrowseSession(rabbit, { destination: 'audit.log', connectionName: 'Simulator' }, recorder()).record({ id: 'x', offset: 5 });
    assert.equal(again.offset, 5);
  });

  it('tails new records with the filter, in batches, until stopped', async () => {
    const rec = recorder();
    const session = new BrowseSession(kafka, { destination: 'orders', connectionName: 'Simulator' }, rec, { flushMs: 1 });
    session.startTail({ filter: { kind: 'text', field: 'key', pattern: 'keep', regex: false, caseSensitive: true } });
    assert.equal(session.tailing, true);
    session.startTail({});
    await kafka.publish({ destination: 'orders' }, [{ key: 'keep', value: '{"n":1}' }, { key: 'drop', value: '{"n":2}' }, { key: 'keep', value: '{"n":3}' }]);
    await until(() => rec.rows.length === 2);
    assert.deepEqual(rec.rows.map((r) => r.valuePreview), ['{"n":1}', '{"n":3}']);
    const detail = await session.detail({ id: rec.rows[1]!.id });
    assert.equal(detail.value?.text, '{"n":3}');
    session.stopTail();
    assert.equal(session.tailing, false);
    await kafka.publish({ destination: 'orders' }, [{ key: 'keep', value: '{"n":4}' }]);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(rec.rows.length, 2, 'nothing after stop');
    assert.deepEqual(rec.ended, [], 'a stop on purpose is not reported');
  });

  it('stops the tail on dispose, and reports a tail the broker ended', async () => {
    const rec = recorder();
    const session = new BrowseSession(kafka, { destination: 'payments', connectionName: 'Simulator' }, rec, { flushMs: 1 });
    session.startTail({});
    session.dispose();
    await kafka.publish({ destination: 'payments' }, [{ key: 'k', value: 'v' }]);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(rec.rows.length, 0);
    const other = recorder();
    const live = new BrowseSession(kafka, { destination: 'payments', connectionName: 'Simulator' }, other, { flushMs: 1 });
    live.startTail({});
    await kafka.disconnect();
    await until(() => other.ended.length === 1);
    assert.equal(live.tailing, false);
  });

  it('turns partition stops and resumes into one status per change, valid for the panel, and none after stop', async () => {
    const rec = recorder();
    const { adapter, status } = withStatus(kafka);
    const session = new BrowseSession(adapter, { destination: 'orders', connectionName: 'Simulator' }, rec, { flushMs: 1 });
    session.startTail({});
    status({ kind: 'waiting', partition: 2, offset: 40, message: 'Reading partition 2 failed: its leader is not reachable; it is retried.' });
    status({ kind: 'waiting', partition: 0, offset: 7, message: 'Reading partition 0 failed: its leader is not reachable; it is retried.' });
    assert.deepEqual(rec.statuses, [
      { kind: 'waiting', partitions: [{ partition: 2, offset: 40 }], message: 'Reading partition 2 failed: its leader is not reachable; it is retried.' },
      { kind: 'waiting', partitions: [{ partition: 2, offset: 40 }, { partition: 0, offset: 7 }], message: 'Reading partition 2 failed: its leader is not reachable; it is retried.' },
    ]);
    // A reloaded webview gets the waiting line back with init.
    const { init } = await session.describe();
    assert.deepEqual(init.tailStatus, rec.statuses[1]);
    assert.ok(validate(BrowseInitNotification.params, init).ok);
    status({ kind: 'resumed', partition: 1, offset: 3 }); // never waited: no change, no status
    status({ kind: 'resumed', partition: 2, offset: 40 });
    assert.deepEqual(rec.statuses[2], { kind: 'waiting', partitions: [{ partition: 0, offset: 7 }], message: 'Reading partition 0 failed: its leader is not reachable; it is retried.' });
    status({ kind: 'resumed', partition: 0, offset: 9 });
    assert.deepEqual(rec.statuses[3], { kind: 'resumed', partitions: [{ partition: 2, offset: 40 }, { partition: 0, offset: 9 }] });
    assert.equal(rec.statuses.length, 4);
    for (const s of rec.statuses) assert.ok(validate(BrowseTailStatusNotification.params, s).ok, JSON.stringify(s));
    assert.equal((await session.describe()).init.tailStatus, undefined, 'nothing waits any more');
    status({ kind: 'waiting', partition: 1, offset: 3, message: 'x.' });
    session.stopTail();
    status({ kind: 'resumed', partition: 1, offset: 3 });
    assert.equal(rec.statuses.length, 5, 'a stopped tail reports nothing');
    assert.equal((await session.describe()).init.tailStatus, undefined, 'a stopped tail waits for nothing');
  });

  it('has no live tail on a queue', async () => {
    const session = new BrowseSession(rabbit, { destination: 'audit.log', connectionName: 'Simulator' }, recorder());
    assert.throws(() => session.startTail({}), /Live tail is not available for audit.log/);
  });

  it('cancels a load in flight at once, and a newer load supersedes an older one', async () => {
    let release: (page: BrowsePage) => void = () => undefined;
    const slow = Object.create(kafka) as BrokerAdapter;
    Object.defineProperty(slow, 'browse', { value: () => new Promise<BrowsePage>((resolve) => { release = resolve; }) });
    const session = new BrowseSession(slow, { destination: 'orders', connectionName: 'Simulator' }, recorder());
    const first = session.load({ start: { kind: 'earliest' }, limit: 1, acceptRequeue: false });
    await new Promise((r) => setTimeout(r, 5));
    session.cancel();
    await assert.rejects(first, (e: Error & { code?: string }) => e.code === 'cancelled' && /cancelled/.test(e.message));
    const second = session.load({ start: { kind: 'earliest' }, limit: 1, acceptRequeue: false });
    await new Promise((r) => setTimeout(r, 5));
    const third = session.load({ start: { kind: 'latest' }, limit: 1, acceptRequeue: false });
    await assert.rejects(second, /cancelled/);
    await new Promise((r) => setTimeout(r, 5));
    release({ records: [], scanned: 0, scanCapped: false, sideEffect: 'none' });
    assert.equal((await third).status, 'page');
  });

  it('keeps the page for a reloaded webview, so nothing is read twice', async () => {
    const session = new BrowseSession(rabbit, { destination: 'billing.invoices', connectionName: 'Simulator' }, recorder());
    assert.equal(session.heldPage(), undefined);
    await session.load({ start: { kind: 'earliest' }, limit: 5, acceptRequeue: true });
    const { init } = await session.describe();
    assert.equal(init.destinationType, 'quorum');
    assert.equal(init.restoring, true);
    assert.equal(session.heldPage()?.page.records.length, 2);
    assert.equal(session.heldPage()?.query.acceptRequeue, true);
  });
});
