/**
 * AbstractStickyAssignor.GeneralAssignmentBuilder without racks: the path Kafka takes when members
 * subscribe to different sets of topics. A line-by-line port, because the outcome depends on the
 * order of every step, not only on the balance it reaches:
 *  1. keep each member's valid owned partitions (dropping those of topics it left, which marks that a
 *     revocation is required);
 *  2. hand each unassigned partition (topics sorted by how many members can take them, then by name)
 *     to the least-loaded member subscribed to it (a TreeSet ordered by assignment size, then id);
 *  3. leave out topics only one member can take and members that cannot change, then move partitions
 *     from the fullest to the emptiest eligible member until no move improves the balance: first only
 *     the newly assigned ones (when nothing had to be revoked), then all; a partition goes back to its
 *     previous-generation owner when that one is two or more below, and a move that reverses an earlier
 *     move of the same topic between the same pair takes the partition that moved first
 *     (PartitionMovements, which iterates a java.util.HashSet, modelled by JavaHashSet);
 *  4. when members already owned partitions, keep the result only if its balance score (sum of
 *     pairwise size differences) is lower than before step 3.
 * Kafka keeps `maxGeneration` across calls on one assignor instance; the model takes the maximum over
 * the current subscriptions, which is the same whenever generations only grow (as they do in a group).
 */
import type { Subscription, TopicPartition } from './assignors.js';
import { compareJavaStrings, JavaHashSet, javaTopicPartitionHash } from './javaOrder.js';

function key(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

interface Move {
  readonly src: string;
  readonly dst: string;
}

const pairKey = (src: string, dst: string): string => `${src}\u0000${dst}`;

/** AbstractStickyAssignor.PartitionMovements: the record of moves that keeps reassignment sticky. */
class PartitionMovements {
  private readonly byTopic = new Map<string, Map<string, JavaHashSet<TopicPartition>>>();
  private readonly moves = new Map<string, Move>();

  private remove(tp: TopicPartition): Move {
    const pair = this.moves.get(key(tp))!;
    this.moves.delete(key(tp));
    const forTopic = this.byTopic.get(tp.topic)!;
    const set = forTopic.get(pairKey(pair.src, pair.dst))!;
    set.delete(tp);
    if (set.size === 0) forTopic.delete(pairKey(pair.src, pair.dst));
    if (forTopic.size === 0) this.byTopic.delete(tp.topic);
    return pair;
  }

  private add(tp: TopicPartition, pair: Move): void {
    this.moves.set(key(tp), pair);
    let forTopic = this.byTopic.get(tp.topic);
    if (!forTopic) this.byTopic.set(tp.topic, (forTopic = new Map()));
    let set = forTopic.get(pairKey(pair.src, pair.dst));
    if (!set) forTopic.set(pairKey(pair.src, pair.dst), (set = new JavaHashSet(key, (p) => javaTopicPartitionHash(p.topic, p.partition))));
    set.add(tp);
  }

  move(tp: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.moves.has(key(tp))) {
      const existing = this.remove(tp);
      if (existing.src !== newConsumer) this.add(tp, { src: existing.src, dst: newConsumer });
    } else {
      this.add(tp, { src: oldConsumer, dst: newConsumer });
    }
  }

  actualPartitionToMove(tp: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const forTopic = this.byTopic.get(tp.topic);
    if (!forTopic) return tp;
    const earlier = this.moves.get(key(tp));
    const from = earlier ? earlier.src : oldConsumer;
    const reverse = forTopic.get(pairKey(newConsumer, from));
    return reverse ? reverse.first()! : tp;
  }
}

/**
 * GeneralAssignmentBuilder.build. `subs` are in the order Java iterates the subscriptions HashMap;
 * `current` holds each member's valid owned partitions (allSubscriptionsEqual's output) and is updated.
 */
export function generalStickyAssign(partitionsPerTopic: ReadonlyMap<string, number>, subs: readonly Subscription[],
  current: Map<string, TopicPartition[]>): Map<string, TopicPartition[]> {
  const subscriptions = new Map(subs.map((s) => [s.memberId, s]));
  const topicConsumers = new Map<string, string[]>([...partitionsPerTopic.keys()].map((t) => [t, []]));
  const consumerTopics = new Map<string, string[]>();
  for (const s of subs) {
    const topics: string[] = [];
    consumerTopics.set(s.memberId, topics);
    for (const t of s.topics) {
      if (!partitionsPerTopic.has(t)) continue;
      topics.push(t);
      topicConsumers.get(t)!.push(s.memberId);
    }
    if (!current.has(s.memberId)) current.set(s.memberId, []);
  }
  const partitionConsumer = new Map<string, string>();
  for (const [c, tps] of current) for (const tp of tps) partitionConsumer.set(key(tp), c);
  const totalPartitions = [...partitionsPerTopic.values()].reduce((a, b) => a + b, 0);
  const sortedTopics = [...topicConsumers.keys()].sort((a, b) => topicConsumers.get(a)!.length - topicConsumers.get(b)!.length || compareJavaStrings(a, b));
  let sortedAllPartitions: TopicPartition[] = sortedTopics.flatMap((topic) => Array.from({ length: partitionsPerTopic.get(topic)! }, (_, partition) => ({ topic, partition })));

  // sortedCurrentSubscriptions: a TreeSet by (assignment size, member id). Sizes only change while a
  // member is out of the set, so sorting on demand gives the same order.
  const inTree = new Set<string>();
  const sortedMembers = (): string[] => [...inTree].sort((a, b) => current.get(a)!.length - current.get(b)!.length || compareJavaStrings(a, b));

  // prepopulateCurrentAssignments: owners from older generations, the latest one winning (ties: first seen).
  const generationOf = (s: Subscription): number => (s.generation < 0 ? -1 : s.generation);
  const maxGeneration = subs.reduce((m, s) => Math.max(m, generationOf(s)), -1);
  const prevAssignment = new Map<string, { consumer: string; generation: number }>();
  for (const s of subs) {
    const generation = generationOf(s);
    if (generation >= maxGeneration) continue;
    for (const tp of s.ownedPartitions) {
      const prev = prevAssignment.get(key(tp));
      if (!prev || generation > prev.generation) prevAssignment.set(key(tp), { consumer: s.memberId, generation });
    }
  }

  // assignOwnedPartitions
  let revocationRequired = false;
  const assigned = new Set<string>();
  for (const [c, tps] of current) {
    const s = subscriptions.get(c)!;
    const keep: TopicPartition[] = [];
    for (const tp of tps) {
      if (!topicConsumers.has(tp.topic)) {
        partitionConsumer.delete(key(tp));
      } else if (!s.topics.includes(tp.topic)) {
        revocationRequired = true;
      } else {
        keep.push(tp);
        assigned.add(key(tp));
      }
    }
    current.set(c, keep);
  }
  let unassigned = sortedAllPartitions.filter((tp) => !assigned.has(key(tp)));
  for (const c of current.keys()) inTree.add(c);

  const maxAssignmentSize = (topics: readonly string[]): number =>
    topics.length === partitionsPerTopic.size ? totalPartitions : topics.reduce((sum, t) => sum + partitionsPerTopic.get(t)!, 0);
  const topicCanMove = (topic: string): boolean => topicConsumers.get(topic)!.length >= 2;
  const consumerCanMove = (c: string): boolean => {
    const mine = current.get(c)!;
    return mine.length < maxAssignmentSize(consumerTopics.get(c)!) || mine.some((tp) => topicCanMove(tp.topic));
  };

  const isBalanced = (): boolean => {
    const order = sortedMembers();
    if (current.get(order[0]!)!.length >= current.get(order[order.length - 1]!)!.length - 1) return true;
    const owner = new Map<string, string>();
    for (const [c, tps] of current) for (const tp of tps) owner.set(key(tp), c);
    for (const c of order) {
      const mine = current.get(c)!;
      const topics = consumerTopics.get(c)!;
      if (mine.length === maxAssignmentSize(topics)) continue;
      const held = new Set(mine.map(key));
      for (const topic of topics) {
        for (let p = 0; p < partitionsPerTopic.get(topic)!; p++) {
          const k = key({ topic, partition: p });
          if (!held.has(k) && mine.length + 1 < current.get(owner.get(k)!)!.length) return false;
        }
      }
    }
    return true;
  };

  const movements = new PartitionMovements();
  const processMove = (tp: TopicPartition, newConsumer: string): void => {
    const oldConsumer = partitionConsumer.get(key(tp))!;
    movements.move(tp, oldConsumer, newConsumer);
    const from = current.get(oldConsumer)!;
    from.splice(from.findIndex((x) => key(x) === key(tp)), 1);
    current.get(newConsumer)!.push(tp);
    partitionConsumer.set(key(tp), newConsumer);
    inTree.add(newConsumer);
    inTree.add(oldConsumer);
  };
  const reassignTo = (tp: TopicPartition, newConsumer: string): void => {
    processMove(movements.actualPartitionToMove(tp, partitionConsumer.get(key(tp))!, newConsumer), newConsumer);
  };
  const reassignToLeastLoaded = (tp: TopicPartition): void => {
    const target = sortedMembers().find((c) => consumerTopics.get(c)!.includes(tp.topic))!;
    reassignTo(tp, target);
  };

  const performReassignments = (partitions: readonly TopicPartition[]): boolean => {
    let performed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const tp of partitions) {
        if (isBalanced()) break;
        const consumer = partitionConsumer.get(key(tp))!;
        const size = current.get(consumer)!.length;
        const prev = prevAssignment.get(key(tp));
        if (prev && size > current.get(prev.consumer)!.length + 1) {
          reassignTo(tp, prev.consumer);
          performed = modified = true;
          continue;
        }
        if (topicConsumers.get(tp.topic)!.some((other) => size > current.get(other)!.length + 1)) {
          reassignToLeastLoaded(tp);
          performed = modified = true;
        }
      }
    } while (modified);
    return performed;
  };

  // balance
  const initializing = current.get(sortedMembers().at(-1)!)!.length === 0;
  for (const tp of unassigned) {
    if (topicConsumers.get(tp.topic)!.length === 0) continue;
    const target = sortedMembers().find((c) => consumerTopics.get(c)!.includes(tp.topic));
    if (target === undefined) continue;
    current.get(target)!.push(tp);
    partitionConsumer.set(key(tp), target);
  }
  const fixedTopics = new Set([...topicConsumers.keys()].filter((t) => !topicCanMove(t)));
  sortedAllPartitions = sortedAllPartitions.filter((tp) => !fixedTopics.has(tp.topic));
  unassigned = unassigned.filter((tp) => !fixedTopics.has(tp.topic));
  const fixedAssignments = new Map<string, TopicPartition[]>();
  for (const c of consumerTopics.keys()) {
    if (consumerCanMove(c)) continue;
    inTree.delete(c);
    fixedAssignments.set(c, current.get(c)!);
    current.delete(c);
  }
  const before = new Map([...current].map(([c, tps]) => [c, [...tps]]));
  if (!revocationRequired) performReassignments(unassigned);
  const performed = performReassignments(sortedAllPartitions);
  if (!initializing && performed && balanceScore(current) >= balanceScore(before)) {
    current.clear();
    for (const [c, tps] of before) current.set(c, tps);
  }
  for (const [c, tps] of fixedAssignments) current.set(c, tps);
  return current;
}

/** getBalanceScore: the sum of size differences over all pairs of members. */
function balanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((l) => l.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i]! - sizes[j]!);
  return score;
}
