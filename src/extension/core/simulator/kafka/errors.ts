/**
 * Errors of the simulated Kafka cluster, named as the Kafka protocol names them (Errors.java), so a
 * scenario checked against a real broker can compare codes directly. A few are client-side exceptions
 * of the Java consumer (NoOffsetForPartitionException), which have no protocol code.
 */

/** Kafka protocol error names used by the model, plus client-side exception names. */
export type KafkaErrorCode =
  | 'OFFSET_OUT_OF_RANGE'
  | 'UNKNOWN_TOPIC_OR_PARTITION'
  | 'MESSAGE_TOO_LARGE'
  | 'INVALID_TOPIC_EXCEPTION'
  | 'NOT_ENOUGH_REPLICAS'
  | 'ILLEGAL_GENERATION'
  | 'INCONSISTENT_GROUP_PROTOCOL'
  | 'INVALID_GROUP_ID'
  | 'UNKNOWN_MEMBER_ID'
  | 'INVALID_SESSION_TIMEOUT'
  | 'REBALANCE_IN_PROGRESS'
  | 'INVALID_TIMESTAMP'
  | 'TOPIC_ALREADY_EXISTS'
  | 'INVALID_PARTITIONS'
  | 'INVALID_REPLICATION_FACTOR'
  | 'INVALID_CONFIG'
  | 'INVALID_REQUEST'
  | 'NON_EMPTY_GROUP'
  | 'GROUP_ID_NOT_FOUND'
  | 'INVALID_RECORD'
  | 'NO_OFFSET_FOR_PARTITION';

/** Numeric protocol codes (org.apache.kafka.common.protocol.Errors); client-side exceptions have none. */
export const KAFKA_ERROR_NUMBERS: Readonly<Partial<Record<KafkaErrorCode, number>>> = {
  OFFSET_OUT_OF_RANGE: 1,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  MESSAGE_TOO_LARGE: 10,
  INVALID_TOPIC_EXCEPTION: 17,
  NOT_ENOUGH_REPLICAS: 19,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_TIMESTAMP: 32,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_CONFIG: 40,
  INVALID_REQUEST: 42,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  INVALID_RECORD: 87,
};

/** An error raised by the simulated cluster; `message` reads like the broker's own error message. */
export class KafkaError extends Error {
  readonly code: KafkaErrorCode;

  constructor(code: KafkaErrorCode, message: string) {
    super(message);
    this.name = 'KafkaError';
    this.code = code;
  }
}

/** True for a KafkaError (checks the shape, so it also works across bundle copies). */
export function isKafkaError(value: unknown): value is KafkaError {
  return value instanceof KafkaError
    || (value instanceof Error && value.name === 'KafkaError' && typeof (value as { code?: unknown }).code === 'string');
}
