/**
 * CooperativeStickyAssignor (AbstractStickyAssignor + CooperativeStickyAssignor, Kafka 3.5+ code).
 *
 * When all members subscribe to the same topics (the usual case) this is a faithful port of
 * ConstrainedAssignmentBuilder without racks:
 *  1. owned partitions (those claimed in the highest generation; a partition claimed twice in the same
 *     generation is dropped) are kept, sorted by (partition, topic): all of them below minQuota; maxQuota
 *     while fewer than (total mod members) members were given an extra partition; else minQuota. The
 *     members are visited in java.util.HashMap order, which decides who keeps the extra partitions.
 *  2. the remaining partitions (sorted by topic, partition) are dealt round-robin to the members still
 *     under minQuota (sorted by member id), then to members at exactly minQuota.
 * A partition that moves from one member to another is then removed from the new owner's assignment
 * (CooperativeStickyAssignor.adjustAssignment): the old owner revokes it first, rejoins, and a second
 * rebalance hands it over. That is the two-phase revocation of the cooperative protocol.
 *
 * When subscriptions differ, Kafka runs GeneralAssignmentBuilder: ported step by step in
 * stickyGeneralAssignor.ts (it takes partitions back from over-full members, which keeping every owned
 * partition never does). test/unit/simulator/kafka/stickyAssignorJava.test.ts runs Java's own
 * CooperativeStickyAssignor from the kafka-clients jar on generated cases and compares.
 */
import type { Subscription, TopicPartition } from './assignors.js';
import { compareJavaStrings, javaHashMapOrder } from './javaOrder.js';
import { generalStickyAssign } from './stickyGeneralAssignor.js';

function key(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

function compareTp(a: TopicPartition, b: TopicPartition): number {
  return compareJavaStrings(a.topic, b.topic) || a.partition - b.partition;
}

interface Owned {
  readonly owned: Map<string, TopicPartition[]>;
  readonly multiOwners: Set<string>;
  readonly allEqual: boolean;
}

/** AbstractStickyAssignor.allSubscriptionsEqual: also collects each member's valid owned partitions. */
function collectOwned(topics: ReadonlySet<string>, subs: readonly Subscription[], order: readonly string[]): Owned {
  const byId = new Map(subs.map((s) => [s.memberId, s]));
  const owned = new Map<string, TopicPartition[]>();
  const multiOwners = new Set<string>();
  const previousOwner = new Map<string, string>();
  const subscribed = new Set<string>();
  let allEqual = true;
  for (const memberId of order) {
    const s = byId.get(memberId)!;
    // As in Java, an empty set so far (also after a member with no topics) is filled, not compared.
    if (subscribed.size === 0) s.topics.forEach((t) => subscribed.add(t));
    else if (allEqual && !(s.topics.length === subscribed.size && s.topics.every((t) => subscribed.has(t)))) allEqual = false;
    const mine: TopicPartition[] = [];
    owned.set(memberId, mine);
    for (const tp of s.ownedPartitions) {
      if (!topics.has(tp.topic)) continue;
      const k = key(tp);
      const other = previousOwner.get(k);
      if (other === undefined) {
        mine.push(tp);
        previousOwner.set(k, memberId);
        continue;
      }
      const otherGen = byId.get(other)!.generation;
      if (s.generation === otherGen) {
        multiOwners.add(k);
        removeTp(owned.get(other)!, k);
        previousOwner.set(k, memberId);
      } else if (s.generation > otherGen) {
        mine.push(tp);
        removeTp(owned.get(other)!, k);
        previousOwner.set(k, memberId);
      }
    }
  }
  return { owned, multiOwners, allEqual };
}

function removeTp(list: TopicPartition[], k: string): void {
  const i = list.findIndex((tp) => key(tp) === k);
  if (i >= 0) list.splice(i, 1);
}

function allPartitions(partitionsPerTopic: ReadonlyMap<string, number>): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const topic of [...partitionsPerTopic.keys()].sort(compareJavaStrings)) {
    const n = partitionsPerTopic.get(topic)!;
    for (let p = 0; p < n; p++) out.push({ topic, partition: p });
  }
  return out;
}

/** ConstrainedAssignmentBuilder.build without racks; fills `transferring` (partition -> new owner). */
function constrainedAssign(partitionsPerTopic: ReadonlyMap<string, number>, owned: Map<string, TopicPartition[]>,
  multiOwners: ReadonlySet<string>, order: readonly string[], transferring: Map<string, string>): Map<string, TopicPartition[]> {
  const all = allPartitions(partitionsPerTopic);
  const members = order.length;
  const minQuota = Math.floor(all.length / members);
  const maxQuota = Math.ceil(all.length / members);
  const expectedOver = all.length % members;
  let currentOver = 0;
  const assignment = new Map<string, TopicPartition[]>(order.map((m) => [m, []]));
  const assigned = new Set<string>();
  const revoked = new Set<string>();
  const under: string[] = [];
  let exactlyMin: string[] = [];

  for (const consumer of order) {
    const mine = owned.get(consumer)!
      .filter((tp) => !multiOwners.has(key(tp)))
      .sort((a, b) => a.partition - b.partition || compareJavaStrings(a.topic, b.topic));
    const target = assignment.get(consumer)!;
    let keep: number;
    if (mine.length < minQuota) {
      keep = mine.length;
      under.push(consumer);
    } else if (mine.length >= maxQuota && currentOver < expectedOver) {
      currentOver++;
      if (currentOver === expectedOver) exactlyMin = [];
      keep = maxQuota;
    } else {
      keep = minQuota;
      if (currentOver < expectedOver) exactlyMin.push(consumer);
    }
    for (let i = 0; i < mine.length; i++) {
      if (i < keep) {
        target.push(mine[i]!);
        assigned.add(key(mine[i]!));
      } else {
        revoked.add(key(mine[i]!));
      }
    }
  }

  const unassigned = all.filter((tp) => !assigned.has(key(tp)));
  under.sort(compareJavaStrings);
  exactlyMin.sort(compareJavaStrings);
  // assignRoundRobin, with `cursor` standing in for the LinkedList iterator over `under`.
  let cursor = 0;
  for (const tp of unassigned) {
    let consumer: string;
    let fromUnder = true;
    if (cursor < under.length) {
      consumer = under[cursor++]!;
    } else if (under.length === 0 && exactlyMin.length === 0) {
      throw new Error('No more unfilled consumers to be assigned.');
    } else if (under.length === 0) {
      consumer = exactlyMin.shift()!;
      fromUnder = false;
    } else {
      cursor = 0;
      consumer = under[cursor++]!;
    }
    const list = assignment.get(consumer)!;
    list.push(tp);
    if (revoked.has(key(tp)) || multiOwners.has(key(tp))) transferring.set(key(tp), consumer);
    if (list.length === minQuota && fromUnder) {
      under.splice(cursor - 1, 1);
      cursor--;
      exactlyMin.push(consumer);
    } else if (list.length === maxQuota) {
      currentOver++;
    }
  }
  return assignment;
}

/** CooperativeStickyAssignor.assign: the sticky assignment minus partitions still owned by someone else. */
export function cooperativeStickyAssign(partitionsPerTopic: ReadonlyMap<string, number>, subs: readonly Subscription[]): Map<string, TopicPartition[]> {
  if (subs.length === 0) return new Map();
  const order = javaHashMapOrder(subs.map((s) => s.memberId));
  const topics = new Set(partitionsPerTopic.keys());
  const { owned, multiOwners, allEqual } = collectOwned(topics, subs, order);
  let assignment: Map<string, TopicPartition[]>;
  let transferring = new Map<string, string>();
  if (allEqual) {
    assignment = constrainedAssign(partitionsPerTopic, owned, multiOwners, order, transferring);
  } else {
    assignment = generalStickyAssign(partitionsPerTopic, order.map((m) => subs.find((s) => s.memberId === m)!), owned);
    transferring = partitionsTransferringOwnership(subs, assignment);
  }
  for (const [k, consumer] of transferring) {
    const list = assignment.get(consumer)!;
    const i = list.findIndex((tp) => key(tp) === k);
    if (i >= 0) list.splice(i, 1);
  }
  for (const list of assignment.values()) list.sort(compareTp);
  return assignment;
}

/** CooperativeStickyAssignor.computePartitionsTransferringOwnership: added to one member and revoked from another. */
function partitionsTransferringOwnership(subs: readonly Subscription[], assignment: Map<string, TopicPartition[]>): Map<string, string> {
  const added = new Map<string, string>();
  const revoked = new Set<string>();
  for (const s of subs) {
    const mine = new Set((assignment.get(s.memberId) ?? []).map(key));
    const had = new Set(s.ownedPartitions.map(key));
    for (const k of mine) if (!had.has(k)) added.set(k, s.memberId);
    for (const k of had) if (!mine.has(k)) revoked.add(k);
  }
  for (const k of [...added.keys()]) if (!revoked.has(k)) added.delete(k);
  return added;
}
