/**
 * Basic properties between the wire form amqplib's codec decodes and encodes and the engine's
 * AmqpProperties plus header table.
 */
import type { AmqpProperties, HeaderValue } from '../../model/message.js';
import type { Delivery } from '../../simulator/rabbitmq/types.js';
import { publishedHeaderTypes, typeHeaders } from './codec.js';
import type { MethodArgs, TypedHeader } from './codec.js';

const PROPERTY_KEYS = [
  'contentType', 'contentEncoding', 'deliveryMode', 'priority', 'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'userId', 'appId',
] as const;

/** Splits decoded basic properties into the engine's properties and headers. */
export function toEngineProperties(decoded: MethodArgs): { properties: AmqpProperties; headers: Record<string, HeaderValue> | undefined } {
  const properties: Record<string, unknown> = {};
  for (const key of PROPERTY_KEYS) {
    const v = decoded[key];
    if (v !== undefined) properties[key] = v;
  }
  const headers = decoded['headers'];
  return {
    properties: properties as AmqpProperties,
    headers: typeof headers === 'object' && headers !== null ? (headers as Record<string, HeaderValue>) : undefined,
  };
}

/** Header types per published message, parsed once (quorum queues deliver the same message repeatedly). */
const typesCache = new WeakMap<Uint8Array, Map<string, TypedHeader> | undefined>();

/**
 * The properties of a delivery in the form amqplib's encoder takes: publisher-sent header values
 * keep their wire types, broker-added ones are typed as RabbitMQ types them.
 */
export function toWireProperties(d: Pick<Delivery, 'properties' | 'headers' | 'encoded'>): MethodArgs {
  const out: MethodArgs = { ...d.properties };
  if (d.headers) {
    let types: Map<string, TypedHeader> | undefined;
    if (d.encoded) {
      if (typesCache.has(d.encoded)) types = typesCache.get(d.encoded);
      else {
        types = publishedHeaderTypes(d.encoded);
        typesCache.set(d.encoded, types);
      }
    }
    out['headers'] = typeHeaders(d.headers, types);
  }
  return out;
}
