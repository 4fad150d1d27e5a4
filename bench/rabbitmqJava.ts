/**
 * The Java reference publishers of bench/rabbitmq.ts: RabbitMQ PerfTest (com.rabbitmq:perf-test from
 * Maven Central) and a minimal confirm publisher on com.rabbitmq:amqp-client (bench/java). Maven only
 * resolves the classpath; the publisher is compiled with javac into bench/java/target/classes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const javaDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'java');

/** One Java run: its own rate and wall time (JVM start included in wall time only). */
export interface JavaRun {
  readonly rate: number;
  readonly ms: number;
  readonly wallMs: number;
  readonly confirmed?: number;
}

/** Classpath of PerfTest + amqp-client, and the compiled minimal publisher; undefined with the reason when Maven/javac fail. */
export function prepareJava(): { classpath: string } | { unavailable: string } {
  const cpFile = path.join(javaDir, 'target', 'classpath.txt');
  const classes = path.join(javaDir, 'target', 'classes');
  mkdirSync(classes, { recursive: true });
  const mvn = spawnSync('mvn', ['-q', '-f', path.join(javaDir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { encoding: 'utf8', timeout: 600_000 });
  if (mvn.status !== 0) return { unavailable: `Maven could not resolve com.rabbitmq:perf-test / amqp-client: ${(mvn.stderr || mvn.stdout || String(mvn.error)).trim().split('\n').slice(-3).join(' ')}` };
  const deps = readFileSync(cpFile, 'utf8').trim();
  const javac = spawnSync('javac', ['-d', classes, '-cp', deps, path.join(javaDir, 'src/main/java/brokerlens/bench/ConfirmPublisher.java')], { encoding: 'utf8' });
  if (javac.status !== 0) return { unavailable: `javac failed: ${javac.stderr.trim()}` };
  return { classpath: `${classes}${path.delimiter}${deps}` };
}

/** PerfTest: 1 producer, 0 consumers, N messages of S bytes, mandatory (and persistent), at most W unconfirmed, to a predeclared queue. */
export function runPerfTest(classpath: string, uri: string, queue: string, messages: number, size: number, window: number, persistent: boolean): JavaRun {
  const t0 = performance.now();
  const out = execFileSync(
    'java',
    ['-cp', classpath, 'com.rabbitmq.perf.PerfTest', '-h', uri, '-x', '1', '-y', '0', '-s', String(size), '-c', String(window), '-C', String(messages), '-u', queue, '-p', ...(persistent ? ['-f', 'persistent'] : []), '-f', 'mandatory', '-mf', 'compact'],
    { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const wallMs = performance.now() - t0;
  const rate = Number(/sending rate avg: (\d+(?:\.\d+)?) msg\/s/.exec(out)?.[1]);
  if (!Number.isFinite(rate)) throw new Error(`PerfTest printed no sending rate:\n${out.slice(-2000)}`);
  // PerfTest's average excludes its start-up; its run time is messages / rate.
  return { rate, ms: (messages / rate) * 1000, wallMs };
}

/** The minimal publisher: default exchange, mandatory (and persistent), window W. */
export function runMinimalJava(classpath: string, uri: string, queue: string, messages: number, size: number, window: number, persistent: boolean): JavaRun {
  const t0 = performance.now();
  const out = execFileSync('java', ['-cp', classpath, 'brokerlens.bench.ConfirmPublisher', uri, queue, String(messages), String(size), String(window), String(persistent)], {
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wallMs = performance.now() - t0;
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`ConfirmPublisher printed no result:\n${out}`);
  const parsed = JSON.parse(line) as { rate: number; ms: number; confirmed: number };
  return { rate: parsed.rate, ms: parsed.ms, wallMs, confirmed: parsed.confirmed };
}
