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
   * 'streamsOnly': classic and quorum queues are peeked by get-and-requeue (see PEEK_REQUEUE_WARNING).
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
