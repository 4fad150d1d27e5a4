/**
 * Saving and restoring a run. Neither engine exposes snapshot/restore, and a run is deterministic,
 * so a saved run is what made it: the scenario (with its seed), the model and options, the commands
 * applied from outside with the step and time of each, and the position (steps run, clock time).
 * Restoring replays exactly that and then checks a fingerprint (random-source states, counters,
 * event count) against the saved one, so a document that was edited or saved by a different engine
 * is refused instead of silently diverging. Message bodies of commands are base64.
 *
 * A document that is not JSON, not ours, damaged, or of a newer version is refused with one clear
 * sentence; restoring never touches the run the caller already has (SimulationSession keeps it).
 */
import * as v from 'valibot';
import { eventSchema } from '../scenario/schema.js';
import type { Scenario } from '../scenario/types.js';
import { describeIssues, parseScenario } from '../scenario/validate.js';
import { fromBase64, toBase64 } from './base64.js';
import { type Injection, type RecordedCommand, type RunCommand, ScenarioRun } from './scenarioRun.js';

/** The "format" of a saved simulation document. */
export const SIMULATION_FORMAT = 'brokerlens-simulation';
/** The only version this code writes and reads; a newer one is refused with a clear message. */
export const SIMULATION_VERSION = 1;

/**
 * Bounds of a restore. A document is text anyone can edit; replaying it runs synchronously on the
 * extension host, so a step count of 1e9 or a 1 GB file must be refused up front, and a replay that
 * still takes too long is stopped. The limits are far above what a run made in the panel reaches.
 */
export const REPLAY_LIMITS = Object.freeze({
  /** Characters of the document. */
  maxChars: 64 * 1024 * 1024,
  /** Scheduler steps replayed. */
  maxSteps: 5_000_000,
  /** Commands recorded. */
  maxCommands: 100_000,
  /** Events kept in the run's ring buffer (memory). */
  maxEventCapacity: 2_000_000,
  /** Wall-clock time of the replay. */
  maxMs: 10_000,
});

/** Limits a caller may tighten (tests). */
export type ReplayLimits = { -readonly [K in keyof typeof REPLAY_LIMITS]?: number };

/** The outcome of a restore. */
export type RestoreResult = { readonly ok: true; readonly run: ScenarioRun } | { readonly ok: false; readonly error: string };

const int = v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(0, 'must not be negative'));
const commandSchema = v.variant('type', [
  v.strictObject({ type: v.literal('inject'), event: v.looseObject({ type: v.string('must be a string') }) }),
  v.strictObject({ type: v.literal('publish'), producer: v.string(), key: v.string(), body: v.string() }),
], 'type must be inject or publish');
const documentSchema = v.strictObject({
  format: v.literal(SIMULATION_FORMAT),
  version: v.literal(SIMULATION_VERSION),
  model: v.picklist(['rabbitmq', 'kafka'], 'must be rabbitmq or kafka'),
  options: v.strictObject({ eventCapacity: v.pipe(int, v.minValue(1), v.maxValue(REPLAY_LIMITS.maxEventCapacity, `must be at most ${REPLAY_LIMITS.maxEventCapacity}`)), digest: v.boolean() }),
  scenario: v.unknown(),
  position: v.strictObject({ steps: int, timeMs: int, finished: v.boolean() }),
  commands: v.array(v.strictObject({ step: int, timeMs: int, command: commandSchema })),
  fingerprint: v.record(v.string(), v.number()),
});

/** Serializes a run to a versioned JSON document. */
export function saveRun(run: ScenarioRun): string {
  const doc = {
    format: SIMULATION_FORMAT,
    version: SIMULATION_VERSION,
    model: run.model,
    options: { eventCapacity: run.ctx.events.capacity, digest: run.options.digest ?? false },
    scenario: run.scenario,
    position: { steps: run.scheduler.executed, timeMs: run.clock.now(), finished: run.finished },
    commands: run.commands.map((c) => ({ step: c.step, timeMs: c.timeMs, command: encodeCommand(c.command) })),
    fingerprint: { ...run.fingerprint(), ...optionPrint(run.model, run.ctx.events.capacity, run.options.digest ?? false) },
  };
  return JSON.stringify(doc);
}

/**
 * The model and options in the fingerprint, so the integrity check covers every field of the
 * document: a run's state does not depend on its event capacity, so replaying alone would not notice
 * an edited one.
 */
function optionPrint(model: 'rabbitmq' | 'kafka', eventCapacity: number, digest: boolean): Record<string, number> {
  return { model: model === 'kafka' ? 1 : 0, eventCapacity, digest: digest ? 1 : 0 };
}

function encodeCommand(c: RunCommand): unknown {
  return c.type === 'publish' ? { type: 'publish', producer: c.producer, key: c.key, body: toBase64(c.body) } : { type: 'inject', event: c.event };
}

function refuse(error: string): RestoreResult {
  return { ok: false, error };
}

/** Restores a run saved by {@link saveRun}. */
export function restoreRun(text: string, limitsIn: ReplayLimits = {}): RestoreResult {
  const limits = { ...REPLAY_LIMITS, ...limitsIn };
  if (text.length > limits.maxChars) {
    return refuse(`The saved simulation is too large to open (${text.length} characters; at most ${limits.maxChars}).`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return refuse(`The saved simulation could not be read: it is not valid JSON (${(err as Error).message}).`);
  }
  const head = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (head['format'] !== SIMULATION_FORMAT) return refuse('The file is not a saved BrokerLens simulation (its "format" is not brokerlens-simulation).');
  const version = head['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > SIMULATION_VERSION) {
    return refuse(`The simulation was saved by a newer BrokerLens (format version ${version}); this version reads version ${SIMULATION_VERSION}. Update BrokerLens to open it.`);
  }
  const parsed = v.safeParse(documentSchema, raw);
  if (!parsed.success) return refuse(`The saved simulation is damaged: ${describeIssues(parsed.issues).join('; ')}.`);
  const doc = parsed.output;
  if (doc.position.steps > limits.maxSteps) {
    return refuse(`The saved simulation is too long to replay (${doc.position.steps} steps; at most ${limits.maxSteps}).`);
  }
  if (doc.commands.length > limits.maxCommands) {
    return refuse(`The saved simulation has too many commands to replay (${doc.commands.length}; at most ${limits.maxCommands}).`);
  }
  const scenario = parseScenario(doc.scenario);
  if (!scenario.ok) return refuse(`The saved simulation's scenario is not valid: ${scenario.problems.join('; ')}.`);
  const commands: RecordedCommand[] = [];
  for (const [i, c] of doc.commands.entries()) {
    const command = decodeCommand(c.command);
    if (typeof command === 'string') return refuse(`The saved simulation is damaged: commands[${i}].command: ${command}.`);
    commands.push({ step: c.step, timeMs: c.timeMs, command });
  }
  try {
    // The document's own scenario object (valid, as just checked) keeps its key order, so a restored
    // run saves to the same bytes.
    const run = replay(doc.scenario as Scenario, doc.model, doc.options, commands, doc.position, Date.now() + limits.maxMs);
    const expected = doc.fingerprint;
    const actual = { ...run.fingerprint(), ...optionPrint(doc.model, doc.options.eventCapacity, doc.options.digest) };
    for (const key of Object.keys(actual)) {
      if (expected[key] !== actual[key]) {
        return refuse(`The saved simulation does not replay to the state it was saved in (${key} is ${actual[key]}, saved ${expected[key]}); it was edited or saved by a different engine.`);
      }
    }
    return { ok: true, run };
  } catch (err) {
    return refuse(`The saved simulation could not be replayed: ${(err as Error).message}`);
  }
}

function decodeCommand(c: v.InferOutput<typeof commandSchema>): RunCommand | string {
  if (c.type === 'publish') {
    const body = fromBase64(c.body);
    return body === undefined ? 'body is not base64' : { type: 'publish', producer: c.producer, key: c.key, body };
  }
  const check = v.safeParse(eventSchema, { ...c.event, atMs: 0 });
  if (!check.success) return describeIssues(check.issues).join('; ');
  const { atMs: _atMs, ...event } = check.output;
  return { type: 'inject', event: event as Injection };
}

/** Rebuilds a run by replaying its commands up to the saved position. */
function replay(scenario: Scenario, model: 'rabbitmq' | 'kafka', options: { eventCapacity: number; digest: boolean },
  commands: readonly RecordedCommand[], position: { steps: number; timeMs: number; finished: boolean }, deadline: number): ScenarioRun {
  const run = new ScenarioRun(scenario, { model, eventCapacity: options.eventCapacity, digest: options.digest });
  let next = 0;
  const applyDue = (): void => {
    while (next < commands.length && commands[next]!.step === run.scheduler.executed) {
      const c = commands[next++]!;
      if (c.timeMs > run.clock.now()) run.clock.advanceTo(c.timeMs);
      run.commands.push(c);
      run.apply(c.command);
    }
  };
  while (run.scheduler.executed < position.steps) {
    applyDue();
    // Checked every 4,096 steps: cheap, and a step is microseconds, so the bound is kept closely.
    if ((run.scheduler.executed & 4095) === 0 && Date.now() > deadline) {
      throw new Error(`it takes longer than the replay time limit (stopped after ${run.scheduler.executed} of ${position.steps} steps)`);
    }
    if (!run.scheduler.step()) throw new Error(`it ends after ${run.scheduler.executed} steps, before the saved ${position.steps}`);
  }
  applyDue();
  if (next < commands.length) throw new Error(`command ${next} is past the saved position`);
  if (position.timeMs > run.clock.now()) run.clock.advanceTo(position.timeMs);
  if (position.finished) run.finish();
  return run;
}

/** Holds the current run; a failed load keeps it. */
export class SimulationSession {
  constructor(public current: ScenarioRun) {}

  save(): string {
    return saveRun(this.current);
  }

  /** Replaces the current run with a saved one; on failure the current run stays and the reason is returned. */
  load(text: string): RestoreResult {
    const result = restoreRun(text);
    if (result.ok) this.current = result.run;
    return result;
  }
}
