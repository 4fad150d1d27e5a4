/**
 * The studio session: stepping, one timeline for both models, pace, frames, injections, and that
 * watching a run (the diagram's reads, breakpoints, stepping) never changes it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetById } from '../../../../src/extension/core/simulator/presets/index.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import type { SimEvent } from '../../../../src/extension/core/simulator/runtime/simEvents.js';
import type { Scenario } from '../../../../src/extension/core/simulator/scenario/types.js';
import { busy, consumer, producer, scenario } from '../runtime/fixtures.js';
import { runUntilStopped, session } from './support.js';

const digestRuns = (sc: Scenario): ScenarioRun[] => [new ScenarioRun(sc, { model: 'rabbitmq', digest: true }), new ScenarioRun(sc, { model: 'kafka', digest: true })];

function plainDigests(sc: Scenario): number[] {
  return digestRuns(sc).map((r) => {
    r.run();
    return r.ctx.digest;
  });
}

/** A steady workload for pacing: 100 messages a second for 20 s. */
const steady = scenario({ untilIdle: undefined, durationMs: 20_000, producers: [producer({ count: 2000, ratePerSec: 100 })], consumers: [consumer({ processingMs: 2 })] });

describe('studio session: stepping and the timeline', () => {
  it('Step runs entries until one emits an event, and the frame lists those events', () => {
    const { s, frames } = session(presetById('consumerCrash')!.scenario);
    s.step();
    assert.equal(s.state, 'paused');
    assert.equal(s.reason?.kind, 'step');
    const n = s.reason?.kind === 'step' ? s.reason.events : 0;
    assert.ok(n >= 1);
    const last = frames.at(-1)!;
    assert.equal(last.events.length, n);
    assert.deepEqual(last.events.map((e) => e.type), ['published', 'routed', 'enqueued']);
  });

  it('steps both models along one timeline: event times never go back, and each model ends as if run alone', () => {
    const sc = presetById('consumerCrash')!.scenario;
    const { s, frames } = session(sc, digestRuns(sc));
    for (let i = 0; i < 200_000 && s.state !== 'finished'; i++) s.step();
    assert.equal(s.state, 'finished');
    const events: SimEvent[] = frames.flatMap((f) => [...f.events]);
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.time >= events[i - 1]!.time, `event ${i} goes back in time`);
    assert.ok(events.some((e) => e.model === 'rabbitmq') && events.some((e) => e.model === 'kafka'));
    assert.deepEqual(s.runs.map((r) => r.ctx.digest), plainDigests(sc));
  });

  it('watching changes nothing: breakpoints, pauses and resumes give the same event streams as a plain run', () => {
    const { s, clock } = session(busy, digestRuns(busy));
    s.setBreakpoints([
      { id: 'd', enabled: true, kind: 'deadLettered' },
      { id: 'r', enabled: true, kind: 'rebalance' },
      { id: 'k', enabled: true, kind: 'delivered', key: 'key-0' },
      { id: 'q', enabled: true, kind: 'depth', above: 5 },
      { id: 'l', enabled: true, kind: 'lag', above: 5 },
    ]);
    s.setSpeed('max');
    let pauses = 0;
    for (; pauses < 5000 && s.state !== 'finished'; pauses++) {
      runUntilStopped(s, clock);
      s.frame(false);
    }
    assert.equal(s.state, 'finished');
    assert.ok(pauses > 10, `only ${pauses} breakpoint stops`);
    assert.deepEqual(s.runs.map((r) => r.ctx.digest), plainDigests(busy));
  });

  it('Reset starts again from 0, with a new seed when given', () => {
    const { s } = session(busy);
    for (let i = 0; i < 50; i++) s.step();
    assert.ok(s.timeMs > 0);
    s.reset(7);
    assert.equal(s.state, 'ready');
    assert.equal(s.timeMs, 0);
    assert.equal(s.scenario.seed, 7);
    assert.ok(s.runs.every((r) => r.scheduler.executed === 0 && r.scenario.seed === 7));
  });
});

describe('studio session: pace and frames', () => {
  for (const speed of [0.1, 1, 10] as const) {
    it(`at ${speed}× simulated time follows the wall clock times ${speed}`, () => {
      const { s, clock } = session(steady);
      s.setSpeed(speed);
      s.run();
      clock.advance(2000);
      const expected = 2000 * speed;
      assert.ok(Math.abs(s.timeMs - expected) <= 25 * speed + 1, `simulated ${s.timeMs} ms after 2 s at ${speed}×, expected about ${expected}`);
      assert.equal(s.state, 'running');
    });
  }

  it('as fast as possible runs to the end without waiting for the wall clock', () => {
    const { s, clock } = session(steady);
    s.setSpeed('max');
    runUntilStopped(s, clock, 1000);
    assert.equal(s.state, 'finished');
    assert.equal(s.timeMs, 20_000);
  });

  it('sends at most one frame per interval while running, with traffic per edge instead of one message per event', () => {
    const { s, clock, frames } = session(steady, undefined, { frameIntervalMs: 100 });
    s.setSpeed(100);
    s.run();
    const before = frames.length;
    clock.advance(150);
    clock.advance(50);
    const running = frames.slice(before).filter((f) => f.state === 'running');
    assert.ok(running.length <= 2, `${running.length} frames in 200 ms`);
    const events = running.reduce((n, f) => n + f.eventsSinceLast, 0);
    assert.ok(events > running.length * 10, 'each frame stands for many events');
    const flows = running.flatMap((f) => f.models.flatMap((m) => Object.values(m.flows)));
    assert.ok(flows.some((n) => n > 1), 'traffic is counted per edge');
    assert.ok(running.every((f) => f.events.length <= 30));
  });

  it('Pause stops the timers; a paused session sends nothing more', () => {
    const { s, clock, frames } = session(steady);
    s.run();
    clock.advance(300);
    s.pause();
    assert.deepEqual(s.reason, { kind: 'user' });
    const t = s.timeMs;
    const n = frames.length;
    clock.advance(5000);
    assert.equal(s.timeMs, t);
    assert.equal(frames.length, n);
    assert.equal(clock.pending, 0);
  });
});

describe('studio session: injections', () => {
  it('applies an injection to both models at the current time', () => {
    const { s, frames } = session(presetById('burstOverload')!.scenario);
    for (let i = 0; i < 30; i++) s.step();
    const published = s.runs.map((r) => r.ctx.metrics.published);
    s.inject({ type: 'burst', producer: s.scenario.producers[0]!.id, count: 50, ratePerSec: 5000 });
    s.inject({ type: 'brokerRestart' });
    for (const r of s.runs) {
      assert.equal(r.commands.length, 2);
      assert.ok(r.events().some((e) => e.type === 'burst-started'));
      assert.ok(r.events().some((e) => e.type === 'broker-restarted'));
    }
    for (let i = 0; i < 2000; i++) s.step();
    s.runs.forEach((r, i) => assert.ok(r.ctx.metrics.published >= published[i]! + 50));
    assert.ok(frames.length > 0);
  });

  it('refuses an injection the scenario cannot take, changing neither model', () => {
    const { s } = session(presetById('consumerCrash')!.scenario);
    s.step();
    assert.throws(() => s.inject({ type: 'consumerCrash', consumer: 'nobody' }), /nobody/);
    assert.ok(s.runs.every((r) => r.commands.length === 0));
  });
});
