/**
 * Messages of the Consumer group panel: a snapshot of the group (header, members, partitions with lag
 * in records and in time) after every poll with the rate history for the charts, and the reset flow
 * (preview, apply exactly the held preview, revert as a preview first). The webview never sends
 * offsets to commit: Apply names no rows, the host applies the preview it computed and holds.
 */
import * as v from 'valibot';
import { command, notification, request } from './ipc.js';

const MAX_PARTITION = 99_999;
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const offset = int(0, Number.MAX_SAFE_INTEGER);
const count = int(0, Number.MAX_SAFE_INTEGER);
const epochMs = v.pipe(v.number(), v.integer(), v.minValue(-8.64e15), v.maxValue(8.64e15));
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(512));

const assignmentSchema = v.array(v.object({ topic: text(512), partitions: v.array(int(0, MAX_PARTITION)) }));

/** A member as the panel shows it. */
export const GroupMemberSchema = v.object({
  memberId: text(1024),
  clientId: text(1024),
  host: text(1024),
  assignments: assignmentSchema,
  targetAssignments: v.optional(assignmentSchema),
  memberEpoch: v.optional(v.number()),
  instanceId: v.optional(text(1024)),
});

/** One partition row. */
export const GroupPartitionSchema = v.object({
  topic: text(512),
  partition: int(0, MAX_PARTITION),
  committed: v.optional(offset),
  logStart: offset,
  highWatermark: offset,
  lag: count,
  lagMs: v.optional(count),
});

/** The group as the panel shows it. */
export const GroupViewSchema = v.object({
  groupId: text(1024),
  state: text(64),
  type: v.optional(text(32)),
  protocolType: v.optional(text(128)),
  protocol: v.optional(text(128)),
  assignor: v.optional(text(128)),
  groupEpoch: v.optional(v.number()),
  assignmentEpoch: v.optional(v.number()),
  coordinator: v.optional(text(300)),
  unsupported: v.optional(v.picklist(['shareGroup'])),
  members: v.array(GroupMemberSchema),
  offsets: v.pipe(v.array(GroupPartitionSchema), v.maxLength(100_000)),
  /** Kafka's figure: lag over the partitions with a committed offset (core/rules/lag.ts). */
  totalLag: count,
  /** Records on partitions with no committed offset, from the log start; not in totalLag. */
  lagWithoutCommit: v.optional(count),
  partitionsWithoutCommit: v.optional(count),
});
export type GroupView = v.InferOutput<typeof GroupViewSchema>;

/** One point of the charts over time (rates in records per second; null before two polls exist). */
export const GroupHistoryPointSchema = v.object({
  at: epochMs,
  totalLag: count,
  consumeRate: v.nullable(v.number()),
  produceRate: v.nullable(v.number()),
});
export type GroupHistoryPoint = v.InferOutput<typeof GroupHistoryPointSchema>;

/** Sent once per ready handshake. */
export const GroupsInitNotification = notification(
  'groups/init',
  v.object({
    connectionId: text(512),
    connectionName: text(512),
    /** The group id, or the queue name when `subject` is queue. */
    groupId: text(1024),
    refreshSeconds: int(1, 3600),
    simulated: v.boolean(),
    /** A Kafka consumer group (default) or a RabbitMQ queue's consumers. */
    subject: v.optional(v.picklist(['group', 'queue'])),
  }),
);

/** Sent after every poll. */
export const GroupsSnapshotNotification = notification(
  'groups/snapshot',
  v.object({
    group: GroupViewSchema,
    history: v.pipe(v.array(GroupHistoryPointSchema), v.maxLength(1000)),
    canRevert: v.boolean(),
    /** Topics a reset can target (the group's own, then every topic). */
    topics: v.pipe(v.array(text(512)), v.maxLength(10_000)),
  }),
);

/** A poll failed (the panel keeps the last snapshot and says why). */
export const GroupsErrorNotification = notification('groups/error', v.object({ message: text(4000) }));

/** Poll now. */
export const GroupsRefreshCommand = command('groups/refresh', v.object({}));

const targetSchema = v.variant('kind', [
  v.object({ kind: v.literal('earliest') }),
  v.object({ kind: v.literal('latest') }),
  v.object({ kind: v.literal('timestamp'), timestamp: epochMs }),
  v.object({
    kind: v.literal('offsets'),
    // JSON turns numeric keys into strings; only partition numbers are accepted.
    offsets: v.pipe(v.record(v.pipe(v.string(), v.regex(/^(0|[1-9]\d{0,4})$/)), offset), v.check((o) => Object.keys(o).length <= MAX_PARTITION + 1, 'too many partitions')),
  }),
  v.object({ kind: v.literal('shift'), by: int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) }),
  v.object({ kind: v.literal('group'), groupId: name }),
]);
export type GroupResetTarget = v.InferOutput<typeof targetSchema>;

const previewRowSchema = v.object({
  partition: int(0, MAX_PARTITION),
  current: v.optional(offset),
  next: offset,
  replayed: count,
  skipped: count,
  cleared: v.optional(v.boolean()),
});

/** A preview as the panel shows it; `revert` marks the preview of a revert. */
export const GroupPreviewSchema = v.object({
  topic: text(512),
  rows: v.pipe(v.array(previewRowSchema), v.maxLength(MAX_PARTITION + 1)),
  revert: v.boolean(),
});
export type GroupPreview = v.InferOutput<typeof GroupPreviewSchema>;

/** Computes a reset preview (changes nothing); the host holds it for Apply. */
export const GroupsPreviewRequest = request(
  'groups/preview',
  v.object({ topic: name, partitions: v.optional(v.pipe(v.array(int(0, MAX_PARTITION)), v.minLength(1), v.maxLength(MAX_PARTITION + 1))), target: targetSchema }),
  GroupPreviewSchema,
);

/** Computes the revert of the last applied reset as a preview; the host holds it for Apply. */
export const GroupsPreviewRevertRequest = request('groups/previewRevert', v.object({}), GroupPreviewSchema);

/** Applies the preview the host holds (the one last shown); returns what was committed. */
export const GroupsApplyRequest = request('groups/apply', v.object({}), GroupPreviewSchema);

/** Other groups of the connection, for "copy from another group". */
export const GroupsListRequest = request('groups/list', v.object({}), v.object({ groupIds: v.pipe(v.array(text(1024)), v.maxLength(10_000)) }));

/** A RabbitMQ queue's consumers as the panel shows them. */
export const QueueViewSchema = v.object({
  queue: text(1024),
  type: v.optional(text(32)),
  ready: count,
  unacked: count,
  singleActiveConsumer: v.boolean(),
  consumers: v.pipe(
    v.array(v.object({ tag: text(1024), channel: text(1024), prefetch: count, ackMode: v.picklist(['manual', 'auto']), active: v.boolean(), activityStatus: v.optional(text(64)) })),
    v.maxLength(100_000),
  ),
});
export type QueueView = v.InferOutput<typeof QueueViewSchema>;

/** One point of the queue charts (rates in messages per second as the broker samples them; null where it does not). */
export const QueueHistoryPointSchema = v.object({
  at: epochMs,
  ready: count,
  unacked: count,
  publishRate: v.nullable(v.number()),
  deliverRate: v.nullable(v.number()),
  ackRate: v.nullable(v.number()),
});
export type QueueHistoryPoint = v.InferOutput<typeof QueueHistoryPointSchema>;

/** Sent after every poll of a queue's consumers. */
export const QueueSnapshotNotification = notification(
  'groups/queueSnapshot',
  v.object({ queue: QueueViewSchema, history: v.pipe(v.array(QueueHistoryPointSchema), v.maxLength(1000)) }),
);
