/**
 * Consumer groups of every Kafka 4 type: list, describe (members and what they are assigned), committed offsets and lag,
 * including how old the oldest unconsumed record is (lagMs), read with one group-less fetch.
 */
import { assertTypedName } from '../../rules/typedName.js';
import { AssignerProtocol, type Admin } from 'kafkajs';
import { lagTotals, partitionLag } from '../../rules/lag.js';
import { BrokerError } from '../../model/errors.js';
import type { GroupDetail, GroupMember, GroupSummary, PartitionLag } from '../../model/groups.js';
import { consumerGroupDescribe, describesConsumerGroups, groupError, listGroupsOn, listsGroupStates } from './groupProtocol.js';
import type { InternalBroker, InternalCluster } from './internals.js';
import type { PartitionBounds, PartitionReader } from './partitionReader.js';

/** Committed offsets of a group per topic and partition; partitions with nothing committed are absent. */
export type CommittedOffsets = Map<string, Map<number, number>>;

/**
 * kafkajs hides why no coordinator was found (an ACL refusal looks like "not found"); ask one broker
 * directly so the user hears the real reason.
 */
export async function withCoordinator<T>(cluster: InternalCluster, groupId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if ((e as Error).name !== 'KafkaJSGroupCoordinatorNotFound') throw e;
    const metadata = await cluster.metadata({ topics: [] }).catch(() => undefined);
    const nodeId = metadata?.brokers[0]?.nodeId;
    if (nodeId !== undefined) {
      const broker = await cluster.findBroker({ nodeId });
      await broker.findGroupCoordinator({ groupId, coordinatorType: 0 }); // throws the broker's own error
    }
    throw e;
  }
}

/** The group's coordinator broker (one FindCoordinator request), with the real reason when there is none. */
export function findCoordinator(cluster: InternalCluster, groupId: string): Promise<InternalBroker> {
  return withCoordinator(cluster, groupId, () => cluster.findGroupCoordinator({ groupId }));
}

/**
 * A request to a coordinator found earlier, retried twice on a retriable error (the coordinator still
 * loading the group's offsets), as kafkajs's admin retries its own calls.
 */
async function onCoordinator<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= 2 || (e as { retriable?: boolean }).retriable !== true) throw e;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

/**
 * Committed offsets of a group, optionally for some topics only. With `coordinator` (found once by the
 * caller) the OffsetFetch goes straight to it; without, kafkajs's admin looks the coordinator up again.
 */
export async function committedOffsets(
  admin: Admin,
  cluster: InternalCluster,
  groupId: string,
  topics?: readonly string[],
  coordinator?: InternalBroker,
): Promise<CommittedOffsets> {
  // Always ask for every topic and filter here: kafkajs's fetchOffsets with topics adds them to the
  // admin's metadata targets for good, and once one is deleted every later admin call fails.
  const response = coordinator
    ? (await onCoordinator(() => coordinator.offsetFetch({ groupId, topics: [] }))).responses
    : await withCoordinator(cluster, groupId, () => admin.fetchOffsets({ groupId }));
  const out: CommittedOffsets = new Map();
  for (const t of response) {
    if (topics && !topics.includes(t.topic)) continue;
    const partitions = new Map<number, number>();
    for (const p of t.partitions) {
      const offset = Number(p.offset);
      if (offset >= 0) partitions.set(p.partition, offset);
    }
    if (partitions.size > 0 || topics?.includes(t.topic)) out.set(t.topic, partitions);
  }
  return out;
}

/**
 * Every group with its state and type. ListGroups goes to every broker (each lists the groups it
 * coordinates); from v4 it carries the state and from v5 the type (classic, consumer, share). Only a
 * broker older than v4 makes BrokerLens describe the listed groups in one batch for their states.
 */
export async function listGroups(admin: Admin, cluster: InternalCluster): Promise<GroupSummary[]> {
  const metadata = await cluster.metadata({ topics: [] });
  const brokers = await Promise.all(metadata.brokers.map((b) => cluster.findBroker({ nodeId: b.nodeId })));
  if (brokers.length === 0 || !brokers.every(listsGroupStates)) return listClassicGroups(admin);
  const byId = new Map<string, GroupSummary>();
  for (const listed of await Promise.all(brokers.map(listGroupsOn))) {
    for (const g of listed) {
      byId.set(g.groupId, {
        groupId: g.groupId,
        state: g.state || 'Unknown',
        ...(g.protocolType ? { protocolType: g.protocolType } : {}),
        ...(g.type ? { type: g.type } : {}),
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/** Brokers before Kafka 2.6: kafkajs's ListGroups, then one DescribeGroups batch for the states. */
async function listClassicGroups(admin: Admin): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const states = new Map(described.groups.map((g) => [g.groupId, g.state as string]));
  return groups
    .map((g) => ({ groupId: g.groupId, state: states.get(g.groupId) ?? 'Unknown', ...(g.protocolType ? { protocolType: g.protocolType } : {}) }))
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/** Who is in a group right now, read with the describe its type calls for. */
export interface GroupMembership {
  readonly type?: string;
  readonly state: string;
  readonly protocolType?: string;
  readonly protocol?: string;
  readonly assignor?: string;
  readonly groupEpoch?: number;
  readonly assignmentEpoch?: number;
  readonly coordinator?: string;
  readonly members: readonly GroupMember[];
  /** True when the coordinator knows no such group (classic "Dead", or GROUP_ID_NOT_FOUND). */
  readonly missing: boolean;
}

const GROUP_ID_NOT_FOUND = 69;

/**
 * The group's type from ListGroups on its coordinator (a group is listed only by the broker that
 * coordinates it), then the matching describe: ConsumerGroupDescribe (API key 69) for consumer-protocol
 * groups, the classic DescribeGroups otherwise. Share groups are listed but not described yet.
 */
export async function groupMembership(admin: Admin, cluster: InternalCluster, groupId: string, found?: InternalBroker): Promise<GroupMembership> {
  const coordinator = found ?? (await findCoordinator(cluster, groupId));
  const metadata = await cluster.metadata({ topics: [] }).catch(() => undefined);
  const node = metadata?.brokers.find((b) => b.nodeId === coordinator.nodeId);
  const where = node ? `${node.host}:${node.port} (node ${node.nodeId})` : coordinator.nodeId !== null ? `node ${coordinator.nodeId}` : undefined;
  const at = where ? { coordinator: where } : {};
  const listed = listsGroupStates(coordinator) ? (await listGroupsOn(coordinator)).find((g) => g.groupId === groupId) : undefined;
  if (listed?.type === 'share') {
    return { type: 'share', state: listed.state || 'Unknown', ...(listed.protocolType ? { protocolType: listed.protocolType } : {}), ...at, members: [], missing: false };
  }
  if (listed?.type === 'consumer' && describesConsumerGroups(coordinator)) {
    const [group] = await consumerGroupDescribe(coordinator, [groupId]);
    if (group && group.errorCode !== 0 && group.errorCode !== GROUP_ID_NOT_FOUND) throw groupError(group.errorCode, group.errorMessage);
    if (group && group.errorCode === 0) {
      return {
        type: 'consumer',
        state: group.state,
        protocolType: listed.protocolType || 'consumer',
        assignor: group.assignorName,
        groupEpoch: group.groupEpoch,
        assignmentEpoch: group.assignmentEpoch,
        ...at,
        members: group.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignments: m.assignment,
          targetAssignments: m.targetAssignment,
          memberEpoch: m.memberEpoch,
          ...(m.instanceId ? { instanceId: m.instanceId } : {}),
        })),
        missing: false,
      };
    }
    // Gone between the listing and the describe (or converted back to classic): describe it classically.
  }
  // The coordinator found above answers DescribeGroups too (kafkajs's admin would look it up again).
  const { groups } = await onCoordinator(() => coordinator.describeGroups({ groupIds: [groupId] }));
  const group = groups[0];
  const members: GroupMember[] = (group?.members ?? []).map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignments: decodeAssignment(m.memberAssignment),
  }));
  const state = group?.state ?? 'Unknown';
  return {
    ...(listed?.type ? { type: listed.type } : {}),
    state: listed && state === 'Dead' ? listed.state || state : state,
    ...(group?.protocolType ? { protocolType: group.protocolType } : {}),
    ...(group?.protocol ? { protocol: group.protocol } : {}),
    ...at,
    members,
    missing: !listed && (!group || state === 'Dead') && members.length === 0,
  };
}

function decodeAssignment(buffer: Buffer | undefined): GroupMember['assignments'] {
  if (!buffer || buffer.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...(partitions as number[])].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    // Not the standard consumer protocol (e.g. Kafka Connect): members are listed without assignments.
    return [];
  }
}

/**
 * Members, assignments, committed offsets and lag of one group. The coordinator is found once and
 * answers the describe and the OffsetFetch (one FindCoordinator per refresh, not three).
 */
export async function describeGroup(admin: Admin, cluster: InternalCluster, reader: PartitionReader, groupId: string): Promise<GroupDetail> {
  const coordinator = await findCoordinator(cluster, groupId);
  const membership = await groupMembership(admin, cluster, groupId, coordinator);
  const { members } = membership;
  const header = {
    groupId,
    state: membership.state,
    ...(membership.type ? { type: membership.type } : {}),
    ...(membership.protocolType ? { protocolType: membership.protocolType } : {}),
    ...(membership.protocol ? { protocol: membership.protocol } : {}),
    ...(membership.assignor ? { assignor: membership.assignor } : {}),
    ...(membership.groupEpoch !== undefined ? { groupEpoch: membership.groupEpoch } : {}),
    ...(membership.assignmentEpoch !== undefined ? { assignmentEpoch: membership.assignmentEpoch } : {}),
    ...(membership.coordinator ? { coordinator: membership.coordinator } : {}),
  };
  if (membership.type === 'share') {
    // Share groups (KIP-932) keep no committed offsets; their state lives in share partitions.
    return { ...header, members: [], offsets: [], ...lagTotals([]), unsupported: 'shareGroup' };
  }
  const committed = await committedOffsets(admin, cluster, groupId, undefined, coordinator);
  if (membership.missing && committed.size === 0) {
    throw new BrokerError('notFound', `Describing consumer group "${groupId}" failed: the group does not exist (no members and no committed offsets). Refresh the group list.`);
  }

  // Lag covers every partition of every topic the group committed on or is assigned.
  const topics = new Set<string>(committed.keys());
  for (const m of members) for (const a of m.assignments) topics.add(a.topic);
  const wanted = new Map<string, number[]>();
  for (const topic of topics) {
    try {
      wanted.set(topic, (await reader.partitions(topic)).map((p) => p.partitionId));
    } catch {
      // A topic deleted since the group committed on it: it has no lag to show.
    }
  }
  const bounds: Map<string, PartitionBounds[]> = wanted.size > 0 ? await reader.boundsOf(wanted) : new Map();
  const now = Date.now();
  const rows: { topic: string; b: PartitionBounds; committed: number | undefined; lagMs?: number }[] = [];
  for (const [topic, list] of bounds) for (const b of list) rows.push({ topic, b, committed: committed.get(topic)?.get(b.partition) });
  // Lag in time: the age of the record at the committed offset (the oldest unconsumed one), read
  // without joining the group, one Fetch per leader for every lagging partition.
  const lagging = rows.filter((row) => (row.committed ?? row.b.low) < row.b.high);
  const stamps = await reader.firstTimestamps(lagging.map((row) => ({ topic: row.topic, partition: row.b.partition, offset: Math.max(row.committed ?? row.b.low, row.b.low) })));
  for (const row of lagging) {
    const at = stamps.get(`${row.topic}:${row.b.partition}`);
    if (at !== undefined) row.lagMs = Math.max(0, now - at);
  }
  const offsets: PartitionLag[] = rows
    .map((row) => ({
      topic: row.topic,
      partition: row.b.partition,
      ...(row.committed !== undefined ? { committed: row.committed } : {}),
      logStart: row.b.low,
      highWatermark: row.b.high,
      lag: partitionLag({ ...(row.committed !== undefined ? { committed: row.committed } : {}), logStart: row.b.low, highWatermark: row.b.high }),
      ...(row.lagMs !== undefined ? { lagMs: row.lagMs } : {}),
    }))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { ...header, members, offsets, ...lagTotals(offsets) };
}

/**
 * Deletes a group and its committed offsets (DeleteGroups). The broker refuses a group with members
 * (NON_EMPTY_GROUP) and an unknown one (GROUP_ID_NOT_FOUND); kafkajs wraps the per-group error, which
 * is unwrapped here so the error table names it.
 */
export async function deleteGroup(admin: Admin, groupId: string, confirmedName: string): Promise<void> {
  assertTypedName('Deleting consumer group', groupId, confirmedName, 'group id');
  try {
    await admin.deleteGroups([groupId]);
  } catch (e) {
    const first = (e as { name?: string; groups?: { error?: unknown }[] }).groups?.[0]?.error;
    throw (e as Error).name === 'KafkaJSDeleteGroupsError' && first ? first : e;
  }
}
