/**
 * Conversions between amqplib messages and broker-neutral records, and from OutgoingMessage to what
 * amqplib publishes. Bytes are copied out of amqplib's frame buffers so a page never pins a socket chunk.
 */
import type { Message, MessageProperties, Options } from 'amqplib';
import type { AmqpProperties, BrokerRecord, HeaderValue, OutgoingMessage, RecordHeaders } from '../../model/message.js';
import { toBytes } from '../../model/message.js';

/** Where a record came from, besides the message itself. */
export interface RecordPlace {
  readonly id: string;
  readonly destination: string;
  /** Stream offset (streams only). */
  readonly offset?: number;
}

/** Header value as decoded by amqplib → HeaderValue (buffers become independent Uint8Arrays). */
export function toHeaderValue(value: unknown): HeaderValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Uint8Array.from(value);
  if (Array.isArray(value)) return value.map(toHeaderValue);
  if (typeof value === 'object') {
    const out: Record<string, HeaderValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toHeaderValue(v);
    return out;
  }
  return String(value);
}

/** All headers of a message. */
export function toHeaders(headers: Record<string, unknown> | undefined): RecordHeaders {
  const out: Record<string, HeaderValue> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) out[k] = toHeaderValue(v);
  return out;
}

/** amqplib's properties → AmqpProperties, only the ones set. */
export function toAmqpProperties(p: MessageProperties): AmqpProperties {
  const out: { -readonly [K in keyof AmqpProperties]: AmqpProperties[K] } = {};
  if (p.contentType !== undefined) out.contentType = String(p.contentType);
  if (p.contentEncoding !== undefined) out.contentEncoding = String(p.contentEncoding);
  if (p.deliveryMode === 1 || p.deliveryMode === 2) out.deliveryMode = p.deliveryMode;
  if (p.priority !== undefined) out.priority = Number(p.priority);
  if (p.expiration !== undefined) out.expiration = String(p.expiration);
  if (p.correlationId !== undefined) out.correlationId = String(p.correlationId);
  if (p.replyTo !== undefined) out.replyTo = String(p.replyTo);
  if (p.messageId !== undefined) out.messageId = String(p.messageId);
  if (p.timestamp !== undefined) out.timestamp = Number(p.timestamp);
  if (p.type !== undefined) out.type = String(p.type);
  if (p.appId !== undefined) out.appId = String(p.appId);
  if (p.userId !== undefined) out.userId = String(p.userId);
  return out;
}

function headerBytes(headers: RecordHeaders): number {
  let n = 0;
  for (const [k, v] of Object.entries(headers)) {
    n += k.length;
    if (v instanceof Uint8Array) n += v.length;
    else if (typeof v === 'string') n += Buffer.byteLength(v);
    else n += 8;
  }
  return n;
}

/** One delivered or fetched message → BrokerRecord. */
export function toRecord(message: Message, place: RecordPlace): BrokerRecord {
  const headers = toHeaders(message.properties.headers as Record<string, unknown> | undefined);
  const value = Uint8Array.from(message.content);
  const properties = toAmqpProperties(message.properties);
  return {
    id: place.id,
    destination: place.destination,
    ...(place.offset === undefined ? {} : { offset: place.offset }),
    // AMQP timestamps are seconds; records carry milliseconds.
    ...(properties.timestamp === undefined ? {} : { timestamp: properties.timestamp * 1000 }),
    key: null,
    value,
    headers,
    size: value.length + headerBytes(headers),
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    redelivered: message.fields.redelivered,
    properties,
  };
}

/** The stream offset RabbitMQ puts in each stream delivery's headers. */
export function streamOffsetOf(message: Message): number | undefined {
  const raw = (message.properties.headers as Record<string, unknown> | undefined)?.['x-stream-offset'];
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  return undefined;
}

/** Body bytes as a Buffer without copying. */
export function contentOf(message: OutgoingMessage): Buffer {
  const bytes = toBytes(message.value);
  if (!bytes) return Buffer.alloc(0);
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** OutgoingMessage → amqplib publish options (properties and headers). */
export function publishOptions(message: OutgoingMessage, mandatory: boolean): Options.Publish {
  const p = message.properties ?? {};
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) {
    // amqplib encodes Buffers as AMQP byte arrays ('x'); a plain Uint8Array would not be recognised.
    headers[k] = v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
  }
  const options: Options.Publish = { mandatory };
  if (Object.keys(headers).length > 0) options.headers = headers;
  if (p.contentType !== undefined) options.contentType = p.contentType;
  if (p.contentEncoding !== undefined) options.contentEncoding = p.contentEncoding;
  if (p.deliveryMode !== undefined) options.deliveryMode = p.deliveryMode;
  if (p.priority !== undefined) options.priority = p.priority;
  if (p.expiration !== undefined) options.expiration = p.expiration;
  if (p.correlationId !== undefined) options.correlationId = p.correlationId;
  if (p.replyTo !== undefined) options.replyTo = p.replyTo;
  if (p.messageId !== undefined) options.messageId = p.messageId;
  if (p.timestamp !== undefined) options.timestamp = p.timestamp;
  if (p.type !== undefined) options.type = p.type;
  if (p.appId !== undefined) options.appId = p.appId;
  if (p.userId !== undefined) options.userId = p.userId;
  return options;
}
