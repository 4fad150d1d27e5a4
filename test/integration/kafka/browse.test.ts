/**
 * Browsing a real topic: no consumer group, no commit; pages addressed by offsets that never re-read
 * or skip (forward and backward, one partition and merged partitions); the last N by offset; from a
 * timestamp; filters with a scan cap; a 10 MB record; memory bounded on a large partition.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { BrowseCursor, BrowsePage, BrowseRequest } from '../../../src/extension/core/model/browse.js';
import type { OutgoingMessage } from '../../../src/extension/core/model/message.js';
import { brokerGate } from '../../support/brokers.js';
import { groupsMentioning, kafkaTest, kcat, plainAdapter, referenceAdmin, text, topicName, withTopics } from './kafkaTestKit.js';

const kafka = await brokerGate('kafka');

// A full garbage collection, so heap figures measure what is retained (gc is not exposed by default).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const ids = (page: BrowsePage): string[] => page.records.map((r) => r.id);

/** Follows `next` (or `previous`) cursors to the end; returns every page. */
async function walk(adapter: KafkaAdapter, first: BrowseRequest, way: 'next' | 'previous', maxPages = 1000): Promise<BrowsePage[]> {
  const pages: BrowsePage[] = [];
  let request: BrowseRequest | undefined = first;
  while (request && pages.length < maxPages) {
    const page = await adapter.browse(request);
    pages.push(page);
    const cursor: BrowseCursor | undefined = page[way];
    request = cursor && page.records.length > 0 ? { ...first, start: { kind: 'cursor', cursor } } : undefined;
  }
  return pages;
}

describe('Kafka browse', { skip: kafka.skip }, () => {
  let adapter: KafkaAdapter;
  const single = topicName('browse1');
  const multi = topicName('browse3');
  const cleanups: (() => Promise<void>)[] = [];
  const baseTime = Date.UTC(2024, 0, 1);
  const clientId = `brokerlens-it-browse-${randomUUID()}`;

  before(async () => {
    kafka.assertRequired();
    // The records carry 2024 timestamps, older than Kafka's default retention (168 h); the test broker
    // checks retention every second, so these topics keep their records for good.
    const keep = [{ name: 'retention.ms', value: '-1' }];
    cleanups.push(await withTopics([{ topic: single, configEntries: keep }, { topic: multi, numPartitions: 3, configEntries: keep }]));
    adapter = plainAdapter({ clientId });
    await adapter.connect();
    // 100 records with known timestamps 1 s apart; every 10th has a header "kind: special".
    const messages: OutgoingMessage[] = Array.from({ length: 100 }, (_, i) => ({
      key: `k-${i}`,
      value: JSON.stringify({ n: i, even: i % 2 === 0 }),
      timestamp: baseTime + i * 1000,
      headers: i % 10 === 0 ? { kind: 'special' } : { kind: 'plain' },
    }));
    assert.equal((await adapter.publish({ destination: single }, messages)).confirmed, 100);
    // 3 partitions × 30, timestamps interleaved across partitions.
    const spread: OutgoingMessage[] = Array.from({ length: 90 }, (_, i) => ({ value: `m-${i}`, partition: i % 3, timestamp: baseTime + i * 10 }));
    assert.equal((await adapter.publish({ destination: multi }, spread)).confirmed, 90);
  });

  after(async () => {
    await adapter?.disconnect();
    for (const c of cleanups) await c();
  });

  it('joins no consumer group and commits nothing', async () => {
    const { admin, close } = await referenceAdmin();
    try {
      const before = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
      await adapter.browse({ destination: single, start: { kind: 'earliest' }, limit: 50 });
      await adapter.browse({ destination: multi, start: { kind: 'latest' }, limit: 10 });
      // Other suites may create groups meanwhile; none may be ours or hold offsets of these topics.
      const added = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => !before.has(id));
      for (const groupId of added) {
        const { groups } = await admin.describeGroups([groupId]);
        assert.ok(!groups.some((g) => g.members.some((m) => m.clientId === clientId)), `group ${groupId} has a BrokerLens member`);
        const offsets = await admin.fetchOffsets({ groupId });
        assert.ok(!offsets.some((o) => o.topic === single || o.topic === multi), `group ${groupId} committed on a browsed topic`);
      }
      assert.deepEqual(await groupsMentioning(single, multi), []);
    } finally {
      await close();
    }
  });

  it('pages forward from the earliest: every offset exactly once, in order', async () => {
    const pages = await walk(adapter, { destination: single, start: { kind: 'earliest' }, limit: 7 }, 'next');
    const all = pages.flatMap(ids);
    assert.deepEqual(all, Array.from({ length: 100 }, (_, i) => `0:${i}`));
    assert.equal(pages[0]!.previous, undefined, 'nothing before the first page');
    assert.equal(pages.at(-1)!.next, undefined, 'nothing after the last page');
    assert.deepEqual(pages.map((p) => p.scanned), pages.map((p) => p.records.length));
  });

  it('pages backward from the latest: the last N by offset, then every older offset exactly once', async () => {
    const first = await adapter.browse({ destination: single, start: { kind: 'latest' }, limit: 8 });
    assert.deepEqual(ids(first), Array.from({ length: 8 }, (_, i) => `0:${92 + i}`));
    assert.deepEqual(first.previous?.positions, { 0: 92 });
    const pages = await walk(adapter, { destination: single, start: { kind: 'latest' }, limit: 8 }, 'previous');
    const all = pages.reverse().flatMap(ids);
    assert.deepEqual(all, Array.from({ length: 100 }, (_, i) => `0:${i}`));
  });

  it('forward then back returns the same page', async () => {
    const p1 = await adapter.browse({ destination: single, start: { kind: 'offset', offset: 20 }, limit: 10 });
    const p2 = await adapter.browse({ destination: single, start: { kind: 'cursor', cursor: p1.next! }, limit: 10 });
    const back = await adapter.browse({ destination: single, start: { kind: 'cursor', cursor: p2.previous! }, limit: 10 });
    assert.deepEqual(ids(p1), Array.from({ length: 10 }, (_, i) => `0:${20 + i}`));
    assert.deepEqual(ids(p2), Array.from({ length: 10 }, (_, i) => `0:${30 + i}`));
    assert.deepEqual(ids(back), ids(p1));
  });

  it('starts at a timestamp (ListOffsets by time)', async () => {
    const page = await adapter.browse({ destination: single, start: { kind: 'timestamp', timestamp: baseTime + 41_500 }, limit: 3 });
    assert.deepEqual(ids(page), ['0:42', '0:43', '0:44']);
    const future = await adapter.browse({ destination: single, start: { kind: 'timestamp', timestamp: baseTime + 10_000_000 }, limit: 3 });
    assert.equal(future.records.length, 0);
  });

  it('keeps key, value, headers and timestamp', async () => {
    const [r] = (await adapter.browse({ destination: single, start: { kind: 'offset', offset: 10 }, limit: 1 })).records;
    assert.equal(text(r!.key), 'k-10');
    assert.deepEqual(JSON.parse(text(r!.value)!), { n: 10, even: true });
    assert.equal(text(r!.headers.kind as Uint8Array), 'special');
    assert.equal(r!.timestamp, baseTime + 10_000);
    assert.equal(r!.partition, 0);
    assert.ok(r!.size >= 'k-10'.length + r!.value!.length);
  });

  it('filters by header, by value regex and by expression, counting what it scanned', async () => {
    const byHeader = await adapter.browse({ destination: single, start: { kind: 'earliest' }, limit: 100, filter: { kind: 'text', field: 'header', header: 'kind', pattern: 'SPECIAL' } });
    assert.deepEqual(ids(byHeader), Array.from({ length: 10 }, (_, i) => `0:${i * 10}`));
    assert.equal(byHeader.scanned, 100);
    const byRegex = await adapter.browse({ destination: single, start: { kind: 'earliest' }, limit: 3, maxScan: 1000, filter: { kind: 'text', field: 'value', pattern: '"n":9\\d', regex: true } });
    assert.deepEqual(ids(byRegex), ['0:90', '0:91', '0:92']);
    assert.equal(byRegex.scanned, 93, 'stops as soon as the page is full');
    const byExpression = await adapter.browse({ destination: single, start: { kind: 'earliest' }, limit: 5, maxScan: 1000, filter: { kind: 'expression', expression: 'value.n == 0 || value.n == 25 || value.n == 50 || (value.n == 75 && headers.kind == "plain")' } });
    assert.deepEqual(ids(byExpression), ['0:0', '0:25', '0:50', '0:75']);
  });

  it('a filtered backward page holds the newest matches and continues without gaps', async () => {
    const filter = { kind: 'text', field: 'header', header: 'kind', pattern: 'special' } as const;
    const pages = await walk(adapter, { destination: single, start: { kind: 'latest' }, limit: 3, filter }, 'previous');
    assert.deepEqual(pages.reverse().flatMap(ids), Array.from({ length: 10 }, (_, i) => `0:${i * 10}`));
  });

  it('stops at maxScan and says so', async () => {
    const page = await adapter.browse({ destination: single, start: { kind: 'earliest' }, limit: 5, maxScan: 25, filter: { kind: 'text', field: 'key', pattern: 'k-99' } });
    assert.equal(page.records.length, 0);
    assert.equal(page.scanned, 25);
    assert.equal(page.scanCapped, true);
    assert.deepEqual(page.next?.positions, { 0: 25 }, 'the next page continues where the scan stopped');
  });

  it('merges partitions by timestamp with per-partition cursors, forward and backward', async () => {
    const forward = await walk(adapter, { destination: multi, start: { kind: 'earliest' }, limit: 7 }, 'next');
    const values = forward.flatMap((p) => p.records.map((r) => text(r.value)));
    assert.deepEqual(values, Array.from({ length: 90 }, (_, i) => `m-${i}`), 'global timestamp order, each once');
    const latest = await adapter.browse({ destination: multi, start: { kind: 'latest' }, limit: 5 });
    assert.deepEqual(latest.records.map((r) => text(r.value)), ['m-85', 'm-86', 'm-87', 'm-88', 'm-89']);
    assert.deepEqual(latest.previous?.positions, { 0: 29, 1: 28, 2: 28 });
    const backward = await walk(adapter, { destination: multi, start: { kind: 'latest' }, limit: 7 }, 'previous');
    assert.deepEqual(backward.reverse().flatMap((p) => p.records.map((r) => text(r.value))), values);
  });

  it('browses one partition of a multi-partition topic, and refuses a partition that does not exist', async () => {
    const page = await adapter.browse({ destination: multi, partition: 1, start: { kind: 'earliest' }, limit: 100 });
    assert.equal(page.records.length, 30);
    assert.ok(page.records.every((r) => r.partition === 1));
    await assert.rejects(adapter.browse({ destination: multi, partition: 7, start: { kind: 'earliest' }, limit: 1 }), (e: Error & { code?: string }) => e.code === 'notFound');
  });

  it('steps over transaction markers: pages see every record once, both ways', async () => {
    const topic = topicName('txn');
    cleanups.push(await withTopics([{ topic }]));
    const client = new Kafka({ clientId: 'brokerlens-it-txn', brokers: kafkaTest.plaintext, logLevel: logLevel.NOTHING });
    const producer = client.producer({ transactionalId: `brokerlens-it-${randomUUID()}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let t = 0; t < 3; t++) {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: Array.from({ length: 4 }, (_, i) => ({ value: `t${t}-${i}` })) });
      await txn.commit();
    }
    await producer.disconnect();
    // Offsets 0-3, a commit marker at 4, 5-8, a marker at 9, 10-13, a marker at 14.
    const expected = Array.from({ length: 12 }, (_, i) => `t${Math.floor(i / 4)}-${i % 4}`);
    const values = (pages: BrowsePage[]): (string | undefined)[] => pages.flatMap((p) => p.records.map((r) => text(r.value)));
    assert.deepEqual(values(await walk(adapter, { destination: topic, start: { kind: 'earliest' }, limit: 3 }, 'next')), expected);
    assert.deepEqual(values((await walk(adapter, { destination: topic, start: { kind: 'latest' }, limit: 3 }, 'previous')).reverse()), expected);
    const latest = await adapter.browse({ destination: topic, start: { kind: 'latest' }, limit: 3 });
    assert.deepEqual(latest.records.map((r) => r.offset), [11, 12, 13]);
  });

  it('reads records produced with kcat too', async () => {
    const topic = topicName('kcat');
    cleanups.push(await withTopics([{ topic }]));
    await kcat(['-P', '-t', topic, '-K', ':'], 'a:1\nb:2\n');
    const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 10 });
    assert.deepEqual(page.records.map((r) => `${text(r.key)}=${text(r.value)}`), ['a=1', 'b=2']);
  });

  it('reads a 10 MB record', async () => {
    const topic = topicName('big');
    cleanups.push(await withTopics([{ topic, configEntries: [{ name: 'max.message.bytes', value: String(16 * 1024 * 1024) }] }]));
    const big = new Uint8Array(10 * 1024 * 1024).map((_, i) => i % 251);
    const report = await adapter.publish({ destination: topic }, [{ value: 'small-before' }, { value: big }, { value: 'small-after' }]);
    assert.equal(report.confirmed, 3, JSON.stringify(report.outcomes.map((o) => o.status)));
    const page = await adapter.browse({ destination: topic, start: { kind: 'earliest' }, limit: 3 });
    assert.deepEqual(page.records.map((r) => r.value?.length), ['small-before'.length, big.length, 'small-after'.length]);
    assert.ok(Buffer.from(page.records[1]!.value!).equals(Buffer.from(big)));
    const latest = await adapter.browse({ destination: topic, start: { kind: 'latest' }, limit: 2 });
    assert.deepEqual(latest.records.map((r) => r.offset), [1, 2]);
  });

  it('reads the last 1,000 of a 200,000-record partition by offset, with bounded memory', async () => {
    const topic = topicName('large');
    cleanups.push(await withTopics([{ topic }]));
    const lines = Array.from({ length: 200_000 }, (_, i) => `record-${String(i).padStart(7, '0')}-${'x'.repeat(80)}`).join('\n') + '\n';
    await kcat(['-P', '-t', topic, '-p', '0', '-z', 'lz4'], lines);
    const partitionBytes = Buffer.byteLength(lines);
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore)), 1);
    const page = await adapter.browse({ destination: topic, partition: 0, start: { kind: 'latest' }, limit: 1000 });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - heapBefore;
    assert.equal(page.records.length, 1000);
    assert.equal(page.records[0]!.offset, 199_000);
    assert.equal(page.records.at(-1)!.offset, 199_999);
    assert.equal(text(page.records.at(-1)!.value)!.slice(0, 14), 'record-0199999');
    assert.equal(page.scanned, 1000, 'found by offset, not by scanning from the start');
    // The page itself stays (1,000 small records); what was fetched to find it does not.
    assert.ok(retained < partitionBytes / 10, `page retains ${retained} bytes of heap for a ${partitionBytes}-byte partition`);
    assert.ok(peak < partitionBytes / 2, `heap peaked ${peak} bytes above the start for a ${partitionBytes}-byte partition`);
  });
});
