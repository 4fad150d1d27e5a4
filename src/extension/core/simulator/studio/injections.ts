/**
 * What a person can do to a running studio, in their words, turned into the runtime's injections
 * (the scenario format's timed events, applied now): kill or restart a consumer, add one more
 * instance of a consumer or a new consumer group, restart the broker, publish a burst.
 */
import type { Injection, ScenarioRun } from '../runtime/scenarioRun.js';
import type { ScenarioConsumer } from '../scenario/types.js';
import { ScenarioError } from '../scenario/validate.js';

/** An action of the studio's inject menu. */
export type StudioAction =
  | { readonly type: 'consumerCrash'; readonly consumer: string; readonly instance?: number }
  | { readonly type: 'consumerRestart'; readonly consumer: string; readonly instance?: number }
  /**
   * One more consumer like `like`: in the same group (Kafka) / on the same queue (RabbitMQ), or as a
   * new consumer group reading the same topic from the start. RabbitMQ has no consumer groups: there
   * the new consumer competes on the same queue, which is the contrast to watch.
   */
  | { readonly type: 'addConsumer'; readonly like: string; readonly newGroup: boolean }
  | { readonly type: 'brokerRestart' }
  | { readonly type: 'burst'; readonly producer: string; readonly count: number; readonly ratePerSec: number };

/** Every consumer definition of the run: the scenario's and those injected since. */
export function consumerDefinitions(run: ScenarioRun): ScenarioConsumer[] {
  const out = [...run.scenario.consumers];
  for (const e of run.scenario.events ?? []) if (e.type === 'groupJoins') out.push(e.consumer);
  for (const c of run.commands) if (c.command.type === 'inject' && c.command.event.type === 'groupJoins') out.push(c.command.event.consumer);
  return out;
}

/** The first `base-N` (N = 2, 3, ...) not in `taken`, within the scenario format's 64 characters. */
function freshId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** The runtime injection for `action` on `run` (both runs of a studio get the same one). */
export function toInjection(action: StudioAction, run: ScenarioRun): Injection {
  if (action.type !== 'addConsumer') return action;
  const defs = consumerDefinitions(run);
  const like = defs.find((c) => c.id === action.like);
  if (!like) throw new ScenarioError([`consumer: no consumer "${action.like}" in this scenario`]);
  const id = freshId(like.id, new Set(defs.map((c) => c.id)));
  const groups = new Set(defs.map((c) => c.source.kafka.group));
  const group = action.newGroup ? freshId(like.source.kafka.group, groups) : like.source.kafka.group;
  const consumer: ScenarioConsumer = {
    ...like,
    id,
    count: 1,
    startAtMs: 0,
    // A new group reads what the topic already holds, as a new service replaying history does.
    ...(action.newGroup ? { autoOffsetReset: 'earliest' as const } : {}),
    source: { rabbitmq: like.source.rabbitmq, kafka: { topic: like.source.kafka.topic, group } },
  };
  return { type: 'groupJoins', consumer };
}
