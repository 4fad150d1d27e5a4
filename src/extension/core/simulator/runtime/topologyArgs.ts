/**
 * Scenario queue settings in words, turned into the x-* arguments a RabbitMQ client sends.
 */
import type { ScenarioQueue } from '../scenario/types.js';

/** The queue.declare arguments of a scenario queue. */
export function queueArguments(q: ScenarioQueue): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const type = q.type ?? 'classic';
  if (type !== 'classic') out['x-queue-type'] = type;
  const a = q.arguments;
  if (!a) return out;
  if (a.messageTtlMs !== undefined) out['x-message-ttl'] = a.messageTtlMs;
  if (a.maxLength !== undefined) out['x-max-length'] = a.maxLength;
  if (a.maxLengthBytes !== undefined) out['x-max-length-bytes'] = a.maxLengthBytes;
  if (a.overflow !== undefined) out['x-overflow'] = a.overflow;
  if (a.deadLetterExchange !== undefined) out['x-dead-letter-exchange'] = a.deadLetterExchange;
  if (a.deadLetterRoutingKey !== undefined) out['x-dead-letter-routing-key'] = a.deadLetterRoutingKey;
  if (a.maxPriority !== undefined) out['x-max-priority'] = a.maxPriority;
  if (a.deliveryLimit !== undefined) out['x-delivery-limit'] = a.deliveryLimit;
  return out;
}
