/**
 * QueueArguments (names a person reads) ↔ RabbitMQ's x-* queue and stream arguments: the one table,
 * used by the real adapter, the simulator adapter and the simulator's scenario topology, so all three
 * declare a queue the same way (the scenario copy once lacked x-expires and x-max-age).
 */
import type { DestinationSpec, QueueArguments } from '../model/destination.js';

type QueueSpec = Extract<DestinationSpec, { kind: 'queue' }>;

const MAPPING: ReadonlyArray<readonly [keyof QueueArguments, string]> = [
  ['messageTtlMs', 'x-message-ttl'],
  ['expiresMs', 'x-expires'],
  ['maxLength', 'x-max-length'],
  ['maxLengthBytes', 'x-max-length-bytes'],
  ['overflow', 'x-overflow'],
  ['deadLetterExchange', 'x-dead-letter-exchange'],
  ['deadLetterRoutingKey', 'x-dead-letter-routing-key'],
  ['maxPriority', 'x-max-priority'],
  ['deliveryLimit', 'x-delivery-limit'],
  ['maxAge', 'x-max-age'],
];

/** The x-* arguments of a queue spec, including x-queue-type for quorum queues and streams. */
export function queueArgumentsToX(spec: QueueSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Classic is the default type; leaving x-queue-type out keeps redeclaring compatible with queues
  // created by clients that never set it.
  if (spec.queueType !== 'classic') out['x-queue-type'] = spec.queueType;
  const args = spec.arguments ?? {};
  for (const [key, x] of MAPPING) {
    const value = args[key];
    if (value !== undefined) out[x] = value;
  }
  return out;
}

/** The readable arguments of x-* arguments (unknown x-* keys are ignored). */
export function queueArgumentsFromX(x: Readonly<Record<string, unknown>>): QueueArguments {
  const out: Record<string, unknown> = {};
  for (const [key, name] of MAPPING) if (x[name] !== undefined) out[key] = x[name];
  return out as QueueArguments;
}
