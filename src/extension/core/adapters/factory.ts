/**
 * Builds the adapters of a connection. The only place that knows which class serves which kind.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import type { ConnectionConfig, ConnectionSecrets } from '../model/connection.js';
import { BrokerError } from '../model/errors.js';

/** Adapters for one connection: one for a real broker, two (RabbitMQ and Kafka models) for the simulator. */
export function createAdapters(config: ConnectionConfig, _secrets: ConnectionSecrets): BrokerAdapter[] {
  switch (config.kind) {
    case 'simulator':
      return [];
    case 'kafka':
    case 'rabbitmq':
      throw new BrokerError('unsupported', `${config.kind} connections are not available in this build.`);
  }
}
