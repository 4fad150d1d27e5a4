/**
 * Consumer groups (Kafka, and the simulator's Kafka model) and offset resets with a preview.
 */

/** A consumer group as listed. */
export interface GroupSummary {
  readonly groupId: string;
  /** Kafka states: Empty, Stable, PreparingRebalance, CompletingRebalance, Dead, Unknown. */
  readonly state: string;
  readonly protocolType?: string;
}

/** One member of a group. */
export interface GroupMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  readonly assignments: readonly { readonly topic: string; readonly partitions: readonly number[] }[];
}

/** Committed offset and lag of one partition. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Undefined when the group never committed on this partition. */
  readonly committed?: number;
  readonly logStart: number;
  readonly highWatermark: number;
  /** highWatermark - committed (or - logStart when nothing is committed); core/rules/lag.ts. */
  readonly lag: number;
  /** Age in ms of the oldest unconsumed record, where it could be read. */
  readonly lagMs?: number;
}

/** Everything about one group. */
export interface GroupDetail extends GroupSummary {
  readonly protocol?: string;
  readonly members: readonly GroupMember[];
  readonly offsets: readonly PartitionLag[];
  /** Kafka's figure: lag over partitions with a committed offset only (core/rules/lag.ts). */
  readonly totalLag: number;
  /** Records on partitions with no committed offset, from the log start; not in `totalLag`. */
  readonly lagWithoutCommit: number;
  /** How many of `offsets` have no committed offset. */
  readonly partitionsWithoutCommit: number;
}

/** How to move a group's offsets. */
export type OffsetResetTarget =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  /** Exact offsets per partition. */
  | { readonly kind: 'offsets'; readonly offsets: Readonly<Record<number, number>> }
  | { readonly kind: 'shift'; readonly by: number }
  | { readonly kind: 'group'; readonly groupId: string };

/** A reset request: which group, which topic, optionally which partitions (default: all). */
export interface OffsetResetRequest {
  readonly groupId: string;
  readonly topic: string;
  readonly partitions?: readonly number[];
  readonly target: OffsetResetTarget;
}

/**
 * One partition of a preview (computed by core/rules/offsetReset.ts). Where the group has no committed
 * offset (`current` undefined), `replayed` counts against the log end (where auto.offset.reset=latest
 * would have started) and `skipped` against the log start (auto.offset.reset=earliest).
 */
export interface OffsetResetRow {
  readonly partition: number;
  readonly current?: number;
  readonly next: number;
  /** Positive: records that will be consumed again. */
  readonly replayed: number;
  /** Positive: records that will be skipped. */
  readonly skipped: number;
  /** The partition's log start and end when the preview was computed. */
  readonly logStart: number;
  readonly logEnd: number;
  /** Only in a revert: the group had no commit here before, so the commit is deleted (`next` is moot). */
  readonly clears?: true;
}

/** A computed reset, shown to the user before it is applied; apply takes exactly this. */
export interface OffsetResetPreview {
  readonly request: OffsetResetRequest;
  readonly rows: readonly OffsetResetRow[];
  readonly computedAt: number;
}
