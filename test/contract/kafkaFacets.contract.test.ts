/**
 * The Kafka facet contract (kafkaFacetContract.ts) on real Kafka and on the simulator's Kafka model.
 * An active member is a kafkajs consumer on the real broker and a joined member in the simulator.
 */
import kafkajs from 'kafkajs';
import { KafkaAdapter } from '../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { SimulatorKafkaAdapter } from '../../src/extension/core/adapters/simulator/simulatorKafkaAdapter.js';
import { VirtualClock } from '../../src/extension/core/simulator/clock.js';
import { KafkaCluster } from '../../src/extension/core/simulator/kafka/cluster.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';
import { runKafkaFacetContract } from './kafkaFacetContract.js';

const kafka = await brokerGate('kafka');

runKafkaFacetContract({
  name: 'real Kafka',
  skip: kafka.skip,
  assertAvailable: kafka.assertRequired,
  create: () => new KafkaAdapter({ kind: 'kafka', id: 'contract-facets', name: 'contract-facets', brokers: brokerEnv.kafkaBrokers }, {}),
  joinMember: async (groupId, topic) => {
    const client = new kafkajs.Kafka({ brokers: brokerEnv.kafkaBrokers, clientId: 'brokerlens-contract', logLevel: kafkajs.logLevel.NOTHING });
    const consumer = client.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    // Bounded: a group that never forms fails the case instead of hanging it.
    await Promise.race([joined, new Promise((_, reject) => setTimeout(() => reject(new Error(`group ${groupId} did not form within 30 s`)), 30_000))]);
    return () => consumer.disconnect();
  },
});

let cluster: KafkaCluster;
runKafkaFacetContract({
  name: 'simulator Kafka model',
  create: () => {
    cluster = new KafkaCluster({ clock: new VirtualClock(Date.UTC(2026, 0, 1)), seed: 7, brokers: 1 });
    return new SimulatorKafkaAdapter(cluster);
  },
  joinMember: async (groupId, topic) => {
    const member = cluster.joinGroup(groupId, { topics: [topic] });
    return async () => cluster.leaveGroup(groupId, member);
  },
});
