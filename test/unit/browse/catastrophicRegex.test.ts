/**
 * User regular expressions cannot freeze the extension host (issue 14, defect 4): the Browse filter,
 * the live tail and the expression language's `matches` run patterns that make a backtracking engine
 * take seconds or minutes (^(a+)+$ over 29 bytes took about 20 s), while a heartbeat on the event loop
 * measures how late it fires. It must never be late by more than 100 ms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilter } from '../../../src/extension/core/browse/filter.js';
import { compileUserRegex } from '../../../src/extension/core/browse/userRegex.js';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import type { BrowseFilter } from '../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';
import { VirtualClock } from '../../../src/extension/core/simulator/clock.js';
import type { BrowseRow } from '../../../src/extension/protocol/browsePanel.js';
import { BrowseSession } from '../../../src/extension/panels/browse/session.js';

/** Known catastrophic patterns for backtracking engines, and an input each one chokes on. */
const EVIL: readonly { pattern: string; input: string }[] = [
  { pattern: '^(a+)+$', input: `${'a'.repeat(28)}!` },
  { pattern: '(a|aa)+$', input: `${'a'.repeat(40)}!` },
  { pattern: '^(a|a?)+$', input: `${'a'.repeat(30)}!` },
  { pattern: '(.*a){20}', input: `${'a'.repeat(19)}${'b'.repeat(20)}` },
  { pattern: '^(([a-z])+.)+[A-Z]([a-z])+$', input: `${'aaaaaaaaaaaaaaaaaaaaaaaaaaaa'}!` },
  { pattern: '(x+x+)+y', input: 'x'.repeat(40) },
];

/** Runs `work` with a 10 ms heartbeat; returns how late the latest beat was, in ms. */
async function worstLateness(work: () => Promise<void>): Promise<number> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  try {
    await work();
    // One more beat after the work, so a block at its very end is measured too.
    await new Promise((r) => setTimeout(r, 25));
  } finally {
    clearInterval(timer);
  }
  return worst;
}

const enc = new TextEncoder();
const record = (value: string, offset: number): BrokerRecord => ({ id: `0:${offset}`, destination: 't', partition: 0, offset, timestamp: 0, size: value.length, key: enc.encode(value), value: enc.encode(value), headers: { h: enc.encode(value) } });
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('catastrophic user regexes on the host', () => {
  it('the text filter and the expression language: every pattern, every field, the heartbeat stays on time', async () => {
    const late = await worstLateness(async () => {
      for (const { pattern, input } of EVIL) {
        const filters: BrowseFilter[] = [
          { kind: 'text', field: 'value', pattern, regex: true },
          { kind: 'text', field: 'key', pattern, regex: true, caseSensitive: true },
          { kind: 'text', field: 'header', pattern, regex: true },
          { kind: 'expression', expression: `matches(value, ${JSON.stringify(pattern)})` },
          { kind: 'expression', expression: `key.matches(${JSON.stringify(pattern)}) || headers.h.matches(${JSON.stringify(pattern)})` },
        ];
        for (const filter of filters) {
          const keep = compileFilter(filter);
          // 100 records per filter, yielding between records as a page scan does between batches.
          for (let i = 0; i < 100; i++) {
            assert.equal(keep(record(input, i)), false, `${pattern} must not match ${input}`);
            if (i % 20 === 0) await yieldToLoop();
          }
        }
      }
    });
    assert.ok(late < 100, `the heartbeat was ${late.toFixed(1)} ms late`);
  });

  it('RE2 still matches what the pattern means', () => {
    assert.equal(compileUserRegex('^(a+)+$').test('aaaa'), true);
    assert.equal(compileUserRegex('ORDER-\\d+', { caseInsensitive: true }).test('x order-42 y'), true);
    assert.equal(compileUserRegex('(x+x+)+y').test('xxxy'), true);
  });

  it('refuses look-around, backreferences and oversized patterns with a sentence, before reading', () => {
    for (const pattern of ['(?=a)a', '(a)\\1', 'a{1000}{1000}', 'a'.repeat(2000)]) {
      assert.throws(() => compileFilter({ kind: 'text', field: 'value', pattern, regex: true }), (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && /not a valid regular expression/.test(e.message), pattern);
    }
    assert.throws(() => compileFilter({ kind: 'expression', expression: 'matches(value, "(?<=a)b")' }), (e: unknown) => isBrokerError(e) && /look-around/.test(e.message));
  });

  it('a Browse page and the live tail over evil records, through the simulator adapter', async () => {
    const [, kafka] = createSimulatorAdapters(new VirtualClock(Date.UTC(2026, 10, 25))) as [BrokerAdapter, BrokerAdapter];
    await kafka.connect();
    await kafka.createDestination({ kind: 'topic', name: 'harden.evil', partitions: 1, replicationFactor: 1 });
    const rows: BrowseRow[] = [];
    const session = new BrowseSession(kafka, { destination: 'harden.evil', connectionName: 'Simulator' }, { onTailRows: (r) => rows.push(...r), onTailEnded: () => undefined }, { flushMs: 1 });
    const filter = { kind: 'text' as const, field: 'value' as const, pattern: '^(a+)+$', regex: true, caseSensitive: false };
    const late = await worstLateness(async () => {
      session.startTail({ filter });
      await kafka.publish({ destination: 'harden.evil' }, [...Array.from({ length: 200 }, () => ({ value: `${'a'.repeat(28)}!` })), { value: 'aaaa' }]);
      for (let i = 0; i < 200 && rows.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      const result = await session.load({ start: { kind: 'earliest' }, limit: 500, acceptRequeue: false, filter });
      assert.equal(result.status, 'page');
      assert.deepEqual(result.status === 'page' ? result.page.records.map((r) => r.valuePreview) : [], ['aaaa']);
    });
    session.dispose();
    assert.deepEqual(rows.map((r) => r.valuePreview), ['aaaa'], 'the tail shows only the record that matches');
    assert.ok(late < 100, `the heartbeat was ${late.toFixed(1)} ms late`);
  });
});
