import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { browsePartitions, type PartitionBounds, type PartitionedLog } from '../../../src/extension/core/browse/partitionPager.js';
import type { BrowsePage, BrowseRequest } from '../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';

const enc = new TextEncoder();

/**
 * An exact in-memory log as the simulator answers: at most CHUNK records of [from, until), the last
 * offset accounted for being the last record's, or until - 1 when the range holds no more.
 */
const CHUNK = 256;
function exactLog(offsets: Record<number, number[]>, record: (p: number, o: number) => BrokerRecord, reads = { n: 0 }): PartitionedLog {
  return {
    read: async (p, from, until) => {
      reads.n++;
      const inRange = offsets[p]!.filter((o) => o >= from && o < until);
      const records = inRange.slice(0, CHUNK).map((o) => record(p, o));
      const lastOffset = inRange.length > CHUNK ? records[records.length - 1]!.offset! : until > from ? until - 1 : undefined;
      return { records, lastOffset };
    },
    offsetsForTimestamp: async (ps, ts) => new Map(ps.map((p) => [p, offsets[p]!.find((o) => record(p, o).timestamp! >= ts)])),
  };
}

/** A fake partitioned log: partition -> offsets present (gaps allowed); timestamp = offset * 10 + partition. */
function fakeLog(offsets: Record<number, number[]>): { reader: PartitionedLog; bounds: PartitionBounds[]; reads: { n: number } } {
  const reads = { n: 0 };
  const record = (p: number, o: number): BrokerRecord => ({ id: `${p}:${o}`, destination: 't', partition: p, offset: o, timestamp: o * 10 + p, key: null, value: enc.encode(`${p}/${o}`), headers: {}, size: 1 });
  const reader = exactLog(offsets, record, reads);
  const bounds = Object.entries(offsets).map(([p, os]) => ({ partition: Number(p), low: os[0] ?? 0, high: os.length ? os[os.length - 1]! + 1 : 0 }));
  return { reader, bounds, reads };
}

const ids = (page: BrowsePage): string[] => page.records.map((r) => r.id);

async function pageThrough(reader: PartitionedLog, bounds: PartitionBounds[], first: BrowseRequest, dir: 'next' | 'previous'): Promise<string[]> {
  const out: string[] = [];
  let page = await browsePartitions(reader, first, bounds, 't');
  out.push(...ids(page));
  for (let i = 0; i < 1000 && page[dir]; i++) {
    page = await browsePartitions(reader, { ...first, start: { kind: 'cursor', cursor: page[dir]! } }, bounds, 't');
    out.push(...ids(page));
  }
  return out;
}

describe('partition pager', () => {
  it('merges partitions oldest first and returns per-partition cursors', async () => {
    const { reader, bounds } = fakeLog({ 0: [0, 1, 2], 1: [0, 1, 2] });
    const page = await browsePartitions(reader, { destination: 't', start: { kind: 'earliest' }, limit: 3 }, bounds, 't');
    assert.deepEqual(ids(page), ['0:0', '1:0', '0:1']);
    assert.deepEqual(page.next, { direction: 'forward', positions: { 0: 2, 1: 1 } });
    assert.equal(page.previous, undefined);
    assert.equal(page.sideEffect, 'none');
  });

  it('"latest" reads only the ends of the partitions', async () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    const { reader, bounds, reads } = fakeLog({ 0: big, 1: big });
    const page = await browsePartitions(reader, { destination: 't', start: { kind: 'latest' }, limit: 3 }, bounds, 't');
    assert.deepEqual(ids(page), ['1:99998', '0:99999', '1:99999'], 'the newest three, shown oldest first');
    assert.ok(page.scanned <= 5 && reads.n <= 2, `scanned ${page.scanned} in ${reads.n} reads`);
    assert.deepEqual(page.previous, { direction: 'backward', positions: { 0: 99999, 1: 99998 } });
  });

  it('walks across compaction gaps in both directions', async () => {
    const { reader, bounds } = fakeLog({ 0: [0, 5, 6, 300, 301, 900], 1: [2, 700] });
    const forward = await pageThrough(reader, bounds, { destination: 't', start: { kind: 'earliest' }, limit: 2 }, 'next');
    assert.deepEqual(forward, ['0:0', '1:2', '0:5', '0:6', '0:300', '0:301', '1:700', '0:900']);
    const backward = await pageThrough(reader, bounds, { destination: 't', start: { kind: 'latest' }, limit: 3 }, 'previous');
    assert.deepEqual(new Set(backward), new Set(forward));
    assert.equal(backward.length, forward.length);
  });

  it('shares maxScan fairly: read-ahead on one partition does not starve the others', async () => {
    const { reader, bounds } = fakeLog({ 0: Array.from({ length: 50 }, (_, i) => i), 1: Array.from({ length: 50 }, (_, i) => i), 2: Array.from({ length: 50 }, (_, i) => i) });
    const page = await browsePartitions(reader, { destination: 't', start: { kind: 'latest' }, limit: 3 }, bounds, 't');
    assert.deepEqual(ids(page), ['0:49', '1:49', '2:49']);
  });

  it('stops at maxScan with scanCapped, and resuming from the cursor neither re-reads nor skips', async () => {
    const { reader, bounds } = fakeLog({ 0: Array.from({ length: 30 }, (_, i) => i) });
    const page = await browsePartitions(reader, { destination: 't', start: { kind: 'earliest' }, limit: 5, maxScan: 10, filter: { kind: 'expression', expression: 'offset >= 25' } }, bounds, 't');
    assert.deepEqual([page.records.length, page.scanned, page.scanCapped], [0, 10, true]);
    assert.deepEqual(page.next, { direction: 'forward', positions: { 0: 10 } });
    const rest = await browsePartitions(reader, { destination: 't', start: { kind: 'cursor', cursor: page.next! }, limit: 5, maxScan: 100, filter: { kind: 'expression', expression: 'offset >= 25' } }, bounds, 't');
    assert.deepEqual(ids(rest), ['0:25', '0:26', '0:27', '0:28', '0:29']);
    assert.equal(rest.scanned, 20);
  });

  it('starts from an offset (clamped) or a time; a partition unknown to a cursor starts at its edge', async () => {
    const { reader, bounds } = fakeLog({ 0: [3, 4, 5], 1: [0, 1] });
    assert.deepEqual(ids(await browsePartitions(reader, { destination: 't', start: { kind: 'offset', offset: 1 }, limit: 10 }, bounds, 't')), ['1:1', '0:3', '0:4', '0:5']);
    assert.deepEqual(ids(await browsePartitions(reader, { destination: 't', start: { kind: 'timestamp', timestamp: 40 }, limit: 10 }, bounds, 't')), ['0:4', '0:5']);
    assert.deepEqual(ids(await browsePartitions(reader, { destination: 't', start: { kind: 'cursor', cursor: { direction: 'forward', positions: { 0: 5 } } }, limit: 10 }, bounds, 't')), ['1:0', '1:1', '0:5']);
  });

  it('"Latest" of a topic written in one batch (every timestamp equal) holds every partition\'s tail', async () => {
    // Found against real Kafka (issue 15): six partitions, one producer batch, "Latest 100" showed only
    // partitions 4 and 5, because a tie went to the highest partition. core/rules/pageMerge.ts.
    const offsets = Object.fromEntries(Array.from({ length: 6 }, (_, p) => [p, Array.from({ length: 40 }, (_, i) => i)]));
    const { bounds } = fakeLog(offsets);
    const sameTime = exactLog(offsets, (p, o) => ({ id: `${p}:${o}`, destination: 't', partition: p, offset: o, timestamp: 1000, key: null, value: enc.encode(''), headers: {}, size: 1 }));
    const latest = await browsePartitions(sameTime, { destination: 't', start: { kind: 'latest' }, limit: 100 }, bounds, 't');
    const perPartition = (page: BrowsePage): number[] => [0, 1, 2, 3, 4, 5].map((p) => page.records.filter((r) => r.partition === p).length);
    assert.deepEqual(perPartition(latest), [17, 17, 17, 17, 16, 16]);
    for (const p of [0, 1, 2, 3, 4, 5]) assert.ok(latest.records.some((r) => r.id === `${p}:39`), `partition ${p}'s newest record is on the newest page`);
    const first = await browsePartitions(sameTime, { destination: 't', start: { kind: 'earliest' }, limit: 12 }, bounds, 't');
    assert.deepEqual(perPartition(first), [2, 2, 2, 2, 2, 2], 'forward keeps every partition\'s head too');
    // Paging on from "Latest" still shows every record once.
    const older = await browsePartitions(sameTime, { destination: 't', start: { kind: 'cursor', cursor: latest.previous! }, limit: 1000 }, bounds, 't');
    assert.equal(new Set([...latest.records, ...older.records].map((r) => r.id)).size, 240);
  });

  it('validates the page size and scan limit', async () => {
    const { reader, bounds } = fakeLog({ 0: [0] });
    for (const bad of [0, 1.5, 100_001]) {
      await assert.rejects(browsePartitions(reader, { destination: 't', start: { kind: 'earliest' }, limit: bad }, bounds, 'topic "t"'), (e) => isBrokerError(e) && e.code === 'invalidInput');
    }
    await assert.rejects(browsePartitions(reader, { destination: 't', start: { kind: 'earliest' }, limit: 1, maxScan: 0 }, bounds, 't'), (e) => isBrokerError(e) && e.code === 'invalidInput');
  });

  it('paging forward or backward through any log shows every record exactly once', async () => {
    const logArb = fc.dictionary(fc.constantFrom('0', '1', '2'), fc.uniqueArray(fc.nat(60), { maxLength: 25 }).map((a) => a.sort((x, y) => x - y)), { minKeys: 1 });
    await fc.assert(fc.asyncProperty(logArb, fc.integer({ min: 1, max: 7 }), async (log, limit) => {
      const offsets = Object.fromEntries(Object.entries(log).map(([p, os]) => [Number(p), os]));
      const { reader, bounds } = fakeLog(offsets);
      const all = Object.entries(offsets).flatMap(([p, os]) => os.map((o) => `${p}:${o}`)).sort();
      const forward = await pageThrough(reader, bounds, { destination: 't', start: { kind: 'earliest' }, limit }, 'next');
      const backward = await pageThrough(reader, bounds, { destination: 't', start: { kind: 'latest' }, limit }, 'previous');
      assert.deepEqual([...forward].sort(), all);
      assert.deepEqual([...backward].sort(), all);
    }), { numRuns: 150 });
  });
});
