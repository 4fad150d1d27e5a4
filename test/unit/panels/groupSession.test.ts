/**
 * The Consumer group panel's host logic on the simulator's Kafka model: snapshots with lag, rates
 * from consecutive polls, a bounded history, topics for the form, and the reset flow where Apply
 * commits exactly the preview the host holds (a reset or a revert) and nothing without one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatorKafkaAdapter } from '../../../src/extension/core/adapters/simulator/simulatorKafkaAdapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { GroupSession, HISTORY_LIMIT } from '../../../src/extension/panels/groups/groupSession.js';
import { newCluster } from '../simulator/kafka/helpers.js';

async function setUp(): Promise<{ session: GroupSession; adapter: SimulatorKafkaAdapter; cluster: ReturnType<typeof newCluster>['cluster']; tick: (ms: number) => void }> {
  const { cluster } = newCluster();
  const adapter = new SimulatorKafkaAdapter(cluster);
  await adapter.connect();
  cluster.createTopic('orders', { partitions: 2 });
  cluster.createTopic('audit', { partitions: 1 });
  await adapter.publish({ destination: 'orders' }, Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition: i % 2 })));
  const m = cluster.joinGroup('g', { topics: ['orders'], enableAutoCommit: false });
  cluster.commit('g', m, [{ topic: 'orders', partition: 0, offset: 4 }, { topic: 'orders', partition: 1, offset: 6 }]);
  cluster.leaveGroup('g', m);
  let now = 1_000_000;
  const session = new GroupSession(adapter.consumerGroups, 'g', async () => (await adapter.listDestinations()).map((d) => d.name), () => now);
  return { session, adapter, cluster, tick: (ms) => (now += ms) };
}

describe('GroupSession (Consumer group panel host logic)', () => {
  it('polls a snapshot with lag, and rates from the second poll on', async () => {
    const { session, adapter, tick } = await setUp();
    const first = await session.poll();
    assert.equal(first.group.totalLag, 6 + 4);
    assert.deepEqual(first.group.offsets.map((o) => [o.partition, o.committed, o.highWatermark, o.lag]), [[0, 4, 10, 6], [1, 6, 10, 4]]);
    assert.deepEqual(first.topics, ['orders', 'audit'], "the group's topic first, then the others");
    assert.deepEqual(first.history.map((p) => [p.consumeRate, p.produceRate]), [[null, null]]);
    tick(2000);
    await adapter.publish({ destination: 'orders' }, Array.from({ length: 10 }, (_, i) => ({ value: `w${i}`, partition: i % 2 })));
    const second = await session.poll();
    assert.deepEqual(second.history.map((p) => [p.totalLag, p.consumeRate, p.produceRate]), [[10, null, null], [20, 0, 5]]);
  });

  it('keeps at most HISTORY_LIMIT points', async () => {
    const { session, tick } = await setUp();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      tick(1000);
      await session.poll();
    }
    assert.equal((await session.poll()).history.length, HISTORY_LIMIT);
  });

  it('applies exactly the held preview, refuses Apply without one, and reverts through a held revert preview', async () => {
    const { session, cluster } = await setUp();
    await assert.rejects(session.apply(), (e: unknown) => isBrokerError(e) && /no preview to apply/.test(e.message));
    assert.equal((await session.poll()).canRevert, false);
    const preview = await session.preview('orders', { kind: 'shift', by: -2 }, [1]);
    assert.deepEqual(preview, { topic: 'orders', revert: false, rows: [{ partition: 1, current: 6, next: 4, replayed: 2, skipped: 0 }] });
    // The log grows between preview and apply: the preview, not a recomputation, is committed.
    cluster.produce('orders', [{ value: null, partition: 1 }]);
    assert.deepEqual(await session.apply(), preview);
    assert.equal(cluster.committed('g', 'orders', 1), 4);
    assert.equal(cluster.committed('g', 'orders', 0), 4, 'an unchosen partition is untouched');
    await assert.rejects(session.apply(), (e: unknown) => isBrokerError(e), 'one apply per preview');
    assert.equal((await session.poll()).canRevert, true);
    const revert = await session.previewRevert();
    assert.deepEqual(revert, { topic: 'orders', revert: true, rows: [{ partition: 1, current: 4, next: 6, replayed: 0, skipped: 2 }] });
    assert.equal(cluster.committed('g', 'orders', 1), 4, 'the revert preview changed nothing');
    assert.deepEqual(await session.apply(), revert);
    assert.equal(cluster.committed('g', 'orders', 1), 6);
    assert.equal((await session.poll()).canRevert, false);
  });

  it('refuses Apply while the group has members, with one sentence', async () => {
    const { session, cluster } = await setUp();
    const preview = await session.preview('orders', { kind: 'earliest' });
    assert.equal(preview.rows.length, 2);
    cluster.joinGroup('g', { topics: ['orders'], enableAutoCommit: false });
    await assert.rejects(session.apply(), (e: unknown) => isBrokerError(e) && e.code === 'groupActive');
    assert.equal(cluster.committed('g', 'orders', 0), 4);
  });
});
