/**
 * The Compare panel's messages built from a comparison: free of `vscode`, so the webview tests send
 * exactly what the host sends.
 */
import type { Comparison, CompareScene as CoreScene } from '../../core/simulator/index.js';
import type { CompareRowId, CompareScene, CompareSource, CompareState } from '../../protocol/comparePanel.js';
import { presetTexts } from './presetText.js';

/** The state notification. */
export function compareStateMessage(status: CompareState['status'], source: CompareSource | undefined, comparison: Comparison | undefined, error?: string): CompareState {
  const c = comparison;
  return {
    presets: presetTexts(),
    status,
    ...(source ? { source } : {}),
    ...(error ? { error } : {}),
    ...(c
      ? {
          result: {
            endMs: c.endMs,
            rows: c.rows.map((r) => ({ ...r, rabbitmq: { ...r.rabbitmq, figures: { ...r.rabbitmq.figures } }, kafka: { ...r.kafka, figures: { ...r.kafka.figures } } })),
            timeline: { stepMs: c.timeline.rabbitmq.stepMs, rabbitmq: [...c.timeline.rabbitmq.values], kafka: [...c.timeline.kafka.values] },
          },
        }
      : {}),
  };
}

/** The scene notification. */
export function compareSceneMessage(scene: CoreScene, row?: CompareRowId): CompareScene {
  return {
    timeMs: scene.timeMs,
    ...(row ? { row } : {}),
    models: scene.models.map((m) => ({ model: m.model, timeMs: m.timeMs, graph: { ...m.graph, nodes: [...m.graph.nodes], edges: [...m.graph.edges] }, figures: m.figures })),
    events: [...scene.events],
  } as CompareScene;
}
