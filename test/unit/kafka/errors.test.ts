/**
 * The kafkajs → BrokerError mapping, on the error objects kafkajs really throws (built with its own
 * classes and protocol error table), so a kafkajs upgrade that renames something shows up here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { createErrorFromCode } from 'kafkajs/src/protocol/error.js';
import { toBrokerError, type KafkaErrorContext } from '../../../src/extension/core/adapters/kafka/errors.js';
import { BrokerError, type BrokerErrorCode } from '../../../src/extension/core/model/errors.js';

const {
  KafkaJSAggregateError,
  KafkaJSConnectionClosedError,
  KafkaJSConnectionError,
  KafkaJSCreateTopicError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
  KafkaJSServerDoesNotSupportApiKey,
  KafkaJSLockTimeout,
} = kafkajs as unknown as Record<
  | 'KafkaJSAggregateError'
  | 'KafkaJSConnectionClosedError'
  | 'KafkaJSConnectionError'
  | 'KafkaJSCreateTopicError'
  | 'KafkaJSGroupCoordinatorNotFound'
  | 'KafkaJSNumberOfRetriesExceeded'
  | 'KafkaJSRequestTimeoutError'
  | 'KafkaJSSASLAuthenticationError'
  | 'KafkaJSServerDoesNotSupportApiKey'
  | 'KafkaJSLockTimeout',
  new (...args: unknown[]) => Error
>;

const ctx: KafkaErrorContext = {
  action: 'Browsing topic "orders"',
  brokers: ['127.0.0.1:9092'],
  topic: 'orders',
  groupId: 'billing',
  sasl: { mechanism: 'scram-sha-256', username: 'alice' },
  requestTimeoutMs: 500,
  connectionTimeoutMs: 1000,
};

function protocol(type: string): Error {
  const codes: Record<string, number> = {
    UNKNOWN_TOPIC_OR_PARTITION: 3,
    REQUEST_TIMED_OUT: 7,
    TOPIC_AUTHORIZATION_FAILED: 29,
    GROUP_AUTHORIZATION_FAILED: 30,
    CLUSTER_AUTHORIZATION_FAILED: 31,
    TOPIC_ALREADY_EXISTS: 36,
    INVALID_PARTITIONS: 37,
    INVALID_REPLICATION_FACTOR: 38,
    MESSAGE_TOO_LARGE: 10,
    UNKNOWN_MEMBER_ID: 25,
    NON_EMPTY_GROUP: 68,
    LEADER_NOT_AVAILABLE: 5,
    SASL_AUTHENTICATION_FAILED: 58,
    UNSUPPORTED_SASL_MECHANISM: 33,
    OFFSET_OUT_OF_RANGE: 1,
    UNSUPPORTED_VERSION: 35,
    GROUP_ID_NOT_FOUND: 69,
  };
  const e = createErrorFromCode(codes[type]!);
  assert.equal(e.type, type, 'kafkajs protocol table changed');
  return e;
}

function tlsError(code: string, message: string): Error {
  return new KafkaJSConnectionError(`Connection error: ${message}`, { broker: '127.0.0.1:9095', code });
}

function expectCode(error: unknown, code: BrokerErrorCode, ...mentions: string[]): BrokerError {
  const mapped = toBrokerError(error, ctx);
  assert.equal(mapped.code, code, mapped.message);
  assert.ok(mapped.message.startsWith('Browsing topic "orders" failed: '), mapped.message);
  assert.match(mapped.message, /\.$/, 'one sentence ending with a full stop');
  assert.ok(!mapped.message.includes('\n'), 'no line breaks in the headline');
  for (const m of mentions) assert.ok(mapped.message.includes(m), `"${mapped.message}" should mention ${m}`);
  assert.ok(mapped.detail.length > 0, 'the raw error goes to detail');
  return mapped;
}

describe('Kafka error mapping', () => {
  it('ECONNREFUSED wrapped in retries → unreachable, naming the address', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
    const e = expectCode(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 300 }), 'unreachable', '127.0.0.1:9092', 'ECONNREFUSED');
    assert.ok(e.detail.includes('KafkaJSNumberOfRetriesExceeded'));
  });

  it('a connection timeout → unreachable; a request timeout → timeout', () => {
    expectCode(new KafkaJSConnectionError('Connection timeout', { broker: '127.0.0.1:9092' }), 'unreachable', '1000 ms');
    expectCode(new KafkaJSRequestTimeoutError('Request ApiVersions(key: 18, version: 2) timed out', {}), 'timeout', '500 ms');
    expectCode(new KafkaJSLockTimeout('Timeout while acquiring lock'), 'timeout');
    expectCode(protocol('REQUEST_TIMED_OUT'), 'timeout');
  });

  it('SASL failures → authFailed, naming the user and mechanism', () => {
    expectCode(new KafkaJSSASLAuthenticationError('SASL SCRAM SHA256 authentication failed: invalid credentials'), 'authFailed', '"alice"', 'SCRAM-SHA-256');
    expectCode(protocol('SASL_AUTHENTICATION_FAILED'), 'authFailed');
    expectCode(protocol('UNSUPPORTED_SASL_MECHANISM'), 'authFailed', 'SCRAM-SHA-256');
  });

  for (const [code, hint] of [
    ['SELF_SIGNED_CERT_IN_CHAIN', 'caFile'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'caFile'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'caFile'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'servername'],
  ] as const) {
    it(`TLS ${code} → tlsUntrusted with what to do`, () => {
      const wrapped = new KafkaJSNumberOfRetriesExceeded(tlsError(code, 'certificate problem'), { retryCount: 0, retryTime: 0 });
      expectCode(wrapped, 'tlsUntrusted', code, hint);
    });
  }

  it('protocol errors by type', () => {
    expectCode(protocol('UNKNOWN_TOPIC_OR_PARTITION'), 'notFound', '"orders"');
    expectCode(protocol('TOPIC_AUTHORIZATION_FAILED'), 'accessRefused', '"alice"', '"orders"');
    expectCode(protocol('GROUP_AUTHORIZATION_FAILED'), 'accessRefused', '"billing"');
    expectCode(protocol('CLUSTER_AUTHORIZATION_FAILED'), 'accessRefused');
    expectCode(protocol('TOPIC_ALREADY_EXISTS'), 'alreadyExists', '"orders"');
    expectCode(protocol('INVALID_PARTITIONS'), 'invalidInput', 'INVALID_PARTITIONS');
    expectCode(protocol('INVALID_REPLICATION_FACTOR'), 'invalidInput');
    expectCode(protocol('MESSAGE_TOO_LARGE'), 'invalidInput');
    expectCode(protocol('UNKNOWN_MEMBER_ID'), 'groupActive', '"billing"');
    expectCode(protocol('NON_EMPTY_GROUP'), 'groupActive');
    expectCode(protocol('GROUP_ID_NOT_FOUND'), 'notFound', '"billing"');
    expectCode(protocol('LEADER_NOT_AVAILABLE'), 'unreachable', 'retry');
    expectCode(protocol('OFFSET_OUT_OF_RANGE'), 'preconditionFailed');
    expectCode(protocol('UNSUPPORTED_VERSION'), 'unsupported');
  });

  it('retries exhausted on UNKNOWN_TOPIC_OR_PARTITION still says not found', () => {
    expectCode(new KafkaJSNumberOfRetriesExceeded(protocol('UNKNOWN_TOPIC_OR_PARTITION'), { retryCount: 2, retryTime: 100 }), 'notFound', '"orders"');
  });

  it('an aggregate of topic-creation errors maps its first error', () => {
    const inner = new KafkaJSCreateTopicError(protocol('TOPIC_AUTHORIZATION_FAILED'), 'orders');
    expectCode(new KafkaJSAggregateError('Topic creation errors', [inner]), 'accessRefused');
  });

  it('a closed connection → disconnected, hinting at the listener protocol', () => {
    expectCode(new KafkaJSConnectionClosedError('Closed connection', { host: '127.0.0.1', port: 9095 }), 'disconnected', 'SASL');
    expectCode(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'disconnected');
  });

  it('no group coordinator, unsupported API, abort', () => {
    expectCode(new KafkaJSGroupCoordinatorNotFound('Failed to find group coordinator'), 'unreachable', '"billing"');
    expectCode(new KafkaJSServerDoesNotSupportApiKey('not supported', { apiKey: 44, apiName: 'IncrementalAlterConfigs' }), 'unsupported');
    expectCode(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), 'cancelled');
  });

  it('anything else → unknown, with the library message and a pointer to the log', () => {
    const e = expectCode(new Error('Something odd.'), 'unknown', 'Something odd', 'log');
    assert.ok(!e.message.includes('odd..'));
  });

  it('a BrokerError passes through unchanged', () => {
    const original = new BrokerError('groupActive', 'Resetting failed: busy. Stop it.');
    assert.equal(toBrokerError(original, ctx), original);
  });
});

describe('kafkajs null metadata after a timed-out refresh', () => {
  it('a TypeError on null metadata → timeout, naming the brokers (seen with the cluster paused by SIGSTOP)', () => {
    // What kafkajs throws when a metadata refresh timed out and it reads the cleared cache.
    let thrown: unknown;
    try {
      const metadata = null as unknown as { topicMetadata: unknown };
      void metadata.topicMetadata;
    } catch (e) {
      thrown = e;
    }
    const e = toBrokerError(new KafkaJSNumberOfRetriesExceeded(thrown as Error, { retryCount: 2, retryTime: 300 }), { ...ctx, requestTimeoutMs: 2000 });
    assert.equal(e.code, 'timeout', e.message);
    assert.match(e.message, /127\.0\.0\.1:9092 did not answer the metadata request within 2000 ms/);
  });
});
