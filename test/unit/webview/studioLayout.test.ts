/**
 * The studio diagram's layout over every preset's real graphs, at the start of a run (members with
 * no partition yet) and as it goes: no two boxes or containers that are not nested overlap, with
 * the room a container's title takes above its first box counted in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../../src/extension/core/simulator/index.js';
import type { StudioGraphMessage } from '../../../src/extension/protocol/simulatorPanel.js';
import { layoutGraph } from '../../../src/webview/shared/studio/layout.js';
import { studio } from '../../webview/simulatorFixtures.js';

function overlaps(graph: StudioGraphMessage): string[] {
  const placed = layoutGraph(graph).nodes;
  const parent = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const nested = (inner: string, outer: string): boolean => {
    for (let p = parent.get(inner); p; p = parent.get(p)) if (p === outer) return true;
    return false;
  };
  const found: string[] = [];
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      if (nested(a.id, b.id) || nested(b.id, a.id)) continue;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) found.push(`${a.id} × ${b.id}`);
    }
  }
  return found;
}

describe('studio diagram layout', () => {
  for (const preset of PRESETS) {
    it(`${preset.id}: nothing overlaps, from the first frame to the end of the run`, () => {
      const run = studio(preset.id);
      run.s.frame(true);
      for (let i = 0; i < 2000; i++) run.s.step();
      run.s.frame(true);
      let graphs = 0;
      for (const frame of run.frames) {
        for (const model of frame.models) {
          if (!model.graph) continue;
          graphs++;
          assert.deepEqual(overlaps(model.graph as StudioGraphMessage), [], `${model.model} at ${frame.timeMs} ms`);
        }
      }
      assert.ok(graphs >= 2, 'both models sent a graph');
    });
  }

  it('ranks a group whose members have no partition yet to the right of the topics', () => {
    const run = studio('consumerCrash');
    run.s.frame(true);
    const kafka = run.frames[0]!.models.find((m) => m.model === 'kafka')!;
    const placed = layoutGraph(kafka.graph as StudioGraphMessage).nodes;
    const topic = placed.find((n) => n.kind === 'topic')!;
    const group = placed.find((n) => n.kind === 'group')!;
    assert.ok(group.x >= topic.x + topic.width, `group at x ${group.x}, topic ends at ${topic.x + topic.width}`);
  });
});
