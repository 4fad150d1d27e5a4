/**
 * Java programs under test/clients/kafka-java compiled against kafka-clients 4.x, for tests that
 * compare the simulator with the Java client itself. The jars are the ones `npm run brokers:up`
 * caches (.brokers/cache/kafka-<version>/lib, or BROKERLENS_KAFKA_LIB). Only kafka-clients and
 * slf4j-api go on the classpath: no logging binding, so the assignor's INFO lines never reach stdout.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** kafka-clients and slf4j-api jars, or a reason they are missing. */
export function kafkaClientsClasspath(): { classpath?: string; missing?: string } {
  const lib = process.env.BROKERLENS_KAFKA_LIB ?? join(ROOT, '.brokers/cache/kafka-4.4.0/lib');
  if (!existsSync(lib)) return { missing: `kafka-clients jars not found in ${lib}: run \`npm run brokers:up\` (it caches them) or set BROKERLENS_KAFKA_LIB` };
  const jars = readdirSync(lib).filter((f) => /^kafka-clients-4\.[\d.]+\.jar$/.test(f) || /^slf4j-api-[\d.]+\.jar$/.test(f));
  if (!jars.some((j) => j.startsWith('kafka-clients'))) return { missing: `no kafka-clients 4.x jar in ${lib}` };
  return { classpath: jars.map((j) => join(lib, j)).join(':') };
}

/** Compiles test/clients/kafka-java/<name>.java once per source version; returns the run classpath. */
export function compileKafkaJava(name: string, libClasspath: string): string {
  const source = join(ROOT, 'test/clients/kafka-java', `${name}.java`);
  const hash = createHash('sha256').update(readFileSync(source)).update(libClasspath).digest('hex').slice(0, 12);
  const out = join(ROOT, '.cache/kafka-java', `${name}-${hash}`);
  const classpath = `${out}:${libClasspath}`;
  if (existsSync(join(out, `${name}.class`))) return classpath;
  mkdirSync(out, { recursive: true });
  const javac = spawnSync('javac', ['-nowarn', '-d', out, '-cp', libClasspath, source], { encoding: 'utf8', timeout: 120000 });
  if (javac.status !== 0) throw new Error(`javac ${name}.java failed: ${javac.stderr}`);
  return classpath;
}

/** Runs a compiled program with stdin, bounded in time; rejects on a non-zero exit or a timeout. */
export function runKafkaJava(classpath: string, name: string, input: string, timeoutMs = 120000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('java', ['-Xmx256m', '-cp', classpath, name], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${name} exited ${code}: ${stderr.slice(-2000)}`));
    });
    child.stdin.end(input);
  });
}
