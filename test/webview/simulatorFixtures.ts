/**
 * Host messages for the simulator panel's webview tests. The studio's frames come from a real
 * StudioSession run in Node (not hand-written JSON), so the panel is tested on what the host sends.
 */
import { presetById } from '../../src/extension/core/simulator/presets/index.js';
import type { Scenario } from '../../src/extension/core/simulator/scenario/types.js';
import type { BreakpointSpec } from '../../src/extension/core/simulator/studio/breakpoints.js';
import { StudioSession, type StudioFrame } from '../../src/extension/core/simulator/studio/session.js';
import { presetInfos } from '../../src/extension/panels/simulator/presetOutcome.js';
import { FakeClock } from '../unit/simulator/studio/support.js';

/** The state notification (cards and presets). */
export function stateMessage(extra: Record<string, unknown> = {}): unknown {
  return {
    kind: 'notification',
    method: 'simulator/state',
    params: {
      models: [
        { kind: 'rabbitmq', title: 'RabbitMQ model', destinations: 3, messages: 42 },
        { kind: 'kafka', title: 'Kafka model', destinations: 2, messages: 1000 },
      ],
      presets: presetInfos(),
      updatedAt: Date.UTC(2026, 10, 25, 9, 0, 0),
      ...extra,
    },
  };
}

/** The studio's source notification for a scenario. */
export function sourceMessage(id: string, scenario: Scenario, breakpoints: readonly BreakpointSpec[] = []): unknown {
  return {
    kind: 'notification',
    method: 'simulator/studioSource',
    params: {
      kind: 'preset', id, title: scenario.name, seed: scenario.seed,
      producers: scenario.producers.map((p) => ({ id: p.id, ratePerSec: p.ratePerSec })),
      consumers: scenario.consumers.map((c) => ({ id: c.id, count: c.count ?? 1 })),
      breakpoints,
    },
  };
}

/** A frame as a notification. */
export function frameMessage(frame: StudioFrame): unknown {
  return { kind: 'notification', method: 'simulator/studioFrame', params: JSON.parse(JSON.stringify(frame)) };
}

/** A real session of a preset (or scenario) with its frames. */
export function studio(idOrScenario: string | Scenario): { s: StudioSession; frames: StudioFrame[]; clock: FakeClock; scenario: Scenario } {
  const scenario = typeof idOrScenario === 'string' ? presetById(idOrScenario)!.scenario : idOrScenario;
  const clock = new FakeClock();
  const frames: StudioFrame[] = [];
  const s = new StudioSession(scenario, { env: clock, onFrame: (f) => frames.push(f) });
  return { s, frames, clock, scenario };
}
