/**
 * Kafka protocol errors: the name ↔ code table (org.apache.kafka.common.protocol.Errors) and the
 * kind of BrokerError each name becomes. One table for the real Kafka adapter (kafkajs reports the
 * names), the simulator's Kafka model (which raises them), the simulator adapter, and the Kafka wire
 * listener (which sends the codes). The simulator once called a rebalance "precondition failed" and
 * an offset out of range "invalid input" where the real adapter said "group active" and
 * "precondition failed"; now both read the kind from here.
 */
import type { BrokerErrorCode } from '../model/errors.js';

/** Protocol error codes by name (Errors.java); test/unit/wire checks them against kafkajs's table. */
export const KAFKA_ERROR_CODES = {
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  INVALID_FETCH_SIZE: 4,
  NOT_LEADER_OR_FOLLOWER: 6,
  MESSAGE_TOO_LARGE: 10,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC_EXCEPTION: 17,
  RECORD_LIST_TOO_LARGE: 18,
  NOT_ENOUGH_REPLICAS: 19,
  INVALID_REQUIRED_ACKS: 21,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  OFFSET_METADATA_TOO_LARGE: 12,
  INVALID_TIMESTAMP: 32,
  UNSUPPORTED_SASL_MECHANISM: 33,
  ILLEGAL_SASL_STATE: 34,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REPLICA_ASSIGNMENT: 39,
  INVALID_CONFIG: 40,
  INVALID_REQUEST: 42,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  INVALID_PRODUCER_EPOCH: 47,
  SASL_AUTHENTICATION_FAILED: 58,
  UNKNOWN_PRODUCER_ID: 59,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  MEMBER_ID_REQUIRED: 79,
  INVALID_RECORD: 87,
  UNKNOWN_TOPIC_ID: 100,
} as const;

/** A protocol error name of the table. */
export type KafkaErrorName = keyof typeof KAFKA_ERROR_CODES;

/** The code of a protocol error name; UNKNOWN_SERVER_ERROR for a name outside the table. */
export function kafkaErrorCode(name: string): number {
  return (KAFKA_ERROR_CODES as Record<string, number>)[name] ?? KAFKA_ERROR_CODES.UNKNOWN_SERVER_ERROR;
}

const KINDS: Readonly<Record<string, BrokerErrorCode>> = {
  UNKNOWN_TOPIC_OR_PARTITION: 'notFound',
  UNKNOWN_TOPIC_ID: 'notFound',
  GROUP_ID_NOT_FOUND: 'notFound',
  TOPIC_AUTHORIZATION_FAILED: 'accessRefused',
  GROUP_AUTHORIZATION_FAILED: 'accessRefused',
  CLUSTER_AUTHORIZATION_FAILED: 'accessRefused',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'accessRefused',
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'accessRefused',
  SASL_AUTHENTICATION_FAILED: 'authFailed',
  ILLEGAL_SASL_STATE: 'authFailed',
  UNSUPPORTED_SASL_MECHANISM: 'authFailed',
  TOPIC_ALREADY_EXISTS: 'alreadyExists',
  REQUEST_TIMED_OUT: 'timeout',
  UNKNOWN_MEMBER_ID: 'groupActive',
  ILLEGAL_GENERATION: 'groupActive',
  REBALANCE_IN_PROGRESS: 'groupActive',
  NON_EMPTY_GROUP: 'groupActive',
  INVALID_PARTITIONS: 'invalidInput',
  INVALID_REPLICATION_FACTOR: 'invalidInput',
  INVALID_REPLICA_ASSIGNMENT: 'invalidInput',
  INVALID_TOPIC_EXCEPTION: 'invalidInput',
  INVALID_CONFIG: 'invalidInput',
  INVALID_REQUEST: 'invalidInput',
  POLICY_VIOLATION: 'invalidInput',
  INVALID_RECORD: 'invalidInput',
  INVALID_TIMESTAMP: 'invalidInput',
  CORRUPT_MESSAGE: 'invalidInput',
  MESSAGE_TOO_LARGE: 'invalidInput',
  RECORD_LIST_TOO_LARGE: 'invalidInput',
  INVALID_COMMIT_OFFSET_SIZE: 'invalidInput',
  INVALID_REQUIRED_ACKS: 'invalidInput',
  INCONSISTENT_GROUP_PROTOCOL: 'invalidInput',
  INVALID_GROUP_ID: 'invalidInput',
  INVALID_SESSION_TIMEOUT: 'invalidInput',
  TOPIC_DELETION_DISABLED: 'preconditionFailed',
  NOT_ENOUGH_REPLICAS: 'preconditionFailed',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'preconditionFailed',
  OFFSET_OUT_OF_RANGE: 'preconditionFailed',
  // A client-side exception of the Java consumer (no protocol code): no commit and auto.offset.reset=none.
  NO_OFFSET_FOR_PARTITION: 'preconditionFailed',
  UNSUPPORTED_VERSION: 'unsupported',
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 'unsupported',
  LEADER_NOT_AVAILABLE: 'unreachable',
  NOT_LEADER_FOR_PARTITION: 'unreachable',
  NOT_LEADER_OR_FOLLOWER: 'unreachable',
  BROKER_NOT_AVAILABLE: 'unreachable',
  REPLICA_NOT_AVAILABLE: 'unreachable',
  GROUP_COORDINATOR_NOT_AVAILABLE: 'unreachable',
  COORDINATOR_NOT_AVAILABLE: 'unreachable',
  NOT_COORDINATOR_FOR_GROUP: 'unreachable',
  NOT_COORDINATOR: 'unreachable',
  GROUP_LOAD_IN_PROGRESS: 'unreachable',
  COORDINATOR_LOAD_IN_PROGRESS: 'unreachable',
  KAFKA_STORAGE_ERROR: 'unreachable',
  NOT_CONTROLLER: 'unreachable',
  FENCED_LEADER_EPOCH: 'unreachable',
  UNKNOWN_LEADER_EPOCH: 'unreachable',
};

/** The BrokerError kind of a protocol error name (kafkajs's `type`), or undefined for one not listed. */
export function kafkaErrorKind(name: string): BrokerErrorCode | undefined {
  return KINDS[name];
}

/** Every name of a kind, for an adapter that handles a kind's names together. */
export function kafkaErrorNamesOf(kind: BrokerErrorCode): ReadonlySet<string> {
  return new Set(Object.entries(KINDS).filter(([, k]) => k === kind).map(([n]) => n));
}
