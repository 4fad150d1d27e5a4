/**
 * Assignments checked against the expectations in Kafka's own unit tests (RangeAssignorTest,
 * RoundRobinAssignorTest, AbstractStickyAssignorTest and CooperativeStickyAssignorTest).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rangeAssign, roundRobinAssign, type Subscription, type TopicPartition } from '../../../../src/extension/core/simulator/kafka/assignors.js';
import { javaHashMapOrder } from '../../../../src/extension/core/simulator/kafka/javaOrder.js';
import { cooperativeStickyAssign } from '../../../../src/extension/core/simulator/kafka/stickyAssignor.js';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const sub = (memberId: string, topics: string[], owned: TopicPartition[] = [], generation = -1, groupInstanceId?: string): Subscription =>
  ({ memberId, topics, ownedPartitions: owned, generation, ...(groupInstanceId ? { groupInstanceId } : {}) });
const P = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));
/** Assignment as sorted "topic-p" lists per member. */
const view = (m: Map<string, TopicPartition[]>): Record<string, string[]> =>
  Object.fromEntries([...m].map(([k, v]) => [k, v.map((x) => `${x.topic}-${x.partition}`).sort()]));

/** Runs cooperative rebalances until nobody revokes anything (what verifyValidityAndBalance does). */
function settle(ppt: Map<string, number>, subs: Subscription[]): Map<string, TopicPartition[]> {
  let a = cooperativeStickyAssign(ppt, subs);
  for (let round = 0; round < 4; round++) {
    const revoking = subs.some((s) => s.ownedPartitions.some((o) => !a.get(s.memberId)!.some((x) => x.topic === o.topic && x.partition === o.partition)));
    if (!revoking) return a;
    subs = subs.map((s) => sub(s.memberId, s.topics as string[], a.get(s.memberId)!, 1));
    a = cooperativeStickyAssign(ppt, subs);
  }
  throw new Error('did not settle in 4 rebalances');
}

describe('RangeAssignor', () => {
  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const a = rangeAssign(P({ topic1: 3, topic2: 3 }), [sub('consumer1', ['topic1', 'topic2']), sub('consumer2', ['topic1', 'topic2'])]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1'], consumer2: ['topic1-2', 'topic2-2'] });
  });

  it('testMultipleConsumersMixedTopics: each topic is split among its own subscribers only', () => {
    const a = rangeAssign(P({ topic1: 3, topic2: 2 }), [sub('consumer1', ['topic1']), sub('consumer2', ['topic1', 'topic2']), sub('consumer3', ['topic1'])]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-0', 'topic2-1'], consumer3: ['topic1-2'] });
  });

  it('orders members by member id as Java strings, not by join order', () => {
    const a = rangeAssign(P({ t: 5 }), [sub('consumer-b', ['t']), sub('consumer-a', ['t']), sub('consumer-10', ['t'])]);
    // "consumer-10" < "consumer-a" < "consumer-b"; 5 partitions over 3: 2, 2, 1.
    assert.deepEqual(view(a), { 'consumer-b': ['t-4'], 'consumer-a': ['t-2', 't-3'], 'consumer-10': ['t-0', 't-1'] });
  });

  it('testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions: static members sort first', () => {
    const a = rangeAssign(P({ topic1: 3, topic2: 3 }), [sub('consumer-b', ['topic1', 'topic2'], [], -1, 'instance1'), sub('consumer-a', ['topic1', 'topic2'])]);
    assert.deepEqual(view(a), { 'consumer-b': ['topic1-0', 'topic1-1', 'topic2-0', 'topic2-1'], 'consumer-a': ['topic1-2', 'topic2-2'] });
  });

  it('leaves extra members empty and ignores topics nobody subscribes to', () => {
    const a = rangeAssign(P({ t: 1, other: 3 }), [sub('c1', ['t']), sub('c2', ['t'])]);
    assert.deepEqual(view(a), { c1: ['t-0'], c2: [] });
  });
});

describe('RoundRobinAssignor', () => {
  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const a = roundRobinAssign(P({ topic1: 3, topic2: 3 }), [sub('consumer1', ['topic1', 'topic2']), sub('consumer2', ['topic1', 'topic2'])]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic1-2', 'topic2-1'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'] });
  });

  it('testMultipleConsumersMixedTopics: skips members not subscribed to the topic', () => {
    const a = roundRobinAssign(P({ topic1: 3, topic2: 2 }), [sub('consumer1', ['topic1']), sub('consumer2', ['topic1', 'topic2']), sub('consumer3', ['topic1'])]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-0', 'topic2-1'], consumer3: ['topic1-2'] });
  });

  it('the Javadoc example with unequal subscriptions', () => {
    const a = roundRobinAssign(P({ t0: 1, t1: 2, t2: 3 }), [sub('C0', ['t0']), sub('C1', ['t0', 't1']), sub('C2', ['t0', 't1', 't2'])]);
    assert.deepEqual(view(a), { C0: ['t0-0'], C1: ['t1-0'], C2: ['t1-1', 't2-0', 't2-1', 't2-2'] });
  });
});

describe('CooperativeStickyAssignor', () => {
  it('testTwoConsumersTwoTopicsSixPartitions (fresh group)', () => {
    const a = cooperativeStickyAssign(P({ topic1: 3, topic2: 3 }), [sub('consumer1', ['topic1', 'topic2']), sub('consumer2', ['topic1', 'topic2'])]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic1-2', 'topic2-1'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'] });
  });

  it('testConsumerOwningMinQuotaExpectedMaxQuota: keeps what members own', () => {
    const a = cooperativeStickyAssign(P({ topic1: 2, topic2: 3 }), [
      sub('consumer1', ['topic1', 'topic2'], [tp('topic1', 0), tp('topic2', 1)], 1),
      sub('consumer2', ['topic1', 'topic2'], [tp('topic1', 1), tp('topic2', 2)], 1),
    ]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic2-0', 'topic2-1'], consumer2: ['topic1-1', 'topic2-2'] });
  });

  it('testAllConsumersAreUnderMinQuota', () => {
    const a = cooperativeStickyAssign(P({ topic1: 2, topic2: 3 }), [
      sub('consumer1', ['topic1', 'topic2'], [tp('topic1', 0)], 1),
      sub('consumer2', ['topic1', 'topic2'], [tp('topic1', 1)], 1),
      sub('consumer3', ['topic1', 'topic2'], [], 1),
    ]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic1-1', 'topic2-2'], consumer3: ['topic2-0'] });
  });

  it('testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers: revoke first, hand over in a second rebalance', () => {
    const subs = [
      sub('consumer1', ['topic1', 'topic2'], [tp('topic1', 0), tp('topic2', 0)], 1),
      sub('consumer2', ['topic1', 'topic2'], [tp('topic1', 1), tp('topic2', 1)], 1),
      sub('consumer3', ['topic1', 'topic2'], [], 1),
    ];
    const first = cooperativeStickyAssign(P({ topic1: 2, topic2: 2 }), subs);
    assert.deepEqual(view(first), { consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-1'], consumer3: [] }, 'topic2-0 is transferring to consumer3: not given out yet');
    assert.deepEqual(view(settle(P({ topic1: 2, topic2: 2 }), subs)), { consumer1: ['topic1-0'], consumer2: ['topic1-1', 'topic2-1'], consumer3: ['topic2-0'] });
  });

  it('testAddRemoveConsumerOneTopic', () => {
    const ppt = P({ topic: 3 });
    const one = cooperativeStickyAssign(ppt, [sub('consumer1', ['topic'])]);
    assert.deepEqual(view(one), { consumer1: ['topic-0', 'topic-1', 'topic-2'] });
    const subs = [sub('consumer1', ['topic'], one.get('consumer1')!, 1), sub('consumer2', ['topic'], [], 1)];
    assert.deepEqual(view(cooperativeStickyAssign(ppt, subs)), { consumer1: ['topic-0', 'topic-1'], consumer2: [] });
    const two = settle(ppt, subs);
    assert.deepEqual(view(two), { consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    assert.deepEqual(view(cooperativeStickyAssign(ppt, [sub('consumer2', ['topic'], two.get('consumer2')!, 1)])), { consumer2: ['topic-0', 'topic-1', 'topic-2'] });
  });

  it('testAddRemoveTwoConsumersTwoTopics (Kafka 3.5+ expectations)', () => {
    const ppt = P({ topic1: 3, topic2: 4 });
    const all = ['topic1', 'topic2'];
    const a = cooperativeStickyAssign(ppt, [sub('consumer1', all), sub('consumer2', all)]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'], consumer2: ['topic1-1', 'topic2-0', 'topic2-2'] });
    const added = settle(ppt, [sub('consumer1', all, a.get('consumer1')!, 1), sub('consumer2', all, a.get('consumer2')!, 1), sub('consumer3', all, [], 1), sub('consumer4', all, [], 1)]);
    assert.deepEqual(view(added), { consumer1: ['topic1-0', 'topic2-1'], consumer2: ['topic1-1', 'topic2-0'], consumer3: ['topic1-2', 'topic2-3'], consumer4: ['topic2-2'] });
    const removed = cooperativeStickyAssign(ppt, [sub('consumer3', all, added.get('consumer3')!, 1), sub('consumer4', all, added.get('consumer4')!, 1)]);
    assert.deepEqual(view(removed), { consumer3: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'], consumer4: ['topic1-1', 'topic2-0', 'topic2-2'] });
  });

  it('a partition claimed by two members of the same generation goes to neither until both revoke it', () => {
    // CooperativeStickyAssignorTest...InSameGenerationWithEqualPartitionsPerConsumer / ...WithUnequal...
    const claims = [sub('consumer1', ['topic'], [tp('topic', 0), tp('topic', 1)], 1), sub('consumer2', ['topic'], [tp('topic', 0), tp('topic', 2)], 1), sub('consumer3', ['topic'], [], 1)];
    assert.deepEqual(view(cooperativeStickyAssign(P({ topic: 3 }), claims)), { consumer1: ['topic-1'], consumer2: ['topic-2'], consumer3: [] });
    assert.deepEqual(view(cooperativeStickyAssign(P({ topic: 4 }), claims)), { consumer1: ['topic-1', 'topic-3'], consumer2: ['topic-2'], consumer3: [] });
  });

  it('testMultipleConsumersMixedTopicSubscriptions (unequal subscriptions, balanced fallback)', () => {
    const a = cooperativeStickyAssign(P({ topic1: 3, topic2: 2 }), [sub('consumer1', ['topic1']), sub('consumer2', ['topic1', 'topic2']), sub('consumer3', ['topic1'])]);
    assert.deepEqual(view(a), { consumer1: ['topic1-0', 'topic1-2'], consumer2: ['topic2-0', 'topic2-1'], consumer3: ['topic1-1'] });
  });

  it('decides who keeps an extra partition in java.util.HashMap order of member ids', () => {
    // 7 partitions, 3 members: alpha and zeta own 3 each, but only one may keep 3 (7 mod 3 = 1).
    // "zeta".hashCode() = 3735256 -> bucket 0; "alpha".hashCode() = 92909918 -> bucket 7 (HashMap of 16):
    // Kafka visits zeta first, so zeta keeps its three, although alpha joined first and sorts first.
    const owned = (ps: number[]): TopicPartition[] => ps.map((p) => tp('t', p));
    const a = cooperativeStickyAssign(P({ t: 7 }), [sub('alpha', ['t'], owned([0, 1, 2]), 1), sub('zeta', ['t'], owned([3, 4, 5]), 1), sub('beta', ['t'], [], 1)]);
    assert.deepEqual(view(a), { alpha: ['t-0', 't-1'], zeta: ['t-3', 't-4', 't-5'], beta: ['t-6'] });
  });
});

describe('javaHashMapOrder', () => {
  it('iterates like a java.util.HashMap<String, ?> filled in this order', () => {
    // HashMap(16): bucket = (h ^ h>>>16) & 15, computed by hand from String.hashCode.
    assert.deepEqual(javaHashMapOrder(['b', 'a', 'c']), ['a', 'b', 'c']);
    assert.deepEqual(javaHashMapOrder(['consumer1', 'consumer2', 'consumer3']), ['consumer3', 'consumer2', 'consumer1'], 'buckets 12, 11, 10');
    assert.deepEqual(javaHashMapOrder(['a', 'q']), ['a', 'q'], '"a" (97) and "q" (113) share bucket 1: insertion order');
    assert.deepEqual(javaHashMapOrder(['q', 'a']), ['q', 'a']);
  });
});
