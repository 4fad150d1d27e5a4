/**
 * Names of the resources a run on real brokers creates: every queue, exchange, topic and consumer
 * group is `brokerlens.scratch.<run id>.<scenario name>`, so a run never touches anything it did not
 * make, and whatever a killed run left behind is found by its prefix on the next connect.
 */
import { randomBytes } from 'node:crypto';

/** The prefix of every resource a run on real brokers makes. */
export const SCRATCH_PREFIX = 'brokerlens.scratch.';

/** A short, unique run id: letters and digits only, so it never breaks a dotted name apart. */
export function newRunId(): string {
  return randomBytes(5).toString('hex');
}

/** The scratch name of `name` in run `runId`. */
export function scratchName(runId: string, name: string): string {
  return `${SCRATCH_PREFIX}${runId}.${name}`;
}

/** True when `name` is a scratch resource of some run. */
export function isScratchName(name: string): boolean {
  return name.startsWith(SCRATCH_PREFIX) && runIdOf(name) !== undefined;
}

/** The run id in a scratch name, or undefined when the name is not one. */
export function runIdOf(name: string): string | undefined {
  if (!name.startsWith(SCRATCH_PREFIX)) return undefined;
  const rest = name.slice(SCRATCH_PREFIX.length);
  const dot = rest.indexOf('.');
  const id = dot < 0 ? rest : rest.slice(0, dot);
  return /^[0-9a-f]{6,32}$/.test(id) ? id : undefined;
}
