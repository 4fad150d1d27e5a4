/**
 * Outcome tables of the differential suite: one row per observed behaviour (the rows of issue 11:
 * messages left, who got what, per-key order, redelivery, replay, dead-lettering, TTL, overflow,
 * priority, single-active-consumer, delivery-limit, stream offsets, partition per key), each a value
 * with nothing run-specific in it, so the simulator's table and a real broker's compare with deepEqual.
 * Agreement per row is collected for `npm run test:fidelity` and docs/fidelity.md.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareTables, type OutcomeTable } from '../../../src/extension/core/realRuns/outcomeDiff.js';

// The comparison itself lives in core, where "Run on Real Brokers" uses it too.
export { compareTables, describeDifferences, type OutcomeTable, type RowDifference } from '../../../src/extension/core/realRuns/outcomeDiff.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FILE = join(ROOT, '.artifacts', 'fidelity.json');

/** Agreement per issue row: how many comparisons agreed out of how many ran. */
export type Agreement = Record<string, { agreed: number; total: number }>;

/** Adds one case's comparison to the run's agreement file (rows grouped by `group`, e.g. "rabbitmq: priority order"). */
export function recordAgreement(group: string, simulator: OutcomeTable, broker: OutcomeTable): void {
  const all = readAgreement();
  const diffs = new Set(compareTables(simulator, broker).map((d) => d.row));
  const rows = new Set([...Object.keys(simulator), ...Object.keys(broker)]);
  const entry = (all[group] ??= { agreed: 0, total: 0 });
  entry.total += rows.size;
  entry.agreed += [...rows].filter((r) => !diffs.has(r)).length;
  mkdirSync(join(ROOT, '.artifacts'), { recursive: true });
  writeFileSync(FILE, JSON.stringify(all, null, 2));
}

/** The agreement recorded so far in this run (the file is reset by resetAgreement). */
export function readAgreement(): Agreement {
  return existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Agreement) : {};
}

/** Starts a fresh agreement file. */
export function resetAgreement(): void {
  mkdirSync(join(ROOT, '.artifacts'), { recursive: true });
  writeFileSync(FILE, '{}');
}

/** The agreement as a Markdown table, as printed by `npm run test:fidelity` and kept in docs/fidelity.md. */
export function agreementTable(a: Agreement): string {
  const lines = ['| row | agreed | compared | agreement |', '|---|---:|---:|---:|'];
  for (const [row, { agreed, total }] of Object.entries(a).sort(([x], [y]) => x.localeCompare(y))) {
    lines.push(`| ${row} | ${agreed} | ${total} | ${total ? ((100 * agreed) / total).toFixed(1) : '-'} % |`);
  }
  return lines.join('\n');
}
