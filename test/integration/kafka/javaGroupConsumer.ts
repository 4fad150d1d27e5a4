/**
 * Starts and stops test/clients/kafka-java/GroupConsumer.java: one real kafka-clients 4.x consumer in
 * a classic or consumer-protocol (KIP-848) group, bounded in time, reporting what it does as JSON lines.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kafkaLib } from '../../contract/kafkaWire/support.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Compiles GroupConsumer.java once per source version; returns the classpath. */
export function groupConsumerClasspath(): string {
  const lib = kafkaLib();
  if (!lib) throw new Error('kafka-clients jars are missing: run `npm run brokers:up` (it caches them in .brokers/cache).');
  const source = join(ROOT, 'test/clients/kafka-java/GroupConsumer.java');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const out = join(ROOT, '.cache/group-java', hash);
  if (!existsSync(join(out, 'GroupConsumer.class'))) {
    mkdirSync(out, { recursive: true });
    const javac = spawnSync('javac', ['-nowarn', '-d', out, '-cp', `${lib}/*`, source], { encoding: 'utf8', timeout: 120_000 });
    if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr}`);
  }
  return `${out}:${lib}/*`;
}

/** One JSON line from the consumer. */
export interface ConsumerEvent {
  readonly event: 'assigned' | 'record' | 'committed' | 'closed';
  readonly partitions?: number[];
  readonly partition?: number;
  readonly offset?: number;
}

/** A running Java consumer. */
export class JavaGroupConsumer {
  readonly events: ConsumerEvent[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private exited: Promise<number | null>;

  constructor(classpath: string, args: { bootstrap: string; topic: string; groupId: string; protocol: 'classic' | 'consumer' | 'share'; limit: number; maxSeconds?: number }) {
    this.child = spawn('java', ['-Xmx128m', '-cp', classpath, 'GroupConsumer', args.bootstrap, args.topic, args.groupId, args.protocol, String(args.limit), String(args.maxSeconds ?? 90)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) this.events.push(JSON.parse(line) as ConsumerEvent);
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.exited = new Promise((r) => this.child.on('close', (code) => r(code)));
  }

  /** Waits (bounded) until `check` holds for the events so far. */
  async waitFor(check: (events: readonly ConsumerEvent[]) => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check(this.events)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; events ${JSON.stringify(this.events.slice(-10))}; stderr ${this.stderr}`);
      if (this.child.exitCode !== null) throw new Error(`the Java consumer exited (${this.child.exitCode}) before ${what}: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Committed offset per partition, the last the consumer reported. */
  committed(): Map<number, number> {
    const out = new Map<number, number>();
    for (const e of this.events) if (e.event === 'committed') out.set(e.partition!, e.offset!);
    return out;
  }

  /** First record offset per partition that this consumer read. */
  firstOffsets(): Map<number, number> {
    const out = new Map<number, number>();
    for (const e of this.events) if (e.event === 'record' && !out.has(e.partition!)) out.set(e.partition!, e.offset!);
    return out;
  }

  /** Leaves the group cleanly ("stop" on stdin), killing the process if it takes over 20 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.stdin.end('stop\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
