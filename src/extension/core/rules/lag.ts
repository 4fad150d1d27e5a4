/**
 * Consumer lag: one rule for the real Kafka adapter, the simulator's Kafka model, the explorer tree
 * and the groups panel.
 *
 * Kafka's own kafka-consumer-groups tool shows LAG only where the group has a committed offset
 * (high watermark minus the commit) and "-" elsewhere, so its total leaves partitions with no commit
 * out. Those partitions still hold records the group has never read: where the group would start
 * depends on its auto.offset.reset, which the broker does not know. Both figures are kept, apart and
 * labelled: `totalLag` is Kafka's figure; `lagWithoutCommit` is what sits between the log start and
 * the high watermark of the partitions with no commit (what auto.offset.reset=earliest would read).
 */

/** What the rule needs of one partition. */
export interface LagInput {
  /** The group's committed offset; undefined where it has none. */
  readonly committed?: number;
  readonly logStart: number;
  readonly highWatermark: number;
}

/**
 * Records after the group's position: after its commit, or (with no commit) after the log start.
 * As in Kafka's tool, a commit below the log start (retention deleted records since) still counts
 * from the commit.
 */
export function partitionLag(p: LagInput): number {
  return Math.max(0, p.highWatermark - (p.committed ?? p.logStart));
}

/** A group's lag totals, with the two figures apart. */
export interface LagTotals {
  /** Kafka's figure: lag summed over partitions with a committed offset. */
  readonly totalLag: number;
  /** Records on partitions with no committed offset, from the log start (not in `totalLag`). */
  readonly lagWithoutCommit: number;
  /** How many partitions have no committed offset. */
  readonly partitionsWithoutCommit: number;
}

/** Sums lag the way {@link LagTotals} says. */
export function lagTotals(rows: readonly LagInput[]): LagTotals {
  let totalLag = 0;
  let lagWithoutCommit = 0;
  let partitionsWithoutCommit = 0;
  for (const r of rows) {
    if (r.committed === undefined) {
      lagWithoutCommit += partitionLag(r);
      partitionsWithoutCommit++;
    } else {
      totalLag += partitionLag(r);
    }
  }
  return { totalLag, lagWithoutCommit, partitionsWithoutCommit };
}
