/**
 * Helpers of the simulator's RabbitMQ adapter: engine errors as BrokerErrors, engine messages as
 * BrokerRecords, outgoing messages as publishes (x-death is core/rules/xDeath.ts).
 */
import { BrokerError, isBrokerError } from '../../model/errors.js';
import { replyError } from '../../rules/amqpReplyCodes.js';
import { toBytes } from '../../model/message.js';
import type { BrokerRecord, HeaderValue, OutgoingMessage, RecordHeaders } from '../../model/message.js';
import { isAmqpError } from '../../simulator/rabbitmq/amqpError.js';
import type { StoredMessage } from '../../simulator/rabbitmq/types.js';

/** Turns anything the engine throws into one BrokerError sentence: what failed, why, what to do. */
export function toBrokerError(action: string, error: unknown): BrokerError {
  if (isBrokerError(error)) return error;
  if (isAmqpError(error)) {
    // The same sentence the real adapter gives for the same reply (core/rules/amqpReplyCodes.ts).
    return replyError(error.replyCode, error.message, { action }, error)
      ?? new BrokerError('unknown', `${action} failed: the simulated RabbitMQ answered ${error.message}; check the request and try again.`, { cause: error });
  }
  return new BrokerError('unknown', `${action} failed in the simulator (${error instanceof Error ? error.message : String(error)}); see the BrokerLens log.`, { cause: error });
}

/** Runs `op`, rethrowing its failure as a BrokerError about `action`. */
export function attempt<T>(action: string, op: () => T): T {
  try {
    return op();
  } catch (error) {
    throw toBrokerError(action, error);
  }
}

/** What a record is made from: a stored message or a delivery. */
export type RecordSource = Pick<StoredMessage, 'exchange' | 'routingKey' | 'properties' | 'headers' | 'body'> & { readonly publishedAt?: number };

/** A message as a record of `destination`. */
export function toRecord(
  destination: string,
  id: string,
  msg: RecordSource,
  extra: { readonly redelivered?: boolean; readonly offset?: number; readonly headers?: Readonly<Record<string, HeaderValue>> },
): BrokerRecord {
  const headers: RecordHeaders = extra.headers ?? msg.headers ?? {};
  const ts = msg.properties.timestamp;
  return {
    id,
    destination,
    offset: extra.offset,
    // Streams keep a broker time per chunk; queues only have the producer's timestamp property.
    timestamp: ts !== undefined ? ts * 1000 : extra.offset !== undefined ? msg.publishedAt : undefined,
    value: msg.body,
    headers,
    size: msg.body.length + headerBytes(headers),
    exchange: msg.exchange,
    routingKey: msg.routingKey,
    redelivered: extra.redelivered,
    properties: msg.properties,
  };
}

function headerBytes(headers: RecordHeaders): number {
  let n = 0;
  for (const [k, v] of Object.entries(headers)) n += k.length + (v instanceof Uint8Array ? v.length : typeof v === 'string' ? v.length : 8);
  return n;
}

/** Body and headers of an outgoing message. */
export function outgoing(message: OutgoingMessage): { body: Uint8Array; headers: Record<string, HeaderValue> | undefined } {
  return { body: toBytes(message.value) ?? new Uint8Array(0), headers: message.headers ? { ...message.headers } : undefined };
}
