/**
 * The one offset-reset rule (core/rules/offsetReset.ts) the real Kafka adapter and the simulator both
 * call. The contract suite checks the two sides agree on real brokers; this pins the rule itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { planOffsetReset, resetTotals, rowChanges, validateResetRequest, type PartitionPosition } from '../../../src/extension/core/rules/offsetReset.js';

const positions: PartitionPosition[] = [
  { partition: 1, committed: 600, logStart: 0, logEnd: 1000 },
  { partition: 0, logStart: 0, logEnd: 1700 },
  { partition: 2, committed: 50, logStart: 40, logEnd: 90 },
];
const plan = (target: Parameters<typeof planOffsetReset>[0]['target'], extra: Partial<Parameters<typeof planOffsetReset>[0]> = {}) =>
  planOffsetReset({ groupId: 'g', topic: 't', target, positions, ...extra }).map((r) => [r.partition, r.current, r.next, r.replayed, r.skipped]);
const refused = (pattern: RegExp) => (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && pattern.test(e.message);

describe('offset reset rule', () => {
  it('a partition with no commit that gets one is a change, counted against log end and log start', () => {
    // Issue 15: "partition 0: none → 0 (no change)" hid 1,700 replays; the headline said 3,200 (really 4,900).
    const rows = planOffsetReset({ groupId: 'g', topic: 't', target: { kind: 'earliest' }, positions: [{ partition: 0, logStart: 0, logEnd: 1700 }, { partition: 1, committed: 3200, logStart: 0, logEnd: 4000 }] });
    assert.deepEqual(rows.map((r) => [r.partition, r.current, r.next, r.replayed, r.skipped]), [[0, undefined, 0, 1700, 0], [1, 3200, 0, 3200, 0]]);
    assert.deepEqual(resetTotals(rows), { replayed: 4900, skipped: 0, firstCommits: 1 });
    assert.equal(rowChanges(rows[0]!), true);
    assert.deepEqual([rows[0]!.logStart, rows[0]!.logEnd], [0, 1700]);
  });

  it('earliest, latest, sorted by partition, clamped to the log', () => {
    assert.deepEqual(plan({ kind: 'earliest' }), [[0, undefined, 0, 1700, 0], [1, 600, 0, 600, 0], [2, 50, 40, 10, 0]]);
    assert.deepEqual(plan({ kind: 'latest' }), [[0, undefined, 1700, 0, 1700], [1, 600, 1000, 0, 400], [2, 50, 90, 0, 40]]);
  });

  it('to a time: the first offset at or after it, else the log end', () => {
    const offsetsForTime = new Map<number, number | undefined>([[0, 100], [1, undefined], [2, 45]]);
    assert.deepEqual(plan({ kind: 'timestamp', timestamp: 1 }, { offsetsForTime }), [[0, undefined, 100, 1600, 100], [1, 600, 1000, 0, 400], [2, 50, 45, 5, 0]]);
  });

  it('exact offsets are clamped; partitions the map leaves out are left out', () => {
    assert.deepEqual(plan({ kind: 'offsets', offsets: { 1: 5000, 2: 0 } }), [[1, 600, 1000, 0, 400], [2, 50, 40, 10, 0]]);
  });

  it('shift-by moves from the commit, clamped, and is refused where there is no commit (as Kafka does)', () => {
    const committedOnly = positions.filter((p) => p.committed !== undefined);
    assert.deepEqual(planOffsetReset({ groupId: 'g', topic: 't', target: { kind: 'shift', by: -100 }, positions: committedOnly }).map((r) => [r.partition, r.next]), [[1, 500], [2, 40]]);
    assert.throws(() => plan({ kind: 'shift', by: -100 }), refused(/partition 0 of topic "t" has no committed offset/));
  });

  it("copies another group's commits where it has them, and refuses a group with none", () => {
    assert.deepEqual(plan({ kind: 'group', groupId: 'o' }, { otherGroup: new Map([[0, 10]]) }), [[0, undefined, 10, 1690, 10]]);
    assert.throws(() => plan({ kind: 'group', groupId: 'o' }, { otherGroup: new Map() }), refused(/group "o" has no committed offsets/));
  });

  it('refuses fractions, unknown partitions and bad times instead of truncating them', () => {
    assert.throws(() => validateResetRequest('g', 't', { kind: 'offsets', offsets: { 0: 1.5 } }, 3), refused(/partition 0 \(1\.5\) is not a whole number/));
    assert.throws(() => validateResetRequest('g', 't', { kind: 'shift', by: 0.5 }, 3), refused(/not a whole number/));
    assert.throws(() => validateResetRequest('g', 't', { kind: 'earliest' }, 3, [0, 3]), refused(/no partition 3\. Pick partitions from 0 to 2/));
    assert.throws(() => validateResetRequest('g', 't', { kind: 'timestamp', timestamp: Number.NaN }, 3), refused(/not a valid date/));
    assert.doesNotThrow(() => validateResetRequest('g', 't', { kind: 'offsets', offsets: { 2: 7 } }, 3, [2]));
  });
});
