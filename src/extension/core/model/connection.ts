/**
 * Connection settings. Everything here is non-secret and may live in settings.json (a team can commit
 * it); passwords and passphrases travel separately as {@link ConnectionSecrets} from SecretStorage.
 */

/** TLS options shared by both brokers. Verification is on unless the user turns it off. */
export interface TlsOptions {
  readonly enabled: boolean;
  /** PEM file of the CA that signed the broker's certificate (self-signed clusters). */
  readonly caFile?: string;
  /** PEM client certificate and key for mutual TLS. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Default true. False only by an explicit per-connection choice, shown with a warning. */
  readonly rejectUnauthorized?: boolean;
  /** Host name to verify the certificate against, when it differs from the address. */
  readonly servername?: string;
}

/** SASL mechanisms BrokerLens speaks to Kafka. */
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** A Kafka cluster. */
export interface KafkaConnectionConfig {
  readonly kind: 'kafka';
  readonly id: string;
  readonly name: string;
  /** host:port of one or more bootstrap brokers. */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly tls?: TlsOptions;
  readonly sasl?: { readonly mechanism: SaslMechanism; readonly username: string };
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** A schema registry (Confluent API) for decoding and encoding records; its secret is in SecretStorage. */
  readonly schemaRegistry?: SchemaRegistrySettings;
  /**
   * "Run on Real Brokers" may create and delete `brokerlens.scratch.*` resources here. Off unless set,
   * so a production broker is never used by accident.
   */
  readonly allowScratchRuns?: boolean;
}

/** Where a Kafka connection's schema registry is. Non-secret: the password or token is in SecretStorage. */
export interface SchemaRegistrySettings {
  /** Base URL of the Confluent-compatible API (Apicurio: .../apis/ccompat/v7). */
  readonly url: string;
  /** 'basic' uses `username` and the stored password; 'bearer' the stored token. Default none. */
  readonly auth?: 'none' | 'basic' | 'bearer';
  readonly username?: string;
  /** PEM file of a CA to trust for an https URL. */
  readonly caFile?: string;
  /** TLS verification; on unless set to false. */
  readonly rejectUnauthorized?: boolean;
}

/** A RabbitMQ broker (one vhost over AMQP, and optionally the management HTTP API). */
export interface RabbitMqConnectionConfig {
  readonly kind: 'rabbitmq';
  readonly id: string;
  readonly name: string;
  /** amqp:// or amqps:// URL without a password; the vhost is its path ('/' when absent). */
  readonly amqpUrl: string;
  /** http(s):// URL of the management API; absent = AMQP-only mode. */
  readonly managementUrl?: string;
  readonly username?: string;
  readonly tls?: TlsOptions;
  readonly connectionTimeoutMs?: number;
  /**
   * "Run on Real Brokers" may create and delete `brokerlens.scratch.*` resources here. Off unless set,
   * so a production broker is never used by accident.
   */
  readonly allowScratchRuns?: boolean;
}

/** The built-in simulator. */
export interface SimulatorConnectionConfig {
  readonly kind: 'simulator';
  readonly id: string;
  readonly name: string;
}

/** Any connection. */
export type ConnectionConfig = KafkaConnectionConfig | RabbitMqConnectionConfig | SimulatorConnectionConfig;

/** Secrets of one connection, kept only in SecretStorage. */
export interface ConnectionSecrets {
  readonly password?: string;
  /** Passphrase of an encrypted client key. */
  readonly keyPassphrase?: string;
  /** Schema registry password (basic auth) or bearer token. */
  readonly schemaRegistrySecret?: string;
}
