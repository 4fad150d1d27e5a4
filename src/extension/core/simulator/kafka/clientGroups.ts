/**
 * The classic group protocol driven by requests from real clients (the wire listener), on the same
 * GroupCoordinator and ConsumerGroup objects the simulated consumers use, so a group joined by the
 * user's service shows in the explorer with its members, generation, assignment and lag.
 *
 * Unlike a simulated group, a real one is assigned by its clients: JoinGroup waits until every
 * member has (re)joined, the leader receives the members' subscriptions and sends the assignment in
 * SyncGroup, and the other members' SyncGroup waits for the leader's. Heartbeats are the clients'
 * own, so a silent client expires after its session timeout (coordinator.tick). Error choices
 * follow ClassicGroup / GroupCoordinatorShard in Kafka 4.x. Responses are delivered through
 * callbacks because JoinGroup and SyncGroup answer later, when the group gets there.
 */
import type { KafkaCluster } from './cluster.js';
import type { TopicPartition } from './assignors.js';
import { isKafkaError } from './errors.js';
import { GroupMember, resolveConsumerOptions, type ConsumerGroup } from './groups.js';
import type { AssignorName } from './assignors.js';

/** Protocol error names a group request can answer with ('NONE' for success). */
export type GroupErrorName =
  | 'NONE' | 'MEMBER_ID_REQUIRED' | 'UNKNOWN_MEMBER_ID' | 'ILLEGAL_GENERATION' | 'REBALANCE_IN_PROGRESS'
  | 'INCONSISTENT_GROUP_PROTOCOL' | 'INVALID_SESSION_TIMEOUT' | 'INVALID_GROUP_ID' | 'UNKNOWN_TOPIC_OR_PARTITION'
  | 'COORDINATOR_NOT_AVAILABLE' | 'GROUP_ID_NOT_FOUND' | 'NON_EMPTY_GROUP' | 'OFFSET_METADATA_TOO_LARGE';

/** A JoinGroup request. */
export interface ClientJoin {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly { readonly name: string; readonly metadata: Uint8Array }[];
  readonly clientId: string;
  readonly clientHost: string;
  /** Topics of the first protocol's subscription (decoded by the caller), for the explorer and lag. */
  readonly topics: readonly string[];
  /** JoinGroup v4+: a new member first gets MEMBER_ID_REQUIRED with its id and joins again with it. */
  readonly requireKnownMemberId: boolean;
}

/** A JoinGroup response. */
export interface ClientJoinResult {
  readonly error: GroupErrorName;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  /** The members' subscriptions, for the leader only (in join order). */
  readonly members: readonly { readonly memberId: string; readonly groupInstanceId: string | null; readonly metadata: Uint8Array }[];
}

/** A SyncGroup response. */
export interface ClientSyncResult {
  readonly error: GroupErrorName;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Uint8Array;
}

/** One member's assignment as the leader sent it, with its partitions decoded by the caller. */
export interface ClientAssignment {
  readonly memberId: string;
  readonly assignment: Uint8Array;
  readonly partitions: readonly TopicPartition[];
}

const EMPTY = new Uint8Array(0);

/** Request-driven classic groups over a KafkaCluster. */
export class ClientGroups {
  private readonly pendingJoins = new Map<string, Map<string, (r: ClientJoinResult) => void>>();
  private readonly pendingSyncs = new Map<string, Map<string, (r: ClientSyncResult) => void>>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet in the group. */
  private readonly pendingMembers = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly cluster: KafkaCluster) {
    this.unsubscribe = cluster.on((e) => {
      if (e.type !== 'group-state') return;
      const group = cluster.group(e.groupId);
      if (e.to === 'PreparingRebalance') this.failSyncs(e.groupId, 'REBALANCE_IN_PROGRESS');
      if (group && e.from === 'PreparingRebalance' && (e.to === 'CompletingRebalance' || e.to === 'Empty')) this.completeJoins(group);
      if (e.to === 'Dead') this.failSyncs(e.groupId, 'COORDINATOR_NOT_AVAILABLE');
    });
  }

  dispose(): void {
    this.unsubscribe();
    for (const groupId of [...this.pendingSyncs.keys()]) this.failSyncs(groupId, 'COORDINATOR_NOT_AVAILABLE');
    for (const [, waiters] of this.pendingJoins) for (const done of waiters.values()) done(joinError('COORDINATOR_NOT_AVAILABLE', ''));
    this.pendingJoins.clear();
  }

  /** JoinGroup. `done` runs now (errors, MEMBER_ID_REQUIRED) or when the rebalance completes. */
  join(req: ClientJoin, done: (r: ClientJoinResult) => void): void {
    const coordinator = this.cluster.coordinator;
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = coordinator.config;
    if (req.groupId === '') return done(joinError('INVALID_GROUP_ID', req.memberId));
    if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max) return done(joinError('INVALID_SESSION_TIMEOUT', req.memberId));
    if (req.protocolType === '' || req.protocols.length === 0) return done(joinError('INCONSISTENT_GROUP_PROTOCOL', req.memberId));
    const now = this.cluster.clock.now();
    const group = coordinator.ensureGroup(req.groupId, now);
    if (group.members.size > 0 && !group.clientAssigned) return done(joinError('INCONSISTENT_GROUP_PROTOCOL', req.memberId));
    const names = req.protocols.map((p) => p.name);
    const others = [...group.members.values()].filter((m) => m.memberId !== req.memberId);
    const protocolType = others[0]?.client?.protocolType;
    if ((protocolType !== undefined && protocolType !== req.protocolType) || (others.length > 0 && !names.some((n) => others.every((m) => m.options.assignors.includes(n as AssignorName))))) {
      return done(joinError('INCONSISTENT_GROUP_PROTOCOL', req.memberId));
    }
    let member = req.memberId === '' ? undefined : group.members.get(req.memberId);
    if (req.memberId !== '' && !member && !this.pendingMembers.delete(req.memberId)) return done(joinError('UNKNOWN_MEMBER_ID', req.memberId));
    const options = resolveConsumerOptions({
      clientId: req.clientId, host: `/${req.clientHost}`, topics: req.topics, assignors: names as AssignorName[],
      sessionTimeoutMs: req.sessionTimeoutMs, maxPollIntervalMs: req.rebalanceTimeoutMs > 0 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs,
      enableAutoCommit: false, backgroundHeartbeat: false,
    }, req.clientId);
    const client = {
      protocolType: req.protocolType, protocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })), groupInstanceId: req.groupInstanceId,
      clientHost: req.clientHost, sessionTimeoutMs: req.sessionTimeoutMs, rebalanceTimeoutMs: options.maxPollIntervalMs, assignment: undefined,
    };
    if (!member) {
      const memberId = req.memberId !== '' ? req.memberId : `${req.clientId}-${this.uuid()}`;
      if (req.memberId === '' && req.requireKnownMemberId) {
        this.pendingMembers.add(memberId);
        return done(joinError('MEMBER_ID_REQUIRED', memberId));
      }
      member = new GroupMember(memberId, options, now);
      member.client = client;
      if (group.members.size === 0) group.clientAssigned = true;
      this.waitJoin(group.groupId, memberId, done);
      coordinator.admit(group, member);
      return;
    }
    (member as { options: typeof options }).options = options;
    member.client = { ...client, assignment: member.client?.assignment };
    member.lastHeartbeat = now;
    this.waitJoin(group.groupId, member.memberId, done);
    coordinator.rejoinClient(group, member);
  }

  /** SyncGroup. The leader's carries the assignment; the others wait for it. */
  sync(groupId: string, memberId: string, generation: number, assignments: readonly ClientAssignment[], done: (r: ClientSyncResult) => void): void {
    const group = this.cluster.group(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return done(syncError('UNKNOWN_MEMBER_ID'));
    if (generation !== group.generation) return done(syncError('ILLEGAL_GENERATION'));
    member.lastHeartbeat = this.cluster.clock.now();
    if (group.state === 'PreparingRebalance') return done(syncError('REBALANCE_IN_PROGRESS'));
    if (group.state === 'Stable') return done(this.syncResult(group, member));
    // CompletingRebalance
    let waiters = this.pendingSyncs.get(groupId);
    if (!waiters) this.pendingSyncs.set(groupId, (waiters = new Map()));
    waiters.set(memberId, done);
    if (memberId !== group.leaderId) return;
    for (const m of group.members.values()) {
      const a = assignments.find((x) => x.memberId === m.memberId);
      if (m.client) m.client.assignment = a?.assignment ?? EMPTY;
      m.assignment = a ? [...a.partitions] : [];
    }
    this.cluster.coordinator.completeClientSync(group);
    this.pendingSyncs.delete(groupId);
    for (const [id, reply] of waiters) {
      const m = group.members.get(id);
      reply(m ? this.syncResult(group, m) : syncError('UNKNOWN_MEMBER_ID'));
    }
  }

  /** Heartbeat. */
  heartbeat(groupId: string, memberId: string, generation: number): GroupErrorName {
    const group = this.cluster.group(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return 'UNKNOWN_MEMBER_ID';
    if (generation !== group.generation) return 'ILLEGAL_GENERATION';
    member.lastHeartbeat = this.cluster.clock.now();
    return group.state === 'PreparingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE';
  }

  /** LeaveGroup of one member. */
  leave(groupId: string, memberId: string): GroupErrorName {
    const group = this.cluster.group(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return 'UNKNOWN_MEMBER_ID';
    this.cluster.coordinator.removeMember(group, member, 'leave');
    return 'NONE';
  }

  /** OffsetCommit of one partition; generation -1 with no member id is a commit from outside the group. */
  commit(groupId: string, memberId: string, generation: number, topic: string, partition: number, offset: number): GroupErrorName {
    const coordinator = this.cluster.coordinator;
    let group = this.cluster.group(groupId);
    if (groupId === '') return 'INVALID_GROUP_ID';
    if (!this.partitionExists(topic, partition)) return 'UNKNOWN_TOPIC_OR_PARTITION';
    if (generation < 0 && memberId === '') {
      if (group && group.members.size > 0) return 'UNKNOWN_MEMBER_ID';
      group ??= coordinator.ensureGroup(groupId, this.cluster.clock.now());
      coordinator.commitAdmin(group, topic, partition, offset);
      return 'NONE';
    }
    if (!group) return generation < 0 ? 'UNKNOWN_MEMBER_ID' : 'ILLEGAL_GENERATION';
    if (group.state === 'CompletingRebalance') return 'REBALANCE_IN_PROGRESS';
    const member = group.members.get(memberId);
    if (!member) return 'UNKNOWN_MEMBER_ID';
    if (generation !== group.generation) return 'ILLEGAL_GENERATION';
    member.lastHeartbeat = this.cluster.clock.now();
    try {
      coordinator.commitMember(group, member, [{ topic, partition, offset }], false);
      return 'NONE';
    } catch (error) {
      if (isKafkaError(error) && (error.code === 'UNKNOWN_MEMBER_ID' || error.code === 'ILLEGAL_GENERATION' || error.code === 'REBALANCE_IN_PROGRESS' || error.code === 'UNKNOWN_TOPIC_OR_PARTITION')) return error.code;
      throw error;
    }
  }

  /** Forgets the waiters a closed connection left (their callbacks would write to a dead socket). */
  drop(isMine: (done: unknown) => boolean): void {
    for (const waiters of [...this.pendingJoins.values(), ...this.pendingSyncs.values()]) {
      for (const [id, done] of waiters) if (isMine(done)) waiters.delete(id);
    }
  }

  private partitionExists(topic: string, partition: number): boolean {
    if (!this.cluster.hasTopic(topic)) return false;
    return partition >= 0 && partition < this.cluster.topic(topic).partitionCount;
  }

  private waitJoin(groupId: string, memberId: string, done: (r: ClientJoinResult) => void): void {
    let waiters = this.pendingJoins.get(groupId);
    if (!waiters) this.pendingJoins.set(groupId, (waiters = new Map()));
    // A member that joins again while waiting replaces its earlier request (that one is answered as Kafka does).
    waiters.get(memberId)?.(joinError('UNKNOWN_MEMBER_ID', memberId));
    waiters.set(memberId, done);
  }

  private completeJoins(group: ConsumerGroup): void {
    const waiters = this.pendingJoins.get(group.groupId);
    if (!waiters) return;
    this.pendingJoins.delete(group.groupId);
    const leader = group.leaderId ?? '';
    const protocolName = group.protocol ?? null;
    const protocolType = [...group.members.values()][0]?.client?.protocolType ?? null;
    const members = [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.client?.groupInstanceId ?? null,
      metadata: m.client?.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY,
    }));
    for (const [memberId, done] of waiters) {
      if (!group.members.has(memberId)) {
        done(joinError('UNKNOWN_MEMBER_ID', memberId));
        continue;
      }
      done({ error: 'NONE', generationId: group.generation, protocolType, protocolName, leader, memberId, members: memberId === leader ? members : [] });
    }
  }

  private failSyncs(groupId: string, error: GroupErrorName): void {
    const waiters = this.pendingSyncs.get(groupId);
    if (!waiters) return;
    this.pendingSyncs.delete(groupId);
    for (const done of waiters.values()) done(syncError(error));
  }

  private syncResult(group: ConsumerGroup, member: GroupMember): ClientSyncResult {
    return { error: 'NONE', protocolType: member.client?.protocolType ?? null, protocolName: group.protocol ?? null, assignment: member.client?.assignment ?? EMPTY };
  }

  private uuid(): string {
    const r = this.cluster.random;
    let s = '';
    for (let i = 0; i < 32; i++) s += r.int(16).toString(16);
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

function joinError(error: GroupErrorName, memberId: string): ClientJoinResult {
  return { error, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] };
}

function syncError(error: GroupErrorName): ClientSyncResult {
  return { error, protocolType: null, protocolName: null, assignment: EMPTY };
}
