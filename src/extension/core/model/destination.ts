/**
 * Destinations: where messages live. A Kafka topic or a RabbitMQ queue (classic, quorum, stream).
 */

/** What a destination is. */
export type DestinationType = 'topic' | 'classic' | 'quorum' | 'stream';

/** A topic or queue as listed. Counts are what the broker reports at the time of the call. */
export interface DestinationInfo {
  readonly name: string;
  readonly type: DestinationType;
  /** Kafka internal topics (__consumer_offsets, ...) and RabbitMQ amq.* / exclusive server-named queues. */
  readonly internal: boolean;
  /** Kafka: number of partitions. */
  readonly partitions?: number;
  /** Kafka: sum over partitions of (high watermark - log start). RabbitMQ: ready messages. */
  readonly messages?: number;
  /** RabbitMQ: delivered but not yet acknowledged. */
  readonly unacked?: number;
  readonly consumers?: number;
  readonly durable?: boolean;
  readonly autoDelete?: boolean;
  readonly exclusive?: boolean;
  /** RabbitMQ: the vhost the queue lives in. */
  readonly vhost?: string;
  /** Queue arguments (x-*) or topic configs that differ from the defaults. */
  readonly arguments?: Readonly<Record<string, unknown>>;
  /** RabbitMQ: name of the policy applied, if any. */
  readonly policy?: string;
}

/** RabbitMQ queue arguments with names a person reads; adapters map them to x-* arguments. */
export interface QueueArguments {
  readonly messageTtlMs?: number;
  readonly expiresMs?: number;
  readonly maxLength?: number;
  readonly maxLengthBytes?: number;
  readonly overflow?: 'drop-head' | 'reject-publish' | 'reject-publish-dlx';
  readonly deadLetterExchange?: string;
  readonly deadLetterRoutingKey?: string;
  readonly maxPriority?: number;
  /** Quorum queues only. */
  readonly deliveryLimit?: number;
  /** Streams only, e.g. '7D'. */
  readonly maxAge?: string;
}

/** What to create. */
export type DestinationSpec =
  | {
      readonly kind: 'topic';
      readonly name: string;
      readonly partitions: number;
      readonly replicationFactor: number;
      readonly configs?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'queue';
      readonly name: string;
      readonly queueType: 'classic' | 'quorum' | 'stream';
      readonly durable: boolean;
      readonly autoDelete?: boolean;
      readonly exclusive?: boolean;
      readonly arguments?: QueueArguments;
    };
