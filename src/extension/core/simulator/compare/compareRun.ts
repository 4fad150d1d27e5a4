/**
 * A comparison as the compare panel runs it: the scenario on both models to its end, each run
 * recorded (compareLog.ts), the outcome table and the backlog timeline from those logs; and the
 * scene at any moment of it (both diagrams and the events around that time), rebuilt by running
 * fresh copies to that moment: runs are deterministic, so the replay is the same run.
 */
import { BrokerError } from '../../model/errors.js';
import { ScenarioRun } from '../runtime/scenarioRun.js';
import type { SimEvent } from '../runtime/simEvents.js';
import type { ModelKind, Scenario } from '../scenario/types.js';
import type { NodeFigures, StudioGraph } from '../studio/graph.js';
import { WatchedRun } from '../studio/watchedRun.js';
import { CompareRecorder, type CompareLog } from './compareLog.js';
import { backlogTimeline, contrastTable, type BacklogTimeline, type ContrastRow } from './contrastTable.js';

/** A finished comparison. */
export interface Comparison {
  readonly scenario: Scenario;
  readonly rows: readonly ContrastRow[];
  readonly logs: { readonly rabbitmq: CompareLog; readonly kafka: CompareLog };
  /** The later of the two runs' ends. */
  readonly endMs: number;
  readonly timeline: { readonly rabbitmq: BacklogTimeline; readonly kafka: BacklogTimeline };
}

/** Options of {@link runComparison}. */
export interface ComparisonOptions {
  readonly signal?: AbortSignal;
  /** Simulated ms per slice between yields (default 1000). */
  readonly sliceMs?: number;
  /** Yields to the host's event loop between slices (default setImmediate). */
  readonly yieldControl?: () => Promise<void>;
  /** Most log entries per model; a run that writes more is refused (default 2,000,000). */
  readonly maxEntries?: number;
}

const defaultYield = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Builds the comparison from two finished logs (also what the property tests call). */
export function comparisonFromLogs(scenario: Scenario, rabbitmq: CompareLog, kafka: CompareLog, points = 600): Comparison {
  const endMs = Math.max(rabbitmq.endMs, kafka.endMs);
  return {
    scenario, rows: contrastTable(rabbitmq, kafka), logs: { rabbitmq, kafka }, endMs,
    timeline: { rabbitmq: backlogTimeline(rabbitmq, endMs, points), kafka: backlogTimeline(kafka, endMs, points) },
  };
}

/**
 * Runs `scenario` on both models to the end, in slices of simulated time, yielding between them so
 * the extension host stays responsive; the signal cancels it.
 */
export async function runComparison(scenario: Scenario, options: ComparisonOptions = {}): Promise<Comparison> {
  const runs = [new ScenarioRun(scenario, { model: 'rabbitmq', eventCapacity: 1 }), new ScenarioRun(scenario, { model: 'kafka', eventCapacity: 1 })];
  const recorders = runs.map((r) => new CompareRecorder(r));
  const slice = options.sliceMs ?? 1000;
  const max = options.maxEntries ?? 2_000_000;
  const yieldControl = options.yieldControl ?? defaultYield;
  try {
    for (let t = slice; !runs.every((r) => r.finished); t += slice) {
      if (options.signal?.aborted) throw new BrokerError('cancelled', `The comparison of "${scenario.name}" was cancelled.`);
      for (const r of recorders) r.runUntil(t);
      if (recorders.some((r) => r.entries.length > max)) {
        throw new BrokerError('invalidInput', `"${scenario.name}" writes more than ${max} log entries per model, too many to compare event by event; make it shorter or use Run Scenario File.`);
      }
      await yieldControl();
    }
  } finally {
    for (const r of recorders) r.detach();
  }
  return comparisonFromLogs(scenario, recorders[0]!.log(), recorders[1]!.log());
}

/** One model at a moment. */
export interface ModelScene {
  readonly model: ModelKind;
  readonly timeMs: number;
  readonly graph: StudioGraph;
  readonly figures: Record<string, NodeFigures>;
}

/** Both models at one time, and the events just before it. */
export interface CompareScene {
  readonly timeMs: number;
  readonly models: readonly ModelScene[];
  /** Up to `recent` events of each model at or before the time, both models merged by time. */
  readonly events: readonly SimEvent[];
}

/** Rebuilds both models as they were at `timeMs` (a fresh deterministic replay). */
export function sceneAt(comparison: Comparison, timeMs: number, recent = 24): CompareScene {
  const t = Math.max(0, Math.min(timeMs, comparison.endMs));
  const models = (['rabbitmq', 'kafka'] as const).map((model) => {
    const run = new ScenarioRun(comparison.scenario, { model, eventCapacity: 1 });
    const watched = new WatchedRun(run, () => undefined);
    run.runUntil(t);
    const scene: ModelScene = { model, timeMs: run.timeMs, graph: watched.graph().graph, figures: watched.figures() };
    run.ctx.observer = undefined;
    return scene;
  });
  const events: SimEvent[] = [];
  for (const log of [comparison.logs.rabbitmq, comparison.logs.kafka]) {
    const mine: SimEvent[] = [];
    for (const e of log.entries) {
      if (e.time > t) break;
      if (e.kind === 'event') mine.push(e.event);
    }
    events.push(...mine.slice(-recent));
  }
  events.sort((a, b) => a.time - b.time || (a.model === b.model ? a.seq - b.seq : a.model === 'rabbitmq' ? -1 : 1));
  return { timeMs: t, models, events };
}
