// The test brokers as the UI tests see them: their addresses and credentials (.brokers/env, written
// by `npm run brokers:up`, under the process environment) and whether a port answers.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './server.mjs';

/** .brokers/env under the process environment's BROKERLENS_* variables, which win. */
export function brokerEnv() {
  const env = {};
  try {
    for (const line of fs.readFileSync(path.join(REPO_ROOT, '.brokers', 'env'), 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
    }
  } catch {
    // No env file: the callers' defaults are what up.sh writes.
  }
  return { ...env, ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BROKERLENS_'))) };
}

/** Whether a TCP connection to host:port opens within 1.5 s. */
export function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * Runs `prepare` (the test's fixture on a real broker). When that fails, the broker is taken to be
 * down: the test says `SKIPPED <what> (<why>)` in one loud line and gets undefined, unless
 * REQUIRE_BROKERS=1, which forbids skipping (the error is thrown).
 */
export async function prepareOrSkip(prepare, log, what) {
  try {
    return await prepare();
  } catch (error) {
    if (process.env.REQUIRE_BROKERS === '1') throw error;
    log(`SKIPPED ${what} (${error.message}); run npm run brokers:up`);
    return undefined;
  }
}

/** Whether the schema registry at `registry` answers. */
export async function registryUp(registry) {
  try {
    return (await fetch(`${registry}/subjects`)).ok;
  } catch {
    return false;
  }
}

/** Registers `schema` (Avro, as an object) under `subject` in the registry; returns its schema id. */
export async function registerSchema(registry, subject, schema) {
  const res = await fetch(`${registry}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  const { id } = await res.json();
  if (typeof id !== 'number') throw new Error(`registering ${subject} failed: HTTP ${res.status}`);
  return id;
}
