/**
 * Helpers of the simulator's RabbitMQ adapter: engine errors as BrokerErrors, engine messages as
 * BrokerRecords, outgoing messages as publishes (x-death is core/rules/xDeath.ts).
 */
import { BrokerError, isBrokerError } from '../../model/errors.js';
import type { BrokerErrorCode } from '../../model/errors.js';
import { toBytes } from '../../model/message.js';
import type { BrokerRecord, HeaderValue, OutgoingMessage, RecordHeaders } from '../../model/message.js';
import { isAmqpError } from '../../simulator/rabbitmq/amqpError.js';
import type { StoredMessage } from '../../simulator/rabbitmq/types.js';

const CODES: Readonly<Record<number, BrokerErrorCode>> = {
  403: 'accessRefused',
  404: 'notFound',
  405: 'accessRefused',
  406: 'preconditionFailed',
  530: 'invalidInput',
  540: 'unsupported',
};

const HINTS: Readonly<Record<number, string>> = {
  403: 'use a name without the reserved "amq." prefix and leave the default exchange alone',
  404: 'check the name or refresh the explorer',
  405: 'the queue is exclusive to another connection, so use it from that connection or declare a non-exclusive queue',
  406: 'declare it with the same settings as the existing one, or delete it first',
  540: 'RabbitMQ does not offer this on that queue type; use a classic or quorum queue for it',
};

/** Turns anything the engine throws into one BrokerError sentence: what failed, why, what to do. */
export function toBrokerError(action: string, error: unknown): BrokerError {
  if (isBrokerError(error)) return error;
  if (isAmqpError(error)) {
    const code = CODES[error.replyCode] ?? 'unknown';
    const hint = HINTS[error.replyCode] ?? 'check the request and try again';
    return new BrokerError(code, `${action} failed because the simulated RabbitMQ answered ${error.replyCode} ${error.message}; ${hint}.`, {
      cause: error,
    });
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
