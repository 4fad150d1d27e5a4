/**
 * What an adapter can do. The tree and the panels ask these, never the adapter's class.
 */

/** Capability flags. */
export interface Capabilities {
  /** Exchanges and bindings (RabbitMQ model). */
  readonly exchanges: boolean;
  /** Partitioned topics (Kafka model). */
  readonly partitions: boolean;
  /** Consumer groups with committed offsets. */
  readonly consumerGroups: boolean;
  /** Offset reset of a consumer group. */
  readonly offsetReset: boolean;
  /**
   * 'always': browsing never changes anything (Kafka, RabbitMQ streams).
   * 'streamsOnly': classic and quorum queues are peeked by get-and-requeue (see peekRequeueWarning()).
   */
  readonly nonDestructiveBrowse: 'always' | 'streamsOnly';
  /** Streaming new records as they arrive. */
  readonly liveTail: boolean;
  /** Dead-letter listing and moving messages back. */
  readonly deadLetters: boolean;
  /** Purging a queue. */
  readonly purge: boolean;
  /** Routing explainer. */
  readonly routeExplain: boolean;
}

/** What a Kafka-model adapter can do, real or simulated: the simulator promises what the broker does. */
export const KAFKA_CAPABILITIES: Capabilities = {
  exchanges: false,
  partitions: true,
  consumerGroups: true,
  offsetReset: true,
  nonDestructiveBrowse: 'always',
  liveTail: true,
  deadLetters: false,
  purge: false,
  routeExplain: false,
};

/** What a RabbitMQ-model adapter can do, real or simulated. */
export const RABBITMQ_CAPABILITIES: Capabilities = {
  exchanges: true,
  partitions: false,
  consumerGroups: false,
  offsetReset: false,
  nonDestructiveBrowse: 'streamsOnly',
  liveTail: false,
  deadLetters: true,
  purge: true,
  routeExplain: true,
};
