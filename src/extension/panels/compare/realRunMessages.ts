/**
 * The Compare panel's "Run on Real Brokers" messages, free of `vscode` (the webview tests send
 * exactly what the host sends): progress lines, and the finished run as the simulator's prediction
 * beside each broker's observation, with the throughput and the notes.
 */
import * as l10n from '@vscode/l10n';
import type { RealRunProgress, RealRunResult } from '../../core/realRuns/realRun.js';
import { realRunTable } from '../../core/realRuns/realRunTable.js';
import type { Comparison } from '../../core/simulator/index.js';
import type { CompareRealRun } from '../../protocol/comparePanel.js';

/** The display names of the run's connections. */
export interface RunConnectionNames {
  readonly rabbitmq?: string;
  readonly kafka?: string;
}

const modelName = (m: 'rabbitmq' | 'kafka'): string => (m === 'rabbitmq' ? 'RabbitMQ' : 'Kafka');

/** One progress line per model, e.g. "RabbitMQ: 120 sent, 80 handled (4.2 s)". */
export function progressText(latest: ReadonlyMap<string, RealRunProgress>): string {
  return [...latest.values()].map((p) => {
    switch (p.phase) {
      case 'setUp': return l10n.t('{0}: creating scratch resources', modelName(p.model));
      case 'throughput': return l10n.t('{0}: measuring throughput', modelName(p.model));
      case 'cleanUp': return l10n.t('{0}: deleting scratch resources', modelName(p.model));
      case 'done': return l10n.t('{0}: done', modelName(p.model));
      default: return l10n.t('{0}: {1} sent, {2} handled ({3} s)', modelName(p.model), p.published, p.handled, (p.elapsedMs / 1000).toFixed(1));
    }
  }).join(' · ');
}

/** The running state. */
export function realRunProgressMessage(connections: RunConnectionNames, progress: string, runId?: string): CompareRealRun {
  return { status: 'running', connections: { ...connections }, progress, ...(runId ? { runId } : {}) };
}

/** A failed or cancelled run. */
export function realRunErrorMessage(connections: RunConnectionNames, status: 'error' | 'cancelled', error: string): CompareRealRun {
  return { status, connections: { ...connections }, error };
}

/** The finished run beside the simulator's prediction. */
export function realRunResultMessage(connections: RunConnectionNames, prediction: Comparison, result: RealRunResult): CompareRealRun {
  const notes: string[] = [];
  for (const e of result.skipped) {
    notes.push(e.type === 'brokerRestart'
      ? l10n.t('The broker restart at {0} s was not done: BrokerLens never restarts a real broker, so the restart row shows only the prediction.', (e.atMs / 1000).toFixed(2))
      : l10n.t('The time skip at {0} s was not done: a real broker\'s clock cannot be moved.', (e.atMs / 1000).toFixed(2)));
  }
  for (const m of result.models) {
    if (m.timedOut) notes.push(l10n.t('{0} was still busy when the run reached its time limit; the figures are what it had done by then.', modelName(m.model)));
    if (m.leftovers.length) notes.push(l10n.t('{0}: {1} scratch resource(s) could not be deleted; they are deleted the next time the connection connects.', modelName(m.model), m.leftovers.length));
  }
  if (result.models.some((m) => m.model === 'kafka')) notes.push(l10n.t('On Kafka a crashed consumer leaves its group at once (the client cannot stop heartbeating without leaving), where the simulator waits for session.timeout.ms.'));
  return {
    status: 'done',
    connections: { ...connections },
    runId: result.runId,
    rows: realRunTable(prediction.rows, result).map((r) => ({
      id: r.id,
      ...Object.fromEntries(Object.entries(r.cells).map(([model, c]) => [model, {
        predicted: { figures: { ...c.predicted.figures }, shown: c.predicted.shown },
        observed: { figures: { ...c.observed.figures }, shown: c.observed.shown },
        differing: [...c.differing],
      }])),
    })),
    throughput: result.models.flatMap((m) => (m.throughput ? [{ model: m.model, ...m.throughput }] : [])),
    notes,
  };
}
