/**
 * Basic properties between the wire form amqplib's codec decodes and encodes and the engine's
 * AmqpProperties plus header table.
 */
import type { AmqpProperties, HeaderValue } from '../../model/message.js';
import type { Delivery } from '../../simulator/rabbitmq/types.js';
import { typeBrokerHeaders } from './codec.js';
import type { MethodArgs } from './codec.js';

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

/** The properties of a delivery in the form amqplib's encoder takes (broker-added headers typed as RabbitMQ types them). */
export function toWireProperties(d: Pick<Delivery, 'properties' | 'headers'>): MethodArgs {
  const out: MethodArgs = { ...d.properties };
  if (d.headers) out['headers'] = typeBrokerHeaders(d.headers);
  return out;
}
