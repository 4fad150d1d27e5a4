import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { serializeEvents } from '../../../../src/extension/core/simulator/runtime/simEvents.js';
import { busy } from './fixtures.js';


for (const model of ['rabbitmq', 'kafka'] as const) {
  test(`${model}: the same scenario and seed give the same event log, byte for byte`, () => {
    const a = new ScenarioRun(busy, { model, eventCapacity: 1_000_000, digest: true });
    const b = new ScenarioRun(busy, { model, eventCapacity: 1_000_000, digest: true });
    a.run();
    b.run();
    const logA = serializeEvents(a.events());
    assert.ok(a.ctx.events.pushed > 1000, 'the scenario produces a real log');
    assert.equal(a.ctx.events.dropped, 0);
    assert.equal(logA, serializeEvents(b.events()));
    assert.equal(a.ctx.digest, b.ctx.digest);
    assert.deepEqual(a.summary(), b.summary());
    assert.deepEqual(a.series(), b.series());
  });

  test(`${model}: another seed gives another run`, () => {
    const a = new ScenarioRun(busy, { model, digest: true });
    const b = new ScenarioRun({ ...busy, seed: busy.seed + 1 }, { model, digest: true });
    a.run();
    b.run();
    assert.notEqual(a.ctx.digest, b.ctx.digest);
  });

  test(`${model}: the event buffer stays bounded and counts what it let go`, () => {
    const run = new ScenarioRun(busy, { model, eventCapacity: 100 });
    const s = run.run();
    assert.equal(run.events().length, 100);
    assert.equal(s.events.emitted - s.events.dropped, 100);
    assert.equal(run.events()[99]!.seq, s.events.emitted - 1);
  });
}
