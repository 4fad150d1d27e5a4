/**
 * Broker-neutral records: what a browse returns and what a publish sends. Bytes stay bytes
 * (Uint8Array) so binary payloads survive every hop; decoded views come from payload.ts.
 */

/** A header value as a broker delivers it. Kafka headers are bytes; AMQP headers are typed tables. */
export type HeaderValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | readonly HeaderValue[]
  | { readonly [key: string]: HeaderValue };

/** Headers of one record. */
export type RecordHeaders = Readonly<Record<string, HeaderValue>>;

/** AMQP 0-9-1 basic properties (RabbitMQ). All optional. */
export interface AmqpProperties {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  /** 1 = transient, 2 = persistent. */
  readonly deliveryMode?: 1 | 2;
  readonly priority?: number;
  /** Per-message TTL in milliseconds, as AMQP carries it (a decimal string). */
  readonly expiration?: string;
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly messageId?: string;
  /** Seconds since the epoch, as AMQP carries it. */
  readonly timestamp?: number;
  readonly type?: string;
  readonly appId?: string;
  readonly userId?: string;
}

/** One message read from a topic partition or a queue. */
export interface BrokerRecord {
  /** Stable within the destination: `partition:offset` for logs, the delivery position for queues. */
  readonly id: string;
  readonly destination: string;
  /** Kafka partition (streams and queues: undefined). */
  readonly partition?: number;
  /** Kafka offset or RabbitMQ stream offset. JS numbers are exact up to 2^53, far beyond real offsets. */
  readonly offset?: number;
  /** Milliseconds since the epoch, when the broker or producer recorded one. */
  readonly timestamp?: number;
  readonly key?: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: RecordHeaders;
  /** Bytes of key + value + headers, as near as the client can tell. */
  readonly size: number;
  /** RabbitMQ: the exchange and routing key it was published with. */
  readonly exchange?: string;
  readonly routingKey?: string;
  /** RabbitMQ: set when the broker delivered this message before (including by a peek). */
  readonly redelivered?: boolean;
  readonly properties?: AmqpProperties;
}

/** A message to publish or produce. Strings are sent as UTF-8. */
export interface OutgoingMessage {
  readonly key?: Uint8Array | string | null;
  readonly value: Uint8Array | string | null;
  readonly headers?: Readonly<Record<string, string | Uint8Array | number | boolean>>;
  /**
   * Kafka: headers in order, where a name may repeat (Kafka allows it). When set, Kafka adapters send
   * these instead of `headers`; RabbitMQ header tables have unique names and use `headers` only.
   */
  readonly headerList?: readonly (readonly [string, string | Uint8Array])[];
  /** Kafka: an explicit partition; otherwise the default partitioner decides. */
  readonly partition?: number;
  /** Kafka: record timestamp in ms. */
  readonly timestamp?: number;
  /** RabbitMQ: AMQP properties. */
  readonly properties?: AmqpProperties;
}

/** Where to publish: a Kafka topic, or a RabbitMQ exchange ('' is the default exchange) with a routing key. */
export interface PublishTarget {
  readonly destination: string;
  readonly routingKey?: string;
  /** RabbitMQ: return the message when no queue receives it (default true, so nothing is dropped silently). */
  readonly mandatory?: boolean;
  /** Kafka: 'all' (default), 'leader' or 'none'. */
  readonly acks?: 'all' | 'leader' | 'none';
  /** Kafka: compression codec for the batch. */
  readonly compression?: 'none' | 'gzip' | 'snappy' | 'lz4';
}

/** What happened to one published message. */
export type PublishOutcome =
  | { readonly status: 'confirmed'; readonly partition?: number; readonly offset?: number }
  | { readonly status: 'returned'; readonly reason: string }
  | { readonly status: 'nacked'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

/** The result of a publish call: one outcome per message, in order, plus counts. */
export interface PublishReport {
  readonly outcomes: readonly PublishOutcome[];
  readonly confirmed: number;
  readonly failed: number;
}

/** Builds a report from outcomes. */
export function publishReport(outcomes: readonly PublishOutcome[]): PublishReport {
  const confirmed = outcomes.filter((o) => o.status === 'confirmed').length;
  return { outcomes, confirmed, failed: outcomes.length - confirmed };
}

/** Encodes a string or bytes as bytes (UTF-8 for strings). */
export function toBytes(value: Uint8Array | string): Uint8Array;
export function toBytes(value: Uint8Array | string | null | undefined): Uint8Array | null;
export function toBytes(value: Uint8Array | string | null | undefined): Uint8Array | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}
