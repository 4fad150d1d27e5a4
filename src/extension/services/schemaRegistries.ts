/**
 * One schema registry client (and its decode cache) per Kafka connection that names a registry, built
 * from the connection's settings and its secret in SecretStorage, and dropped when either changes.
 * Secrets go into the Authorization header only; the log gets the URL and the registry's answers.
 */
import { readFile } from 'node:fs/promises';
import * as l10n from '@vscode/l10n';
import type { ConnectionConfig, ConnectionSecrets, KafkaConnectionConfig, SchemaRegistrySettings } from '../core/model/connection.js';
import { BrokerError } from '../core/model/errors.js';
import { RegistryLens } from '../core/schema/recordLens.js';
import { SchemaRegistryClient } from '../core/schema/registryClient.js';
import type { RegistryAuth } from '../core/schema/types.js';
import type { ScopedLogger } from './logger.js';

interface Entry {
  readonly key: string;
  readonly client: SchemaRegistryClient;
  readonly lens: RegistryLens;
}

/** A client for registry settings and their secret (password or token). Throws a one-sentence BrokerError. */
export async function createRegistryClient(settings: SchemaRegistrySettings, secret: string | undefined, timeoutMs?: number): Promise<SchemaRegistryClient> {
  let auth: RegistryAuth | undefined;
  if (settings.auth === 'basic') auth = { kind: 'basic', username: settings.username ?? '', password: secret ?? '' };
  if (settings.auth === 'bearer') auth = { kind: 'bearer', token: secret ?? '' };
  let caPem: string | undefined;
  if (settings.caFile) {
    try {
      caPem = await readFile(settings.caFile, 'utf8');
    } catch (cause) {
      throw new BrokerError('invalidInput', l10n.t('The schema registry CA file "{0}" could not be read. Check the path in the connection settings.', settings.caFile), { cause });
    }
  }
  return new SchemaRegistryClient({
    url: settings.url, ...(auth ? { auth } : {}), ...(caPem ? { caPem } : {}), rejectUnauthorized: settings.rejectUnauthorized !== false,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

/**
 * Asks the registry for its subjects, as Add/Edit Connection's test does before saving: the count, or
 * the one sentence that says what failed (unreachable, not a registry, refused credentials, untrusted
 * certificate). Never throws.
 */
export async function probeSchemaRegistry(settings: SchemaRegistrySettings, secret: string | undefined): Promise<{ ok: true; subjects: number } | { ok: false; sentence: string; error: unknown }> {
  let client: SchemaRegistryClient | undefined;
  try {
    client = await createRegistryClient(settings, secret, 8_000);
    return { ok: true, subjects: (await client.listSubjects()).length };
  } catch (error) {
    // The client's sentences already name the registry, what failed and what to do.
    return { ok: false, sentence: error instanceof Error ? error.message : String(error), error };
  } finally {
    client?.dispose();
  }
}

/** The registries of the configured connections. */
export class SchemaRegistries {
  private readonly entries = new Map<string, Promise<Entry>>();

  constructor(
    private readonly readSecrets: (connectionId: string) => Promise<ConnectionSecrets>,
    private readonly log: ScopedLogger,
  ) {}

  /** True when the connection names a registry. */
  static configured(config: ConnectionConfig): config is KafkaConnectionConfig & { schemaRegistry: NonNullable<KafkaConnectionConfig['schemaRegistry']> } {
    return config.kind === 'kafka' && config.schemaRegistry !== undefined && config.schemaRegistry.url !== '';
  }

  /** The connection's registry client; throws a one-sentence BrokerError when it names none. */
  async client(config: ConnectionConfig): Promise<SchemaRegistryClient> {
    return (await this.entry(config)).client;
  }

  /** The connection's decoding lens, or undefined when it names no registry. */
  async lens(config: ConnectionConfig): Promise<RegistryLens | undefined> {
    if (!SchemaRegistries.configured(config)) return undefined;
    return (await this.entry(config)).lens;
  }

  /** Drops a connection's client (settings or secrets changed). */
  forget(connectionId: string): void {
    const entry = this.entries.get(connectionId);
    this.entries.delete(connectionId);
    void entry?.then((e) => e.client.dispose(), () => undefined);
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
  }

  private async entry(config: ConnectionConfig): Promise<Entry> {
    if (!SchemaRegistries.configured(config)) {
      throw new BrokerError('invalidInput', l10n.t('Connection "{0}" has no schema registry. Use "Set Schema Registry" on the connection to add one.', config.name));
    }
    const key = JSON.stringify(config.schemaRegistry);
    const existing = this.entries.get(config.id);
    if (existing) {
      const entry = await existing.catch(() => undefined);
      if (entry?.key === key) return entry;
      this.forget(config.id);
    }
    const created = this.create(config, key);
    this.entries.set(config.id, created);
    created.catch(() => this.entries.delete(config.id));
    return created;
  }

  private async create(config: KafkaConnectionConfig & { schemaRegistry: NonNullable<KafkaConnectionConfig['schemaRegistry']> }, key: string): Promise<Entry> {
    const settings = config.schemaRegistry;
    const secrets = await this.readSecrets(config.id);
    const client = await createRegistryClient(settings, secrets.schemaRegistrySecret);
    const lens = new RegistryLens(client, (message, detail) => this.log.error(`schema registry ${settings.url}: ${message}${detail ? `\n${detail}` : ''}`));
    return { key, client, lens };
  }
}
