/**
 * The one Kafka error table (core/rules/kafkaErrors.ts): the real adapter (on kafkajs's own protocol
 * errors) and the simulator adapter (on the engine's KafkaErrors) give every name the same kind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBrokerError as realError } from '../../../src/extension/core/adapters/kafka/errors.js';
import { createErrorFromCode } from '../../../src/extension/core/adapters/kafka/internals.js';
import { KAFKA_ERROR_CODES, kafkaErrorKind } from '../../../src/extension/core/rules/kafkaErrors.js';
import { toBrokerError as simulatedError } from '../../../src/extension/core/adapters/simulator/simulatorKafkaSupport.js';
import { KAFKA_ERROR_NAMES, KAFKA_ERROR_NUMBERS, KafkaError } from '../../../src/extension/core/simulator/kafka/errors.js';
import { ERROR_CODES } from '../../../src/extension/core/wire/kafka/errorCodes.js';

describe('Kafka error table', () => {
  it('one code table for the engine and the wire listener', () => {
    assert.deepEqual(ERROR_CODES, KAFKA_ERROR_CODES);
    assert.equal(KAFKA_ERROR_NUMBERS.NON_EMPTY_GROUP, 68);
    assert.equal(KAFKA_ERROR_NUMBERS.UNKNOWN_TOPIC_OR_PARTITION, 3);
  });

  it('the real adapter and the simulator give every name the kind of the table', () => {
    for (const name of KAFKA_ERROR_NAMES) {
      const kind = kafkaErrorKind(name);
      assert.ok(kind, `${name} has a kind`);
      assert.equal(simulatedError(new KafkaError(name, 'x'), 'Doing it').code, kind, `simulator: ${name}`);
      const code = KAFKA_ERROR_NUMBERS[name];
      if (code !== undefined) assert.equal(realError(createErrorFromCode(code), { action: 'Doing it' }).code, kind, `real: ${name}`);
    }
  });
});
