/**
 * A studio session on a fake wall clock: timers run only when the test advances time, so pacing,
 * frames and breakpoints are checked exactly and instantly.
 */
import type { Scenario } from '../../../../src/extension/core/simulator/scenario/types.js';
import type { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { consumer, producer } from '../runtime/fixtures.js';
import { StudioSession, type StudioEnvironment, type StudioFrame } from '../../../../src/extension/core/simulator/studio/session.js';

/** A fake wall clock with timers. */
export class FakeClock implements StudioEnvironment {
  time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves wall time forward by `ms`, firing due timers in order (bounded). */
  advance(ms: number, work?: (now: number) => void): void {
    const end = this.time + ms;
    for (let guard = 0; guard < 1_000_000; guard++) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.callback();
      work?.(this.time);
    }
    this.time = end;
  }
}

/** A session with its frames recorded. */
export function session(scenario: Scenario, runs?: readonly ScenarioRun[], options: { frameIntervalMs?: number; sliceMs?: number } = {}): { s: StudioSession; clock: FakeClock; frames: StudioFrame[] } {
  const clock = new FakeClock();
  const frames: StudioFrame[] = [];
  const s = new StudioSession(scenario, { env: clock, onFrame: (f) => frames.push(f), ...options }, runs);
  return { s, clock, frames };
}

/** Runs a session (at its speed) until it pauses or finishes, advancing the fake clock in 25 ms ticks. */
export function runUntilStopped(s: StudioSession, clock: FakeClock, maxWallMs = 600_000): void {
  s.run();
  for (let waited = 0; s.state === 'running' && waited < maxWallMs; waited += 25) clock.advance(25);
}

/** 20 queues bound to one topic exchange, one consumer each; a 12-partition topic read by one group. */
export function wide(queues = 20, partitions = 12): Scenario {
  const names = Array.from({ length: queues }, (_, i) => `q${String(i).padStart(2, '0')}`);
  return {
    version: 1, name: 'wide', seed: 3, untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [{ name: 'events', type: 'topic' }], queues: names.map((name) => ({ name })), bindings: names.map((queue, i) => ({ exchange: 'events', queue, routingKey: `k.key-${i}.#` })) },
      kafka: { topics: [{ name: 'events', partitions }] },
    },
    producers: [producer({ target: { rabbitmq: { exchange: 'events', routingKey: 'k.{{key}}.x' }, kafka: { topic: 'events' } }, count: 400, ratePerSec: 400, keys: { kind: 'roundRobin', keys: queues } })],
    // One consumer per queue; on Kafka they are 20 members of one group for 12 partitions (8 stay idle).
    consumers: names.map((queue, i) => consumer({ id: `c${i}`, source: { rabbitmq: { queue }, kafka: { topic: 'events', group: 'g' } } })),
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
  };
}

