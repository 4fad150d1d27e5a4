/**
 * Consumer groups: list, describe (members and what they are assigned), committed offsets and lag,
 * including how old the oldest unconsumed record is (lagMs), read with one group-less fetch.
 */
import { AssignerProtocol, type Admin } from 'kafkajs';
import { lagTotals, partitionLag } from '../../rules/lag.js';
import { BrokerError } from '../../model/errors.js';
import type { GroupDetail, GroupMember, GroupSummary, PartitionLag } from '../../model/groups.js';
import type { InternalCluster } from './internals.js';
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

/** Committed offsets of a group, optionally for some topics only. */
export async function committedOffsets(admin: Admin, cluster: InternalCluster, groupId: string, topics?: readonly string[]): Promise<CommittedOffsets> {
  // Always ask for every topic and filter here: kafkajs's fetchOffsets with topics adds them to the
  // admin's metadata targets for good, and once one is deleted every later admin call fails.
  const response = await withCoordinator(cluster, groupId, () => admin.fetchOffsets({ groupId }));
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

/** Every group with its state (ListGroups has no state, so groups are described in one batch). */
export async function listGroups(admin: Admin): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const states = new Map(described.groups.map((g) => [g.groupId, g.state as string]));
  return groups
    .map((g) => ({ groupId: g.groupId, state: states.get(g.groupId) ?? 'Unknown', ...(g.protocolType ? { protocolType: g.protocolType } : {}) }))
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
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

/** Age of the record at `offset` (the oldest unconsumed one), or undefined when it cannot be read. */
async function ageOf(reader: PartitionReader, topic: string, partition: number, offset: number, now: number): Promise<number | undefined> {
  try {
    const result = await reader.fetch(topic, partition, offset, { maxBytes: 64 * 1024 });
    for (const b of result.batches) {
      const r = b.records.find((x) => x.offset >= offset);
      if (r && r.timestamp >= 0) return Math.max(0, now - r.timestamp);
    }
  } catch {
    // lagMs is best effort: a partition whose leader is away still has a lag in records.
  }
  return undefined;
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/** Members, assignments, committed offsets and lag of one group. */
export async function describeGroup(admin: Admin, cluster: InternalCluster, reader: PartitionReader, groupId: string): Promise<GroupDetail> {
  const { groups } = await withCoordinator(cluster, groupId, () => admin.describeGroups([groupId]));
  const group = groups[0];
  const committed = await committedOffsets(admin, cluster, groupId);
  const members: GroupMember[] = (group?.members ?? []).map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    host: m.clientHost,
    assignments: decodeAssignment(m.memberAssignment),
  }));
  if ((!group || group.state === 'Dead') && committed.size === 0 && members.length === 0) {
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
  await inBatches(rows, 8, async (row) => {
    const from = row.committed ?? row.b.low;
    if (from < row.b.high) row.lagMs = await ageOf(reader, row.topic, row.b.partition, Math.max(from, row.b.low), now);
  });
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
  return {
    groupId,
    state: group?.state ?? 'Unknown',
    ...(group?.protocolType ? { protocolType: group.protocolType } : {}),
    ...(group?.protocol ? { protocol: group.protocol } : {}),
    members,
    offsets,
    ...lagTotals(offsets),
  };
}
