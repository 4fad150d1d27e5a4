/**
 * kafkajs internals BrokerLens relies on (core/adapters/kafka/internals.ts), checked on the installed
 * kafkajs without a broker: the pinned version, the private cluster factory, the Broker and
 * ConnectionPool members the browse, produce and offset-commit paths call, and the protocol pieces
 * re-exported from internals.ts. A kafkajs release that moves any of them fails here, loudly, rather
 * than in a user's Browse panel.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import {
  crc32C,
  createErrorFromCode,
  createReaderCluster,
  Decoder,
  fetchV11,
  lookupCodecByAttributes,
} from '../../../src/extension/core/adapters/kafka/internals.js';

const require = createRequire(import.meta.url);
const PINNED = '2.2.4';

function methodsOf(prototype: object, names: readonly string[]): string[] {
  return names.filter((n) => typeof (prototype as Record<string, unknown>)[n] !== 'function');
}

describe('kafkajs internals', () => {
  it(`package.json pins kafkajs to exactly ${PINNED} and that version is installed`, () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(manifest.dependencies['kafkajs'], PINNED, 'kafkajs must be pinned exactly: internals.ts relies on its private members');
    const installed = (require('kafkajs/package.json') as { version: string }).version;
    assert.equal(installed, PINNED);
  });

  it('the private cluster factory builds a Cluster with the calls BrokerLens makes', async () => {
    const kafka = new kafkajs.Kafka({ brokers: ['127.0.0.1:1'], logLevel: kafkajs.logLevel.NOTHING });
    const cluster = createReaderCluster(kafka);
    const missing = methodsOf(cluster, ['connect', 'disconnect', 'isConnected', 'refreshMetadata', 'metadata', 'findBroker', 'findGroupCoordinator']);
    assert.deepEqual(missing, [], `kafkajs Cluster lost: ${missing.join(', ')}`);
    assert.equal(cluster.isConnected(), false);
    await cluster.disconnect();
  });

  it('Broker and ConnectionPool keep the members the fetch, produce and commit paths use', () => {
    const Broker = require('kafkajs/src/broker/index.js') as new (...args: unknown[]) => object;
    const brokerMissing = methodsOf(Broker.prototype, ['metadata', 'listOffsets', 'findGroupCoordinator', 'offsetCommit', 'describeGroups', 'offsetFetch', 'connect', 'disconnect']);
    assert.deepEqual(brokerMissing, [], `kafkajs Broker lost: ${brokerMissing.join(', ')}`);
    const pool = { connectionTimeout: 1, host: 'h', port: 1, sasl: undefined, isConnected: () => false };
    const broker = new Broker({ connectionPool: pool, logger: { namespace: () => ({ debug() {}, info() {}, warn() {}, error() {} }) }, versions: { 1: { minVersion: 0, maxVersion: 11 } } }) as Record<string, unknown>;
    assert.equal(broker['connectionPool'], pool, 'Broker#connectionPool');
    assert.deepEqual(broker['versions'], { 1: { minVersion: 0, maxVersion: 11 } }, 'Broker#versions');
    const ConnectionPool = require('kafkajs/src/network/connectionPool.js') as new (...args: unknown[]) => object;
    const poolMissing = methodsOf(ConnectionPool.prototype, ['send', 'getConnection']);
    assert.deepEqual(poolMissing, [], `kafkajs ConnectionPool lost: ${poolMissing.join(', ')}`);
  });

  it('the re-exported protocol pieces work as BrokerLens calls them', async () => {
    // CRC-32C check value of "123456789" (RFC 3720).
    assert.equal(crc32C(Buffer.from('123456789')), 0xe3069283);
    const unknownTopic = createErrorFromCode(3);
    assert.equal(unknownTopic.type, 'UNKNOWN_TOPIC_OR_PARTITION');
    const request = fetchV11({ replicaId: -1, maxWaitTime: 0, minBytes: 1, maxBytes: 1024, isolationLevel: 0, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 1024 }] }] });
    assert.equal(request.apiKey, 1);
    assert.equal(request.apiVersion, 11);
    assert.equal(typeof request.encode, 'function');
    const decoder = new Decoder(Buffer.from([0, 0, 0, 7, 0, 2, 0x68, 0x69]));
    assert.equal(decoder.readInt32(), 7);
    assert.equal(decoder.readString(), 'hi');
    assert.equal(typeof lookupCodecByAttributes(1).decompress, 'function', 'gzip codec by attributes');
  });
});
