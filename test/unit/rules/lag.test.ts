/**
 * The one lag rule (core/rules/lag.ts): Kafka's total over committed partitions, and apart from it
 * what sits on partitions with no commit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lagTotals, partitionLag } from '../../../src/extension/core/rules/lag.js';

describe('lag rule', () => {
  it('counts from the commit, or from the log start with no commit; never below zero', () => {
    assert.equal(partitionLag({ committed: 5, logStart: 0, highWatermark: 20 }), 15);
    assert.equal(partitionLag({ logStart: 40, highWatermark: 90 }), 50);
    assert.equal(partitionLag({ committed: 95, logStart: 40, highWatermark: 90 }), 0);
    // As kafka-consumer-groups does: a commit retention has passed still counts from the commit.
    assert.equal(partitionLag({ committed: 10, logStart: 40, highWatermark: 90 }), 80);
  });

  it("keeps Kafka's total (committed partitions) apart from partitions with no commit", () => {
    // Issue 15: the tree once counted the 1,700 records of a never-committed partition in the total.
    const totals = lagTotals([
      { committed: 3000, logStart: 0, highWatermark: 6200 },
      { logStart: 0, highWatermark: 1700 },
      { logStart: 100, highWatermark: 100 },
    ]);
    assert.deepEqual(totals, { totalLag: 3200, lagWithoutCommit: 1700, partitionsWithoutCommit: 2 });
    assert.deepEqual(lagTotals([]), { totalLag: 0, lagWithoutCommit: 0, partitionsWithoutCommit: 0 });
  });
});
