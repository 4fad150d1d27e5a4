/**
 * Errors of the simulated Kafka cluster, named as the Kafka protocol names them (Errors.java), so a
 * scenario checked against a real broker can compare codes directly. A few are client-side exceptions
 * of the Java consumer (NoOffsetForPartitionException), which have no protocol code.
 */
import { KAFKA_ERROR_CODES, kafkaErrorCode } from '../../rules/kafkaErrors.js';

/** Kafka protocol error names used by the model, plus client-side exception names. */
export const KAFKA_ERROR_NAMES = [
  'OFFSET_OUT_OF_RANGE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'MESSAGE_TOO_LARGE',
  'INVALID_TOPIC_EXCEPTION',
  'NOT_ENOUGH_REPLICAS',
  'ILLEGAL_GENERATION',
  'INCONSISTENT_GROUP_PROTOCOL',
  'INVALID_GROUP_ID',
  'UNKNOWN_MEMBER_ID',
  'INVALID_SESSION_TIMEOUT',
  'REBALANCE_IN_PROGRESS',
  'INVALID_TIMESTAMP',
  'TOPIC_ALREADY_EXISTS',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_CONFIG',
  'INVALID_REQUEST',
  'NON_EMPTY_GROUP',
  'GROUP_ID_NOT_FOUND',
  'INVALID_RECORD',
  'NO_OFFSET_FOR_PARTITION',
] as const;

/** One of {@link KAFKA_ERROR_NAMES}. */
export type KafkaErrorCode = (typeof KAFKA_ERROR_NAMES)[number];

/** Numeric protocol codes, from the shared table (core/rules/kafkaErrors.ts); client-side exceptions have none. */
export const KAFKA_ERROR_NUMBERS: Readonly<Partial<Record<KafkaErrorCode, number>>> = Object.fromEntries(
  KAFKA_ERROR_NAMES.filter((name) => name in KAFKA_ERROR_CODES).map((name) => [name, kafkaErrorCode(name)]),
);

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
