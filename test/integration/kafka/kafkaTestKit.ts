/**
 * Shared set-up of the Kafka integration suites: adapters on each listener of the test broker, unique
 * topic names, kcat, and a plain kafkajs admin for checks the adapter itself must not be trusted with.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import type { ConnectionSecrets, KafkaConnectionConfig } from '../../../src/extension/core/model/connection.js';
import { brokerEnv } from '../../support/brokers.js';

const env = process.env;

/** Listener addresses and credentials of the test broker (see .brokers/env). */
export const kafkaTest = {
  plaintext: brokerEnv.kafkaBrokers,
  sasl: [env.BROKERLENS_KAFKA_SASL_BROKERS ?? '127.0.0.1:9094'],
  ssl: [env.BROKERLENS_KAFKA_SSL_BROKERS ?? '127.0.0.1:9095'],
  user: env.BROKERLENS_KAFKA_USER ?? 'brokerlens',
  password: env.BROKERLENS_KAFKA_PASSWORD ?? 'brokerlens-secret',
  limitedUser: env.BROKERLENS_KAFKA_LIMITED_USER ?? 'limited',
  limitedPassword: env.BROKERLENS_KAFKA_LIMITED_PASSWORD ?? 'limited-secret',
  ca: env.BROKERLENS_TLS_CA ?? `${process.cwd()}/.brokers/certs/ca.crt`,
  clientCert: env.BROKERLENS_TLS_CLIENT_CERT ?? `${process.cwd()}/.brokers/certs/client.crt`,
  clientKey: env.BROKERLENS_TLS_CLIENT_KEY ?? `${process.cwd()}/.brokers/certs/client.key`,
  servername: env.BROKERLENS_TLS_SERVERNAME ?? 'localhost',
};

/** A unique topic name for one test. */
export function topicName(label = 'topic'): string {
  return `brokerlens.it.${label}.${randomUUID()}`;
}

/** An adapter on the PLAINTEXT listener, or with the given overrides. */
export function plainAdapter(overrides: Partial<KafkaConnectionConfig> = {}, secrets: ConnectionSecrets = {}): KafkaAdapter {
  return new KafkaAdapter({ kind: 'kafka', id: 'it', name: 'it', brokers: kafkaTest.plaintext, ...overrides }, secrets);
}

/** A plain kafkajs admin on the PLAINTEXT listener, for independent checks. */
export async function referenceAdmin(): Promise<{ admin: Admin; close: () => Promise<void> }> {
  const kafka = new Kafka({ clientId: 'brokerlens-it-reference', brokers: kafkaTest.plaintext, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  return { admin, close: () => admin.disconnect() };
}

/** Creates topics through the reference admin; returns a function deleting them. */
export async function withTopics(
  specs: readonly { topic: string; numPartitions?: number; configEntries?: { name: string; value: string }[] }[],
): Promise<() => Promise<void>> {
  const { admin, close } = await referenceAdmin();
  await admin.createTopics({ waitForLeaders: true, topics: specs.map((s) => ({ numPartitions: 1, replicationFactor: 1, ...s })) });
  await close();
  return async () => {
    const ref = await referenceAdmin();
    await ref.admin.deleteTopics({ topics: specs.map((s) => s.topic) }).catch(() => undefined);
    await ref.close();
  };
}

/** Runs kcat with `input` on stdin; resolves with stdout, rejects on a non-zero exit. */
export function kcat(args: readonly string[], input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', kafkaTest.plaintext[0]!, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`))));
    child.stdin.end(input ?? '');
  });
}

/** Consumer groups whose id mentions any of `needles`, from the reference admin. */
export async function groupsMentioning(...needles: string[]): Promise<string[]> {
  const { admin, close } = await referenceAdmin();
  try {
    const { groups } = await admin.listGroups();
    return groups.map((g) => g.groupId).filter((id) => needles.some((n) => id.includes(n)));
  } finally {
    await close();
  }
}

/** UTF-8 text of bytes. */
export const text = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);
