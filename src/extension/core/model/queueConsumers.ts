/**
 * A RabbitMQ queue's consumers (the real broker's management API, or the simulator's RabbitMQ model).
 */

/** One basic.consume on the queue. */
export interface QueueConsumer {
  readonly tag: string;
  /** The channel, as the management API names it ("127.0.0.1:5555 -> 127.0.0.1:5672 (1)"). */
  readonly channel: string;
  /** Prefetch (basic.qos) of the consumer; 0 = unlimited. */
  readonly prefetch: number;
  /** manual: the consumer acks; auto: the broker forgets a message once it is sent. */
  readonly ackMode: 'manual' | 'auto';
  /** False for a waiting consumer of a single-active-consumer queue. */
  readonly active: boolean;
  /** RabbitMQ's activity status: up, single_active, waiting (3.8+), where the broker reports it. */
  readonly activityStatus?: string;
}

/** A queue with its consumers and message rates. */
export interface QueueConsumersDetail {
  readonly queue: string;
  readonly type?: string;
  readonly ready: number;
  readonly unacked: number;
  readonly singleActiveConsumer: boolean;
  readonly consumers: readonly QueueConsumer[];
  /** Messages per second as the broker samples them; absent where it does not (the simulator). */
  readonly rates?: { readonly publish: number; readonly deliver: number; readonly ack: number };
}

/** RabbitMQ model: a queue's consumers. */
export interface QueueConsumersFacet {
  describeQueueConsumers(queue: string): Promise<QueueConsumersDetail>;
}
