/**
 * The vscode-free parts of Browse's Export… and Retry: a file sink with backpressure, and matching
 * the records a page shows to the dead-letter ids the adapter's move takes.
 */
import fs from 'node:fs';
import type { DeadLetter } from '../../core/model/adapter.js';
import type { BrokerRecord } from '../../core/model/message.js';
import { exportRecord } from '../../core/publish/exportFormat.js';

/** Writes through a file stream, waiting for 'drain' so memory stays bounded. */
export async function writeFile<T>(path: string, run: (sink: (chunk: string) => Promise<void>) => Promise<T>): Promise<T> {
  const stream = fs.createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  const sink = (chunk: string): Promise<void> =>
    stream.write(chunk) ? Promise.resolve() : Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failed]);
  try {
    return await Promise.race([run(sink), failed]);
  } finally {
    await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
}

/** Dead-letter ids of `wanted` records, matched by body, properties and headers, each listed message used once. */
export function matchDeadLetters(wanted: readonly BrokerRecord[], listed: readonly DeadLetter[]): string[] {
  const key = (r: BrokerRecord): string => JSON.stringify(exportRecord({ ...r, id: '', destination: '', redelivered: false }));
  const pool = new Map<string, string[]>();
  for (const d of listed) {
    const k = key(d.record);
    pool.set(k, [...(pool.get(k) ?? []), d.record.id]);
  }
  const ids: string[] = [];
  for (const r of wanted) {
    const id = pool.get(key(r))?.shift();
    if (id !== undefined) ids.push(id);
  }
  return ids;
}
