/**
 * Writes a benchmark's figures to bench/results/<name>.json with the machine and the command, so
 * docs/benchmarks.md can cite a file rather than a memory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Saves `figures` and returns the path written. */
export function saveResults(name: string, command: string, figures: unknown): string {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const doc = {
    name,
    command,
    at: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    figures,
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
