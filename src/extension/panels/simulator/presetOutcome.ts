/**
 * Runs a preset on both models and turns the runtime's summaries into what the panel shows. Kept free
 * of `vscode` so it is unit-tested in Node.
 */
import { PRESETS, presetById } from '../../core/simulator/presets/index.js';
import { ComparisonRun } from '../../core/simulator/runtime/comparison.js';
import type { MetricsBucket } from '../../core/simulator/runtime/metrics.js';
import type { RunSummary } from '../../core/simulator/runtime/summary.js';
import type { PresetComparison, PresetInfo, PresetOutcome } from '../../protocol/simulatorPanel.js';
import { BrokerError } from '../../core/model/errors.js';

const MAX_POINTS = 600;

/** The presets as the panel lists them. */
export function presetInfos(): PresetInfo[] {
  return PRESETS.map((p) => ({ id: p.id, title: p.title, contrast: p.contrast, explanation: p.explanation }));
}

function outcome(summary: RunSummary, series: readonly MetricsBucket[]): PresetOutcome {
  // RabbitMQ's backlog is its queue depth, Kafka's its consumer lag: the same question, two answers.
  const backlog = series.map((b) => (summary.model === 'kafka' ? b.consumerLag : b.queueDepth));
  const step = Math.max(1, Math.ceil(backlog.length / MAX_POINTS));
  return {
    published: summary.published,
    delivered: summary.delivered,
    redeliveries: summary.redeliveries,
    duplicates: summary.duplicates,
    lost: summary.lost,
    deadLettered: summary.deadLettered,
    leftAfterConsumption: summary.leftAfterConsumption,
    orderViolations: summary.orderViolations,
    peakBacklog: backlog.reduce((m, x) => Math.max(m, x), 0),
    latencyP50: summary.latency.p50,
    latencyP95: summary.latency.p95,
    latencyP99: summary.latency.p99,
    timeMs: summary.timeMs,
    backlog: backlog.filter((_, i) => i % step === 0),
  };
}

/** Runs preset `id` on both models to its end. Presets are small: a run takes milliseconds. */
export function runPresetComparison(id: string): PresetComparison {
  const preset = presetById(id);
  if (!preset) throw new BrokerError('notFound', `There is no preset "${id}"; pick one from the list.`);
  const run = new ComparisonRun(preset.scenario);
  const summary = run.run();
  return { id, rabbitmq: outcome(summary.rabbitmq, run.rabbitmq.series()), kafka: outcome(summary.kafka, run.kafka.series()) };
}
