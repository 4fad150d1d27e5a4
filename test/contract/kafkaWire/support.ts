/**
 * Set-up of the Kafka wire contract: the two targets every case runs on (the simulator's Kafka
 * listener over a fresh simulator session, and the real test broker), the Java client program
 * compiled from test/clients/kafka-java against the kafka-clients jar `npm run brokers:up` caches,
 * and kcat. Every child process is bounded in time and killed when it overruns.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WireLogSink } from '../../../src/extension/core/wire/address.js';
import { createSimulatorAdapters } from '../../../src/extension/core/adapters/simulator/simulatorConnection.js';
import { isSimulatorKafkaAdapter, WIRE_LISTENER_FACTORIES } from '../../../src/extension/core/wire/factory.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import type { KafkaWireUser } from '../../../src/extension/core/wire/kafka/handlers/sasl.js';
import { createKafkaListener } from '../../../src/extension/core/wire/kafka/kafkaListener.js';
import type { SimulatorKafkaAdapter } from '../../../src/extension/core/adapters/simulator/simulatorKafkaAdapter.js';
import { brokerEnv } from '../../support/brokers.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** A log that keeps every line, so a test can assert what the listener said. */
export class MemoryLog implements WireLogSink {
  readonly lines: string[] = [];
  info(m: string): void { this.lines.push(`info ${m}`); }
  warn(m: string): void { this.lines.push(`warn ${m}`); }
  error(m: string, e?: unknown): void { this.lines.push(`error ${m} ${e instanceof Error ? e.message : ''}`); }
}

/** The simulator's Kafka listener on an ephemeral loopback port, over a fresh simulator session. */
export async function startListener(options: { users?: readonly KafkaWireUser[] } = {}): Promise<{ listener: WireListener; bootstrap: string; log: MemoryLog; cluster: SimulatorKafkaAdapter['cluster'] }> {
  const adapters = createSimulatorAdapters();
  const log = new MemoryLog();
  const kafkaAdapter = adapters.find(isSimulatorKafkaAdapter)!;
  const listener = options.users
    ? createKafkaListener(kafkaAdapter.cluster, { port: 0, users: options.users, log })
    : WIRE_LISTENER_FACTORIES.find((f) => f.protocol === 'kafka')!.create(adapters, { host: '127.0.0.1', port: 0, allowNonLoopback: false, log })!;
  await listener.start();
  return { listener, bootstrap: `127.0.0.1:${listener.address!.port}`, log, cluster: kafkaAdapter.cluster };
}

/** The real broker's PLAINTEXT and SASL_PLAINTEXT listeners and credentials. */
export const realKafka = {
  bootstrap: brokerEnv.kafkaBrokers[0]!,
  sasl: process.env.BROKERLENS_KAFKA_SASL_BROKERS ?? '127.0.0.1:9094',
  user: process.env.BROKERLENS_KAFKA_USER ?? 'brokerlens',
  password: process.env.BROKERLENS_KAFKA_PASSWORD ?? 'brokerlens-secret',
};

/** A unique topic name. */
export function uniqueName(label: string): string {
  return `brokerlens.wire.${label}.${randomUUID().slice(0, 8)}`;
}

/** Runs a program with a hard time limit; resolves with its output whatever the exit code. */
export function run(command: string, args: readonly string[], options: { input?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The folder of kafka-clients 4.x and its dependencies (cached by `npm run brokers:up`). */
export function kafkaLib(): string | undefined {
  const lib = process.env.BROKERLENS_KAFKA_LIB ?? join(ROOT, '.brokers/cache/kafka-4.4.0/lib');
  return existsSync(join(lib, 'kafka-clients-4.4.0.jar')) || existsSync(lib) ? lib : undefined;
}

/** Compiles WireKafkaClient.java once per source version into .cache/wire-java/<hash>; returns the classpath. */
export function compileJavaClient(): string {
  const lib = kafkaLib();
  if (!lib) throw new Error('kafka-clients jars are missing: run `npm run brokers:up` (it caches them in .brokers/cache).');
  const source = join(ROOT, 'test/clients/kafka-java/WireKafkaClient.java');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const out = join(ROOT, '.cache/wire-java', hash);
  const classpath = `${out}:${lib}/*`;
  if (existsSync(join(out, 'WireKafkaClient.class'))) return classpath;
  mkdirSync(out, { recursive: true });
  const javac = spawnSync('javac', ['-nowarn', '-d', out, '-cp', `${lib}/*`, source], { encoding: 'utf8', timeout: 120000 });
  if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr}`);
  return classpath;
}

/** Runs the Java client; returns its JSON lines. */
export async function java(classpath: string, args: readonly string[], timeoutMs = 120000): Promise<Record<string, unknown>[]> {
  const { code, stdout, stderr } = await run('java', ['-Xmx256m', '-cp', classpath, 'WireKafkaClient', ...args], { timeoutMs });
  if (code !== 0) throw new Error(`WireKafkaClient ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
