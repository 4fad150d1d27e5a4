import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBrokerError } from '../../../../src/extension/core/model/errors.js';
import { isKafkaError } from '../../../../src/extension/core/simulator/kafka/errors.js';
import { bytes, keyed, newCluster, pollIds, T0 } from './helpers.js';

const codeOf = (e: unknown): string | undefined => (isKafkaError(e) ? e.code : undefined);

/** Topic t with 2 partitions of 10 records each (timestamps T0-10000+i*1000) and group g committed at 4 / 6. */
function setup(): ReturnType<typeof newCluster> {
  const env = newCluster();
  env.cluster.createTopic('t', { partitions: 2 });
  for (const p of [0, 1]) env.cluster.produce('t', Array.from({ length: 10 }, (_, i) => ({ value: bytes(`${i}`), partition: p, timestamp: T0 - 10_000 + i * 1000 })));
  env.cluster.applyOffsetReset('g', 't', [{ partition: 0, next: 4 }, { partition: 1, next: 6 }]);
  return env;
}

const rows = (env: ReturnType<typeof newCluster>, target: Parameters<ReturnType<typeof newCluster>['cluster']['previewOffsetReset']>[2], partitions?: number[]) =>
  env.cluster.previewOffsetReset('g', 't', target, partitions).map((r) => [r.partition, r.current, r.next, r.replayed, r.skipped]);

describe('offset reset: preview', () => {
  it('earliest and latest, with how many records get replayed or skipped', () => {
    const env = setup();
    assert.deepEqual(rows(env, { kind: 'earliest' }), [[0, 4, 0, 4, 0], [1, 6, 0, 6, 0]]);
    assert.deepEqual(rows(env, { kind: 'latest' }), [[0, 4, 10, 0, 6], [1, 6, 10, 0, 4]]);
  });

  it('to a time: the first offset at or after it, else the end', () => {
    const env = setup();
    assert.deepEqual(rows(env, { kind: 'timestamp', timestamp: T0 - 7500 }), [[0, 4, 3, 1, 0], [1, 6, 3, 3, 0]]);
    assert.deepEqual(rows(env, { kind: 'timestamp', timestamp: T0 + 1 }), [[0, 4, 10, 0, 6], [1, 6, 10, 0, 4]]);
  });

  it('exact offsets and shift-by are clamped to [log start, high watermark]', () => {
    const env = setup();
    assert.deepEqual(rows(env, { kind: 'offsets', offsets: { 0: 99, 1: 2 } }), [[0, 4, 10, 0, 6], [1, 6, 2, 4, 0]]);
    assert.deepEqual(rows(env, { kind: 'shift', by: -5 }), [[0, 4, 0, 4, 0], [1, 6, 1, 5, 0]]);
    assert.deepEqual(rows(env, { kind: 'shift', by: 2 }, [1]), [[1, 6, 8, 0, 2]]);
  });

  it('shift-by needs a committed offset; copying another group needs that group', () => {
    const env = setup();
    // The shared rule (core/rules/offsetReset.ts) refuses both, as Kafka's kafka-consumer-groups tool does.
    assert.throws(() => env.cluster.previewOffsetReset('fresh', 't', { kind: 'shift', by: 1 }), (e) => isBrokerError(e) && e.code === 'invalidInput' && /partition 0, 1 .*no committed offset/.test(e.message));
    assert.throws(() => env.cluster.previewOffsetReset('g', 't', { kind: 'group', groupId: 'nobody' }), (e) => isBrokerError(e) && e.code === 'invalidInput' && /"nobody" has no committed offsets/.test(e.message));
  });

  it("to another group's committed offsets, for the partitions it has", () => {
    const env = setup();
    env.cluster.applyOffsetReset('other', 't', [{ partition: 1, next: 9 }]);
    assert.deepEqual(rows(env, { kind: 'group', groupId: 'other' }), [[1, 6, 9, 0, 3]]);
  });

  it('changes nothing', () => {
    const env = setup();
    rows(env, { kind: 'earliest' });
    assert.deepEqual([env.cluster.committed('g', 't', 0), env.cluster.committed('g', 't', 1)], [4, 6]);
  });
});

describe('offset reset: apply and revert', () => {
  it('applies exactly the preview and consumers start from there', () => {
    const env = setup();
    const preview = env.cluster.previewOffsetReset('g', 't', { kind: 'offsets', offsets: { 0: 8 } });
    env.cluster.applyOffsetReset('g', 't', preview);
    assert.deepEqual([env.cluster.committed('g', 't', 0), env.cluster.committed('g', 't', 1)], [8, 6]);
    const m = env.cluster.joinGroup('g', { topics: ['t'] });
    assert.deepEqual(pollIds(env.cluster, 'g', m).filter((id) => id.startsWith('0:')), ['0:8', '0:9']);
  });

  it('is refused while the group has members (NON_EMPTY_GROUP), and allowed once they left', () => {
    const env = setup();
    const m = env.cluster.joinGroup('g', { topics: ['t'] });
    const preview = env.cluster.previewOffsetReset('g', 't', { kind: 'earliest' });
    assert.throws(() => env.cluster.applyOffsetReset('g', 't', preview), (e) => codeOf(e) === 'NON_EMPTY_GROUP' && /inactive/.test((e as Error).message));
    assert.equal(env.cluster.committed('g', 't', 0), 4);
    env.cluster.leaveGroup('g', m);
    env.cluster.applyOffsetReset('g', 't', preview);
    assert.equal(env.cluster.committed('g', 't', 0), 0);
  });

  it('revert puts back what the last reset replaced, including "no committed offset"', () => {
    const env = setup();
    env.cluster.applyOffsetReset('g', 't', env.cluster.previewOffsetReset('g', 't', { kind: 'latest' }));
    const reverted = env.cluster.revertLastReset('g');
    assert.deepEqual(reverted.rows.map((r) => [r.partition, r.current, r.next]), [[0, 10, 4], [1, 10, 6]]);
    assert.deepEqual([env.cluster.committed('g', 't', 0), env.cluster.committed('g', 't', 1)], [4, 6]);
    assert.throws(() => env.cluster.revertLastReset('g'), (e) => codeOf(e) === 'INVALID_REQUEST', 'one revert per reset');
    env.cluster.applyOffsetReset('new', 't', env.cluster.previewOffsetReset('new', 't', { kind: 'earliest' }));
    env.cluster.revertLastReset('new');
    assert.equal(env.cluster.committed('new', 't', 0), undefined);
  });

  it('delete group: refused with members, removes offsets otherwise', () => {
    const env = setup();
    const m = env.cluster.joinGroup('g', { topics: ['t'] });
    assert.throws(() => env.cluster.deleteGroup('g'), (e) => codeOf(e) === 'NON_EMPTY_GROUP');
    env.cluster.leaveGroup('g', m);
    env.cluster.deleteGroup('g');
    assert.equal(env.cluster.group('g'), undefined);
    assert.throws(() => env.cluster.deleteGroup('g'), (e) => codeOf(e) === 'GROUP_ID_NOT_FOUND');
  });
});

describe('topics: create, delete, partitions, configs', () => {
  it('creates with defaults for -1, refuses duplicates, bad names, colliding names and bad counts', () => {
    const { cluster } = newCluster({ brokers: 3 });
    const t = cluster.createTopic('a.b', { partitions: -1, replicationFactor: -1 });
    assert.deepEqual([t.partitions, t.replicationFactor], [1, 1]);
    assert.throws(() => cluster.createTopic('a.b'), (e) => codeOf(e) === 'TOPIC_ALREADY_EXISTS');
    assert.throws(() => cluster.createTopic('a_b'), (e) => codeOf(e) === 'INVALID_TOPIC_EXCEPTION', 'collides with a.b');
    assert.throws(() => cluster.createTopic('bad name'), (e) => codeOf(e) === 'INVALID_TOPIC_EXCEPTION');
    assert.throws(() => cluster.createTopic('x'.repeat(250)), (e) => codeOf(e) === 'INVALID_TOPIC_EXCEPTION');
    assert.throws(() => cluster.createTopic('z', { partitions: 0 }), (e) => codeOf(e) === 'INVALID_PARTITIONS');
    assert.throws(() => cluster.createTopic('z', { replicationFactor: 4 }), (e) => codeOf(e) === 'INVALID_REPLICATION_FACTOR');
    assert.throws(() => cluster.createTopic('__consumer_offsets'), (e) => codeOf(e) === 'INVALID_REQUEST');
  });

  it('places replicas round-robin across brokers with the leader first', () => {
    const { cluster } = newCluster({ brokers: 3 });
    cluster.createTopic('t', { partitions: 3, replicationFactor: 2 });
    assert.deepEqual(cluster.describePartitions('t').map((p) => [p.leader, p.replicas]), [[1, [1, 2]], [2, [2, 3]], [3, [3, 1]]]);
  });

  it('validates configs as the broker does and reports defaults and overrides', () => {
    const { cluster } = newCluster();
    assert.throws(() => cluster.createTopic('t', { configs: { 'retention.hours': '1' } }), (e) => codeOf(e) === 'INVALID_CONFIG');
    assert.throws(() => cluster.createTopic('t', { configs: { 'cleanup.policy': 'forever' } }), (e) => codeOf(e) === 'INVALID_CONFIG');
    assert.throws(() => cluster.createTopic('t', { configs: { 'segment.bytes': '1000' } }), (e) => codeOf(e) === 'INVALID_CONFIG', 'Kafka 4 requires at least 1 MiB');
    cluster.createTopic('t', { configs: { 'retention.ms': '1000' } });
    const configs = Object.fromEntries(cluster.describeConfigs('t').map((c) => [c.name, c]));
    assert.deepEqual(configs['retention.ms'], { name: 'retention.ms', value: '1000', isDefault: false });
    assert.deepEqual(configs['cleanup.policy'], { name: 'cleanup.policy', value: 'delete', isDefault: true });
    assert.equal(configs['segment.bytes']!.value, '1073741824');
    cluster.alterConfigs('t', { 'retention.ms': null, 'cleanup.policy': 'compact,delete' });
    assert.equal(cluster.describeConfigs('t').find((c) => c.name === 'retention.ms')!.isDefault, true);
    assert.throws(() => cluster.alterConfigs('t', { 'min.cleanable.dirty.ratio': '2' }), (e) => codeOf(e) === 'INVALID_CONFIG');
  });

  it('only grows partitions; a key may land elsewhere after growing', () => {
    const { cluster } = newCluster();
    cluster.createTopic('t', { partitions: 3 });
    assert.throws(() => cluster.addPartitions('t', 3), (e) => codeOf(e) === 'INVALID_PARTITIONS');
    assert.throws(() => cluster.addPartitions('t', 2), (e) => codeOf(e) === 'INVALID_PARTITIONS');
    const before = cluster.produce('t', [{ key: bytes('foobar'), value: null }]).partitions[0];
    cluster.addPartitions('t', 12);
    const after = cluster.produce('t', [{ key: bytes('foobar'), value: null }]).partitions[0];
    assert.deepEqual([before, after], [0, 6], 'murmur2("foobar") mod 3 = 0, mod 12 = 6');
  });

  it('auto-creates a topic on produce (auto.create.topics.enable) unless turned off; deletes only existing, non-internal topics', () => {
    const { cluster } = newCluster({ defaultPartitions: 2 });
    cluster.produce('auto', keyed(1));
    assert.equal(cluster.listTopics().find((t) => t.name === 'auto')!.partitions, 2);
    const strict = newCluster({ autoCreateTopics: false }).cluster;
    assert.throws(() => strict.produce('none', keyed(1)), (e) => codeOf(e) === 'UNKNOWN_TOPIC_OR_PARTITION');
    cluster.deleteTopic('auto');
    assert.throws(() => cluster.deleteTopic('auto'), (e) => codeOf(e) === 'UNKNOWN_TOPIC_OR_PARTITION');
    const m = cluster.joinGroup('h', { topics: ['x'] });
    cluster.createTopic('x');
    cluster.commit('h', m, [{ topic: 'x', partition: 0, offset: 0 }]);
    assert.throws(() => cluster.deleteTopic('__consumer_offsets'), (e) => codeOf(e) === 'INVALID_TOPIC_EXCEPTION', 'internal topics cannot be deleted');
    assert.throws(() => cluster.produce('__consumer_offsets', keyed(1)), (e) => codeOf(e) === 'INVALID_TOPIC_EXCEPTION', 'nor written by clients');
  });
});
