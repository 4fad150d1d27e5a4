/**
 * Cluster and routing topology: brokers and partitions (Kafka), vhosts, exchanges and bindings (RabbitMQ).
 */

/** Broker-level facts for the overview. */
export interface ClusterOverview {
  /** 'Apache Kafka', 'RabbitMQ', 'BrokerLens simulator (Kafka model)', ... */
  readonly product: string;
  readonly version?: string;
  readonly clusterName?: string;
  readonly nodes: readonly NodeInfo[];
  /** Things the user should know, e.g. "Management API unreachable: listing queues is unavailable". */
  readonly notes: readonly string[];
}

/** One broker node. */
export interface NodeInfo {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly rack?: string;
  readonly controller?: boolean;
}

/** One partition of a topic. */
export interface PartitionInfo {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly logStart: number;
  readonly highWatermark: number;
}

/** One topic config entry. */
export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly isDefault: boolean;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
}

/** RabbitMQ exchange types. */
export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

/** An exchange as listed. The default exchange has the name ''. */
export interface ExchangeInfo {
  readonly name: string;
  readonly type: ExchangeType | string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly internal: boolean;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly vhost?: string;
}

/** What to declare. */
export interface ExchangeSpec {
  readonly name: string;
  readonly type: ExchangeType;
  readonly durable: boolean;
  readonly autoDelete?: boolean;
  readonly internal?: boolean;
  readonly alternateExchange?: string;
}

/** A binding from an exchange to a queue or to another exchange. */
export interface BindingInfo {
  readonly source: string;
  readonly destination: string;
  readonly destinationType: 'queue' | 'exchange';
  readonly routingKey: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** Input of the routing explainer. */
export interface RouteQuestion {
  readonly exchange: string;
  readonly routingKey: string;
  readonly headers?: Readonly<Record<string, unknown>>;
}

/** One step of a route: an exchange consulted, and which of its bindings matched. */
export interface RouteStep {
  readonly exchange: string;
  readonly exchangeType: string;
  readonly matched: readonly BindingInfo[];
  readonly unmatched: readonly BindingInfo[];
  /** Set when nothing matched and the alternate exchange was used. */
  readonly alternateExchange?: string;
}

/** Output of the routing explainer. */
export interface RouteExplanation {
  readonly steps: readonly RouteStep[];
  /** Queues that would receive a copy, each once, sorted. */
  readonly queues: readonly string[];
  /** Nothing receives it: with mandatory it is returned, otherwise dropped. */
  readonly unroutable: boolean;
}
