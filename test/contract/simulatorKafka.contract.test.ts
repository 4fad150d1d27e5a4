/**
 * The shared BrokerAdapter contract (adapterContract.ts) on the simulator's Kafka model: the same
 * cases as on the real Kafka, so the simulator's answers can be trusted offline.
 */
import { SimulatorKafkaAdapter } from '../../src/extension/core/adapters/simulator/simulatorKafkaAdapter.js';
import { VirtualClock } from '../../src/extension/core/simulator/clock.js';
import { KafkaCluster } from '../../src/extension/core/simulator/kafka/cluster.js';
import { runAdapterContract } from './adapterContract.js';

runAdapterContract({
  name: 'simulator Kafka model',
  create: () => new SimulatorKafkaAdapter(new KafkaCluster({ clock: new VirtualClock(Date.UTC(2026, 0, 1)), seed: 7, brokers: 1 })),
  spec: (name) => ({ kind: 'topic', name, partitions: 1, replicationFactor: 1 }),
  target: (name) => ({ destination: name }),
});
