/**
 * Saving the studio across window reloads: what is being simulated (a preset or a scenario file),
 * the pace and breakpoints, and each model's run through the engine's own persistence
 * (runtime/persistence.ts: scenario + injected commands + position, replayed and checked against a
 * fingerprint). A document that is too large, too long to replay, damaged, or from another version
 * is refused with one sentence, and the caller starts fresh.
 *
 * Bounds: the document's size is checked before it is parsed, and each run's saved position (steps)
 * before it is replayed, so a restore never takes long whatever the workspace storage holds.
 */
import * as l10n from '@vscode/l10n';
import * as v from 'valibot';
import { restoreRun, saveRun } from '../runtime/persistence.js';
import type { ScenarioRun } from '../runtime/scenarioRun.js';
import type { Scenario } from '../scenario/types.js';
import type { BreakpointSpec } from './breakpoints.js';
import { MAX_SPEED, MIN_SPEED, type StudioSession, type StudioSpeed } from './session.js';

/** The "format" of a saved studio. */
export const STUDIO_FORMAT = 'brokerlens-studio';
/** The only version this code writes and reads. */
export const STUDIO_VERSION = 1;

/** Limits of a restore. */
export interface StudioRestoreLimits {
  /** Largest document accepted, in characters (default 4,000,000). */
  readonly maxChars: number;
  /** Most scheduler entries replayed over both runs (default 3,000,000: a few seconds). */
  readonly maxSteps: number;
}

export const DEFAULT_RESTORE_LIMITS: StudioRestoreLimits = { maxChars: 4_000_000, maxSteps: 3_000_000 };

/** What is being simulated, as the panel names it. */
export interface StudioSource {
  readonly kind: 'preset' | 'file';
  readonly id: string;
  readonly title: string;
}

/** A restored studio, ready to hand to a session. */
export interface RestoredStudio {
  readonly source: StudioSource;
  readonly scenario: Scenario;
  readonly runs: readonly ScenarioRun[];
  readonly speed: StudioSpeed;
  readonly breakpoints: readonly BreakpointSpec[];
}

/** Outcome of {@link restoreStudio}. */
export type StudioRestoreResult = { readonly ok: true; readonly studio: RestoredStudio } | { readonly ok: false; readonly error: string };

const name = v.pipe(v.string(), v.maxLength(200));
const breakpointSchema = v.variant('kind', [
  v.object({ id: name, enabled: v.boolean(), kind: v.literal('deadLettered'), target: v.optional(name) }),
  v.object({ id: name, enabled: v.boolean(), kind: v.literal('rebalance'), target: v.optional(name) }),
  v.object({ id: name, enabled: v.boolean(), kind: v.literal('delivered'), key: v.optional(name), header: v.optional(v.object({ name, value: name })) }),
  v.object({ id: name, enabled: v.boolean(), kind: v.picklist(['depth', 'lag']), above: v.pipe(v.number(), v.integer(), v.minValue(0)), target: v.optional(name) }),
]);

/** The breakpoint list schema, shared with the panel protocol's checks. */
export const breakpointListSchema = v.pipe(v.array(breakpointSchema), v.maxLength(50));

const speedSchema = v.union([v.literal('max'), v.pipe(v.number(), v.minValue(MIN_SPEED), v.maxValue(MAX_SPEED))]);

const documentSchema = v.object({
  format: v.literal(STUDIO_FORMAT),
  version: v.literal(STUDIO_VERSION),
  source: v.object({ kind: v.picklist(['preset', 'file']), id: name, title: v.pipe(v.string(), v.maxLength(500)) }),
  speed: speedSchema,
  breakpoints: breakpointListSchema,
  runs: v.pipe(v.array(v.string()), v.length(2)),
});

/** Serializes a session (both runs through the engine's persistence). */
export function saveStudio(session: StudioSession, source: StudioSource): string {
  return JSON.stringify({
    format: STUDIO_FORMAT,
    version: STUDIO_VERSION,
    source,
    speed: session.speed,
    breakpoints: session.breakpoints,
    runs: session.runs.map((r) => saveRun(r)),
  });
}

/** Saved position of a run document, read without replaying it. */
function savedSteps(runText: string): number {
  try {
    const doc = JSON.parse(runText) as { position?: { steps?: unknown } };
    const steps = doc.position?.steps;
    return typeof steps === 'number' && Number.isFinite(steps) ? steps : 0;
  } catch {
    return 0; // restoreRun says what is wrong with it
  }
}

/** Restores a studio saved by {@link saveStudio}, within `limits`. */
export function restoreStudio(text: string, limits: StudioRestoreLimits = DEFAULT_RESTORE_LIMITS): StudioRestoreResult {
  if (text.length > limits.maxChars) {
    return { ok: false, error: l10n.t('The saved simulation is too large to restore ({0} characters; the limit is {1}).', text.length.toLocaleString('en-US'), limits.maxChars.toLocaleString('en-US')) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: l10n.t('The saved simulation could not be read: it is not valid JSON ({0}).', (err as Error).message) };
  }
  const parsed = v.safeParse(documentSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, error: l10n.t('The saved simulation is damaged ({0}).', `${path ? `${path}: ` : ''}${issue?.message ?? '?'}`) };
  }
  const doc = parsed.output;
  const steps = doc.runs.reduce((sum, r) => sum + savedSteps(r), 0);
  if (steps > limits.maxSteps) {
    return { ok: false, error: l10n.t('The saved simulation had run {0} steps, more than the {1} that can be replayed quickly.', steps.toLocaleString('en-US'), limits.maxSteps.toLocaleString('en-US')) };
  }
  const runs: ScenarioRun[] = [];
  for (const text of doc.runs) {
    const result = restoreRun(text);
    if (!result.ok) return { ok: false, error: result.error };
    runs.push(result.run);
  }
  if (runs[0]!.model !== 'rabbitmq' || runs[1]!.model !== 'kafka') return { ok: false, error: l10n.t('The saved simulation is damaged ({0}).', 'runs') };
  if (JSON.stringify(runs[0]!.scenario) !== JSON.stringify(runs[1]!.scenario)) return { ok: false, error: l10n.t('The saved simulation is damaged ({0}).', 'scenario') };
  return { ok: true, studio: { source: doc.source, scenario: runs[0]!.scenario, runs, speed: doc.speed, breakpoints: doc.breakpoints as BreakpointSpec[] } };
}
