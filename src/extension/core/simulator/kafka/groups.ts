/**
 * Consumer groups of the classic protocol (the Java client's default group.protocol in Kafka 4.x):
 * broker-side group state and membership, plus the client-side state of each simulated KafkaConsumer
 * (fetch positions, auto-commit timer), which the Java client keeps in the consumer process.
 */
import type { AssignorName, Subscription, TopicPartition } from './assignors.js';
import { assignorFor, isAssignorName } from './assignors.js';
import { javaHashMapOrder } from './javaOrder.js';
import type { PartitionLog } from './log.js';

/** Classic group states (org.apache.kafka.coordinator.group.classic.ClassicGroupState). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** What auto.offset.reset does when a partition has no committed offset or it is out of range. */
export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

/** Consumer configs that matter to the model; each defaults to the Java client's default. */
export interface ConsumerOptions {
  readonly clientId?: string;
  readonly host?: string;
  readonly topics: readonly string[];
  /** partition.assignment.strategy, most preferred first (default [range, cooperative-sticky]). */
  readonly assignors?: readonly AssignorName[];
  readonly sessionTimeoutMs?: number;
  /** max.poll.interval.ms, also the rebalance timeout the client sends in JoinGroup. */
  readonly maxPollIntervalMs?: number;
  readonly enableAutoCommit?: boolean;
  readonly autoCommitIntervalMs?: number;
  readonly autoOffsetReset?: AutoOffsetReset;
  readonly maxPollRecords?: number;
  readonly maxPartitionFetchBytes?: number;
  readonly fetchMaxBytes?: number;
  /**
   * The Java consumer heartbeats from a background thread, so a live process never hits
   * session.timeout.ms; false models a client that only heartbeats when told to ({@link GroupCoordinator.heartbeat}).
   */
  readonly backgroundHeartbeat?: boolean;
}

/** Options with every default filled in. */
export type ResolvedConsumerOptions = Required<Omit<ConsumerOptions, 'topics' | 'assignors'>> & {
  readonly topics: readonly string[];
  readonly assignors: readonly AssignorName[];
};

/** Resolves options against the Java client's defaults. */
export function resolveConsumerOptions(options: ConsumerOptions, clientId: string): ResolvedConsumerOptions {
  return {
    clientId: options.clientId ?? clientId,
    host: options.host ?? '/127.0.0.1',
    topics: [...options.topics],
    assignors: options.assignors && options.assignors.length > 0 ? [...options.assignors] : ['range', 'cooperative-sticky'],
    sessionTimeoutMs: options.sessionTimeoutMs ?? 45000,
    maxPollIntervalMs: options.maxPollIntervalMs ?? 300000,
    enableAutoCommit: options.enableAutoCommit ?? true,
    autoCommitIntervalMs: options.autoCommitIntervalMs ?? 5000,
    autoOffsetReset: options.autoOffsetReset ?? 'latest',
    maxPollRecords: options.maxPollRecords ?? 500,
    maxPartitionFetchBytes: options.maxPartitionFetchBytes ?? 1048576,
    fetchMaxBytes: options.fetchMaxBytes ?? 52428800,
    backgroundHeartbeat: options.backgroundHeartbeat ?? true,
  };
}

/** A partition the client owns, with its fetch position (-1 until initialized from the committed offset). */
export interface OwnedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly log: PartitionLog;
  position: number;
}

/** A committed offset. */
export interface CommittedOffset {
  readonly offset: number;
  readonly commitTimestamp: number;
}

/**
 * A member driven by a real client over the Kafka protocol (the wire listener): the client, not the
 * model, computes the assignment (the leader sends it in SyncGroup) and heartbeats itself.
 */
export interface ClientDrivenMember {
  readonly protocolType: string;
  /** Protocol names with their opaque metadata, in the client's order of preference. */
  protocols: { readonly name: string; readonly metadata: Uint8Array }[];
  readonly groupInstanceId: string | null;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** The bytes the leader assigned this member in the last SyncGroup. */
  assignment: Uint8Array | undefined;
}

/** One member: broker-side membership and the simulated client behind it. */
export class GroupMember {
  readonly memberId: string;
  readonly options: ResolvedConsumerOptions;
  /**
   * COOPERATIVE only when every configured assignor supports it (ConsumerCoordinator picks the highest
   * protocol common to all of them), so the default [range, cooperative-sticky] list rebalances eagerly.
   */
  readonly cooperative: boolean;
  lastHeartbeat: number;
  lastPoll: number;
  nextAutoCommit: number;
  /** Has sent JoinGroup for the pending rebalance. */
  joined = true;
  /** The generation this member last received an assignment in (-1 before the first). */
  generation = -1;
  /** The assignment of that generation, as the leader computed it. */
  assignment: TopicPartition[] = [];
  /** What the client owns now, with positions. */
  owned: OwnedPartition[] = [];
  /** The client must rejoin (it revoked partitions under the cooperative protocol). */
  needsRejoin = false;
  /** False after a simulated crash: no more heartbeats, polls or commits. */
  alive = true;
  /** Round-robin start of the next fetch over owned partitions. */
  fetchCursor = 0;
  /** Set when a real client drives this member over the wire; undefined for simulated consumers. */
  client: ClientDrivenMember | undefined;

  constructor(memberId: string, options: ResolvedConsumerOptions, now: number) {
    this.memberId = memberId;
    this.options = options;
    // A wire client may name assignors the model does not implement (kafkajs's RoundRobinAssigner).
    this.cooperative = options.assignors.every((a) => isAssignorName(a) && assignorFor(a).cooperative);
    this.lastHeartbeat = now;
    this.lastPoll = now;
    this.nextAutoCommit = now + options.autoCommitIntervalMs;
  }

  /** The JoinGroup subscription (ownedPartitions is empty under eager: it revoked everything first). */
  subscription(): Subscription {
    return {
      memberId: this.memberId,
      topics: this.options.topics,
      ownedPartitions: this.owned.map((o) => ({ topic: o.topic, partition: o.partition })),
      generation: this.generation,
    };
  }
}

/** One consumer group. */
export class ConsumerGroup {
  readonly groupId: string;
  state: GroupState = 'Empty';
  generation = 0;
  protocol: AssignorName | undefined;
  leaderId: string | undefined;
  /** In join order, which is also the order the leader receives subscriptions in. */
  readonly members = new Map<string, GroupMember>();
  readonly committed = new Map<string, Map<number, CommittedOffset>>();
  /** When a pending rebalance gives up on members that did not rejoin (their rebalance timeout). */
  rebalanceDeadline = Number.POSITIVE_INFINITY;
  /** group.initial.rebalance.delay.ms: a rebalance of a group that was Empty waits until then. */
  initialDelayUntil = Number.NEGATIVE_INFINITY;
  rebalanceStartedAt = 0;
  /** Since when the group is Empty (or its last commit while Empty), for offsets.retention.minutes. */
  emptySince: number;
  /** Members run by real clients over the wire: they assign partitions themselves (SyncGroup). */
  clientAssigned = false;
  /** Offsets the last applied reset replaced, for revert (undefined = there was no committed offset). */
  lastReset: { readonly topic: string; readonly previous: ReadonlyMap<number, number | undefined> } | undefined;

  constructor(groupId: string, now: number) {
    this.groupId = groupId;
    this.emptySince = now;
  }

  committedOffset(topic: string, partition: number): number | undefined {
    return this.committed.get(topic)?.get(partition)?.offset;
  }

  /** Records a committed offset. */
  commit(topic: string, partition: number, offset: number, now: number): void {
    let byPartition = this.committed.get(topic);
    if (!byPartition) {
      byPartition = new Map();
      this.committed.set(topic, byPartition);
    }
    byPartition.set(partition, { offset, commitTimestamp: now });
    if (this.state === 'Empty') this.emptySince = now;
  }

  /** Removes a committed offset (reset revert, topic deletion). */
  uncommit(topic: string, partition: number): void {
    const byPartition = this.committed.get(topic);
    byPartition?.delete(partition);
    if (byPartition && byPartition.size === 0) this.committed.delete(topic);
  }

  /**
   * ClassicGroup.selectProtocol: candidates are the assignors every member supports; each member votes
   * for its most preferred candidate; the most votes wins, ties going to the first in HashMap order.
   */
  selectProtocol(): AssignorName | undefined {
    const members = [...this.members.values()];
    if (members.length === 0) return undefined;
    const candidates = members[0]!.options.assignors.filter((a) => members.every((m) => m.options.assignors.includes(a)));
    const votes = new Map<string, number>();
    for (const m of members) {
      const vote = m.options.assignors.find((a) => candidates.includes(a));
      if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const name of javaHashMapOrder([...votes.keys()])) {
      if (best === undefined || votes.get(name)! > votes.get(best)!) best = name;
    }
    return best as AssignorName | undefined;
  }

  /** True when `assignors` shares at least one assignor with every current member. */
  acceptsProtocols(assignors: readonly AssignorName[]): boolean {
    for (const m of this.members.values()) {
      if (!assignors.some((a) => m.options.assignors.includes(a))) return false;
    }
    const all = [...this.members.values()];
    return all.length === 0 || assignors.some((a) => all.every((m) => m.options.assignors.includes(a)));
  }
}
