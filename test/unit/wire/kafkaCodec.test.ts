/**
 * The Kafka listener's codecs: the schemas generated from Apache Kafka's specs (checked against the
 * jar when it is cached), the schema interpreter against kafkajs's independent encoders, CRC-32C,
 * record batches (round trip, corruption, unsupported codecs) and the error code table.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { Segment } from '../../../src/extension/core/simulator/kafka/segment.js';
import { SERVED } from '../../../src/extension/core/wire/kafka/apis.js';
import { WireReader, WireWriter } from '../../../src/extension/core/wire/kafka/bytes.js';
import { crc32c } from '../../../src/extension/core/wire/kafka/crc32c.js';
import { ERROR_CODES } from '../../../src/extension/core/wire/kafka/errorCodes.js';
import { MESSAGES } from '../../../src/extension/core/wire/kafka/generated/messages.js';
import { BatchError, decodeBatches, encodeSegmentBatch, ZSTD_AVAILABLE } from '../../../src/extension/core/wire/kafka/recordBatch.js';
import { decodeMessage, encodeMessage, type MessageSpec } from '../../../src/extension/core/wire/kafka/schema.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));

describe('generated message schemas', () => {
  const jar = join(ROOT, '.brokers/cache/kafka-4.4.0/lib/kafka-clients-4.4.0.jar');
  const required = process.env.REQUIRE_BROKERS === '1';
  it('match the specs inside the kafka-clients jar', { skip: !existsSync(jar) && !required ? 'kafka-clients jar not cached (npm run brokers:up caches it)' : undefined }, () => {
    const check = spawnSync(process.execPath, ['scripts/kafka/genMessages.mjs', '--check', '--jar', jar], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  it('serve every API the listener needs, from the lowest version Kafka 4 accepts', () => {
    const names = [...SERVED.values()].map((a) => a.name).sort();
    assert.deepEqual(names, ['ApiVersions', 'CreateTopics', 'DeleteTopics', 'DescribeConfigs', 'DescribeGroups', 'Fetch', 'FindCoordinator', 'Heartbeat', 'InitProducerId',
      'JoinGroup', 'LeaveGroup', 'ListGroups', 'ListOffsets', 'Metadata', 'OffsetCommit', 'OffsetFetch', 'Produce', 'SaslAuthenticate', 'SaslHandshake', 'SyncGroup']);
    assert.equal(SERVED.get(0)!.min, 3, 'Produce v0-v2 were removed in Kafka 4');
    assert.equal(SERVED.get(8)!.max, 9, 'OffsetCommit v10 names topics by id, which the listener does not serve');
  });
});

describe('schema interpreter', () => {
  it('decodes what kafkajs encodes (a Metadata v6 request)', async () => {
    const metadata = require('kafkajs/src/protocol/requests/metadata/v6/request.js') as (a: { topics: string[]; allowAutoTopicCreation: boolean }) => { encode(): Promise<{ buffer: Buffer }> };
    const encoded = (await metadata({ topics: ['a', 'b'], allowAutoTopicCreation: false }).encode()).buffer;
    const body = decodeMessage(MESSAGES.Metadata.request as MessageSpec, 6, new WireReader(encoded));
    assert.deepEqual((body.topics as { name: string }[]).map((t) => t.name), ['a', 'b']);
    assert.equal(body.allowAutoTopicCreation, false);
  });

  it('round-trips a flexible version with tagged fields and skips unknown tags', () => {
    const spec = MESSAGES.ApiVersions.response as MessageSpec;
    const w = new WireWriter(8);
    encodeMessage(spec, 3, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 12 }], throttleTimeMs: 5, zkMigrationReady: true }, w);
    const back = decodeMessage(spec, 3, new WireReader(Buffer.from(w.finish())));
    assert.deepEqual(back.apiKeys, [{ apiKey: 0, minVersion: 3, maxVersion: 12 }]);
    assert.equal(back.throttleTimeMs, 5);
    assert.equal(back.zkMigrationReady, true);
    // The encoding ends with the tagged fields [count 1, tag 3, size 1, true]; a newer broker could
    // add a tag the schema does not know: count 2, tag 3, then unknown tag 9 of one byte.
    const bytes = Buffer.from(w.finish());
    assert.deepEqual([...bytes.subarray(bytes.length - 4)], [1, 3, 1, 1]);
    const patched = Buffer.concat([bytes.subarray(0, bytes.length - 4), Buffer.from([2, 3, 1, 1, 9, 1, 0x7f])]);
    const again = decodeMessage(spec, 3, new WireReader(patched));
    assert.equal(again.zkMigrationReady, true);
  });

  it('rejects a frame that ends early with a WireFormatError, not a crash', () => {
    assert.throws(() => decodeMessage(MESSAGES.Produce.request as MessageSpec, 9, new WireReader(Buffer.from([0x00, 0x05]))), { name: 'WireFormatError' });
  });
});

describe('CRC-32C and record batches', () => {
  it('CRC-32C of "123456789" is the standard check value', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  async function kafkajsBatch(compression: number): Promise<Buffer> {
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (a: object) => Promise<{ buffer: Buffer }> };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (a: object) => unknown;
    const records = [
      Record({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from('k1'), value: Buffer.from('one'), headers: { trace: Buffer.from('t') } }),
      Record({ offsetDelta: 1, timestampDelta: 3, key: null, value: Buffer.from('two') }),
    ];
    const batch = await RecordBatch({ records, compression, firstTimestamp: 1700000000000, maxTimestamp: 1700000000003, lastOffsetDelta: 1 });
    return batch.buffer;
  }

  it('decodes kafkajs batches, plain and gzip, with keys, headers and timestamps', async () => {
    for (const codec of [0, 1]) {
      const [batch] = decodeBatches(await kafkajsBatch(codec));
      assert.deepEqual(batch!.records.map((r) => [r.key && String(r.key), String(r.value), r.timestamp, r.headers?.map((h) => `${h.key}=${String(h.value)}`)]), [
        ['k1', 'one', 1700000000000, ['trace=t']],
        [null, 'two', 1700000000003, undefined],
      ]);
    }
  });

  it('refuses a batch whose CRC does not match (CORRUPT_MESSAGE)', async () => {
    const bytes = Buffer.from(await kafkajsBatch(0));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    assert.throws(() => decodeBatches(bytes), (e: unknown) => e instanceof BatchError && e.code === 'CORRUPT_MESSAGE');
  });

  it(`zstd is ${ZSTD_AVAILABLE ? 'read' : 'refused with UNSUPPORTED_COMPRESSION_TYPE on this Node.js'}`, async () => {
    const plain = await kafkajsBatch(0);
    // Re-label the batch as zstd (attributes codec 4) and fix the CRC: only the codec check can refuse it.
    const bytes = Buffer.from(plain);
    bytes.writeInt16BE(4, 21);
    bytes.writeUInt32BE(crc32c(bytes, 21), 17);
    if (ZSTD_AVAILABLE) assert.throws(() => decodeBatches(bytes), (e: unknown) => e instanceof BatchError && e.code === 'CORRUPT_MESSAGE');
    else assert.throws(() => decodeBatches(bytes), (e: unknown) => e instanceof BatchError && e.code === 'UNSUPPORTED_COMPRESSION_TYPE');
  });

  it('a gzip bomb is refused, not inflated into memory', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(80 * 1024 * 1024), { level: 1 });
    const header = Buffer.alloc(61);
    header.writeInt32BE(49 + bomb.length, 8);
    header.writeInt8(2, 16);
    header.writeInt16BE(1, 21);
    header.writeInt32BE(1, 57);
    const batch = Buffer.concat([header, bomb]);
    batch.writeUInt32BE(crc32c(batch, 21), 17);
    assert.throws(() => decodeBatches(batch), (e: unknown) => e instanceof BatchError && e.code === 'CORRUPT_MESSAGE');
  });

  it('encodes log records as a batch kafkajs reads back with the same offsets', async () => {
    const seg = new Segment(40, 0);
    seg.append(40, 1000, Buffer.from('a'), Buffer.from('x'), [{ key: 'h', value: Buffer.from('v') }], 10);
    seg.append(42, 1005, null, null, undefined, 10); // a compaction gap before it, a tombstone
    const w = new WireWriter(16);
    encodeSegmentBatch(w, seg, 0, 2);
    const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
    const decode = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{ records: { offset: string; key: Buffer | null; value: Buffer | null; timestamp: string; headers: Record<string, Buffer> }[] }>;
    const parsed = await decode(new Decoder(Buffer.from(w.finish())));
    assert.deepEqual(parsed.records.map((r) => [r.offset, r.key && String(r.key), r.value && String(r.value), r.timestamp, Object.keys(r.headers)]), [
      ['40', 'a', 'x', '1000', ['h']],
      ['42', null, null, '1005', []],
    ]);
  });
});

describe('error codes', () => {
  it('agree with kafkajs\'s independent table', () => {
    const { errorCodes } = require('kafkajs/src/protocol/error.js') as { errorCodes: { type: string; code: number }[] };
    // kafkajs names a few errors by their pre-KIP names.
    const aliases: Record<string, string> = { NOT_LEADER_OR_FOLLOWER: 'NOT_LEADER_FOR_PARTITION', COORDINATOR_NOT_AVAILABLE: 'GROUP_COORDINATOR_NOT_AVAILABLE', NOT_COORDINATOR: 'NOT_COORDINATOR_FOR_GROUP' };
    for (const [name, code] of Object.entries(ERROR_CODES)) {
      if (name === 'NONE' || name === 'UNKNOWN_SERVER_ERROR' || name === 'UNKNOWN_TOPIC_ID') continue;
      const theirs = errorCodes.find((e) => e.type === (aliases[name] ?? name));
      assert.equal(theirs?.code, code, name);
    }
  });
});
