import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorKafkaAdapter } from '../../../../src/extension/core/adapters/simulator/simulatorKafkaAdapter.js';
import type { BrowsePage, BrowseRequest } from '../../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../../src/extension/core/model/errors.js';
import type { BrokerRecord } from '../../../../src/extension/core/model/message.js';
import { newCluster, T0, text } from './helpers.js';

async function connected(): Promise<{ adapter: SimulatorKafkaAdapter } & ReturnType<typeof newCluster>> {
  const env = newCluster();
  const adapter = new SimulatorKafkaAdapter(env.cluster);
  await adapter.connect();
  return { adapter, ...env };
}

/** Topic "t" with 3 partitions; partition p holds records "p-i" with timestamps T0 + 10*i + p. */
async function filled(perPartition = 20): Promise<Awaited<ReturnType<typeof connected>>> {
  const env = await connected();
  env.cluster.createTopic('t', { partitions: 3 });
  for (let p = 0; p < 3; p++) {
    await env.adapter.publish({ destination: 't' }, Array.from({ length: perPartition }, (_, i) => ({ value: `${p}-${i}`, partition: p, timestamp: T0 - 100_000 + 10 * i + p, headers: { n: i } })));
  }
  return env;
}

const ids = (page: BrowsePage): string[] => page.records.map((r) => r.id);
const rejectsWith = (code: string) => (e: unknown): boolean => isBrokerError(e) && e.code === code && /failed|cancelled/.test(e.message);

async function walk(adapter: SimulatorKafkaAdapter, first: BrowseRequest, direction: 'next' | 'previous'): Promise<BrokerRecord[][]> {
  const pages: BrokerRecord[][] = [];
  let page = await adapter.browse(first);
  pages.push([...page.records]);
  while (page[direction] && pages.length < 100) {
    page = await adapter.browse({ ...first, start: { kind: 'cursor', cursor: page[direction]! } });
    if (page.records.length > 0) pages.push([...page.records]);
  }
  return pages;
}

describe('SimulatorKafkaAdapter: browse', () => {
  it('pages forward from the earliest over all partitions, merged by time, never re-reading or skipping', async () => {
    const { adapter } = await filled();
    const pages = await walk(adapter, { destination: 't', start: { kind: 'earliest' }, limit: 7 }, 'next');
    const all = pages.flat();
    assert.equal(all.length, 60);
    assert.equal(new Set(all.map((r) => r.id)).size, 60);
    const times = all.map((r) => r.timestamp!);
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'oldest first across partitions');
    assert.deepEqual(all.slice(0, 4).map((r) => text(r.value)), ['0-0', '1-0', '2-0', '0-1']);
  });

  it('"latest" shows the newest records by reading backward from the end, and pages backward to the start', async () => {
    const { adapter } = await filled();
    const first = await adapter.browse({ destination: 't', start: { kind: 'latest' }, limit: 4 });
    assert.deepEqual(first.records.map((r) => text(r.value)), ['2-18', '0-19', '1-19', '2-19'], 'the newest four across partitions, shown oldest first');
    assert.equal(first.next, undefined, 'nothing newer');
    assert.ok(first.scanned <= 4 + 3, `only the tails were read (scanned ${first.scanned})`);
    const pages = await walk(adapter, { destination: 't', start: { kind: 'latest' }, limit: 9 }, 'previous');
    const all = pages.flat();
    assert.equal(new Set(all.map((r) => r.id)).size, 60);
    assert.equal(all.length, 60);
  });

  it('moving forward then back returns exactly the previous page', async () => {
    const { adapter } = await filled();
    const p1 = await adapter.browse({ destination: 't', start: { kind: 'earliest' }, limit: 5 });
    const p2 = await adapter.browse({ destination: 't', start: { kind: 'cursor', cursor: p1.next! }, limit: 5 });
    const back = await adapter.browse({ destination: 't', start: { kind: 'cursor', cursor: p2.previous! }, limit: 5 });
    assert.deepEqual(ids(back), ids(p1));
    assert.equal(p1.previous, undefined, 'nothing before the first page');
  });

  it('starts at an offset or a time, and can browse one partition', async () => {
    const { adapter } = await filled();
    const fromOffset = await adapter.browse({ destination: 't', partition: 1, start: { kind: 'offset', offset: 15 }, limit: 100 });
    assert.deepEqual(fromOffset.records.map((r) => r.offset), [15, 16, 17, 18, 19]);
    assert.ok(fromOffset.records.every((r) => r.partition === 1));
    const fromTime = await adapter.browse({ destination: 't', start: { kind: 'timestamp', timestamp: T0 - 100_000 + 185 }, limit: 100 });
    assert.deepEqual(fromTime.records.map((r) => text(r.value)), ['0-19', '1-19', '2-19'], 'each partition starts at its first record at or after the time');
    await assert.rejects(adapter.browse({ destination: 't', partition: 3, start: { kind: 'earliest' }, limit: 1 }), rejectsWith('notFound'));
  });

  it('filters by text and by expression, counting scanned records and stopping at maxScan', async () => {
    const { adapter } = await filled();
    const text1 = await adapter.browse({ destination: 't', start: { kind: 'earliest' }, limit: 100, filter: { kind: 'text', field: 'value', pattern: '-1' } });
    assert.equal(text1.records.length, 3 * 11, '-1, -10 .. -19 in each partition');
    assert.equal(text1.scanned, 60);
    const expr = await adapter.browse({ destination: 't', start: { kind: 'earliest' }, limit: 100, filter: { kind: 'expression', expression: 'partition == 2 && headers.n >= 18' } });
    assert.deepEqual(expr.records.map((r) => text(r.value)), ['2-18', '2-19']);
    const capped = await adapter.browse({ destination: 't', start: { kind: 'earliest' }, limit: 5, maxScan: 10, filter: { kind: 'text', field: 'value', pattern: 'zzz' } });
    assert.deepEqual([capped.records.length, capped.scanned, capped.scanCapped], [0, 10, true]);
    const resumed = await adapter.browse({ destination: 't', start: { kind: 'cursor', cursor: capped.next! }, limit: 100 });
    assert.equal(resumed.records.length, 50, 'the scanned-but-unmatched records are behind the cursor, the rest ahead');
    await assert.rejects(adapter.browse({ destination: 't', start: { kind: 'earliest' }, limit: 1, filter: { kind: 'expression', expression: 'value ==' } }), rejectsWith('invalidInput'));
  });

  it('pages across compaction gaps', async () => {
    const { adapter, cluster, clock } = await connected();
    cluster.createTopic('c', { partitions: 1, configs: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.01', 'segment.ms': '1' } });
    for (let i = 0; i < 6; i++) {
      await adapter.publish({ destination: 'c' }, [{ key: `k${i % 2}`, value: `v${i}` }]);
      clock.advanceBy(2);
    }
    cluster.runCleaner();
    // k0 at 0, 2, 4 and k1 at 1, 3, 5; offset 5 is in the active segment, so k1's 3 is still the latest cleaned one.
    const page = await adapter.browse({ destination: 'c', start: { kind: 'earliest' }, limit: 2 });
    assert.deepEqual(page.records.map((r) => r.id), ['0:3', '0:4']);
    const next = await adapter.browse({ destination: 'c', start: { kind: 'cursor', cursor: page.next! }, limit: 2 });
    assert.deepEqual(next.records.map((r) => r.id), ['0:5']);
    const back = await adapter.browse({ destination: 'c', start: { kind: 'cursor', cursor: next.previous! }, limit: 10 });
    assert.deepEqual(back.records.map((r) => r.id), ['0:3', '0:4']);
  });

  it('browsing consumes nothing: no group, no commit, same count', async () => {
    const { adapter, cluster } = await filled(3);
    await adapter.browse({ destination: 't', start: { kind: 'earliest' }, limit: 100 });
    assert.deepEqual(cluster.listGroups(), []);
    assert.equal((await adapter.listDestinations()).find((d) => d.name === 't')!.messages, 9);
  });
});

describe('SimulatorKafkaAdapter: publish, tail and errors', () => {
  it('reports the partition and offset of each message; keyed messages follow murmur2; acks=none reports no offset', async () => {
    const { adapter, cluster } = await connected();
    cluster.createTopic('t', { partitions: 6 });
    const report = await adapter.publish({ destination: 't' }, [{ key: 'foobar', value: 'a' }, { key: 'abc', value: 'b' }, { value: 'c', partition: 5 }]);
    assert.deepEqual(report.outcomes, [{ status: 'confirmed', partition: 0, offset: 0 }, { status: 'confirmed', partition: 3, offset: 0 }, { status: 'confirmed', partition: 5, offset: 0 }]);
    const none = await adapter.publish({ destination: 't', acks: 'none' }, [{ value: 'd', partition: 5 }]);
    assert.deepEqual(none.outcomes, [{ status: 'confirmed', partition: 5 }]);
  });

  it('reports a failed message with a sentence and still sends the others', async () => {
    const { adapter, cluster } = await connected();
    cluster.createTopic('t', { partitions: 1, configs: { 'max.message.bytes': '100' } });
    const report = await adapter.publish({ destination: 't' }, [{ value: 'x'.repeat(200) }, { value: 'ok' }]);
    assert.deepEqual([report.confirmed, report.failed], [1, 1]);
    const failed = report.outcomes[0]!;
    assert.ok(failed.status === 'failed' && /^Publishing message 1 failed because .*max\.message\.bytes.*; send a smaller message/.test(failed.reason), JSON.stringify(failed));
  });

  it('never creates a topic by publishing, and honours a cancelled signal', async () => {
    const { adapter, cluster } = await connected();
    await assert.rejects(adapter.publish({ destination: 'typo' }, [{ value: 'x' }]), rejectsWith('notFound'));
    assert.equal(cluster.hasTopic('typo'), false);
    cluster.createTopic('t');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(adapter.publish({ destination: 't' }, [{ value: 'x' }], { signal: controller.signal }), rejectsWith('cancelled'));
  });

  it('tails new records only, after the producing call returns, until aborted', async () => {
    const { adapter, cluster } = await connected();
    cluster.createTopic('t', { partitions: 2 });
    await adapter.publish({ destination: 't' }, [{ value: 'old' }]);
    const seen: string[] = [];
    const controller = new AbortController();
    const done = adapter.tail({ destination: 't' }, (records) => seen.push(...records.map((r) => text(r.value)!)), controller.signal);
    cluster.produce('t', [{ value: new TextEncoder().encode('n1'), partition: 0 }, { value: new TextEncoder().encode('n2'), partition: 1 }]);
    assert.deepEqual(seen, [], 'never delivered from inside the producing call');
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(seen.sort(), ['n1', 'n2']);
    controller.abort();
    await done;
    await adapter.publish({ destination: 't' }, [{ value: 'after' }]);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(seen.length, 2);
  });

  it('turns every model error into a BrokerError sentence, and refuses work while disconnected', async () => {
    const { adapter } = await connected();
    await assert.rejects(adapter.createDestination({ kind: 'topic', name: 'bad name', partitions: 1, replicationFactor: 1 }),
      (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && e.message.startsWith('Creating topic "bad name" failed because') && e.detail.startsWith('INVALID_TOPIC_EXCEPTION'));
    await assert.rejects(adapter.createDestination({ kind: 'queue', name: 'q', queueType: 'classic', durable: true }), rejectsWith('unsupported'));
    await assert.rejects(adapter.createDestination({ kind: 'topic', name: 'rf', partitions: 1, replicationFactor: 9 }), rejectsWith('invalidInput'));
    await adapter.disconnect();
    await assert.rejects(adapter.listDestinations(), rejectsWith('disconnected'));
  });

  it('lists internal topics only when asked', async () => {
    const { adapter, cluster } = await connected();
    cluster.createTopic('t');
    const m = cluster.joinGroup('g', { topics: ['t'] });
    cluster.commit('g', m, [{ topic: 't', partition: 0, offset: 0 }]);
    assert.deepEqual((await adapter.listDestinations()).map((d) => d.name), ['t']);
    const all = await adapter.listDestinations({ includeInternal: true });
    assert.deepEqual(all.map((d) => [d.name, d.internal]), [['__consumer_offsets', true], ['t', false]]);
    await assert.rejects(adapter.deleteDestination('__consumer_offsets', '__consumer_offsets'), rejectsWith('invalidInput'));
  });
});

describe('SimulatorKafkaAdapter: partitions and consumer groups facets', () => {
  it('lists partitions, grows them and edits configs', async () => {
    const { adapter, cluster } = await connected();
    cluster.createTopic('t', { partitions: 2, replicationFactor: 3 });
    assert.deepEqual((await adapter.partitions.listPartitions('t')).map((p) => [p.partition, p.leader, p.isr.length]), [[0, 1, 3], [1, 2, 3]]);
    await adapter.partitions.addPartitions('t', 4);
    assert.equal((await adapter.partitions.listPartitions('t')).length, 4);
    await assert.rejects(adapter.partitions.addPartitions('t', 1), rejectsWith('invalidInput'));
    await adapter.partitions.alterConfigs('t', { 'retention.ms': '60000' });
    const entry = (await adapter.partitions.describeConfigs('t')).find((c) => c.name === 'retention.ms');
    assert.deepEqual(entry, { name: 'retention.ms', value: '60000', isDefault: false, readOnly: false, sensitive: false });
  });

  it('describes a group with members, assignments and lag', async () => {
    const { adapter, cluster } = await filled(5);
    const m = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false, clientId: 'svc' });
    cluster.poll('g', m);
    cluster.commit('g', m, [{ topic: 't', partition: 0, offset: 5 }]);
    assert.deepEqual(await adapter.consumerGroups.listGroups(), [{ groupId: 'g', state: 'Stable', protocolType: 'consumer' }]);
    const d = await adapter.consumerGroups.describeGroup('g');
    assert.deepEqual([d.state, d.protocol, d.members.length, d.members[0]!.clientId, d.members[0]!.assignments], ['Stable', 'range', 1, 'svc', [{ topic: 't', partitions: [0, 1, 2] }]]);
    assert.deepEqual(d.offsets.map((o) => o.lag), [0, 5, 5]);
    // Kafka's tool leaves partitions with no commit out of the total; they are counted apart (core/rules/lag.ts).
    assert.deepEqual([d.totalLag, d.lagWithoutCommit, d.partitionsWithoutCommit], [0, 10, 2]);
    await assert.rejects(adapter.consumerGroups.describeGroup('nope'), rejectsWith('notFound'));
  });

  it('previews a reset, refuses it while members exist (groupActive), applies exactly the preview, and reverts it', async () => {
    const { adapter, cluster } = await filled(5);
    const m = cluster.joinGroup('g', { topics: ['t'], enableAutoCommit: false });
    cluster.commit('g', m, [{ topic: 't', partition: 0, offset: 3 }]);
    const preview = await adapter.consumerGroups.previewOffsetReset({ groupId: 'g', topic: 't', partitions: [0], target: { kind: 'earliest' } });
    assert.deepEqual(preview.rows, [{ partition: 0, current: 3, next: 0, replayed: 3, skipped: 0, logStart: 0, logEnd: 5 }]);
    await assert.rejects(adapter.consumerGroups.applyOffsetReset(preview), (e: unknown) => isBrokerError(e) && e.code === 'groupActive' && /stop its consumers/.test(e.message));
    assert.equal(cluster.committed('g', 't', 0), 3);
    cluster.leaveGroup('g', m);
    cluster.produce('t', [{ value: null, partition: 0 }]);
    await adapter.consumerGroups.applyOffsetReset(preview);
    assert.equal(cluster.committed('g', 't', 0), 0, 'the previewed offset, not a recomputed one');
    const reverted = await adapter.consumerGroups.revertLastReset('g');
    assert.deepEqual(reverted.rows, [{ partition: 0, current: 0, next: 3, replayed: 0, skipped: 3, logStart: 0, logEnd: 6 }]);
    assert.equal(cluster.committed('g', 't', 0), 3);
  });

  it('offers a revert only after a reset, previews it without changing anything, and leaves no partition out', async () => {
    const { adapter, cluster } = await filled(5);
    assert.equal(adapter.consumerGroups.canRevert('g2'), false, 'nothing applied yet');
    await assert.rejects(adapter.consumerGroups.previewRevert('g2'), (e: unknown) => isBrokerError(e));
    const m = cluster.joinGroup('g2', { topics: ['t'], enableAutoCommit: false });
    cluster.commit('g2', m, [{ topic: 't', partition: 0, offset: 3 }]);
    cluster.leaveGroup('g2', m);
    // Partition 0 had offset 3; partition 1 had none: the revert puts 3 back and clears partition 1.
    const preview = await adapter.consumerGroups.previewOffsetReset({ groupId: 'g2', topic: 't', target: { kind: 'latest' } });
    await adapter.consumerGroups.applyOffsetReset(preview);
    assert.equal(adapter.consumerGroups.canRevert('g2'), true);
    const revert = await adapter.consumerGroups.previewRevert('g2');
    const partitions = preview.rows.map((r) => r.partition);
    assert.deepEqual(revert.rows.map((r) => r.partition), partitions, 'every partition the reset moved');
    const r0 = revert.rows[0]!;
    assert.deepEqual([r0.partition, r0.current, r0.next, r0.replayed, r0.skipped], [0, preview.rows[0]!.next, 3, preview.rows[0]!.next - 3, 0]);
    assert.equal(revert.rows[1]!.cleared, true);
    assert.equal(cluster.committed('g2', 't', 0), preview.rows[0]!.next, 'the preview changed nothing');
    const reverted = await adapter.consumerGroups.revertLastReset('g2');
    assert.deepEqual(reverted.rows, revert.rows, 'the revert does what its preview showed');
    assert.equal(cluster.committed('g2', 't', 0), 3);
    assert.equal(cluster.committed('g2', 't', 1), undefined);
    assert.equal(adapter.consumerGroups.canRevert('g2'), false);
  });
});
