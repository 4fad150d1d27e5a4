/**
 * The built-in Simulator connection: both models, seeded with the demo shop.
 */
import type { BrokerAdapter } from '../../model/adapter.js';
import type { Clock } from '../../simulator/clock.js';
import { KafkaCluster } from '../../simulator/kafka/cluster.js';
import { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import { seedKafkaDemo, seedRabbitDemo } from './demoWorkload.js';
import { SimulatorKafkaAdapter } from './simulatorKafkaAdapter.js';
import { SimulatorRabbitAdapter } from './simulatorRabbitAdapter.js';

/**
 * The interactive simulator runs on the wall clock, so TTLs, retention and session timeouts pass as
 * the user watches. Scenario runs use a VirtualClock instead (simulator/runtime).
 */
const wallClock: Clock = { now: () => Date.now() };

/** The two simulator models (RabbitMQ first), seeded with the demo shop. */
export function createSimulatorAdapters(clock: Clock = wallClock): BrokerAdapter[] {
  const broker = new RabbitBroker({ clock });
  const cluster = new KafkaCluster({ clock, seed: 1, brokers: 3, autoCreateTopics: false, group: { initialRebalanceDelayMs: 0 } });
  seedRabbitDemo(broker);
  seedKafkaDemo(cluster);
  return [new SimulatorRabbitAdapter(broker), new SimulatorKafkaAdapter(cluster)];
}
