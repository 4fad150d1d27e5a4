/**
 * Consumer groups (Kafka, and the simulator's Kafka model) and offset resets with a preview.
 */

/** A consumer group as listed. */
export interface GroupSummary {
  readonly groupId: string;
  /** Kafka states: Empty, Stable, PreparingRebalance, CompletingRebalance, Dead, Unknown. */
  readonly state: string;
  readonly protocolType?: string;
  /**
   * Kafka 4 group type from ListGroups v5: `classic` (JoinGroup/SyncGroup), `consumer` (KIP-848's
   * consumer protocol, `group.protocol=consumer`) or `share` (KIP-932). Absent on older brokers.
   */
  readonly type?: string;
}

/** One member of a group. */
export interface GroupMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  readonly assignments: readonly { readonly topic: string; readonly partitions: readonly number[] }[];
  /** Consumer protocol: what the coordinator wants the member to own once it has reconciled. */
  readonly targetAssignments?: readonly { readonly topic: string; readonly partitions: readonly number[] }[];
  /** Consumer protocol: the member's epoch (it lags the group epoch while reconciling). */
  readonly memberEpoch?: number;
  /** Static membership (group.instance.id), where set. */
  readonly instanceId?: string;
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
  /** Classic: the assignor the members agreed on (range, cooperative-sticky, ...). */
  readonly protocol?: string;
  /** Consumer protocol: the server-side assignor (uniform, range). */
  readonly assignor?: string;
  /** Consumer protocol: the group epoch and the epoch of the current target assignment. */
  readonly groupEpoch?: number;
  readonly assignmentEpoch?: number;
  /** The broker coordinating the group, as host:port (node id). */
  readonly coordinator?: string;
  /** Set where BrokerLens lists a group but cannot show its details yet (share groups); the UI words it. */
  readonly unsupported?: 'shareGroup';
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
  /**
   * A revert that removes the committed offset (there was none before the reset; only the simulator
   * can un-commit): the consumer then starts from its reset policy; `next` is the log start.
   */
  readonly cleared?: boolean;
}

/** A computed reset, shown to the user before it is applied; apply takes exactly this. */
export interface OffsetResetPreview {
  readonly request: OffsetResetRequest;
  readonly rows: readonly OffsetResetRow[];
  readonly computedAt: number;
}
