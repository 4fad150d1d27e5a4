/**
 * Parses a scenario: JSON text or an already parsed value. A malformed scenario is refused with
 * every problem found, one "path: reason" line each (e.g. `consumers[1].source.kafka.group:
 * required`), structural problems and broken cross-references together, never with a stack trace.
 */
import * as v from 'valibot';
import { crossReferenceProblems } from './crossRefs.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';

/** The outcome of parsing a scenario. */
export type ScenarioParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Formats a path like `consumers[1].source.kafka.group`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out === '' ? '(scenario)' : out;
}

function issueKeys(issue: v.BaseIssue<unknown>): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    keys.push(typeof key === 'number' ? key : String(key));
  }
  return keys;
}

function reason(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  // An extra key of a strict object is reported with "never" expected.
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'unknown field';
  // A missing field shows up as an issue on undefined input.
  if (issue.kind === 'schema' && issue.input === undefined && path.length > 0) return 'required';
  return issue.message;
}

/** Turns valibot issues into "path: reason" lines, in document order, without repeats. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const line = `${formatPath(issueKeys(issue))}: ${reason(issue)}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** Checks the structure only (what the JSON Schema also checks). */
export function structuralProblems(raw: unknown): string[] {
  const result = v.safeParse(scenarioSchema, raw);
  return result.success ? [] : describeIssues(result.issues);
}

/** Parses and validates a scenario. */
export function parseScenario(input: unknown): ScenarioParseResult {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input) as unknown;
    } catch (err) {
      return { ok: false, problems: [`(scenario): not valid JSON (${(err as Error).message})`] };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problems: ['(scenario): must be an object'] };
  const result = v.safeParse(scenarioSchema, raw);
  const problems = result.success ? [] : describeIssues(result.issues);
  // Cross-references are checked on the raw value too, so one pass reports everything.
  for (const p of crossReferenceProblems(raw as Record<string, unknown>)) if (!problems.includes(p)) problems.push(p);
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, scenario: result.output as Scenario };
}

/** Like {@link parseScenario} but throws one Error listing every problem. */
export function requireScenario(input: unknown): Scenario {
  const parsed = parseScenario(input);
  if (parsed.ok) return parsed.scenario;
  throw new ScenarioError(parsed.problems);
}

/** A refused scenario; `problems` holds one "path: reason" line per problem. */
export class ScenarioError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The scenario is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/**
 * True for a {@link ScenarioError}, also one from another copy of this module (a bundle, or a test
 * runner that loads a file both as CommonJS and as ESM), where instanceof would say no.
 */
export function isScenarioError(err: unknown): err is ScenarioError {
  return err instanceof Error && err.name === 'ScenarioError' && Array.isArray((err as { problems?: unknown }).problems);
}
