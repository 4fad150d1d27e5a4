/**
 * Scenario queue settings in words, turned into the x-* arguments a RabbitMQ client sends, through the
 * same table the adapters use (core/rules/queueArguments.ts).
 */
import { queueArgumentsToX } from '../../rules/queueArguments.js';
import type { ScenarioQueue } from '../scenario/types.js';

/** The queue.declare arguments of a scenario queue. */
export function queueArguments(q: ScenarioQueue): Record<string, unknown> {
  return queueArgumentsToX({ kind: 'queue', name: q.name, queueType: q.type ?? 'classic', durable: q.durable ?? true, ...(q.arguments ? { arguments: q.arguments } : {}) });
}
