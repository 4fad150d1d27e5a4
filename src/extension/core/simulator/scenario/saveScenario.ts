/**
 * "Save as scenario": a scenario with the events injected into a run written in as timed events,
 * so the file replays what was done by hand, and the file's text.
 */
import type { RecordedCommand } from '../runtime/scenarioRun.js';
import type { Scenario, TimedEvent } from './types.js';

/** `scenario` with every injected event of `commands` added as a timed event at the time it was applied. */
export function scenarioWithInjections(scenario: Scenario, commands: readonly RecordedCommand[]): Scenario {
  const injected: TimedEvent[] = commands.flatMap((c) => (c.command.type === 'inject' ? [{ ...c.command.event, atMs: c.timeMs } as TimedEvent] : []));
  if (injected.length === 0) return scenario;
  const events = [...(scenario.events ?? []), ...injected].sort((a, b) => a.atMs - b.atMs);
  return { ...scenario, events };
}

/** The file's text: pretty JSON, the version first, a newline at the end; a recording workload by name only (its messages stay in the recording). */
export function scenarioFileText(scenario: Scenario): string {
  const producers = scenario.producers.map((p) => {
    if (!p.recording?.messages) return p;
    const { messages: _loaded, ...recording } = p.recording;
    return { ...p, recording };
  });
  return `${JSON.stringify({ ...scenario, producers }, null, 2)}\n`;
}

/** A file name for a scenario: its name in lower-case words joined by dashes, then .scenario.json. */
export function scenarioFileName(scenario: Scenario): string {
  const base = scenario.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'scenario';
  return `${base}.scenario.json`;
}
