/**
 * The per-partition browse streams (core/browse/partitionStreams.ts) over a chunk reader that answers
 * the way a Kafka Fetch does: whole record batches, so a chunk may start before the asked offset;
 * compaction gaps and control batches seen only through a batch's last offset; a control batch at the
 * end of the log with no visible record. Pure logic: the reader is a list of batches in memory.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { browsePartitions, type PartitionedLog } from '../../../src/extension/core/browse/partitionPager.js';
import { BackwardStream, ForwardStream, MAX_BACKWARD_WINDOW, type PartitionStream } from '../../../src/extension/core/browse/partitionStreams.js';
import type { BrowseRequest } from '../../../src/extension/core/model/browse.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';

/** One record batch: its offset range and the offsets of its visible records (none for a control batch). */
interface Batch {
  readonly first: number;
  readonly last: number;
  readonly records: readonly number[];
}

const record = (p: number, o: number): BrokerRecord => ({ id: `${p}:${o}`, destination: 't', partition: p, offset: o, timestamp: 1000 + o, key: null, value: new TextEncoder().encode(String(o)), headers: {}, size: 1 });

/**
 * A log read like Fetch (every partition holds the same batches): every batch whose last offset is at or after `from`, at most
 * `batchesPerRead` of them, whole (records before `from` included); a batch starting at or past
 * `until` comes back without records, as the decoder leaves it. No batch: the end of the log.
 */
function fetchLike(batches: readonly Batch[], batchesPerRead = 2): PartitionedLog & { reads: { from: number; until: number }[]; kept: number } {
  const log = {
    reads: [] as { from: number; until: number }[],
    kept: 0,
    read: async (partition: number, from: number, until: number) => {
      log.reads.push({ from, until });
      // A stream that stops advancing fails the test instead of hanging it.
      if (log.reads.length > 10_000) throw new Error(`read ${log.reads.length} times; last from ${from} until ${until}`);
      const answer = batches.filter((b) => b.last >= from).slice(0, batchesPerRead);
      return {
        records: answer.flatMap((b) => (b.first < until ? b.records.map((o) => record(partition, o)) : [])),
        lastOffset: answer.length ? answer[answer.length - 1]!.last : undefined,
      };
    },
    keep: (view: BrokerRecord): BrokerRecord => {
      log.kept++;
      return { ...view, id: `kept ${view.id}` };
    },
    offsetsForTimestamp: async (partitions: readonly number[], timestamp: number) =>
      new Map(partitions.map((p) => [p, batches.flatMap((b) => b.records).find((o) => 1000 + o >= timestamp)])),
  };
  return log;
}

/** Offsets [first, last] in one batch, every one visible. */
const dense = (first: number, last: number): Batch => ({ first, last, records: Array.from({ length: last - first + 1 }, (_, i) => first + i) });
const everything = (): boolean => true;

async function drain(stream: PartitionStream): Promise<number[]> {
  const out: number[] = [];
  for (let r = await stream.head(); r; r = await stream.head()) {
    out.push(r.offset!);
    stream.take();
  }
  return out;
}

const page = (log: PartitionedLog, request: Omit<BrowseRequest, 'destination'>, high: number, low = 0) =>
  browsePartitions(log, { destination: 't', ...request }, [{ partition: 0, low, high }], 'topic "t"');

describe('partition streams over a Fetch-like chunk reader', () => {
  it('skips the records of a batch that starts before the asked offset, and counts only what it read', async () => {
    const log = fetchLike([dense(0, 4), dense(5, 9)]);
    const forward = new ForwardStream(log, 0, 3, 10, everything, { remaining: 100 });
    assert.deepEqual(await drain(forward), [3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([forward.position(), forward.scanned()], [10, 7]);
    assert.equal(log.reads[0]!.from, 3, 'asked from its position');
    const p = await page(log, { start: { kind: 'offset', offset: 3 }, limit: 3 }, 10);
    assert.deepEqual(p.records.map((r) => r.offset), [3, 4, 5]);
    assert.equal(p.scanned, 3);
    assert.deepEqual(p.next, { direction: 'forward', positions: { 0: 6 } });
    assert.deepEqual(p.previous, { direction: 'backward', positions: { 0: 3 } });
  });

  it('steps over a compaction gap and a batch compacted empty, forward and backward', async () => {
    // 1-3 compacted out of the first batch, 5-9 a batch left with no record, 10-14 keeps 12.
    const batches: Batch[] = [{ first: 0, last: 4, records: [0, 4] }, { first: 5, last: 9, records: [] }, { first: 10, last: 14, records: [12] }, dense(15, 16)];
    const forward = new ForwardStream(fetchLike(batches, 1), 0, 0, 17, everything, { remaining: 100 });
    assert.deepEqual(await drain(forward), [0, 4, 12, 15, 16]);
    assert.deepEqual([forward.position(), forward.scanned()], [17, 5]);
    const backward = new BackwardStream(fetchLike(batches, 1), 0, 17, 0, 2, everything, { remaining: 100 });
    assert.deepEqual(await drain(backward), [16, 15, 12, 4, 0]);
    assert.deepEqual([backward.position(), backward.scanned()], [0, 5]);
    // Paged: every record once, in both directions, and no page past the ends.
    const log = fetchLike(batches, 1);
    const shown: number[] = [];
    let p = await page(log, { start: { kind: 'latest' }, limit: 2 }, 17);
    for (let i = 0; i < 10; i++) {
      shown.unshift(...p.records.map((r) => r.offset!));
      if (!p.previous) break;
      p = await page(log, { start: { kind: 'cursor', cursor: p.previous }, limit: 2 }, 17);
    }
    assert.deepEqual(shown, [0, 4, 12, 15, 16]);
    assert.equal(p.previous, undefined);
  });

  it('ends at a control batch with no records at the end of the log', async () => {
    // A transaction's commit marker: offset 5 is a control batch, so the high watermark is 6.
    const batches: Batch[] = [dense(0, 4), { first: 5, last: 5, records: [] }];
    const forward = await page(fetchLike(batches), { start: { kind: 'offset', offset: 3 }, limit: 10 }, 6);
    assert.deepEqual(forward.records.map((r) => r.offset), [3, 4]);
    assert.equal(forward.next, undefined, 'the marker is stepped over: nothing is left after the page');
    const latest = await page(fetchLike(batches), { start: { kind: 'latest' }, limit: 2 }, 6);
    assert.deepEqual(latest.records.map((r) => r.offset), [3, 4]);
    assert.deepEqual([latest.scanned, latest.previous], [2, { direction: 'backward', positions: { 0: 3 } }]);
    assert.deepEqual(latest.next, undefined);
    // From the marker itself: nothing to show, and the stream does not loop on an empty answer.
    const atMarker = new ForwardStream(fetchLike(batches), 0, 5, 6, everything, { remaining: 100 });
    assert.deepEqual([await atMarker.head(), atMarker.position(), atMarker.scanned()], [undefined, 6, 0]);
  });

  it('stops where the reader has nothing yet (no batch at all), without spinning', async () => {
    const log = fetchLike([dense(0, 2)]);
    const stream = new ForwardStream(log, 0, 0, 10, everything, { remaining: 100 });
    assert.deepEqual(await drain(stream), [0, 1, 2]);
    assert.equal(stream.position(), 3);
    assert.ok(log.reads.length <= 3, `${log.reads.length} reads`);
  });

  it('keeps only matching records, through the reader\'s keep()', async () => {
    const log = fetchLike([dense(0, 9)]);
    const p = await page(log, { start: { kind: 'earliest' }, limit: 10, filter: { kind: 'expression', expression: 'offset >= 7' } }, 10);
    assert.deepEqual(p.records.map((r) => r.id), ['kept 0:7', 'kept 0:8', 'kept 0:9']);
    assert.deepEqual([p.scanned, log.kept], [10, 3]);
  });

  it('widens the backward window by doubling, up to 10,000 offsets and never past the scan budget', async () => {
    const log = fetchLike([dense(0, 99_999)], 1_000_000);
    const stream = new BackwardStream(log, 0, 100_000, 0, 3, () => false, { remaining: 40_000 });
    assert.equal(await stream.head(), undefined);
    const widths = log.reads.map((r) => r.until - r.from);
    assert.deepEqual(widths.slice(0, 6), [3, 6, 12, 24, 48, 96]);
    assert.ok(widths.every((w) => w <= MAX_BACKWARD_WINDOW), `${Math.max(...widths)}`);
    assert.ok(widths.includes(MAX_BACKWARD_WINDOW));
    assert.equal(widths.reduce((a, b) => a + b, 0), 40_000, 'the last window is cut to the budget left');
    assert.deepEqual([stream.capped, stream.scanned(), stream.position()], [true, 40_000, 60_000]);
  });

  it('drops matches beyond twice the page size and gives their budget back, so the next page reads them again', async () => {
    // Matches only below 50: windows of 2, 4, 8, 16 miss, the 32-wide one [38, 70) holds 12 matches.
    const log = fetchLike([dense(0, 99)], 1000);
    const filter = { kind: 'expression' as const, expression: 'offset < 50' };
    const latest = await page(log, { start: { kind: 'latest' }, limit: 2, maxScan: 1000, filter }, 100);
    assert.deepEqual(latest.records.map((r) => r.offset), [48, 49]);
    assert.equal(latest.scanned, 2 + 4 + 8 + 16 + 22, 'the dropped 38-47 are not counted');
    assert.deepEqual(latest.previous, { direction: 'backward', positions: { 0: 48 } });
    const older = await page(log, { start: { kind: 'cursor', cursor: latest.previous! }, limit: 2, maxScan: 1000, filter }, 100);
    assert.deepEqual([older.records.map((r) => r.offset), older.scanned], [[46, 47], 2]);
    // The dropped records' budget is given back: another partition (matches only below 20) gets to
    // read with it in the same page, so the scan uses all of maxScan (52 + 80) and partition 1's
    // cursor reaches 20; without the give-back it would stop at 30 after 122.
    const two = fetchLike([dense(0, 99)], 1000);
    const shared = await browsePartitions(two, {
      destination: 't', start: { kind: 'latest' }, limit: 2, maxScan: 132,
      filter: { kind: 'expression', expression: 'partition == 0 && offset < 50 || partition == 1 && offset < 20' },
    }, [{ partition: 0, low: 0, high: 100 }, { partition: 1, low: 0, high: 100 }], 'topic "t"');
    assert.deepEqual(shared.records.map((r) => r.id), ['kept 0:48', 'kept 0:49']);
    assert.deepEqual([shared.scanned, shared.previous], [132, { direction: 'backward', positions: { 0: 48, 1: 20 } }]);
  });
  it('never scans past maxScan while partitions read in parallel, whichever answers first', async () => {
    // Six partitions, no match, replies in the order asked but each a macrotask later (as over a
    // network): backward windows used to be sized from a budget the others were still spending, so
    // the page read 2,000 records for a maxScan of 1,000.
    const slow: PartitionedLog = {
      read: async (partition, from, until) => {
        await new Promise((resolve) => setImmediate(resolve));
        const n = Math.min(until - from, 256);
        return { records: Array.from({ length: n }, (_, i) => record(partition, from + i)), lastOffset: from + n - 1 };
      },
      offsetsForTimestamp: async () => new Map(),
    };
    const bounds = Array.from({ length: 6 }, (_, partition) => ({ partition, low: 0, high: 100_000 }));
    for (const kind of ['latest', 'earliest'] as const) {
      const p = await browsePartitions(slow, { destination: 't', start: { kind }, limit: 100, maxScan: 1000, filter: { kind: 'expression', expression: 'offset < 0' } }, bounds, 'topic "t"');
      assert.deepEqual([p.records.length, p.scanned, p.scanCapped], [0, 1000, true], kind);
    }
  });
  it('pages through any Fetch-shaped log, any scan limit, replies in parallel: every record once, each counted once', async () => {
    // Batches of 1-6 offsets, some with gaps, some control batches; the reader answers 1-3 batches a
    // macrotask later; timestamps repeat (ties). Forward from the start and backward from the end.
    const batchesArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 12 }).map((specs) => {
      const out: Batch[] = [];
      let at = 0;
      for (const [size, gap, control] of specs) {
        out.push({ first: at, last: at + size - 1, records: control ? [] : Array.from({ length: size }, (_, i) => at + i).filter((_, i) => i % (gap + 1) === 0) });
        at += size;
      }
      return out;
    });
    await fc.assert(fc.asyncProperty(fc.array(batchesArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.integer({ min: 1, max: 3 }), async (partitions, limit, maxScan, filtered, perRead) => {
      const log: PartitionedLog = {
        read: async (partition, from, until) => {
          await new Promise((resolve) => setImmediate(resolve));
          const answer = partitions[partition]!.filter((b) => b.last >= from).slice(0, perRead);
          const records = answer.flatMap((b) => (b.first < until ? b.records.map((o) => ({ ...record(partition, o), timestamp: o % 5 })) : []));
          return { records, lastOffset: answer.length ? answer[answer.length - 1]!.last : undefined };
        },
        offsetsForTimestamp: async () => new Map(),
      };
      const bounds = partitions.map((bs, partition) => ({ partition, low: 0, high: bs.length ? bs[bs.length - 1]!.last + 1 : 0 }));
      const filter = filtered ? { filter: { kind: 'expression' as const, expression: 'value.endsWith("1") || value.endsWith("4")' } } : {};
      const visible = partitions.flatMap((bs, p) => bs.flatMap((b) => b.records).map((o) => ({ id: `${p}:${o}`, o })));
      const wanted = visible.filter((r) => !filtered || /[14]$/.test(String(r.o))).map((r) => r.id).sort();
      for (const [kind, dir] of [['earliest', 'next'], ['latest', 'previous']] as const) {
        const seen: string[] = [];
        let scanned = 0;
        let p = await browsePartitions(log, { destination: 't', start: { kind }, limit, maxScan, ...filter }, bounds, 'topic "t"');
        for (let i = 0; ; i++) {
          assert.ok(p.scanned <= maxScan, `${kind}: scanned ${p.scanned} of at most ${maxScan}`);
          seen.push(...p.records.map((r) => r.id));
          scanned += p.scanned;
          if (!p[dir]) break;
          assert.ok(i < 1000, `${kind}: paging ends`);
          p = await browsePartitions(log, { destination: 't', start: { kind: 'cursor', cursor: p[dir]! }, limit, maxScan, ...filter }, bounds, 'topic "t"');
        }
        assert.deepEqual(seen.sort(), wanted, kind);
        assert.equal(scanned, visible.length, `${kind}: every visible record counted once over all pages`);
      }
    }), { numRuns: 100 });
  });
});
