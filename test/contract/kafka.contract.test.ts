/**
 * The BrokerAdapter contract on a real Kafka broker (PLAINTEXT listener), through KafkaAdapter.
 */
import { KafkaAdapter } from '../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';
import { runAdapterContract } from './adapterContract.js';

const kafka = await brokerGate('kafka');

runAdapterContract({
  name: 'real Kafka',
  skip: kafka.skip,
  assertAvailable: kafka.assertRequired,
  create: () => new KafkaAdapter({ kind: 'kafka', id: 'contract', name: 'contract', brokers: brokerEnv.kafkaBrokers }, {}),
  spec: (n) => ({ kind: 'topic', name: n, partitions: 1, replicationFactor: 1 }),
  target: (n) => ({ destination: n }),
});
