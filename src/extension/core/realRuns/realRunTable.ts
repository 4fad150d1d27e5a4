/**
 * The run's table: each row of the simulator's outcome table, per model, the simulator's prediction
 * (its own run of the scenario) beside what the real broker did, and which figures differ. Times
 * (peak at, drained at) are shown but never count as a difference: a real broker's timing is not a
 * prediction the simulator makes to the millisecond.
 */
import type { ContrastCell, ContrastRow, ContrastRowId } from '../simulator/compare/contrastTable.js';
import type { ModelKind } from '../simulator/scenario/types.js';
import type { RealRunResult } from './realRun.js';

/** One model's side of one row. */
export interface RealRunCell {
  readonly predicted: ContrastCell;
  readonly observed: ContrastCell;
  /** Figures whose values differ (timing figures excluded). */
  readonly differing: readonly string[];
}

/** One row: per model that ran, prediction and observation. */
export interface RealRunRow {
  readonly id: ContrastRowId;
  readonly cells: Partial<Record<ModelKind, RealRunCell>>;
}

const isTiming = (figure: string): boolean => figure.endsWith('Ms');

/** Figures of `a` and `b` that differ, timing figures left out. */
export function differingFigures(a: ContrastCell, b: ContrastCell): string[] {
  const names = [...new Set([...Object.keys(a.figures), ...Object.keys(b.figures)])];
  return names.filter((f) => !isTiming(f) && a.figures[f] !== b.figures[f]);
}

/** The table from the simulator's rows (runComparison) and the real run. */
export function realRunTable(predicted: readonly ContrastRow[], run: RealRunResult): RealRunRow[] {
  return predicted.map((row) => {
    const cells: Partial<Record<ModelKind, RealRunCell>> = {};
    for (const m of run.models) {
      const p = row[m.model];
      const o = m.facts[row.id];
      cells[m.model] = { predicted: p, observed: o, differing: differingFigures(p, o) };
    }
    return { id: row.id, cells };
  });
}

/**
 * One model's observed figures as a flat outcome table ("row.figure" -> value, timing figures left
 * out), the form the differential suite compares with compareTables (outcomeDiff.ts).
 */
export function outcomeOf(facts: Readonly<Record<ContrastRowId, ContrastCell>>, rows: readonly ContrastRowId[] = Object.keys(facts) as ContrastRowId[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) for (const [f, v] of Object.entries(facts[row].figures)) if (!isTiming(f)) out[`${row}.${f}`] = v;
  return out;
}
