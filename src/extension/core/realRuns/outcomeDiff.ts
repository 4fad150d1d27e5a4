/**
 * Row-by-row comparison of two outcome tables (row name -> observed value), the check the
 * differential suite makes between the simulator and a real broker and the one a run on real
 * brokers shows: a row differs when its values are not deeply equal, and a difference names the
 * row and both values.
 */
import { isDeepStrictEqual } from 'node:util';

/** Row name -> observed value. */
export type OutcomeTable = Record<string, unknown>;

/** A row that differs: its name and both values. */
export interface RowDifference {
  readonly row: string;
  readonly simulator: unknown;
  readonly broker: unknown;
}

/** Rows whose values differ (a row missing on one side differs too). */
export function compareTables(simulator: OutcomeTable, broker: OutcomeTable): RowDifference[] {
  const rows = [...new Set([...Object.keys(simulator), ...Object.keys(broker)])].sort();
  return rows.filter((row) => !isDeepStrictEqual(simulator[row], broker[row])).map((row) => ({ row, simulator: simulator[row], broker: broker[row] }));
}

/** The failure text: the case, its seed, and per row both values. */
export function describeDifferences(caseName: string, seed: number | undefined, diffs: readonly RowDifference[]): string {
  const lines = [`${caseName}${seed === undefined ? '' : ` (seed ${seed}, replay with FIDELITY_SEED=${seed})`}: ${diffs.length} row(s) differ`];
  for (const d of diffs) lines.push(`  row "${d.row}"\n    simulator: ${JSON.stringify(d.simulator)}\n    broker:    ${JSON.stringify(d.broker)}`);
  return lines.join('\n');
}
