/**
 * Shared set-up of the RabbitMQ adapter tests: connection configs for the test broker (.brokers/env
 * values, overridable by environment), unique names, and a raw amqplib connection for checking what
 * the adapter did from the outside.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { RabbitMqAdapter, type RabbitMqAdapterOptions } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import type { ConnectionSecrets, RabbitMqConnectionConfig } from '../../../src/extension/core/model/connection.js';

/** Certificates are made by `npm run brokers:up` under the repository's .brokers/, whatever the cwd. */
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Test broker endpoints and users (see docs of scripts/brokers/up.sh). */
export const rabbitEnv = {
  host: '127.0.0.1',
  amqpPort: Number(process.env.BROKERLENS_RABBITMQ_PORT ?? 5672),
  amqpsPort: 5671,
  managementUrl: process.env.BROKERLENS_RABBITMQ_MGMT_URL ?? 'http://127.0.0.1:15672',
  user: process.env.BROKERLENS_RABBITMQ_USER ?? 'brokerlens',
  password: process.env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret',
  limitedUser: process.env.BROKERLENS_RABBITMQ_LIMITED_USER ?? 'limited',
  limitedPassword: process.env.BROKERLENS_RABBITMQ_LIMITED_PASSWORD ?? 'limited-secret',
  testVhost: process.env.BROKERLENS_RABBITMQ_TEST_VHOST ?? 'test-vhost',
  ca: process.env.BROKERLENS_TLS_CA ?? path.join(REPO_ROOT, '.brokers/certs/ca.crt'),
  clientCert: process.env.BROKERLENS_TLS_CLIENT_CERT ?? path.join(REPO_ROOT, '.brokers/certs/client.crt'),
  clientKey: process.env.BROKERLENS_TLS_CLIENT_KEY ?? path.join(REPO_ROOT, '.brokers/certs/client.key'),
};

/** A unique resource name: brokerlens.it.<uuid> (plus a suffix). */
export function uniqueName(suffix = ''): string {
  return `brokerlens.it.${randomUUID()}${suffix ? `.${suffix}` : ''}`;
}

/** A connection config to the test broker as user brokerlens, with overrides. */
export function rabbitConfig(overrides: Partial<RabbitMqConnectionConfig> = {}): RabbitMqConnectionConfig {
  return {
    kind: 'rabbitmq',
    id: `it-${randomUUID().slice(0, 8)}`,
    name: `it-${randomUUID().slice(0, 8)}`,
    amqpUrl: `amqp://${rabbitEnv.host}:${rabbitEnv.amqpPort}/`,
    managementUrl: rabbitEnv.managementUrl,
    username: rabbitEnv.user,
    ...overrides,
  };
}

/** An adapter for the test broker (not yet connected). */
export function rabbitAdapter(
  overrides: Partial<RabbitMqConnectionConfig> = {},
  secrets: ConnectionSecrets = { password: rabbitEnv.password },
  options: RabbitMqAdapterOptions = {},
): RabbitMqAdapter {
  return new RabbitMqAdapter(rabbitConfig(overrides), secrets, options);
}

/** A plain amqplib connection as user brokerlens, for checking from outside the adapter. */
export function rawConnection(vhost = '/'): Promise<amqp.ChannelModel> {
  return amqp.connect({ protocol: 'amqp', hostname: rabbitEnv.host, port: rabbitEnv.amqpPort, username: rabbitEnv.user, password: rabbitEnv.password, vhost });
}

/** Calls the management API as brokerlens (administrator). */
export async function mgmt<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${rabbitEnv.managementUrl}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${rabbitEnv.user}:${rabbitEnv.password}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Deletes queues and exchanges by name, ignoring those already gone. */
export async function cleanup(queues: readonly string[], exchanges: readonly string[] = []): Promise<void> {
  const conn = await rawConnection();
  try {
    for (const q of queues) {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteQueue(q).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
    for (const x of exchanges) {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteExchange(x).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
}
