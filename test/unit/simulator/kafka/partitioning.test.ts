import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom } from '../../../../src/extension/core/simulator/random.js';
import { javaStringHash, murmur2, partitionForKey, toPositive } from '../../../../src/extension/core/simulator/kafka/murmur2.js';
import { DefaultPartitioner } from '../../../../src/extension/core/simulator/kafka/partitioner.js';
import { bytes, newCluster } from './helpers.js';

describe('murmur2 (Utils.murmur2)', () => {
  it("matches Kafka's own UtilsTest.testMurmur2 vectors", () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: [Uint8Array, number][] = [
      [bytes('21'), -973932308],
      [bytes('foobar'), -790332482],
      [bytes('a-little-bit-long-string'), -985981536],
      [bytes('a-little-bit-longer-string'), -1486304829],
      [bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'), -58897971],
      [new Uint8Array([0x61, 0x62, 0x63]), 479470107],
    ];
    for (const [data, expected] of cases) assert.equal(murmur2(data), expected);
  });

  it('matches hashes printed by the Java implementation (kafkajs defaultJava/Test.java)', () => {
    const cases: Record<string, number> = {
      '0': 971027396, '1': -1993445489, '128': -326012175, '2187': -1508407203, '16384': -325739742,
      '78125': -1654490814, '279936': 1462227128, '823543': -2014198330, '2097152': 607668903,
      '10000000': -1830336757, '170859375': -1658323481, '100:48069': 1009543857,
    };
    for (const [key, expected] of Object.entries(cases)) assert.equal(murmur2(bytes(key)), expected, key);
  });

  it('hashes every tail length and bytes above 0x7f like Java (signed bytes masked)', () => {
    assert.equal(murmur2(new Uint8Array(0)), 275646681);
    assert.notEqual(murmur2(new Uint8Array([0xff])), murmur2(new Uint8Array([0x7f])));
    assert.equal(murmur2(new Uint8Array([0xff, 0xfe, 0xfd])), murmur2(new Uint8Array([0xff, 0xfe, 0xfd])));
  });

  it('toPositive clears the sign bit instead of negating (Integer.MIN_VALUE -> 0)', () => {
    assert.equal(toPositive(-973932308), -973932308 & 0x7fffffff);
    assert.equal(toPositive(-2147483648), 0);
    assert.equal(toPositive(5), 5);
  });

  it('places keys on the partitions the Java client picks for 1000 partitions (kafka-python Java compatibility)', () => {
    // Expected values were produced with org.apache.kafka.clients.producer partitioning.
    const cases: [Uint8Array, number][] = [
      [bytes(''), 681], [bytes('a'), 524], [bytes('ab'), 434], [bytes('abc'), 107], [bytes('123456789'), 566], [new Uint8Array([0, 0x20]), 742],
    ];
    for (const [key, p] of cases) assert.equal(partitionForKey(key, 1000), p);
  });

  it('places known keys on the expected partition for 3, 6 and 12 partitions', () => {
    // toPositive(javaHash) % n for hashes computed by Java (UtilsTest and the Java-generated table above).
    const cases: [string, [number, number, number]][] = [
      ['21', [0, 0, 0]], ['foobar', [0, 0, 6]], ['a-little-bit-long-string', [2, 2, 8]], ['a-little-bit-longer-string', [2, 5, 11]],
      ['abc', [0, 3, 3]], ['0', [2, 2, 8]], ['1', [0, 3, 3]], ['128', [2, 5, 5]], ['16384', [2, 2, 2]], ['100:48069', [0, 3, 9]],
    ];
    for (const [key, [p3, p6, p12]] of cases) {
      assert.deepEqual([partitionForKey(bytes(key), 3), partitionForKey(bytes(key), 6), partitionForKey(bytes(key), 12)], [p3, p6, p12], key);
    }
  });

  it('javaStringHash is String.hashCode', () => {
    assert.equal(javaStringHash(''), 0);
    assert.equal(javaStringHash('a'), 97);
    assert.equal(javaStringHash('hello'), 99162322);
    assert.equal(javaStringHash('polygenelubricants'), -2147483648);
  });
});

describe('DefaultPartitioner (KafkaProducer.partition + BuiltInPartitioner)', () => {
  it('honours an explicit partition, even for a keyed record', () => {
    const p = new DefaultPartitioner(new SeededRandom(1));
    assert.equal(p.partition('t', bytes('foobar'), 12, 4), 4);
  });

  it('sends the same key to the same partition every time', () => {
    const p = new DefaultPartitioner(new SeededRandom(1));
    const first = p.partition('t', bytes('customer-42'), 12);
    for (let i = 0; i < 10; i++) assert.equal(p.partition('t', bytes('customer-42'), 12), first);
    assert.equal(first, partitionForKey(bytes('customer-42'), 12));
  });

  it('keeps keyless records on one partition until batch.size bytes, then switches', () => {
    const p = new DefaultPartitioner(new SeededRandom(3), { batchSize: 1000 });
    const seen: number[] = [];
    for (let i = 0; i < 40; i++) {
      seen.push(p.partition('t', null, 6));
      p.onStickyAppend('t', 6, 100);
    }
    // 61-byte batch header + 100 per record: the 10th record reaches 1000 bytes and ends the batch.
    assert.deepEqual(new Set(seen.slice(0, 10)).size, 1);
    const runs = seen.reduce<number[]>((acc, v, i) => (i === 0 || v !== seen[i - 1] ? [...acc, 1] : [...acc.slice(0, -1), acc[acc.length - 1]! + 1]), []);
    assert.ok(runs.every((r) => r % 10 === 0), `switches happen only at batch boundaries: ${runs}`);
  });

  it('switches after N records when stickyRecords is set, and the choice is reproducible from the seed', () => {
    const run = (seed: number): number[] => {
      const p = new DefaultPartitioner(new SeededRandom(seed), { stickyRecords: 5 });
      return Array.from({ length: 50 }, () => {
        const part = p.partition('t', undefined, 12);
        p.onStickyAppend('t', 12, 10);
        return part;
      });
    };
    const a = run(9);
    assert.deepEqual(a, run(9));
    for (let i = 0; i < 50; i += 5) assert.equal(new Set(a.slice(i, i + 5)).size, 1);
    assert.ok(new Set(a).size > 2, 'keyless records spread over several partitions');
  });

  it('treats keyed records as keyless with partitioner.ignore.keys', () => {
    const p = new DefaultPartitioner(new SeededRandom(1), { ignoreKeys: true, stickyRecords: 100 });
    const parts = new Set(['a', 'b', 'c', 'd', 'e'].map((k) => p.partition('t', bytes(k), 12)));
    assert.equal(parts.size, 1);
  });

  it('in the cluster, keyed records land on the murmur2 partition and explicit partitions are kept', () => {
    const { cluster } = newCluster();
    cluster.createTopic('orders', { partitions: 6 });
    const result = cluster.produce('orders', [
      { key: bytes('foobar'), value: bytes('1') },
      { key: bytes('abc'), value: bytes('2') },
      { key: bytes('abc'), value: bytes('3'), partition: 5 },
    ]);
    assert.deepEqual([...result.partitions], [0, 3, 5]);
    assert.deepEqual([...result.offsets], [0, 0, 0]);
  });
});
