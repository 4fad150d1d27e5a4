/**
 * The studio across window reloads: saved through the engine's persistence and restored to the
 * same state; a damaged, oversized or too-long-to-replay save is refused with a sentence and the
 * studio starts fresh.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS, presetById } from '../../../../src/extension/core/simulator/presets/index.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { restoreStudio, saveStudio } from '../../../../src/extension/core/simulator/studio/persist.js';
import { StudioHost, presetStudioScenario } from '../../../../src/extension/panels/simulator/studioHost.js';
import { busy } from '../runtime/fixtures.js';
import { FakeClock, runUntilStopped, session } from './support.js';

const source = { kind: 'preset' as const, id: 'busy', title: 'busy' };

describe('saving and restoring the studio', () => {
  it('restores both runs, the pace and the breakpoints, and the restored studio goes on exactly as the original', () => {
    const sc = busy;
    const digest = (): ScenarioRun[] => [new ScenarioRun(sc, { model: 'rabbitmq', digest: true }), new ScenarioRun(sc, { model: 'kafka', digest: true })];
    const a = session(sc, digest());
    a.s.setBreakpoints([{ id: 'rb', enabled: true, kind: 'rebalance' }]);
    a.s.setSpeed('max');
    runUntilStopped(a.s, a.clock);
    a.s.inject({ type: 'burst', producer: 'p', count: 40, ratePerSec: 400 });
    for (let i = 0; i < 300; i++) a.s.step();
    const text = saveStudio(a.s, source);
    const restored = restoreStudio(text);
    assert.ok(restored.ok, restored.ok ? '' : restored.error);
    const r = restored.studio;
    assert.deepEqual(r.source, source);
    assert.equal(r.speed, 'max');
    assert.deepEqual(r.breakpoints, [{ id: 'rb', enabled: true, kind: 'rebalance' }]);
    assert.deepEqual(r.runs.map((x) => x.fingerprint()), a.s.runs.map((x) => x.fingerprint()));
    // Both finish the same way: the original and the restored one, to the end.
    const b = session(sc, r.runs);
    a.s.setBreakpoints([]);
    runUntilStopped(a.s, a.clock);
    b.s.setSpeed('max');
    runUntilStopped(b.s, b.clock);
    assert.deepEqual(b.s.runs.map((x) => x.summary()), a.s.runs.map((x) => x.summary()));
  });

  it('refuses what it cannot trust, with one sentence each', () => {
    const { s } = session(presetById('consumerCrash')!.scenario);
    for (let i = 0; i < 20; i++) s.step();
    const good = saveStudio(s, source);
    const cases: [string, string, RegExp][] = [
      ['not JSON', good.slice(0, -10), /not valid JSON/],
      ['another format', JSON.stringify({ format: 'x' }), /damaged \(format/],
      ['a bad speed', good.replace('"speed":1', '"speed":1000'), /damaged \(speed/],
      ['a tampered run', good.replace(/\\"steps\\":(\d+)/, (_m, n) => `\\"steps\\":${Number(n) + 1}`), /does not replay|ends after/],
    ];
    for (const [what, text, pattern] of cases) {
      const r = restoreStudio(text);
      assert.equal(r.ok, false, what);
      if (!r.ok) {
        assert.match(r.error, pattern, what);
        assert.match(r.error, /^[A-Z].*\.$/s, `${what}: one sentence`);
      }
    }
  });

  it('refuses an oversized save before reading it, and a save too long to replay before replaying it', () => {
    const { s } = session(presetById('consumerCrash')!.scenario);
    for (let i = 0; i < 500; i++) s.step();
    const text = saveStudio(s, source);
    const big = restoreStudio(text, { maxChars: 100, maxSteps: 1_000_000 });
    assert.equal(big.ok, false);
    if (!big.ok) assert.match(big.error, /too large to restore/);
    const long = restoreStudio(text, { maxChars: 1_000_000, maxSteps: 100 });
    assert.equal(long.ok, false);
    if (!long.ok) assert.match(long.error, /had run [\d,]+ steps, more than the 100/);
    // A forged position far beyond any replay is refused the same way, without replaying anything.
    const forged = text.replace(/\\"steps\\":\d+/g, '\\"steps\\":999999999999');
    const r = restoreStudio(forged);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /more than the/);
  });
});

describe('the studio host (what the panel holds)', () => {
  function host(saved: string | undefined): { h: StudioHost; stored: (string | undefined)[]; warnings: string[]; frames: number } {
    const stored: (string | undefined)[] = [];
    const warnings: string[] = [];
    let frames = 0;
    let value = saved;
    const h = new StudioHost({
      storage: { get: () => value, set: (v) => void stored.push((value = v)) },
      postFrame: () => void frames++,
      postSource: () => undefined,
      canPost: () => true,
      scenarioById: presetStudioScenario,
      log: { info: () => undefined, warn: (m) => void warnings.push(m) },
      env: new FakeClock(),
    });
    return { h, stored, warnings, get frames() { return frames; } };
  }

  it('starts fresh on the first preset, and saves after each control', () => {
    const { h, stored } = host(undefined);
    assert.equal(h.restoreProblem, undefined);
    assert.equal(h.session.scenario, PRESETS[0]!.scenario);
    h.control('step');
    assert.ok(stored.length >= 1);
    const again = host(stored.at(-1));
    assert.equal(again.h.restoreProblem, undefined);
    assert.equal(again.h.session.state, 'paused');
    assert.deepEqual(again.h.session.runs.map((r) => r.fingerprint()), h.session.runs.map((r) => r.fingerprint()));
  });

  it('refuses a corrupted save with a sentence, clears it, and starts fresh', () => {
    const { h, stored, warnings } = host('{"format":"brokerlens-studio","version":1,"source":{}}');
    assert.match(h.restoreProblem ?? '', /^The saved simulation is damaged/);
    assert.equal(stored[0], undefined);
    assert.equal(h.session.state, 'ready');
    assert.equal(h.session.timeMs, 0);
    assert.equal(warnings.length, 1);
  });

  it('turns a refused injection into one sentence for the panel', () => {
    const { h } = host(undefined);
    h.control('step');
    assert.throws(() => h.inject({ type: 'consumerCrash', consumer: 'nobody' }), (e: Error) => e.name === 'BrokerError' && /^The simulator refused it: .*nobody.*\.$/.test(e.message));
    assert.throws(() => h.load('nope'), (e: Error) => e.name === 'BrokerError' && /no scenario "nope"/.test(e.message));
  });

  it('adds a consumer group on both models: a new Kafka group replays the topic, RabbitMQ gets one more competing consumer', () => {
    const { h } = host(undefined);
    h.load('lateConsumerReplay');
    for (let i = 0; i < 400; i++) h.control('step');
    const like = h.session.scenario.consumers[0]!.id;
    h.inject({ type: 'addConsumer', like, newGroup: true });
    const [rabbit, kafka] = h.session.runs;
    const joined = kafka!.commands.at(-1)!.command;
    assert.ok(joined.type === 'inject' && joined.event.type === 'groupJoins');
    if (joined.type === 'inject' && joined.event.type === 'groupJoins') {
      assert.equal(joined.event.consumer.id, `${like}-2`);
      assert.notEqual(joined.event.consumer.source.kafka.group, h.session.scenario.consumers[0]!.source.kafka.group);
      assert.equal(joined.event.consumer.autoOffsetReset, 'earliest');
      assert.equal(joined.event.consumer.source.rabbitmq.queue, h.session.scenario.consumers[0]!.source.rabbitmq.queue);
    }
    assert.equal(rabbit!.commands.length, 1);
  });
});
