import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../../../src/extension/core/simulator/random.js';
import { KeyChooser, Template } from '../../../../src/extension/core/simulator/runtime/payload.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { producer, scenario } from './fixtures.js';

test('templates fill {{seq}}, {{key}}, {{producer}}, {{time}} and leave other braces alone', () => {
  const t = new Template('{"n":{{seq}},"k":"{{key}}","p":"{{producer}}","at":{{time}},"x":"{{other}}"}');
  assert.equal(t.render(7, 'key-2', 'shop', 1500), '{"n":7,"k":"key-2","p":"shop","at":1500,"x":"{{other}}"}');
  assert.equal(new Template('plain').constant, true);
});

test('key distributions', () => {
  const count = (dist: ConstructorParameters<typeof KeyChooser>[0], n: number): Map<number, number> => {
    const chooser = new KeyChooser(dist, new SeededRandom(9));
    const m = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = chooser.next();
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  assert.deepEqual([...count({ kind: 'none' }, 10)], [[-1, 10]]);
  assert.deepEqual([...count({ kind: 'roundRobin', keys: 3 }, 9)].sort(), [[0, 3], [1, 3], [2, 3]]);
  const uniform = count({ kind: 'uniform', keys: 4 }, 40_000);
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(uniform.get(k)! - 10_000) < 500);
  const hot = count({ kind: 'hot', keys: 5, hotShare: 0.8 }, 50_000);
  assert.ok(Math.abs(hot.get(0)! / 50_000 - 0.8) < 0.01);
  for (let k = 1; k < 5; k++) assert.ok(Math.abs(hot.get(k)! / 50_000 - 0.05) < 0.01);
  assert.equal(new KeyChooser({ kind: 'none' }, new SeededRandom(1)).name(-1), '');
});

test('both models see the same keys and bodies for the same seed (keys have their own random source)', () => {
  const sc = scenario({
    producers: [producer({ count: 200, keys: { kind: 'uniform', keys: 7 }, payload: '{{key}}:{{seq}}', target: { rabbitmq: { exchange: 'ex', routingKey: 'k' }, kafka: { topic: 't' } } })],
    consumers: [{ id: 'c', source: { rabbitmq: { queue: 'q' }, kafka: { topic: 't', group: 'g' } }, processingMs: { min: 1, max: 9 }, failureProbability: 0.1, strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' }, autoOffsetReset: 'earliest' }],
  });
  const keys = (model: 'rabbitmq' | 'kafka'): string[] => {
    const run = new ScenarioRun(sc, { model, eventCapacity: 100_000 });
    run.run();
    return run.events().filter((e) => e.type === 'published').map((e) => (model === 'kafka' ? e.detail : '')).filter(Boolean);
  };
  const run = new ScenarioRun(sc, { model: 'kafka', eventCapacity: 100_000 });
  run.run();
  assert.equal(keys('kafka').length, 200);
  // The key sequence does not depend on what consumers drew from the other source.
  const noFailures = new ScenarioRun({ ...sc, consumers: [{ ...sc.consumers[0]!, failureProbability: 0 }] }, { model: 'kafka', eventCapacity: 100_000 });
  noFailures.run();
  assert.deepEqual(noFailures.events().filter((e) => e.type === 'published').map((e) => e.detail), keys('kafka'));
});
