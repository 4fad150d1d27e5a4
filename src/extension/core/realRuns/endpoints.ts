/**
 * How a run reaches the brokers of two saved connections: the same connect settings (TLS, SASL,
 * vhost, secrets from SecretStorage) the adapters use, and the opt-in check: a run goes only to a
 * connection marked `allowScratchRuns`, so a production broker is never written to by accident.
 */
import * as l10n from '@vscode/l10n';
import * as amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { amqplibConnectArgs, loadTlsMaterial, resolveRabbitConfig } from '../adapters/rabbitmq/config.js';
import { kafkaClientConfig } from '../adapters/kafka/connection.js';
import type { ConnectionConfig, ConnectionSecrets, KafkaConnectionConfig, RabbitMqConnectionConfig } from '../model/connection.js';
import { BrokerError } from '../model/errors.js';
import type { RealRunEndpoints } from './realRun.js';

/** Refuses a connection that does not allow scratch runs, with one sentence saying how to allow it. */
export function assertScratchAllowed(config: ConnectionConfig): void {
  if (config.kind === 'simulator') return;
  if (config.allowScratchRuns !== true) {
    throw new BrokerError('accessRefused', l10n.t('"{0}" does not allow runs on real brokers: set "allowScratchRuns": true on this connection in the brokerlens.connections setting (only for a broker where scratch queues and topics are fine).', config.name));
  }
}

/** A connection and its secrets. */
export interface RunConnection<C extends ConnectionConfig> {
  readonly config: C;
  readonly secrets: ConnectionSecrets;
}

/** The endpoints of a run on these connections (each optional); refuses one that does not allow it. */
export function endpointsFor(rabbitmq?: RunConnection<RabbitMqConnectionConfig>, kafka?: RunConnection<KafkaConnectionConfig>): RealRunEndpoints {
  if (rabbitmq) assertScratchAllowed(rabbitmq.config);
  if (kafka) assertScratchAllowed(kafka.config);
  return {
    ...(rabbitmq
      ? {
          rabbitmq: async (): Promise<amqp.ChannelModel> => {
            const resolved = resolveRabbitConfig(rabbitmq.config, rabbitmq.secrets);
            const tls = resolved.tls.enabled ? await loadTlsMaterial(resolved) : undefined;
            const { url, socket } = amqplibConnectArgs(resolved, tls);
            return amqp.connect(url, socket);
          },
        }
      : {}),
    ...(kafka ? { kafka: (): Kafka => new Kafka({ ...kafkaClientConfig(kafka.config, kafka.secrets), logLevel: logLevel.NOTHING }) } : {}),
  };
}
