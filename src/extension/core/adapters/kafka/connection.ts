/**
 * From a connection's settings and secrets to kafkajs: one Kafka client, and lazily one admin and one
 * reader cluster (group-less fetches and produce requests straight to partition leaders), all closed
 * together.
 */
import fs from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { ConnectionSecrets, KafkaConnectionConfig } from '../../model/connection.js';
import { BrokerError } from '../../model/errors.js';
import { ipv6AwareSocketFactory, toKafkajsBroker } from './bootstrapAddress.js';
import { registerCompressionCodecs } from './compression.js';
import { createReaderCluster, type InternalCluster } from './internals.js';

/** One kafkajs log line, forwarded to the host's logger when one is given. */
export interface KafkaLogLine {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly namespace: string;
  readonly message: string;
  /** The rest of kafkajs's structured entry (broker, error, stack...). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Options of the Kafka adapter that are not connection settings. */
export interface KafkaAdapterOptions {
  /** Receives kafkajs's log lines; without it they go nowhere. */
  readonly logger?: (line: KafkaLogLine) => void;
  /** Lowest level forwarded (default 'warn'). */
  readonly logLevel?: KafkaLogLine['level'];
}

/** Defaults chosen for an interactive tool: fail in seconds, not minutes. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_CLIENT_ID = 'brokerlens';

const LEVELS: Record<KafkaLogLine['level'], logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

function levelName(level: logLevel): KafkaLogLine['level'] {
  if (level <= logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

function readPem(path: string, what: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new BrokerError('invalidInput', `Reading the TLS ${what} failed: "${path}" could not be read (${code}). Fix the path in the connection's TLS settings.`, { cause: e });
  }
}

/** The kafkajs TLS options of a connection; files are read here so a bad path fails before any socket. */
export function tlsOptions(config: KafkaConnectionConfig, secrets: ConnectionSecrets): ConnectionOptions | undefined {
  const tls = config.tls;
  if (!tls?.enabled) return undefined;
  const options: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized ?? true };
  if (tls.caFile) options.ca = [readPem(tls.caFile, 'CA file')];
  if (tls.certFile) options.cert = readPem(tls.certFile, 'client certificate');
  if (tls.keyFile) options.key = readPem(tls.keyFile, 'client key');
  if (secrets.keyPassphrase) options.passphrase = secrets.keyPassphrase;
  if (tls.servername) options.servername = tls.servername;
  return options;
}

function saslOptions(config: KafkaConnectionConfig, secrets: ConnectionSecrets): SASLOptions | undefined {
  if (!config.sasl) return undefined;
  const { mechanism, username } = config.sasl;
  const password = secrets.password ?? '';
  switch (mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** Builds the kafkajs client configuration. Throws BrokerError 'invalidInput' for unusable settings. */
export function kafkaClientConfig(config: KafkaConnectionConfig, secrets: ConnectionSecrets, options: KafkaAdapterOptions = {}): KafkaConfig {
  if (config.brokers.length === 0) {
    throw new BrokerError('invalidInput', 'Connecting to Kafka failed: the connection lists no bootstrap broker. Add at least one host:port.');
  }
  const connectionTimeout = config.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
  const requestTimeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const log = options.logger;
  const minimum = LEVELS[options.logLevel ?? 'warn'];
  const ssl = tlsOptions(config, secrets);
  const sasl = saslOptions(config, secrets);
  return {
    clientId: config.clientId || DEFAULT_CLIENT_ID,
    brokers: config.brokers.map(toKafkajsBroker),
    socketFactory: ipv6AwareSocketFactory,
    connectionTimeout,
    authenticationTimeout: Math.max(connectionTimeout, 10_000),
    requestTimeout,
    enforceRequestTimeout: true,
    // A person is waiting: a few quick retries, then a clear error, instead of kafkajs's ~30 s default.
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    logLevel: log ? minimum : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (!log || entry.level > minimum) return;
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log as { message: string; timestamp: string; logger?: string };
      log({ level: levelName(entry.level), namespace: entry.namespace, message, extra });
    },
  };
}

/**
 * The kafkajs objects of one adapter. Each is created on first use and reused; `close` ends them all
 * and leaves the session ready to be opened again.
 */
export class KafkaSession {
  private kafka: Kafka | undefined;
  private adminClient: Promise<Admin> | undefined;
  private readerCluster: Promise<InternalCluster> | undefined;

  constructor(
    private readonly config: KafkaConnectionConfig,
    private readonly secrets: ConnectionSecrets,
    private readonly options: KafkaAdapterOptions = {},
  ) {}

  /** The kafkajs client (no socket until something connects). */
  client(): Kafka {
    if (!this.kafka) {
      registerCompressionCodecs();
      this.kafka = new Kafka(kafkaClientConfig(this.config, this.secrets, this.options));
    }
    return this.kafka;
  }

  admin(): Promise<Admin> {
    if (!this.adminClient) {
      const admin = this.client().admin();
      this.adminClient = connectOrForget(admin.connect().then(() => admin), () => (this.adminClient = undefined), () => admin.disconnect());
    }
    return this.adminClient;
  }

  reader(): Promise<InternalCluster> {
    if (!this.readerCluster) {
      const cluster = createReaderCluster(this.client());
      this.readerCluster = connectOrForget(cluster.connect().then(() => cluster), () => (this.readerCluster = undefined), () => cluster.disconnect());
    }
    return this.readerCluster;
  }

  /** Closes every connection this session opened. Safe to call twice or while connecting. */
  async close(): Promise<void> {
    const pending = [this.adminClient, this.readerCluster];
    this.adminClient = undefined;
    this.readerCluster = undefined;
    await Promise.allSettled(
      pending.map(async (p) => {
        if (!p) return;
        const client = await p.catch(() => undefined);
        await client?.disconnect();
      }),
    );
  }
}

/** A failed connect is forgotten (so the next call retries) and its half-open sockets closed. */
function connectOrForget<T>(connecting: Promise<T>, forget: () => void, cleanUp: () => Promise<void>): Promise<T> {
  return connecting.catch(async (e: unknown) => {
    forget();
    await cleanUp().catch(() => undefined);
    throw e;
  });
}
