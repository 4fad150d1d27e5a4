/**
 * The group coordinator (classic protocol), driven by the virtual clock:
 *  - JoinGroup moves a group to PreparingRebalance; a group that was Empty waits
 *    group.initial.rebalance.delay.ms (extended by each join, up to the rebalance timeout) as
 *    InitialDelayedJoin does; otherwise the rebalance completes once every member has rejoined, or at
 *    the rebalance timeout (max.poll.interval.ms), dropping members that did not.
 *  - Completing a rebalance bumps the generation, selects the protocol by vote, runs the assignor on
 *    the subscriptions in join order, and (the simulated clients answer SyncGroup at once) goes
 *    CompletingRebalance -> Stable. With no members left it goes to Empty and still bumps the generation.
 *  - Members that stop heartbeating expire after session.timeout.ms; a live client that does not poll
 *    for max.poll.interval.ms leaves the group itself, as the Java heartbeat thread does.
 *  - Offset commits are checked against the generation (ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS,
 *    UNKNOWN_MEMBER_ID) and written to __consumer_offsets; offsets of a group that stays Empty expire
 *    after offsets.retention.minutes.
 */
import type { SeededRandom } from '../random.js';
import { assignorFor, type TopicPartition } from './assignors.js';
import { KafkaError } from './errors.js';
import type { KafkaEventListener, MemberLeaveReason, TopicPartitions } from './events.js';
import { ConsumerGroup, GroupMember, resolveConsumerOptions, type ConsumerOptions, type GroupState, type OwnedPartition } from './groups.js';
import type { PartitionLog } from './log.js';

/** What the coordinator needs from the cluster. */
export interface GroupHost {
  now(): number;
  readonly random: SeededRandom;
  emit: KafkaEventListener | undefined;
  /** Partition count of an existing topic, else undefined. */
  partitionCount(topic: string): number | undefined;
  /** The log of an existing partition (throws UNKNOWN_TOPIC_OR_PARTITION). */
  partitionLog(topic: string, partition: number): PartitionLog;
  /** Writes a commit (or, with null, a deletion) to __consumer_offsets. */
  writeOffset(groupId: string, topic: string, partition: number, offset: number | null, now: number): void;
}

/** Broker configs of the group coordinator, with Kafka's defaults. */
export interface GroupCoordinatorConfig {
  /** group.initial.rebalance.delay.ms */
  readonly initialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms */
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  /** offsets.retention.minutes x 60000 */
  readonly offsetsRetentionMs: number;
}

/** Kafka's defaults: 3 s initial delay, sessions of 6 s to 30 min, offsets kept 7 days. */
export const DEFAULT_GROUP_CONFIG: GroupCoordinatorConfig = {
  initialRebalanceDelayMs: 3000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1800000,
  offsetsRetentionMs: 7 * 24 * 3600 * 1000,
};

/** One offset to commit. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** Runs every consumer group of the cluster. */
export class GroupCoordinator {
  readonly groups = new Map<string, ConsumerGroup>();
  private clientSequence = 0;

  constructor(private readonly host: GroupHost, readonly config: GroupCoordinatorConfig = DEFAULT_GROUP_CONFIG) {}

  /** The group and member, or UNKNOWN_MEMBER_ID / GROUP_ID_NOT_FOUND. */
  find(groupId: string, memberId: string): { group: ConsumerGroup; member: GroupMember } {
    const group = this.groups.get(groupId);
    if (!group) throw new KafkaError('GROUP_ID_NOT_FOUND', `The group id ${groupId} does not exist.`);
    const member = group.members.get(memberId);
    if (!member) throw new KafkaError('UNKNOWN_MEMBER_ID', `The member ${memberId} is not a member of group ${groupId} (it left, or its session expired).`);
    return { group, member };
  }

  /** The group, created Empty if it does not exist (an admin commit to a new group creates it too). */
  ensureGroup(groupId: string, now: number): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId, now);
      this.groups.set(groupId, group);
    }
    return group;
  }

  /** A new consumer subscribes and sends JoinGroup. */
  join(groupId: string, options: ConsumerOptions): GroupMember {
    if (groupId.length === 0) throw new KafkaError('INVALID_GROUP_ID', 'The group id must not be empty.');
    const now = this.host.now();
    const resolved = resolveConsumerOptions(options, `consumer-${groupId}-${++this.clientSequence}`);
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = this.config;
    if (resolved.sessionTimeoutMs < min || resolved.sessionTimeoutMs > max) {
      throw new KafkaError('INVALID_SESSION_TIMEOUT', `session.timeout.ms ${resolved.sessionTimeoutMs} is outside the broker's allowed range [${min}, ${max}].`);
    }
    const group = this.ensureGroup(groupId, now);
    if (!group.acceptsProtocols(resolved.assignors)) {
      throw new KafkaError('INCONSISTENT_GROUP_PROTOCOL', `The consumer's assignors (${resolved.assignors.join(', ')}) share none with the current members of group ${groupId}.`);
    }
    const member = new GroupMember(`${resolved.clientId}-${this.uuid()}`, resolved, now);
    this.admit(group, member);
    return member;
  }

  /** Adds a new member (simulated, or a wire client built by clientGroups.ts) and starts or joins the rebalance. */
  admit(group: ConsumerGroup, member: GroupMember): void {
    const now = this.host.now();
    group.members.set(member.memberId, member);
    group.leaderId ??= member.memberId;
    this.host.emit?.({ type: 'member-joined', time: now, groupId: group.groupId, memberId: member.memberId, clientId: member.options.clientId });
    if (group.state === 'PreparingRebalance') {
      if (group.initialDelayUntil > now) {
        group.initialDelayUntil = Math.min(now + this.config.initialRebalanceDelayMs, group.rebalanceStartedAt + this.maxRebalanceTimeout(group));
      }
      group.rebalanceDeadline = Math.max(group.rebalanceDeadline, now + member.options.maxPollIntervalMs);
    } else {
      this.prepareRebalance(group);
    }
    member.joined = true;
    this.tryCompleteJoin(group);
  }

  /** An existing wire member sends JoinGroup again: a rebalance starts (or it joins the pending one). */
  rejoinClient(group: ConsumerGroup, member: GroupMember): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    member.joined = true;
    this.tryCompleteJoin(group);
  }

  /** The leader's SyncGroup of a client-assigned group: the assignment is in place, the group is Stable. */
  completeClientSync(group: ConsumerGroup): void {
    this.transition(group, 'Stable');
    const assigned: Record<string, TopicPartitions[]> = {};
    for (const m of group.members.values()) assigned[m.memberId] = byTopic(m.assignment);
    this.host.emit?.({ type: 'rebalanced', time: this.host.now(), groupId: group.groupId, generation: group.generation, protocol: group.protocol ?? '', assignment: assigned, revoking: {} });
  }

  /** The client rejoins (onJoinPrepare: auto-commit, then revoke all under eager) and sends JoinGroup. */
  rejoin(group: ConsumerGroup, member: GroupMember): void {
    if (member.options.enableAutoCommit) this.commitPositions(group, member, true);
    if (!member.cooperative) member.owned = [];
    member.needsRejoin = false;
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    member.joined = true;
    this.tryCompleteJoin(group);
  }

  /** consumer.close(): auto-commit if enabled, then LeaveGroup. */
  leave(groupId: string, memberId: string): void {
    const { group, member } = this.find(groupId, memberId);
    if (member.alive && member.options.enableAutoCommit) this.commitPositions(group, member, true);
    this.removeMember(group, member, 'leave');
  }

  /** The consumer process dies: no commit, no LeaveGroup; the session timeout will notice. */
  crash(groupId: string, memberId: string): void {
    const { member } = this.find(groupId, memberId);
    member.alive = false;
    member.owned = [];
  }

  /** An explicit heartbeat (for members without a background heartbeat thread). */
  heartbeat(groupId: string, memberId: string): 'NONE' | 'REBALANCE_IN_PROGRESS' {
    const { group, member } = this.find(groupId, memberId);
    member.lastHeartbeat = this.host.now();
    return group.state === 'PreparingRebalance' || group.state === 'CompletingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE';
  }

  /** Completes the pending rebalance if every member has rejoined and no initial delay is running. */
  tryCompleteJoin(group: ConsumerGroup): void {
    if (group.state !== 'PreparingRebalance' || this.host.now() < group.initialDelayUntil) return;
    for (const m of group.members.values()) if (!m.joined) return;
    this.completeJoin(group);
  }

  /** Commits the client's current positions of its owned partitions. */
  commitPositions(group: ConsumerGroup, member: GroupMember, auto: boolean): void {
    const offsets: OffsetToCommit[] = [];
    for (const o of member.owned) if (o.position >= 0) offsets.push({ topic: o.topic, partition: o.partition, offset: o.position });
    if (offsets.length > 0) this.commitMember(group, member, offsets, auto);
  }

  /** OffsetCommit from a member of the current generation. */
  commitMember(group: ConsumerGroup, member: GroupMember, offsets: readonly OffsetToCommit[], auto: boolean): void {
    if (!group.members.has(member.memberId)) {
      throw new KafkaError('UNKNOWN_MEMBER_ID', `The member ${member.memberId} is no longer in group ${group.groupId}, so it cannot commit.`);
    }
    if (group.state === 'CompletingRebalance') throw new KafkaError('REBALANCE_IN_PROGRESS', `Group ${group.groupId} is completing a rebalance; commit again after it.`);
    if (member.generation !== group.generation) {
      throw new KafkaError('ILLEGAL_GENERATION', `The member ${member.memberId} is in generation ${member.generation} but group ${group.groupId} is in generation ${group.generation}.`);
    }
    const now = this.host.now();
    for (const o of offsets) {
      this.host.partitionLog(o.topic, o.partition);
      group.commit(o.topic, o.partition, o.offset, now);
      this.host.writeOffset(group.groupId, o.topic, o.partition, o.offset, now);
      this.host.emit?.({ type: 'committed', time: now, groupId: group.groupId, topic: o.topic, partition: o.partition, offset: o.offset, memberId: member.memberId, auto });
    }
  }

  /** A commit (or, with null, a deletion) outside any generation: admin tools and resets. */
  commitAdmin(group: ConsumerGroup, topic: string, partition: number, offset: number | null): void {
    const now = this.host.now();
    if (offset === null) group.uncommit(topic, partition);
    else group.commit(topic, partition, offset, now);
    this.host.writeOffset(group.groupId, topic, partition, offset, now);
  }

  /** A topic was created, deleted or grew: subscribed groups rebalance; a deleted topic's offsets go. */
  onTopicChanged(topic: string, deleted: boolean): void {
    for (const group of this.groups.values()) {
      if (deleted) {
        for (const p of [...(group.committed.get(topic)?.keys() ?? [])]) group.uncommit(topic, p);
        if (group.lastReset?.topic === topic) group.lastReset = undefined;
        for (const m of group.members.values()) m.owned = m.owned.filter((o) => o.topic !== topic);
      }
      const subscribed = [...group.members.values()].some((m) => m.options.topics.includes(topic));
      if (subscribed && (group.state === 'Stable' || group.state === 'CompletingRebalance')) this.prepareRebalance(group);
    }
  }

  /** Runs every group timer due at `now` (session and poll timeouts, rebalance deadlines, offset expiry). */
  tick(): void {
    const now = this.host.now();
    for (const group of [...this.groups.values()]) {
      for (const m of [...group.members.values()]) {
        if (!m.alive || !m.options.backgroundHeartbeat) {
          // A wire client waiting in JoinGroup is bounded by the rebalance timeout, not its session.
          const waitingInJoin = m.client !== undefined && m.joined && group.state === 'PreparingRebalance';
          if (!waitingInJoin && now >= m.lastHeartbeat + m.options.sessionTimeoutMs) this.removeMember(group, m, 'session-timeout');
        } else {
          m.lastHeartbeat = now;
          if (now - m.lastPoll > m.options.maxPollIntervalMs) this.removeMember(group, m, 'poll-timeout');
        }
      }
      if (group.state === 'PreparingRebalance' && now >= group.rebalanceDeadline) {
        for (const m of [...group.members.values()]) if (!m.joined) this.removeMember(group, m, 'rebalance-timeout');
        group.initialDelayUntil = Number.NEGATIVE_INFINITY;
      }
      this.tryCompleteJoin(group);
      if (group.state === 'Empty' && now >= group.emptySince + this.config.offsetsRetentionMs) this.expire(group);
    }
  }

  /** The earliest virtual time at which {@link tick} has something to do (Infinity when nothing is pending). */
  nextDeadline(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const group of this.groups.values()) {
      for (const m of group.members.values()) {
        next = Math.min(next, !m.alive || !m.options.backgroundHeartbeat
          ? m.lastHeartbeat + m.options.sessionTimeoutMs
          : m.lastPoll + m.options.maxPollIntervalMs + 1);
      }
      if (group.state === 'PreparingRebalance') {
        next = Math.min(next, group.rebalanceDeadline);
        if (group.initialDelayUntil > this.host.now()) next = Math.min(next, group.initialDelayUntil);
      }
      if (group.state === 'Empty') next = Math.min(next, group.emptySince + this.config.offsetsRetentionMs);
    }
    return next;
  }

  private expire(group: ConsumerGroup): void {
    for (const [topic, byPartition] of group.committed) {
      for (const p of byPartition.keys()) this.host.writeOffset(group.groupId, topic, p, null, this.host.now());
    }
    group.committed.clear();
    this.transition(group, 'Dead');
    this.groups.delete(group.groupId);
    this.host.emit?.({ type: 'offsets-expired', time: this.host.now(), groupId: group.groupId });
  }

  /** Removes a member and rebalances the rest (or empties the group). */
  removeMember(group: ConsumerGroup, member: GroupMember, reason: MemberLeaveReason): void {
    if (!group.members.delete(member.memberId)) return;
    member.alive = false;
    member.owned = [];
    this.host.emit?.({ type: 'member-left', time: this.host.now(), groupId: group.groupId, memberId: member.memberId, reason });
    if (group.leaderId === member.memberId) group.leaderId = group.members.keys().next().value;
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    this.tryCompleteJoin(group);
  }

  private prepareRebalance(group: ConsumerGroup): void {
    const now = this.host.now();
    const wasEmpty = group.state === 'Empty';
    for (const m of group.members.values()) m.joined = false;
    group.rebalanceStartedAt = now;
    group.rebalanceDeadline = now + this.maxRebalanceTimeout(group);
    group.initialDelayUntil = wasEmpty ? now + this.config.initialRebalanceDelayMs : Number.NEGATIVE_INFINITY;
    this.transition(group, 'PreparingRebalance');
  }

  private maxRebalanceTimeout(group: ConsumerGroup): number {
    let max = 0;
    for (const m of group.members.values()) max = Math.max(max, m.options.maxPollIntervalMs);
    return max;
  }

  private completeJoin(group: ConsumerGroup): void {
    const now = this.host.now();
    group.generation++;
    group.initialDelayUntil = Number.NEGATIVE_INFINITY;
    group.rebalanceDeadline = Number.POSITIVE_INFINITY;
    if (group.members.size === 0) {
      group.protocol = undefined;
      group.leaderId = undefined;
      this.transition(group, 'Empty');
      return;
    }
    group.protocol = group.selectProtocol()!;
    if (group.leaderId === undefined || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value;
    if (group.clientAssigned) {
      // The clients assign: the leader's SyncGroup (clientGroups.ts) moves the group to Stable.
      for (const m of group.members.values()) m.generation = group.generation;
      this.transition(group, 'CompletingRebalance');
      return;
    }
    this.transition(group, 'CompletingRebalance');
    const members = [...group.members.values()];
    const topics = new Map<string, number>();
    for (const m of members) {
      for (const t of m.options.topics) {
        const n = this.host.partitionCount(t);
        if (n !== undefined) topics.set(t, n);
      }
    }
    const assignment = assignorFor(group.protocol).assign(topics, members.map((m) => m.subscription()));
    const assigned: Record<string, TopicPartitions[]> = {};
    const revoking: Record<string, TopicPartitions[]> = {};
    for (const m of members) {
      const tps = assignment.get(m.memberId) ?? [];
      const revoked = this.applyAssignment(m, tps, group.generation);
      assigned[m.memberId] = byTopic(tps);
      if (revoked.length > 0) revoking[m.memberId] = byTopic(revoked);
    }
    this.transition(group, 'Stable');
    this.host.emit?.({ type: 'rebalanced', time: now, groupId: group.groupId, generation: group.generation, protocol: group.protocol, assignment: assigned, revoking });
  }

  /** SyncGroup response handled by the client (onJoinComplete); returns what it had to revoke. */
  private applyAssignment(m: GroupMember, tps: readonly TopicPartition[], generation: number): TopicPartition[] {
    m.generation = generation;
    m.assignment = [...tps];
    const wanted = new Set(tps.map((tp) => `${tp.topic}\u0000${tp.partition}`));
    const revoked = m.owned.filter((o) => !wanted.has(`${o.topic}\u0000${o.partition}`)).map((o) => ({ topic: o.topic, partition: o.partition }));
    const kept = new Map<string, OwnedPartition>();
    for (const o of m.owned) if (wanted.has(`${o.topic}\u0000${o.partition}`)) kept.set(`${o.topic}\u0000${o.partition}`, o);
    m.owned = tps.map((tp) => kept.get(`${tp.topic}\u0000${tp.partition}`)
      ?? { topic: tp.topic, partition: tp.partition, log: this.host.partitionLog(tp.topic, tp.partition), position: -1 });
    // Cooperative: a member that gave partitions up rejoins so a second rebalance can hand them over.
    if (m.cooperative && revoked.length > 0) m.needsRejoin = true;
    return revoked;
  }

  private transition(group: ConsumerGroup, to: GroupState): void {
    if (group.state === to) return;
    const from = group.state;
    group.state = to;
    if (to === 'Empty') group.emptySince = this.host.now();
    this.host.emit?.({ type: 'group-state', time: this.host.now(), groupId: group.groupId, from, to });
  }

  /** A random UUID (v4 layout) from the seeded source, as the Java client appends to client.id. */
  private uuid(): string {
    const hex = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += this.host.random.int(16).toString(16);
      return s;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.host.random.int(4)]}${hex(3)}-${hex(12)}`;
  }
}

function byTopic(tps: readonly TopicPartition[]): TopicPartitions[] {
  const map = new Map<string, number[]>();
  for (const tp of tps) {
    const list = map.get(tp.topic) ?? [];
    list.push(tp.partition);
    map.set(tp.topic, list);
  }
  return [...map].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}
