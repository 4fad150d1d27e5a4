/**
 * Runs a preset on both models and turns the runtime's summaries into what the panel shows. Kept free
 * of `vscode` so it is unit-tested in Node.
 */
import * as l10n from '@vscode/l10n';
import { ComparisonRun, presetById, PRESETS, type MetricsBucket, type RunSummary, type Scenario } from '../../core/simulator/index.js';
import type { PresetComparison, PresetInfo, PresetOutcome } from '../../protocol/simulatorPanel.js';
import { BrokerError } from '../../core/model/errors.js';
import { presetText } from '../compare/presetText.js';

const MAX_POINTS = 600;

/** The presets as the panel lists them. */
export function presetInfos(): PresetInfo[] {
  // Titles and explanations in the display language.
  return PRESETS.map((p) => {
    const t = presetText(p.id);
    return { id: p.id, title: t?.title ?? p.title, contrast: p.contrast, explanation: t?.explanation ?? p.explanation };
  });
}

/**
 * The backlog curve and its peak from one source. Each point is the highest backlog of the seconds
 * it stands for (a long run is cut to MAX_POINTS points by taking maxima, never by sampling), so the
 * chart's highest point is always the table's peak: sampling every n-th second once showed a chart
 * peak the table did not have, and the old chart's axis started at 1 even when every point was 0.
 */
export function backlogCurve(summaryModel: 'rabbitmq' | 'kafka', series: readonly MetricsBucket[]): { points: number[]; stepSeconds: number; peak: number } {
  // RabbitMQ's backlog is its queue depth, Kafka's its consumer lag: the same question, two answers.
  const backlog = series.map((b) => (summaryModel === 'kafka' ? b.consumerLag : b.queueDepth));
  const step = Math.max(1, Math.ceil(backlog.length / MAX_POINTS));
  const points: number[] = [];
  for (let i = 0; i < backlog.length; i += step) points.push(Math.max(...backlog.slice(i, i + step)));
  return { points, stepSeconds: step, peak: points.reduce((m, x) => Math.max(m, x), 0) };
}

function outcome(summary: RunSummary, series: readonly MetricsBucket[]): PresetOutcome {
  const curve = backlogCurve(summary.model, series);
  return {
    published: summary.published,
    delivered: summary.delivered,
    redeliveries: summary.redeliveries,
    duplicates: summary.duplicates,
    lost: summary.lost,
    deadLettered: summary.deadLettered,
    leftAfterConsumption: summary.leftAfterConsumption,
    orderViolations: summary.orderViolations,
    peakBacklog: curve.peak,
    latencyP50: summary.latency.p50,
    latencyP95: summary.latency.p95,
    latencyP99: summary.latency.p99,
    timeMs: summary.timeMs,
    backlog: curve.points,
    backlogStepSeconds: curve.stepSeconds,
  };
}

/** Runs preset `id` on both models to its end. Presets are small: a run takes milliseconds. */
export function runPresetComparison(id: string): PresetComparison {
  const preset = presetById(id);
  if (!preset) throw new BrokerError('notFound', l10n.t('There is no preset "{0}"; pick one from the list.', id));
  const run = new ComparisonRun(preset.scenario);
  const summary = run.run();
  return { id, rabbitmq: outcome(summary.rabbitmq, run.rabbitmq.series()), kafka: outcome(summary.kafka, run.kafka.series()) };
}

/** Options of {@link runScenarioComparison}. */
export interface ChunkedRunOptions {
  readonly signal?: AbortSignal;
  /** Called with the simulated time reached, after every slice. */
  readonly onProgress?: (timeMs: number) => void;
  /** Simulated milliseconds per slice (default 1000). */
  readonly sliceMs?: number;
}

/**
 * Runs a user's scenario on both models in slices of simulated time, yielding to the event loop
 * between slices: a large scenario never freezes the extension host, and Cancel stops it.
 */
export async function runScenarioComparison(id: string, scenario: Scenario, options: ChunkedRunOptions = {}): Promise<PresetComparison> {
  const run = new ComparisonRun(scenario);
  const slice = options.sliceMs ?? 1000;
  for (let t = slice; !run.finished; t += slice) {
    if (options.signal?.aborted) throw new BrokerError('cancelled', l10n.t('The run of "{0}" was cancelled.', scenario.name));
    run.runUntil(t);
    options.onProgress?.(Math.min(t, Math.max(run.rabbitmq.timeMs, run.kafka.timeMs)));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const summary = run.summary();
  return { id, rabbitmq: outcome(summary.rabbitmq, run.rabbitmq.series()), kafka: outcome(summary.kafka, run.kafka.series()) };
}
