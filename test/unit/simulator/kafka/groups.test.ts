import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKafkaError } from '../../../../src/extension/core/simulator/kafka/errors.js';
import { javaStringHash } from '../../../../src/extension/core/simulator/kafka/murmur2.js';
import { assigned, consumeAll, keyed, newCluster, pollIds } from './helpers.js';

const codeOf = (e: unknown): string | undefined => (isKafkaError(e) ? e.code : undefined);

describe('consumer groups: membership and rebalances', () => {
  it('a new group waits group.initial.rebalance.delay.ms, so members joining together share the first generation', () => {
    const { cluster } = newCluster({ group: { initialRebalanceDelayMs: 3000 } });
    cluster.createTopic('t', { partitions: 4 });
    const a = cluster.joinGroup('g', { topics: ['t'] });
    cluster.advanceTime(2000);
    const b = cluster.joinGroup('g', { topics: ['t'] });
    cluster.poll('g', a);
    assert.equal(cluster.group('g')!.state, 'PreparingRebalance');
    cluster.advanceTime(2999);
    assert.equal(cluster.group('g')!.state, 'PreparingRebalance', 'the second join extended the delay');
    cluster.advanceTime(1);
    const g = cluster.group('g')!;
    assert.deepEqual([g.state, g.generation, g.protocol], ['Stable', 1, 'range']);
    assert.equal(assigned(cluster, 'g', a).length + assigned(cluster, 'g', b).length, 4);
  });

  it('a join rebalances a stable group: existing members rejoin at their next poll and the generation moves on', () => {
    const { cluster, events } = newCluster();
    cluster.createTopic('t', { partitions: 4 });
    const a = cluster.joinGroup('g', { topics: ['t'] });
    assert.deepEqual([cluster.group('g')!.generation, assigned(cluster, 'g', a)], [1, ['t-0', 't-1', 't-2', 't-3']]);
    const b = cluster.joinGroup('g', { topics: ['t'] });
    assert.equal(cluster.group('g')!.state, 'PreparingRebalance');
    assert.equal(cluster.heartbeat('g', a), 'REBALANCE_IN_PROGRESS');
    const during = cluster.poll('g', a);
    assert.equal(during.rebalancing, false, 'a rejoined, b had joined: the rebalance completed in this poll');
    assert.equal(cluster.group('g')!.generation, 2);
    // Range over member ids: the lower id gets t-0, t-1.
    const [first, second] = [a, b].sort();
    assert.deepEqual(assigned(cluster, 'g', first!), ['t-0', 't-1']);
    assert.deepEqual(assigned(cluster, 'g', second!), ['t-2', 't-3']);
    const states = events.filter((e) => e.type === 'group-state').map((e) => (e.type === 'group-state' ? e.to : ''));
    assert.deepEqual(states, ['PreparingRebalance', 'CompletingRebalance', 'Stable', 'PreparingRebalance', 'CompletingRebalance', 'Stable']);
  });

  it('member ids are client.id plus a UUID, and clients default to consumer-<group>-<n>', () => {
    const { cluster } = newCluster();
    const m = cluster.joinGroup('orders', { topics: ['t'] });
    assert.match(m, /^consumer-orders-1-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(cluster.joinGroup('orders', { topics: ['t'], clientId: 'svc' }), /^svc-/);
  });

  it('a leave rebalances the rest; the last leave empties the group and still bumps the generation', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 3 });
    const a = cluster.joinGroup('g', { topics: ['t'] });
    const b = cluster.joinGroup('g', { topics: ['t'] });
    cluster.poll('g', a);
    assert.equal(cluster.group('g')!.generation, 2);
    cluster.leaveGroup('g', b);
    cluster.poll('g', a);
    assert.deepEqual([cluster.group('g')!.generation, assigned(cluster, 'g', a)], [3, ['t-0', 't-1', 't-2']]);
    cluster.leaveGroup('g', a);
    assert.deepEqual([cluster.group('g')!.state, cluster.group('g')!.generation, cluster.group('g')!.members.size], ['Empty', 4, 0]);
    assert.throws(() => cluster.poll('g', a), (e) => codeOf(e) === 'UNKNOWN_MEMBER_ID');
  });

  it('a crashed member is removed after session.timeout.ms, and its uncommitted records are read again (at-least-once)', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(10));
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false, maxPollRecords: 4 });
    assert.deepEqual(pollIds(cluster, 'g', a), ['0:0', '0:1', '0:2', '0:3']);
    cluster.commit('g', a);
    assert.deepEqual(pollIds(cluster, 'g', a), ['0:4', '0:5', '0:6', '0:7'], 'processed but not committed');
    const b = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false });
    cluster.crashMember('g', a);
    cluster.advanceTime(44_999);
    assert.ok(cluster.group('g')!.members.has(a), 'still a member until session.timeout.ms (45 s)');
    cluster.advanceTime(1);
    assert.ok(!cluster.group('g')!.members.has(a));
    assert.deepEqual(pollIds(cluster, 'g', b).slice(0, 2), ['0:4', '0:5'], 'the new owner starts at the committed offset');
  });

  it('the background heartbeat keeps an idle member alive, but not polling for max.poll.interval.ms makes it leave', () => {
    const { cluster, events } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    const a = cluster.joinGroup('g', { topics: ['t'], maxPollIntervalMs: 100_000 });
    cluster.advanceTime(100_000);
    assert.ok(cluster.group('g')!.members.has(a), 'far past session.timeout.ms, still in: the heartbeat thread runs');
    cluster.advanceTime(1);
    assert.equal(cluster.group('g')!.state, 'Empty');
    assert.ok(events.some((e) => e.type === 'member-left' && e.reason === 'poll-timeout'));
  });

  it('without a heartbeat thread, only explicit heartbeats keep a member in', () => {
    const { cluster } = newCluster();
    const a = cluster.joinGroup('g', { topics: ['t'], backgroundHeartbeat: false, sessionTimeoutMs: 10_000 });
    cluster.advanceTime(9_000);
    assert.equal(cluster.heartbeat('g', a), 'NONE');
    cluster.advanceTime(9_000);
    assert.ok(cluster.group('g')!.members.has(a));
    cluster.advanceTime(1_000);
    assert.ok(!cluster.group('g')!.members.has(a));
    assert.throws(() => cluster.heartbeat('g', a), (e) => codeOf(e) === 'UNKNOWN_MEMBER_ID');
  });

  it('drops a member that does not rejoin before the rebalance timeout', () => {
    const { cluster, events } = newCluster();
    cluster.createTopic('t', { partitions: 2 });
    const slow = cluster.joinGroup('g', { topics: ['t'], maxPollIntervalMs: 60_000 });
    const fresh = cluster.joinGroup('g', { topics: ['t'], maxPollIntervalMs: 60_000 });
    cluster.advanceTime(30_000);
    cluster.poll('g', fresh);
    assert.equal(cluster.group('g')!.state, 'PreparingRebalance');
    cluster.advanceTime(30_000);
    assert.equal(cluster.group('g')!.state, 'Stable');
    assert.deepEqual([...cluster.group('g')!.members.keys()], [fresh]);
    assert.ok(events.some((e) => e.type === 'member-left' && e.memberId === slow));
  });

  it('refuses invalid joins: empty group id, session timeout out of range, no common assignor', () => {
    const { cluster } = newCluster();
    assert.throws(() => cluster.joinGroup('', { topics: ['t'] }), (e) => codeOf(e) === 'INVALID_GROUP_ID');
    assert.throws(() => cluster.joinGroup('g', { topics: ['t'], sessionTimeoutMs: 1000 }), (e) => codeOf(e) === 'INVALID_SESSION_TIMEOUT');
    cluster.joinGroup('g', { topics: ['t'], assignors: ['range'] });
    assert.throws(() => cluster.joinGroup('g', { topics: ['t'], assignors: ['roundrobin'] }), (e) => codeOf(e) === 'INCONSISTENT_GROUP_PROTOCOL');
  });

  it('picks the assignor every member supports, by vote (default list: range first)', () => {
    const { cluster } = newCluster();
    cluster.joinGroup('g', { topics: ['t'], assignors: ['cooperative-sticky', 'range'] });
    const b = cluster.joinGroup('g', { topics: ['t'] });
    cluster.joinGroup('g', { topics: ['t'], assignors: ['roundrobin', 'cooperative-sticky', 'range'] });
    for (const m of cluster.group('g')!.members.keys()) cluster.poll('g', m);
    void b;
    // Candidates: cooperative-sticky and range; votes: cooperative-sticky 1, range 1, cooperative-sticky 1.
    assert.equal(cluster.group('g')!.protocol, 'cooperative-sticky');
  });
});

describe('consumer groups: cooperative rebalancing', () => {
  it('with only cooperative-sticky, a join revokes first and hands over in a second rebalance; kept partitions never stop', () => {
    const { cluster, events } = newCluster();
    cluster.createTopic('t', { partitions: 4 });
    cluster.produce('t', keyed(40));
    const opts = { topics: ['t'], assignors: ['cooperative-sticky' as const], autoOffsetReset: 'earliest' as const, enableAutoCommit: false };
    const a = cluster.joinGroup('g', opts);
    consumeAll(cluster, 'g', [a], 40);
    const b = cluster.joinGroup('g', opts);
    cluster.poll('g', a);
    const rebalances = events.filter((e) => e.type === 'rebalanced');
    const gen2 = rebalances[rebalances.length - 1]!;
    assert.ok(gen2.type === 'rebalanced' && gen2.generation === 2);
    assert.deepEqual(gen2.type === 'rebalanced' && gen2.assignment[b], [], 'nothing is handed over while a still owns it');
    assert.ok(gen2.type === 'rebalanced' && Object.keys(gen2.revoking).includes(a));
    cluster.poll('g', a);
    cluster.poll('g', b);
    assert.equal(cluster.group('g')!.generation, 3);
    assert.equal(assigned(cluster, 'g', a).length, 2);
    assert.equal(assigned(cluster, 'g', b).length, 2);
    assert.ok(assigned(cluster, 'g', a).every((p) => ['t-0', 't-1', 't-2', 't-3'].includes(p)));
    cluster.produce('t', keyed(8));
    const again = consumeAll(cluster, 'g', [a, b], 8);
    assert.equal(again.length, 8, 'no record is read twice: positions of kept partitions survived both rebalances');
  });

  it('the default assignor list rebalances eagerly: every member gives up everything and restarts from committed offsets', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 2 });
    cluster.produce('t', keyed(10).map((r) => ({ ...r, partition: 0 })));
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false, maxPollRecords: 3 });
    assert.equal(pollIds(cluster, 'g', a).length, 3, 'read 3, committed nothing');
    const b = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false });
    const again = [...pollIds(cluster, 'g', a), ...pollIds(cluster, 'g', b)];
    assert.ok(again.includes('0:0'), `partition 0 is read again from the start: ${again}`);
  });
});

describe('consumer groups: positions, commits and lag', () => {
  it('auto.offset.reset: earliest reads history, latest only new records, none fails', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(5));
    const early = cluster.joinGroup('early', { topics: ['t'], autoOffsetReset: 'earliest' });
    const late = cluster.joinGroup('late', { topics: ['t'] });
    const none = cluster.joinGroup('none', { topics: ['t'], autoOffsetReset: 'none' });
    assert.equal(pollIds(cluster, 'early', early).length, 5);
    assert.deepEqual(pollIds(cluster, 'late', late), []);
    cluster.produce('t', keyed(2));
    assert.deepEqual(pollIds(cluster, 'late', late), ['0:5', '0:6']);
    assert.throws(() => cluster.poll('none', none), (e) => codeOf(e) === 'NO_OFFSET_FOR_PARTITION');
  });

  it('a committed offset deleted by retention is reset by auto.offset.reset (OFFSET_OUT_OF_RANGE under none)', () => {
    const { cluster, clock } = newCluster();
    cluster.createTopic('t', { partitions: 1, configs: { 'retention.ms': '1000' } });
    cluster.produce('t', keyed(3));
    for (const [g, reset] of [['g1', 'earliest'], ['g2', 'none']] as const) {
      cluster.applyOffsetReset(g, 't', [{ partition: 0, next: 1 }]);
      cluster.joinGroup(g, { topics: ['t'], autoOffsetReset: reset });
    }
    clock.advanceBy(2000);
    cluster.runRetention();
    cluster.produce('t', keyed(1));
    const g1 = [...cluster.group('g1')!.members.keys()][0]!;
    const g2 = [...cluster.group('g2')!.members.keys()][0]!;
    assert.deepEqual(pollIds(cluster, 'g1', g1), ['0:3']);
    assert.throws(() => cluster.poll('g2', g2), (e) => codeOf(e) === 'OFFSET_OUT_OF_RANGE');
  });

  it('manual commit stores the positions after what was processed; only a current-generation member may commit', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(6));
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false, maxPollRecords: 4 });
    cluster.poll('g', a);
    assert.equal(cluster.committed('g', 't', 0), undefined);
    cluster.commit('g', a);
    assert.equal(cluster.committed('g', 't', 0), 4);
    cluster.commit('g', a, [{ topic: 't', partition: 0, offset: 2 }]);
    assert.equal(cluster.committed('g', 't', 0), 2, 'an explicit commit can move backwards, as commitSync(offsets) can');
    const stale = cluster.member('g', a);
    cluster.leaveGroup('g', a);
    assert.throws(() => cluster.commit('g', a), (e) => codeOf(e) === 'UNKNOWN_MEMBER_ID');
    assert.ok(!stale.alive);
  });

  it('auto-commit commits what earlier polls returned, once auto.commit.interval.ms has passed, and on close', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(10));
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', maxPollRecords: 3 });
    cluster.poll('g', a);
    cluster.advanceTime(4_999);
    cluster.poll('g', a);
    assert.equal(cluster.committed('g', 't', 0), undefined, 'before the interval nothing is committed');
    cluster.advanceTime(1);
    cluster.poll('g', a);
    assert.equal(cluster.committed('g', 't', 0), 6, 'the commit covers the two earlier polls, not the one it runs in');
    cluster.leaveGroup('g', a);
    assert.equal(cluster.committed('g', 't', 0), 9, 'close() commits the rest');
  });

  it('seek moves the fetch position of an owned partition only', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.produce('t', keyed(5));
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest' });
    cluster.poll('g', a);
    cluster.seek('g', a, 't', 0, 3);
    assert.deepEqual(pollIds(cluster, 'g', a), ['0:3', '0:4']);
    assert.throws(() => cluster.seek('g', a, 't', 7, 0), (e) => codeOf(e) === 'INVALID_REQUEST');
  });

  it('lag is high watermark minus committed offset per partition (minus log start when nothing is committed)', () => {
    const { cluster, clock } = newCluster();
    cluster.createTopic('t', { partitions: 2 });
    cluster.produce('t', keyed(4).map((r, i) => ({ ...r, partition: i % 2 })));
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest', enableAutoCommit: false });
    cluster.commit('g', a, [{ topic: 't', partition: 0, offset: 1 }]);
    clock.advanceBy(500);
    const lag = cluster.groupLag('g');
    assert.deepEqual(lag.map((l) => [l.partition, l.committed, l.lag, l.lagMs]), [[0, 1, 1, 500], [1, undefined, 2, 500]]);
  });

  it('several groups read the same log independently, and a group created later replays from the start', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 3 });
    cluster.produce('t', keyed(30));
    const one = cluster.joinGroup('one', { topics: ['t'], autoOffsetReset: 'earliest' });
    assert.equal(consumeAll(cluster, 'one', [one], 30).length, 30);
    cluster.produce('t', keyed(6));
    const two = cluster.joinGroup('two', { topics: ['t'], autoOffsetReset: 'earliest' });
    assert.equal(consumeAll(cluster, 'two', [two], 36).length, 36, 'nothing was removed by the first group reading it');
    assert.equal(consumeAll(cluster, 'one', [one], 6).length, 6);
    assert.equal(cluster.listTopics()[0]!.messages, 36);
  });

  it('writes commits to the internal __consumer_offsets topic, on the partition abs(groupId.hashCode) % 50', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    const a = cluster.joinGroup('payments', { topics: ['t'] });
    cluster.commit('payments', a, [{ topic: 't', partition: 0, offset: 0 }]);
    assert.deepEqual(cluster.listTopics().map((t) => t.name), ['t'], 'internal topics are hidden by default');
    const internal = cluster.listTopics({ includeInternal: true }).find((t) => t.name === '__consumer_offsets')!;
    assert.deepEqual([internal.internal, internal.partitions, internal.messages], [true, 50, 1]);
    const p = Math.abs(javaStringHash('payments')) % 50;
    assert.equal(cluster.listOffsets('__consumer_offsets', p, 'latest'), 1);
  });

  it('a new partition makes subscribed groups rebalance so someone consumes it', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    const a = cluster.joinGroup('g', { topics: ['t'], autoOffsetReset: 'earliest' });
    cluster.addPartitions('t', 2);
    assert.equal(cluster.group('g')!.state, 'PreparingRebalance');
    cluster.poll('g', a);
    assert.deepEqual(assigned(cluster, 'g', a), ['t-0', 't-1']);
  });

  it('deleting a topic removes the groups\' offsets for it; an empty group expires after offsets.retention', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    cluster.createTopic('u', { partitions: 1 });
    cluster.applyOffsetReset('g', 't', [{ partition: 0, next: 0 }]);
    cluster.applyOffsetReset('g', 'u', [{ partition: 0, next: 0 }]);
    cluster.deleteTopic('t');
    assert.equal(cluster.committed('g', 't', 0), undefined);
    assert.equal(cluster.committed('g', 'u', 0), 0);
    cluster.advanceTime(7 * 24 * 3600 * 1000);
    assert.equal(cluster.group('g'), undefined);
  });
});
