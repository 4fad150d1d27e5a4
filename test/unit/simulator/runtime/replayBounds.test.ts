/**
 * Restoring a saved run is bounded and every field is under the integrity check (issue 14, defect 5):
 * a step count of 1e9 used to replay synchronously for minutes, and an edited eventCapacity went
 * unnoticed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPLAY_LIMITS, restoreRun, saveRun } from '../../../../src/extension/core/simulator/runtime/persistence.js';
import { ScenarioRun } from '../../../../src/extension/core/simulator/runtime/scenarioRun.js';
import { busy } from './fixtures.js';

const saved = (() => {
  const run = new ScenarioRun(busy, { model: 'kafka', eventCapacity: 5000, digest: true });
  run.runUntil(1500);
  return saveRun(run);
})();
type Doc = { position: { steps: number }; options: { eventCapacity: number; digest: boolean }; model: string; commands: unknown[] };
const edit = (change: (doc: Doc) => void): string => {
  const doc = JSON.parse(saved) as Doc;
  change(doc);
  return JSON.stringify(doc);
};
const refused = (text: string, pattern: RegExp, limits = {}): number => {
  const started = performance.now();
  const result = restoreRun(text, limits);
  const ms = performance.now() - started;
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.error, pattern);
  return ms;
};

describe('restoring a saved run: bounds and integrity', () => {
  it('the saved run itself restores', () => {
    assert.equal(restoreRun(saved).ok, true);
  });

  it('a step count of 1e9 is refused at once, before any replay', () => {
    const ms = refused(edit((d) => (d.position.steps = 1e9)), /too long to replay \(1000000000 steps; at most 5000000\)/);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('an edited eventCapacity, digest flag or model is refused by the integrity check', () => {
    refused(edit((d) => (d.options.eventCapacity = 6000)), /does not replay to the state it was saved in \(eventCapacity/);
    refused(edit((d) => (d.options.digest = false)), /does not replay to the state it was saved in/);
    refused(edit((d) => (d.model = 'rabbitmq')), /does not replay to the state it was saved in|could not be replayed/);
  });

  it('an eventCapacity that would exhaust memory is refused by the schema', () => {
    refused(edit((d) => (d.options.eventCapacity = 1e12)), new RegExp(`eventCapacity: must be at most ${REPLAY_LIMITS.maxEventCapacity}`));
  });

  it('a document over the size limit, too many commands, or a replay over the time limit is refused', () => {
    refused(saved, /too large to open/, { maxChars: 100 });
    refused(edit((d) => (d.commands = Array.from({ length: 11 }, () => ({ step: 0, timeMs: 0, command: { type: 'publish', producer: 'p', key: 'k', body: '' } })))), /too many commands/, { maxCommands: 10 });
    refused(saved, /longer than the replay time limit/, { maxMs: -1 });
  });
});
