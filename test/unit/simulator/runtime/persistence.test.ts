import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { restoreRun, saveRun, SimulationSession } from '../../../../src/extension/core/simulator/runtime/persistence.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { serializeEvents } from '../../../../src/extension/core/simulator/runtime/simEvents.js';
import { busy } from './fixtures.js';

const encoder = new TextEncoder();

/**
 * Drives a run the way a panel would: run to some points, inject things, publish by hand. Plan
 * items at or before `fromMs` were applied by an earlier drive of the same run.
 */
function drive(run: ScenarioRun, untilMs: number, fromMs = -1): void {
  const plan: [number, (r: ScenarioRun) => void][] = [
    [450, (r) => r.publish('p', encoder.encode('by hand \u00e9'), 'key-3')],
    [800, (r) => r.inject({ type: 'consumerCrash', consumer: 'auditor' })],
    [1100, (r) => r.inject({ type: 'burst', producer: 'p2', count: 30, ratePerSec: 300 })],
    [1600, (r) => r.inject({ type: 'consumerRestart', consumer: 'auditor' })],
  ];
  for (const [at, act] of plan) {
    if (at <= fromMs) continue;
    if (at > untilMs) break;
    if (run.timeMs < at) run.runUntil(at);
    if (!run.finished) act(run);
  }
  if (!run.finished) run.runUntil(untilMs);
}

function fullRun(model: 'rabbitmq' | 'kafka'): ScenarioRun {
  const run = new ScenarioRun(busy, { model, eventCapacity: 1_000_000, digest: true });
  drive(run, 2000);
  run.run();
  return run;
}

for (const model of ['rabbitmq', 'kafka'] as const) {
  const reference = fullRun(model);
  const referenceLog = serializeEvents(reference.events());

  test(`${model}: run to T, save, restore, continue = an uninterrupted run`, () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.boolean(), (t, midStep) => {
      const run = new ScenarioRun(busy, { model, eventCapacity: 1_000_000, digest: true });
      drive(run, t);
      // Saving between two entries of the same millisecond must work too.
      for (let i = 0; midStep && i < 3 && run.scheduler.peekTime() === run.timeMs; i++) run.step();
      const text = saveRun(run);
      const restored = restoreRun(text);
      assert.ok(restored.ok, restored.ok ? '' : restored.error);
      const copy = restored.run;
      assert.equal(saveRun(copy), text, 'a restored run saves to the same document');
      drive(copy, 2000, t);
      copy.run();
      assert.equal(copy.ctx.digest, reference.ctx.digest);
      assert.equal(serializeEvents(copy.events()), referenceLog);
      assert.deepEqual(copy.summary(), reference.summary());
      assert.deepEqual(copy.series(), reference.series());
    }), { numRuns: 8 });
  });
}

test('the document is versioned JSON with commands and base64 bodies', () => {
  const run = new ScenarioRun(busy, { model: 'kafka' });
  run.runUntil(500);
  run.publish('p', encoder.encode('hi'), 'key-1');
  const doc = JSON.parse(saveRun(run)) as { format: string; version: number; model: string; commands: { command: unknown }[]; position: { timeMs: number } };
  assert.equal(doc.format, 'brokerlens-simulation');
  assert.equal(doc.version, 1);
  assert.equal(doc.model, 'kafka');
  assert.deepEqual(doc.commands[0]!.command, { type: 'publish', producer: 'p', key: 'key-1', body: 'aGk=' });
  assert.equal(doc.position.timeMs, 500);
});

test('a corrupt, foreign, edited or newer document is refused with a clear sentence and the current run is kept', () => {
  const run = new ScenarioRun(busy, { model: 'rabbitmq' });
  run.runUntil(1000);
  const good = saveRun(run);
  const session = new SimulationSession(run);
  const before = JSON.stringify(run.summary());
  const edited = JSON.parse(good) as { fingerprint: Record<string, number> };
  edited.fingerprint['published']! += 1;
  const badEvent = JSON.parse(good) as Record<string, unknown>;
  badEvent['commands'] = [{ step: 1, timeMs: 0, command: { type: 'inject', event: { type: 'consumerCrash' } } }];
  const cases: [string, RegExp][] = [
    ['{"format":', /not valid JSON/],
    ['[]', /not a saved BrokerLens simulation/],
    [good.replace('"version":1', '"version":7'), /newer BrokerLens \(format version 7\).*Update BrokerLens/],
    [good.replace('"version":1', '"version":"1"'), /damaged: version/],
    [good.replace('"steps":', '"stepz":'), /damaged/],
    [good.replace(`"seed":${busy.seed}`, '"seed":-4'), /scenario is not valid: seed: must be at least 0/],
    [JSON.stringify(edited), /does not replay to the state it was saved in/],
    [JSON.stringify(badEvent), /damaged: commands\[0\]\.command: consumer: required/],
  ];
  for (const [text, reason] of cases) {
    const result = session.load(text);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.error, reason);
      assert.doesNotMatch(result.error, /\n\s+at /, 'no stack trace');
    }
    assert.equal(session.current, run);
    assert.equal(JSON.stringify(session.current.summary()), before);
  }
  const ok = session.load(good);
  assert.equal(ok.ok, true);
  assert.notEqual(session.current, run);
  assert.equal(session.current.timeMs, 1000);
});
