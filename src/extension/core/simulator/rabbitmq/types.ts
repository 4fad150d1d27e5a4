/**
 * Plain data types of the simulated RabbitMQ broker: messages, queue entries, deliveries, options.
 */
import type { AmqpProperties, HeaderValue } from '../../model/message.js';

/** Mutable header table; the engine builds new tables rather than mutating published ones. */
export type AmqpHeaders = Record<string, HeaderValue>;

/** Queue types RabbitMQ 3.x offers. */
export type QueueType = 'classic' | 'quorum' | 'stream';

/** Overflow behaviour of a length-limited queue (x-overflow). */
export type OverflowMode = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';

/** Why a message was dead-lettered, as written in x-death. */
export type DeathReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

/**
 * A published message as the broker stores it. Immutable once published and shared by every queue
 * it was routed to (a queue copy is a {@link QueueEntry}).
 */
export interface StoredMessage {
  /** Engine-wide publish number; dead-lettering makes a new message with a new id. */
  readonly id: number;
  readonly exchange: string;
  readonly routingKey: string;
  /** The publish routing key followed by the CC and BCC keys (BCC is not kept in the headers). */
  readonly routingKeys: readonly string[];
  readonly properties: AmqpProperties;
  readonly headers: AmqpHeaders | undefined;
  readonly body: Uint8Array;
  /** Per-message TTL in ms from the expiration property, or -1 when there is none. */
  readonly ttl: number;
  readonly persistent: boolean;
  readonly publishedAt: number;
  /**
   * The content header's property bytes as a wire client published them (PublishOptions.encoded),
   * opaque to the engine; dead-lettered copies keep them, since their headers derive from them.
   */
  readonly encoded?: Uint8Array;
  /** True when properties or headers differ from `encoded` (BCC removed on publish, dead-lettered). */
  readonly modified?: boolean;
}

/** A message handed to a consumer or returned by basic.get. */
export interface Delivery {
  readonly queue: string;
  /** Absent for basic.get. */
  readonly consumerTag?: string;
  readonly deliveryTag: number;
  readonly redelivered: boolean;
  readonly exchange: string;
  readonly routingKey: string;
  readonly properties: AmqpProperties;
  readonly headers: AmqpHeaders | undefined;
  readonly body: Uint8Array;
  /** basic.get only: ready messages left in the queue after this one. */
  readonly messageCount?: number;
  /** Streams: the offset of this message. */
  readonly offset?: number;
  /** The publisher's encoded properties (StoredMessage.encoded), for a wire listener. */
  readonly encoded?: Uint8Array;
  /**
   * True when this delivery carries exactly the properties and headers in `encoded`, so a wire
   * listener can send those bytes as they are, header types included, as RabbitMQ does. False when
   * the broker added headers (quorum x-delivery-count, stream x-stream-offset) or changed them.
   */
  readonly verbatim?: boolean;
}

/** Options of {@link RabbitBroker.publish}. */
export interface PublishOptions {
  readonly properties?: AmqpProperties;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
  /** Return the message (basic.return 312 NO_ROUTE) when no queue receives it. */
  readonly mandatory?: boolean;
  /**
   * A wire listener's copy of the content header's flags and properties as received; opaque to the
   * engine, which hands it back on deliveries that carry the message unchanged.
   */
  readonly encoded?: Uint8Array;
}

/** What a publish did. */
export interface PublishResult {
  /** The engine message id (for correlating events). */
  readonly messageId: number;
  /** Queues the message was routed to (before any queue refused it), sorted. */
  readonly queues: readonly string[];
  /** Set when mandatory and unroutable: the basic.return RabbitMQ sends. */
  readonly returned?: { readonly replyCode: 312; readonly replyText: 'NO_ROUTE' };
  /** Publisher confirm in confirm mode: 'nack' when a queue refused it (reject-publish overflow). */
  readonly confirm?: 'ack' | 'nack';
  /** The confirm sequence number (confirm mode only). */
  readonly sequence?: number;
}

/** Options of {@link RabbitBroker.consume}. */
export interface ConsumeOptions {
  readonly consumerTag?: string;
  /** basic.consume no-ack: messages count as acknowledged when sent. */
  readonly noAck?: boolean;
  readonly exclusive?: boolean;
  /** x-priority, x-stream-offset, ... */
  readonly arguments?: Readonly<Record<string, unknown>>;
  /** Called when the broker cancels the consumer (its queue was deleted). */
  readonly onCancel?: (consumerTag: string) => void;
}

/** Receives deliveries of one consumer. */
export type DeliveryHandler = (delivery: Delivery) => void;

/** Options of {@link RabbitBroker.declareQueue}. */
export interface QueueDeclareOptions {
  readonly durable?: boolean;
  readonly exclusive?: boolean;
  readonly autoDelete?: boolean;
  readonly passive?: boolean;
  /** x-* arguments exactly as a client would send them. */
  readonly arguments?: Readonly<Record<string, unknown>>;
  /** The channel declaring; required for exclusive queues (ownership is per connection). */
  readonly channel?: number;
}

/** Result of queue.declare. */
export interface QueueDeclareOk {
  readonly queue: string;
  readonly messageCount: number;
  readonly consumerCount: number;
}

/** Options of {@link RabbitBroker.declareExchange}. */
export interface ExchangeDeclareOptions {
  readonly durable?: boolean;
  readonly autoDelete?: boolean;
  readonly internal?: boolean;
  readonly passive?: boolean;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly channel?: number;
}
