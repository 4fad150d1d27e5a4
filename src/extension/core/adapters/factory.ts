/**
 * Builds the adapters of a connection. The only place that knows which class serves which kind.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import type { ConnectionConfig, ConnectionSecrets } from '../model/connection.js';
import { KafkaAdapter } from './kafka/kafkaAdapter.js';
import { RabbitMqAdapter } from './rabbitmq/rabbitMqAdapter.js';
import { createSimulatorAdapters } from './simulator/simulatorConnection.js';

export { createSimulatorAdapters } from './simulator/simulatorConnection.js';

/** Adapters for one connection: one for a real broker, two (RabbitMQ and Kafka models) for the simulator. */
export function createAdapters(config: ConnectionConfig, secrets: ConnectionSecrets): BrokerAdapter[] {
  switch (config.kind) {
    case 'simulator':
      return createSimulatorAdapters();
    case 'kafka':
      return [new KafkaAdapter(config, secrets)];
    case 'rabbitmq':
      return [new RabbitMqAdapter(config, secrets)];
  }
}
