/**
 * The engine parts the wire listener drives: idempotent producers (InitProducerId, sequence checks,
 * retried batches answered with their first offset), all-or-nothing batch appends, and the classic
 * group protocol driven by JoinGroup/SyncGroup/Heartbeat/LeaveGroup requests from real clients.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientGroups, type ClientJoin, type ClientJoinResult, type ClientSyncResult } from '../../../../src/extension/core/simulator/kafka/clientGroups.js';
import { isKafkaError } from '../../../../src/extension/core/simulator/kafka/errors.js';
import { bytes, keyed, newCluster } from './helpers.js';

describe('idempotent producers', () => {
  it('a retried batch gets the offset it already got, and is not appended twice', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    const { producerId, producerEpoch } = cluster.producerState.initProducerId(null);
    const batch = { producerId, producerEpoch, baseSequence: 0 };
    assert.equal(cluster.appendBatch('t', 0, keyed(3), batch).baseOffset, 0);
    assert.equal(cluster.appendBatch('t', 0, keyed(2), { ...batch, baseSequence: 3 }).baseOffset, 3);
    assert.equal(cluster.appendBatch('t', 0, keyed(3), batch).baseOffset, 0, 'the retry of the first batch');
    assert.equal(cluster.describePartitions('t')[0]!.highWatermark, 5);
  });

  it('a gap in the sequence is OUT_OF_ORDER_SEQUENCE_NUMBER; an old epoch is fenced', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    const first = cluster.producerState.initProducerId(null);
    cluster.appendBatch('t', 0, keyed(1), { ...first, baseSequence: 0 });
    assert.throws(() => cluster.appendBatch('t', 0, keyed(1), { ...first, baseSequence: 5 }), (e: unknown) => isKafkaError(e) && (e.code as string) === 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    const bumped = cluster.producerState.initProducerId(null, first.producerId, first.producerEpoch);
    assert.equal(bumped.producerId, first.producerId);
    assert.equal(bumped.producerEpoch, 1);
    assert.throws(() => cluster.appendBatch('t', 0, keyed(1), { ...first, baseSequence: 1 }), (e: unknown) => isKafkaError(e) && (e.code as string) === 'INVALID_PRODUCER_EPOCH');
    assert.equal(cluster.appendBatch('t', 0, keyed(1), { ...bumped, baseSequence: 0 }).baseOffset, 1, 'a new epoch starts at sequence 0');
  });

  it('a batch with one bad record is refused whole, as a broker refuses a record batch', () => {
    const { cluster } = newCluster();
    cluster.createTopic('c', { partitions: 1, configs: { 'cleanup.policy': 'compact' } });
    assert.throws(() => cluster.appendBatch('c', 0, [{ key: bytes('k'), value: bytes('v') }, { key: null, value: bytes('no key') }]), (e: unknown) => isKafkaError(e) && e.code === 'INVALID_RECORD');
    assert.equal(cluster.describePartitions('c')[0]!.highWatermark, 0);
  });
});

function join(groups: ClientGroups, overrides: Partial<ClientJoin>): Promise<ClientJoinResult> {
  return new Promise((resolve) => groups.join({
    groupId: 'g', memberId: '', groupInstanceId: null, sessionTimeoutMs: 10000, rebalanceTimeoutMs: 30000, protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: new Uint8Array([1]) }], clientId: 'c', clientHost: '127.0.0.1', topics: ['t'], requireKnownMemberId: true, ...overrides,
  }, resolve));
}

function sync(groups: ClientGroups, memberId: string, generation: number, assignments: { memberId: string; partitions: number[] }[] = []): Promise<ClientSyncResult> {
  return new Promise((resolve) => groups.sync('g', memberId, generation, assignments.map((a) => ({
    memberId: a.memberId, assignment: new Uint8Array(a.partitions), partitions: a.partitions.map((partition) => ({ topic: 't', partition })),
  })), resolve));
}

describe('groups driven by client requests', () => {
  it('JoinGroup v4+: MEMBER_ID_REQUIRED, then a generation with the client as leader; the leader assigns in SyncGroup', async () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 4 });
    const groups = new ClientGroups(cluster);
    const first = await join(groups, {});
    assert.equal(first.error, 'MEMBER_ID_REQUIRED');
    const joined = await join(groups, { memberId: first.memberId });
    assert.deepEqual([joined.error, joined.generationId, joined.leader, joined.protocolName, joined.members.length], ['NONE', 1, first.memberId, 'range', 1]);
    const synced = await sync(groups, first.memberId, 1, [{ memberId: first.memberId, partitions: [0, 1, 2, 3] }]);
    assert.deepEqual([...synced.assignment], [0, 1, 2, 3]);
    const group = cluster.group('g')!;
    assert.equal(group.state, 'Stable');
    assert.deepEqual(group.members.get(first.memberId)!.assignment.map((tp) => tp.partition), [0, 1, 2, 3], 'the explorer sees the assignment');
  });

  it('a second member triggers a rebalance: the first learns it from its heartbeat, both rejoin, the follower waits for the leader', async () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 4 });
    const groups = new ClientGroups(cluster);
    const a = (await join(groups, { clientId: 'a' })).memberId;
    await join(groups, { memberId: a });
    await sync(groups, a, 1, [{ memberId: a, partitions: [0, 1, 2, 3] }]);
    const b = (await join(groups, { clientId: 'b' })).memberId;
    const bJoined = join(groups, { memberId: b, clientId: 'b' });
    assert.equal(groups.heartbeat('g', a, 1), 'REBALANCE_IN_PROGRESS');
    const [aJoin, bJoin] = await Promise.all([join(groups, { memberId: a, clientId: 'a' }), bJoined]);
    assert.equal(aJoin.generationId, 2);
    assert.equal(aJoin.leader, a);
    assert.equal(aJoin.members.length, 2, 'the leader gets every subscription');
    assert.equal(bJoin.members.length, 0);
    const follower = sync(groups, b, 2);
    const leader = sync(groups, a, 2, [{ memberId: a, partitions: [0, 1] }, { memberId: b, partitions: [2, 3] }]);
    assert.deepEqual([...(await follower).assignment], [2, 3]);
    assert.deepEqual([...(await leader).assignment], [0, 1]);
    assert.equal(groups.heartbeat('g', b, 1), 'ILLEGAL_GENERATION');
    assert.equal(groups.commit('g', b, 1, 't', 2, 5), 'ILLEGAL_GENERATION');
    assert.equal(groups.commit('g', b, 2, 't', 2, 5), 'NONE');
    assert.equal(cluster.committed('g', 't', 2), 5);
  });

  it('a member that stops heartbeating expires after its session timeout and the group rebalances', async () => {
    const { cluster, clock } = newCluster();
    cluster.createTopic('t', { partitions: 2 });
    const groups = new ClientGroups(cluster);
    const a = (await join(groups, {})).memberId;
    await join(groups, { memberId: a, sessionTimeoutMs: 6000 });
    await sync(groups, a, 1, [{ memberId: a, partitions: [0, 1] }]);
    clock.advanceTo(clock.now() + 5000);
    cluster.tick();
    assert.equal(cluster.group('g')!.members.size, 1);
    clock.advanceTo(clock.now() + 1001);
    cluster.tick();
    assert.equal(cluster.group('g')!.members.size, 0);
    assert.equal(cluster.group('g')!.state, 'Empty');
    assert.equal(groups.heartbeat('g', a, 1), 'UNKNOWN_MEMBER_ID');
  });

  it('the usual mistakes answer as a broker does', async () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 1 });
    const groups = new ClientGroups(cluster);
    assert.equal((await join(groups, { groupId: '' })).error, 'INVALID_GROUP_ID');
    assert.equal((await join(groups, { sessionTimeoutMs: 10 })).error, 'INVALID_SESSION_TIMEOUT');
    assert.equal((await join(groups, { memberId: 'made-up' })).error, 'UNKNOWN_MEMBER_ID');
    const a = (await join(groups, {})).memberId;
    await join(groups, { memberId: a });
    assert.equal((await join(groups, { protocols: [{ name: 'roundrobin', metadata: new Uint8Array() }], requireKnownMemberId: false })).error, 'INCONSISTENT_GROUP_PROTOCOL');
    assert.equal(groups.commit('g', '', -1, 't', 0, 1), 'UNKNOWN_MEMBER_ID', 'a commit from outside a non-empty group');
    assert.equal(groups.commit('other', '', -1, 't', 0, 1), 'NONE', 'an admin commit creates an empty group');
    assert.equal(groups.commit('other', '', -1, 'missing', 0, 1), 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.equal(groups.leave('g', 'nobody'), 'UNKNOWN_MEMBER_ID');
    assert.equal(groups.leave('g', a), 'NONE');
  });
});
