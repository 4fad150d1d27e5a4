/**
 * Group requests: JoinGroup, SyncGroup, Heartbeat and LeaveGroup through the engine's request-driven
 * groups (simulator/kafka/clientGroups.ts), OffsetCommit, OffsetFetch, ListGroups and DescribeGroups
 * on the same ConsumerGroup objects the explorer shows. The consumer protocol's subscription and
 * assignment bytes are decoded with the generated ConsumerProtocol* schemas.
 */
import type { TopicPartition } from '../../../simulator/kafka/assignors.js';
import type { ClientAssignment, ClientJoinResult, ClientSyncResult } from '../../../simulator/kafka/clientGroups.js';
import type { ConsumerGroup, GroupMember } from '../../../simulator/kafka/groups.js';
import { WireReader, WireWriter } from '../bytes.js';
import { errorName, type Handler } from '../context.js';
import { errorCode } from '../errorCodes.js';
import { DATA } from '../generated/messages.js';
import { decodeMessage, encodeMessage, type MessageSpec, type Struct } from '../schema.js';

const SUBSCRIPTION = DATA.ConsumerProtocolSubscription as MessageSpec;
const ASSIGNMENT = DATA.ConsumerProtocolAssignment as MessageSpec;

/** Decodes versioned consumer-protocol data; a newer version is read as the newest known (as Kafka does). */
function decodeData(spec: MessageSpec, bytes: Uint8Array): Struct | undefined {
  if (bytes.length < 2) return undefined;
  try {
    const r = new WireReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const version = Math.min(r.int16(), spec.valid[1]);
    return decodeMessage(spec, Math.max(0, version), r);
  } catch {
    return undefined;
  }
}

function encodeData(spec: MessageSpec, value: Struct): Buffer {
  const w = new WireWriter(64);
  w.int16(0);
  encodeMessage(spec, 0, value, w);
  return Buffer.from(w.finish());
}

/** The topics of a consumer subscription; other protocol types (Connect, Streams) have none we can read. */
function subscribedTopics(protocolType: string, metadata: Uint8Array | undefined): string[] {
  if (protocolType !== 'consumer' || !metadata) return [];
  return (decodeData(SUBSCRIPTION, metadata)?.topics as string[] | undefined) ?? [];
}

function assignedPartitions(bytes: Uint8Array): TopicPartition[] {
  const decoded = decodeData(ASSIGNMENT, bytes)?.assignedPartitions as { topic: string; partitions: number[] }[] | undefined;
  return (decoded ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })));
}

export const joinGroup: Handler = (req, ctx) => new Promise<Struct>((resolve) => {
  const protocols = (req.protocols as { name: string; metadata: Buffer }[]).map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) }));
  let removeHook: () => void = () => undefined;
  const done = (r: ClientJoinResult): void => {
    removeHook();
    resolve(joinResponse(r, ctx.version));
  };
  removeHook = ctx.onClose(() => ctx.groups.drop((fn) => fn === done));
  ctx.groups.join({
    groupId: req.groupId as string,
    memberId: req.memberId as string,
    groupInstanceId: (req.groupInstanceId as string | null | undefined) ?? null,
    sessionTimeoutMs: req.sessionTimeoutMs as number,
    rebalanceTimeoutMs: (req.rebalanceTimeoutMs as number | undefined) ?? -1,
    protocolType: req.protocolType as string,
    protocols,
    clientId: ctx.clientId,
    clientHost: ctx.clientHost,
    topics: subscribedTopics(req.protocolType as string, protocols[0]?.metadata),
    requireKnownMemberId: ctx.version >= 4,
  }, done);
});

function joinResponse(r: ClientJoinResult, version: number): Struct {
  return {
    throttleTimeMs: 0, errorCode: errorCode(r.error), generationId: r.generationId, protocolType: r.protocolType, protocolName: r.protocolName ?? (version >= 7 ? null : ''),
    leader: r.leader, skipAssignment: false, memberId: r.memberId, members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
  };
}

export const syncGroup: Handler = (req, ctx) => new Promise<Struct>((resolve) => {
  const assignments: ClientAssignment[] = (req.assignments as { memberId: string; assignment: Buffer }[]).map((a) => {
    const bytes = Buffer.from(a.assignment);
    return { memberId: a.memberId, assignment: bytes, partitions: assignedPartitions(bytes) };
  });
  let removeHook: () => void = () => undefined;
  const done = (r: ClientSyncResult): void => {
    removeHook();
    resolve({ throttleTimeMs: 0, errorCode: errorCode(r.error), protocolType: r.protocolType, protocolName: r.protocolName, assignment: r.assignment });
  };
  removeHook = ctx.onClose(() => ctx.groups.drop((fn) => fn === done));
  ctx.groups.sync(req.groupId as string, req.memberId as string, req.generationId as number, assignments, done);
});

export const heartbeat: Handler = (req, ctx) => ({
  throttleTimeMs: 0,
  errorCode: errorCode(ctx.groups.heartbeat(req.groupId as string, req.memberId as string, req.generationId as number)),
});

export const leaveGroup: Handler = (req, ctx) => {
  const groupId = req.groupId as string;
  if (ctx.version < 3) return { throttleTimeMs: 0, errorCode: errorCode(ctx.groups.leave(groupId, req.memberId as string)) };
  const members = (req.members as { memberId: string; groupInstanceId: string | null }[]).map((m) => ({
    memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: errorCode(ctx.groups.leave(groupId, m.memberId)),
  }));
  return { throttleTimeMs: 0, errorCode: 0, members };
};

export const offsetCommit: Handler = (req, ctx) => {
  const groupId = req.groupId as string;
  const generation = req.generationIdOrMemberEpoch as number;
  const memberId = req.memberId as string;
  const topics = (req.topics as { name: string; partitions: { partitionIndex: number; committedOffset: number }[] }[]).map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      let name: string;
      try {
        name = ctx.groups.commit(groupId, memberId, generation, t.name, p.partitionIndex, p.committedOffset);
      } catch (error) {
        name = errorName(error);
      }
      return { partitionIndex: p.partitionIndex, errorCode: errorCode(name) };
    }),
  }));
  return { throttleTimeMs: 0, topics };
};

function fetchOffsets(group: ConsumerGroup | undefined, topics: { name: string; partitionIndexes: number[] }[] | null): Struct[] {
  const wanted = topics ?? [...(group?.committed.entries() ?? [])].map(([name, byPartition]) => ({ name, partitionIndexes: [...byPartition.keys()].sort((a, b) => a - b) }));
  return wanted.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, committedOffset: group?.committedOffset(t.name, p) ?? -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 })),
  }));
}

export const offsetFetch: Handler = (req, ctx) => {
  if (ctx.version >= 8) {
    const groups = (req.groups as { groupId: string; topics: { name: string; partitionIndexes: number[] }[] | null }[]).map((g) => ({
      groupId: g.groupId, topics: fetchOffsets(ctx.cluster.group(g.groupId), g.topics), errorCode: 0,
    }));
    return { throttleTimeMs: 0, groups };
  }
  const topics = fetchOffsets(ctx.cluster.group(req.groupId as string), req.topics as { name: string; partitionIndexes: number[] }[] | null);
  return { throttleTimeMs: 0, topics, errorCode: 0 };
};

export const listGroups: Handler = (req, ctx) => {
  const states = (req.statesFilter as string[] | undefined) ?? [];
  const types = (req.typesFilter as string[] | undefined) ?? [];
  const groups = ctx.cluster.listGroups()
    .filter((g) => states.length === 0 || states.some((s) => s.toLowerCase() === g.state.toLowerCase()))
    .filter(() => types.length === 0 || types.some((t) => t.toLowerCase() === 'classic'))
    .map((g) => ({ groupId: g.groupId, protocolType: protocolTypeOf(g), groupState: g.state, groupType: 'classic' }));
  return { throttleTimeMs: 0, errorCode: 0, groups };
};

function protocolTypeOf(g: ConsumerGroup): string {
  return [...g.members.values()][0]?.client?.protocolType ?? 'consumer';
}

function memberStruct(g: ConsumerGroup, m: GroupMember): Struct {
  const client = m.client;
  const metadata = client?.protocols.find((p) => p.name === g.protocol)?.metadata ?? encodeData(SUBSCRIPTION, { topics: [...m.options.topics], userData: null });
  const assignment = client ? (client.assignment ?? new Uint8Array(0)) : encodeData(ASSIGNMENT, { assignedPartitions: byTopic(m.assignment), userData: null });
  return {
    memberId: m.memberId, groupInstanceId: client?.groupInstanceId ?? null, clientId: m.options.clientId, clientHost: client ? `/${client.clientHost}` : m.options.host,
    memberMetadata: metadata, memberAssignment: g.state === 'Stable' ? assignment : new Uint8Array(0),
  };
}

function byTopic(tps: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const map = new Map<string, number[]>();
  for (const tp of tps) map.set(tp.topic, [...(map.get(tp.topic) ?? []), tp.partition]);
  return [...map].map(([topic, partitions]) => ({ topic, partitions }));
}

export const describeGroups: Handler = (req, ctx) => {
  const groups = (req.groups as string[]).map((groupId) => {
    const g = ctx.cluster.group(groupId);
    if (!g) {
      // v6 (KIP-1043) says GROUP_ID_NOT_FOUND; older versions describe an unknown group as Dead.
      return { errorCode: ctx.version >= 6 ? errorCode('GROUP_ID_NOT_FOUND') : 0, errorMessage: null, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: -2147483648 };
    }
    const stable = g.state === 'Stable' || g.state === 'CompletingRebalance';
    return {
      errorCode: 0, errorMessage: null, groupId, groupState: g.state, protocolType: protocolTypeOf(g), protocolData: stable ? (g.protocol ?? '') : '',
      members: [...g.members.values()].map((m) => memberStruct(g, m)), authorizedOperations: -2147483648,
    };
  });
  return { throttleTimeMs: 0, groups };
};
