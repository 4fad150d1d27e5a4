/**
 * The AMQP listener with the two other client libraries a service is likely to use: the Java
 * amqp-client 5.x (com.rabbitmq:amqp-client from Maven Central, jars copied into .cache/amqp-java by
 * Maven, the probe compiled with javac) and Python's pika (from PyPI into the git-ignored venv
 * .cache/pika-venv). Each probe runs the same script against the simulator's listener and against
 * the real RabbitMQ and prints its observations as JSON; they must be equal. Every step is bounded
 * in time. Without Maven, javac, python3 or the registries the suite fails under REQUIRE_BROKERS=1
 * and otherwise skips with one loud line.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { RabbitBroker } from '../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../src/extension/core/wire/amqp/amqpListener.js';
import type { WireListener } from '../../src/extension/core/wire/listener.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = path.join(root, '.cache');
const javaDir = path.join(root, 'test', 'clients', 'amqp-java');
const javaLib = path.join(cache, 'amqp-java', 'lib');
const javaClasses = path.join(cache, 'amqp-java', 'classes');
const probeSource = path.join(javaDir, 'src', 'main', 'java', 'brokerlens', 'probe', 'AmqpProbe.java');
const venv = path.join(cache, 'pika-venv');
const python = path.join(venv, 'bin', 'python');
const PIKA = 'pika==1.3.2';

function sh(cmd: string, args: readonly string[], timeoutMs: number): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** Maven copies amqp-client's jars once (again when pom.xml changes); javac compiles the probe when it changed. */
function prepareJava(): string | undefined {
  const stamp = path.join(javaLib, '.pom-mtime');
  const pomTime = String(statSync(path.join(javaDir, 'pom.xml')).mtimeMs);
  if (!existsSync(stamp) || sh('cat', [stamp], 5000).out.trim() !== pomTime) {
    mkdirSync(javaLib, { recursive: true });
    const mvn = sh('mvn', ['-q', '-B', '-f', path.join(javaDir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${javaLib}`], 480_000);
    if (!mvn.ok) return `Maven could not fetch com.rabbitmq:amqp-client: ${mvn.out.trim().split('\n').slice(-3).join(' ')}`;
    sh('sh', ['-c', `printf %s '${pomTime}' > '${stamp}'`], 5000);
  }
  mkdirSync(javaClasses, { recursive: true });
  const javac = sh('javac', ['-d', javaClasses, '-cp', `${javaLib}/*`, probeSource], 120_000);
  return javac.ok ? undefined : `javac failed: ${javac.out.trim()}`;
}

/** A venv with pika, created once. */
function preparePika(): string | undefined {
  if (!existsSync(python) && !sh('python3', ['-m', 'venv', venv], 120_000).ok) return 'python3 -m venv failed';
  if (sh(python, ['-c', 'import pika'], 20_000).ok) return undefined;
  const pip = sh(path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', PIKA], 300_000);
  return pip.ok ? undefined : `pip could not install ${PIKA}: ${pip.out.trim().split('\n').slice(-2).join(' ')}`;
}

function lastJson(out: string): Record<string, unknown> {
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`the probe printed no result:\n${out.slice(-3000)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Runs a probe without blocking this process's event loop, which serves the listener it talks to. */
function probe(cmd: string, args: readonly string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} probe failed (${error.message}):\n${`${stdout}${stderr}`.slice(-3000)}`));
      else {
        try {
          resolve(lastJson(stdout));
        } catch (e) {
          reject(e);
        }
      }
    });
  });
}

const runJava = (url: string, prefix: string): Promise<Record<string, unknown>> =>
  probe('java', ['-cp', `${javaClasses}${path.delimiter}${javaLib}/*`, 'brokerlens.probe.AmqpProbe', url, prefix]);

const runPika = (url: string, prefix: string): Promise<Record<string, unknown>> =>
  probe(python, [path.join(root, 'test', 'clients', 'amqp-python', 'amqp_probe.py'), url, prefix]);

const rabbit = await brokerGate('rabbitmq');
const required = process.env.REQUIRE_BROKERS === '1';

describe('AMQP listener with the Java amqp-client and pika, compared with the real RabbitMQ', () => {
  let listener: WireListener;
  let port = 0;

  before(async () => {
    listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0 });
    await listener.start();
    port = listener.address!.port;
  });
  after(async () => {
    await listener?.stop();
  });

  const compare = async (sim: Record<string, unknown>, runReal: () => Promise<Record<string, unknown>>): Promise<void> => {
    if (rabbit.skip) return;
    rabbit.assertRequired();
    assert.deepEqual(sim, await runReal(), 'the client should observe the same on the simulator listener and on RabbitMQ');
  };

  it('Java amqp-client 5.x: confirms, get/nack redelivery, prefetch, returns, header types, x-death, quorum, transactions, reply codes', async (t) => {
    const missing = prepareJava();
    if (missing) {
      if (required) assert.fail(missing);
      console.error(`!!! JAVA AMQP CLIENT TEST SKIPPED: ${missing}`);
      t.skip(missing);
      return;
    }
    const prefix = `brokerlens.wire.${randomUUID().slice(0, 8)}`;
    const sim = await runJava(`amqp://guest:guest@127.0.0.1:${port}`, prefix);
    assert.deepEqual(sim['headerTypes'], { bool: 'Boolean', bytes: 'byte[]', int: 'Integer', long: 'Long', str: 'LongString' });
    assert.equal((sim['xDeath'] as Record<string, string>)['count'], 'Long:1');
    assert.equal((sim['quorumHeaderTypes'] as Record<string, string>)['x-delivery-count'], 'Long');
    assert.deepEqual(sim['quorumRedelivered'], [false, true]);
    assert.deepEqual((sim['missingQueue'] as unknown[]).slice(0, 2), ['channel', 404]);
    assert.deepEqual((sim['declareMismatch'] as unknown[]).slice(0, 2), ['channel', 406]);
    assert.deepEqual((sim['exclusiveElsewhere'] as unknown[]).slice(0, 2), ['channel', 405]);
    assert.deepEqual((sim['reservedExchange'] as unknown[]).slice(0, 2), ['channel', 403]);
    assert.deepEqual(sim['missingVhost'], ['connection', 530]);
    assert.equal(sim['badPassword'], 'AuthenticationFailureException');
    assert.deepEqual(sim['tx'], [0, 0, 1, 'c', 1]);
    assert.deepEqual((sim['confirmAfterTx'] as unknown[]).slice(0, 2), ['channel', 406]);
    assert.deepEqual((sim['commitWithoutTx'] as unknown[]).slice(0, 2), ['channel', 406]);
    await compare(sim, () => runJava(brokerEnv.rabbitmqUrl, prefix));
  });

  it('pika: confirms, get/nack redelivery, consume with prefetch, mandatory returns, reply codes', async (t) => {
    const missing = preparePika();
    if (missing) {
      if (required) assert.fail(missing);
      console.error(`!!! PIKA TEST SKIPPED: ${missing}`);
      t.skip(missing);
      return;
    }
    const prefix = `brokerlens.wire.${randomUUID().slice(0, 8)}`;
    const sim = await runPika(`amqp://guest:guest@127.0.0.1:${port}/%2F`, prefix);
    assert.deepEqual((sim['get2'] as unknown[]).slice(0, 2), ['m1', true]);
    assert.deepEqual((sim['mandatory'] as unknown[]).slice(0, 4), ['returned', 1, 312, 'NO_ROUTE']);
    assert.deepEqual((sim['missingQueue'] as unknown[])[0], 404);
    assert.deepEqual((sim['declareMismatch'] as unknown[])[0], 406);
    assert.equal(sim['badPassword'], 'ProbableAuthenticationError');
    const realUrl = new URL(brokerEnv.rabbitmqUrl);
    await compare(sim, () => runPika(`amqp://guest:guest@${realUrl.host}/%2F`, prefix));
  });
});
