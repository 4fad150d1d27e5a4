/**
 * Client-side partition assignors of the classic group protocol, computing the same assignment the
 * Java client computes for the same members and partitions:
 *  - range (RangeAssignor): per topic, members subscribed to it sorted by MemberInfo (static members
 *    by group.instance.id first, then member id), partitions split into contiguous ranges, the first
 *    (n mod m) members taking one extra. Rack-aware placement needs broker racks, which the simulated
 *    cluster does not have, so it never applies (as on a rack-less real cluster).
 *  - roundrobin (RoundRobinAssignor): all partitions of all subscribed topics (topics sorted by name,
 *    partitions in order) dealt one by one to members in MemberInfo order, skipping members not
 *    subscribed to the partition's topic.
 *  - cooperative-sticky: see stickyAssignor.ts.
 */
import { compareJavaStrings } from './javaOrder.js';
import { cooperativeStickyAssign } from './stickyAssignor.js';

/** A topic partition. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** What a member sends in JoinGroup (ConsumerProtocolSubscription v2+). */
export interface Subscription {
  readonly memberId: string;
  /** group.instance.id of a static member. */
  readonly groupInstanceId?: string;
  readonly topics: readonly string[];
  /** Partitions the member owns now: only non-empty under the cooperative protocol (eager revokes all first). */
  readonly ownedPartitions: readonly TopicPartition[];
  /** The generation the owned partitions come from; -1 for a new member. */
  readonly generation: number;
}

/** Names of the assignors the model implements (partition.assignment.strategy values). */
export type AssignorName = 'range' | 'roundrobin' | 'cooperative-sticky';

/** An assignor: a pure function of partitions per topic and subscriptions (in JoinGroup order). */
export interface PartitionAssignor {
  readonly name: AssignorName;
  /** RebalanceProtocol.COOPERATIVE among supportedProtocols(). */
  readonly cooperative: boolean;
  assign(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: readonly Subscription[]): Map<string, TopicPartition[]>;
}

/** AbstractPartitionAssignor.MemberInfo.compareTo: static members first by instance id, then member id. */
export function compareMembers(a: Subscription, b: Subscription): number {
  if (a.groupInstanceId !== undefined && b.groupInstanceId !== undefined) return compareJavaStrings(a.groupInstanceId, b.groupInstanceId);
  if (a.groupInstanceId !== undefined) return -1;
  if (b.groupInstanceId !== undefined) return 1;
  return compareJavaStrings(a.memberId, b.memberId);
}

function emptyAssignment(subscriptions: readonly Subscription[]): Map<string, TopicPartition[]> {
  const out = new Map<string, TopicPartition[]>();
  for (const s of subscriptions) out.set(s.memberId, []);
  return out;
}

/** RangeAssignor without racks. */
export function rangeAssign(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: readonly Subscription[]): Map<string, TopicPartition[]> {
  const assignment = emptyAssignment(subscriptions);
  const topics = [...partitionsPerTopic.keys()].sort(compareJavaStrings);
  for (const topic of topics) {
    const n = partitionsPerTopic.get(topic)!;
    const consumers = subscriptions.filter((s) => s.topics.includes(topic)).sort(compareMembers);
    if (consumers.length === 0 || n === 0) continue;
    const perConsumer = Math.floor(n / consumers.length);
    const extra = n % consumers.length;
    for (let i = 0; i < consumers.length; i++) {
      const start = perConsumer * i + Math.min(i, extra);
      const length = perConsumer + (i + 1 > extra ? 0 : 1);
      const list = assignment.get(consumers[i]!.memberId)!;
      for (let p = start; p < start + length; p++) list.push({ topic, partition: p });
    }
  }
  return assignment;
}

/** RoundRobinAssignor. */
export function roundRobinAssign(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: readonly Subscription[]): Map<string, TopicPartition[]> {
  const assignment = emptyAssignment(subscriptions);
  const members = [...subscriptions].sort(compareMembers);
  if (members.length === 0) return assignment;
  const topics = [...new Set(subscriptions.flatMap((s) => s.topics))].sort(compareJavaStrings);
  let next = 0;
  for (const topic of topics) {
    const n = partitionsPerTopic.get(topic);
    if (n === undefined) continue;
    for (let p = 0; p < n; p++) {
      // CircularIterator: skip members not subscribed to this topic (some member is, or the topic would not be listed).
      while (!members[next % members.length]!.topics.includes(topic)) next++;
      assignment.get(members[next % members.length]!.memberId)!.push({ topic, partition: p });
      next++;
    }
  }
  return assignment;
}

const ASSIGNORS: Readonly<Record<AssignorName, PartitionAssignor>> = {
  range: { name: 'range', cooperative: false, assign: rangeAssign },
  roundrobin: { name: 'roundrobin', cooperative: false, assign: roundRobinAssign },
  'cooperative-sticky': { name: 'cooperative-sticky', cooperative: true, assign: cooperativeStickyAssign },
};

/** The assignor of that name. */
export function assignorFor(name: AssignorName): PartitionAssignor {
  return ASSIGNORS[name];
}

/** True for a name the model implements. */
export function isAssignorName(name: string): name is AssignorName {
  return name === 'range' || name === 'roundrobin' || name === 'cooperative-sticky';
}

/** A stable key for a topic partition, for sets and maps. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}
