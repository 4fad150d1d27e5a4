/**
 * basic.publish input checks and the stored form of a message, as RabbitMQ 3.10 builds it:
 * the `expiration` property must be a non-negative integer in a string (406 otherwise, e.g.
 * "invalid expiration '-5': {value_negative,-5}"); CC and BCC headers must be arrays and add
 * routing keys; BCC is removed from the message (checked on 3.10.8).
 */
import type { AmqpProperties, HeaderValue } from '../../model/message.js';
import { AmqpError, ReplyCode } from './amqpError.js';
import { amqpTypeName } from './amqpValues.js';
import type { AmqpHeaders, StoredMessage } from './types.js';

/** Parses the expiration property: ms, or -1 when absent. */
export function parseExpiration(expiration: string | undefined): number {
  if (expiration === undefined) return -1;
  if (!/^-?\d+$/.test(expiration)) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `invalid expiration '${expiration}': no_integer`);
  const ttl = Number(expiration);
  if (ttl < 0) throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `invalid expiration '${expiration}': {value_negative,${ttl}}`);
  return ttl;
}

/** Builds the stored message for a publish. */
export function buildMessage(
  id: number,
  exchange: string,
  routingKey: string,
  body: Uint8Array,
  properties: AmqpProperties | undefined,
  headers: Readonly<Record<string, HeaderValue>> | undefined,
  now: number,
  encoded?: Uint8Array,
): StoredMessage {
  const props = properties ?? EMPTY_PROPS;
  const ttl = parseExpiration(props.expiration);
  let routingKeys: readonly string[] = [routingKey];
  let stored: AmqpHeaders | undefined;
  if (headers) {
    stored = { ...headers };
    const cc = routeHeader(headers, 'CC');
    const bcc = routeHeader(headers, 'BCC');
    if (cc || bcc) routingKeys = [routingKey, ...(cc ?? []), ...(bcc ?? [])];
    if ('BCC' in stored) delete stored['BCC'];
  }
  return {
    id,
    exchange,
    routingKey,
    routingKeys,
    properties: props,
    headers: stored,
    body,
    ttl,
    persistent: props.deliveryMode === 2,
    publishedAt: now,
    encoded,
    // BCC is removed from what is stored and delivered, so the publisher's bytes no longer match.
    modified: headers !== undefined && 'BCC' in headers,
  };
}

const EMPTY_PROPS: AmqpProperties = Object.freeze({});

function routeHeader(headers: Readonly<Record<string, HeaderValue>>, key: 'CC' | 'BCC'): string[] | undefined {
  if (!(key in headers)) return undefined;
  const v = headers[key];
  if (!Array.isArray(v)) {
    throw new AmqpError(ReplyCode.PRECONDITION_FAILED, `invalid message: {unacceptable_type_in_header,"${key}",${amqpTypeName(v)}}`);
  }
  return v.filter((k): k is string => typeof k === 'string');
}
