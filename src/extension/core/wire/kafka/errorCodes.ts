/**
 * Kafka protocol error codes the listener answers with: the shared table of core/rules/kafkaErrors.ts
 * (a unit test checks every entry against kafkajs's independent table).
 */
import { KAFKA_ERROR_CODES, kafkaErrorCode, type KafkaErrorName } from '../../rules/kafkaErrors.js';

export const ERROR_CODES = KAFKA_ERROR_CODES;

/** A protocol error name. */
export type ErrorName = KafkaErrorName;

/** The code of a protocol error name; UNKNOWN_SERVER_ERROR for a name outside the table. */
export const errorCode = kafkaErrorCode;
