/**
 * The scenario format, version 1: one workload described once and run on either model. Topology is
 * given per model (a RabbitMQ exchange/queue layout and a Kafka topic layout that play the same
 * role); producers, consumers and timed events name a target per model, everything else (rates,
 * keys, payloads, processing time, failures, crashes) is shared, so the two runs differ only by the
 * semantics of the broker.
 *
 * These are the types after validation (see validate.ts); optional fields keep the defaults listed
 * in docs/scenarios.md and applied in defaults.ts.
 */
import type { QueueArguments } from '../../model/destination.js';

/** Which model a run uses. */
export type ModelKind = 'rabbitmq' | 'kafka';

/** RabbitMQ exchange types. */
export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

/** A RabbitMQ exchange to declare. */
export interface ScenarioExchange {
  readonly name: string;
  readonly type: ExchangeType;
  /** Default true. */
  readonly durable?: boolean;
}

/**
 * Queue arguments in words rather than x-* names, the subset a scenario may set of the model's
 * QueueArguments (each maps to one RabbitMQ argument through core/rules/queueArguments.ts).
 */
export type ScenarioQueueArguments = Pick<
  QueueArguments,
  'messageTtlMs' | 'maxLength' | 'maxLengthBytes' | 'overflow' | 'deadLetterExchange' | 'deadLetterRoutingKey' | 'maxPriority' | 'deliveryLimit'
>;

/** A RabbitMQ queue to declare. */
export interface ScenarioQueue {
  readonly name: string;
  /** Default 'classic'. */
  readonly type?: 'classic' | 'quorum' | 'stream';
  /** Default true. */
  readonly durable?: boolean;
  readonly arguments?: ScenarioQueueArguments;
  /**
   * 'atStart' (default): declared and bound before anything runs, as a deployment script does.
   * 'onConsumerStart': declared and bound when the first consumer reading it starts, as a service
   * that declares its own queue on start-up does; such a queue never sees earlier messages.
   */
  readonly declare?: 'atStart' | 'onConsumerStart';
}

/** A queue binding. */
export interface ScenarioBinding {
  readonly exchange: string;
  readonly queue: string;
  /** Default ''. */
  readonly routingKey?: string;
}

/** The RabbitMQ side of the topology. */
export interface RabbitTopologySpec {
  readonly exchanges: readonly ScenarioExchange[];
  readonly queues: readonly ScenarioQueue[];
  readonly bindings: readonly ScenarioBinding[];
}

/** A Kafka topic to create. */
export interface ScenarioTopic {
  readonly name: string;
  readonly partitions: number;
  /** Default 1 (the simulated cluster has 3 brokers). */
  readonly replicationFactor?: number;
  /** Topic configs by their Kafka names, e.g. { "retention.ms": "60000" }. */
  readonly configs?: Readonly<Record<string, string>>;
}

/** The Kafka side of the topology. */
export interface KafkaTopologySpec {
  readonly topics: readonly ScenarioTopic[];
}

/** Both topologies. */
export interface ScenarioTopology {
  readonly rabbitmq: RabbitTopologySpec;
  readonly kafka: KafkaTopologySpec;
}

/** How a producer picks message keys. Keys are named `key-0` .. `key-(N-1)`. */
export type KeyDistribution =
  | { readonly kind: 'none' }
  | { readonly kind: 'uniform'; readonly keys: number }
  | { readonly kind: 'roundRobin'; readonly keys: number }
  /** `key-0` gets `hotShare` of the traffic, the other keys share the rest uniformly. */
  | { readonly kind: 'hot'; readonly keys: number; readonly hotShare: number };

/** Where a producer sends, per model. */
export interface ProducerTarget {
  /** routingKey may contain {{key}}. Exchange '' is the default exchange. */
  readonly rabbitmq: { readonly exchange: string; readonly routingKey: string };
  readonly kafka: { readonly topic: string };
}

/** A producer: `count` messages at `ratePerSec`, evenly spaced, from `startAtMs`. */
export interface ScenarioProducer {
  readonly id: string;
  readonly target: ProducerTarget;
  readonly ratePerSec: number;
  readonly count: number;
  /** Default { kind: 'none' }. */
  readonly keys?: KeyDistribution;
  /** Body template with {{seq}}, {{key}}, {{producer}}, {{time}}. Default '{"seq":{{seq}}}'. */
  readonly payload?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** RabbitMQ delivery mode 2 (true, default) or 1. Kafka writes every record to the log either way. */
  readonly persistent?: boolean;
  /** Default 0. */
  readonly startAtMs?: number;
  /** Send a recording's messages instead of generated ones (see {@link RecordingWorkload}). */
  readonly recording?: RecordingWorkload;
}

/**
 * A recording as a producer's workload: its keys and values in file order, at most `count` of them,
 * from `startAtMs`. 'relative' keeps the gaps between the recorded timestamps; 'scaled' divides them
 * by `speed` (2 = twice as fast). The file names it (`.brokerlens/recordings/NAME.ndjson`); the editor
 * loads `messages` from it before a run, so a run (and a restored run) never reads the disk.
 */
export interface RecordingWorkload {
  readonly name: string;
  /** Default 'relative'. */
  readonly timing?: 'relative' | 'scaled';
  /** For 'scaled'; default 1. */
  readonly speed?: number;
  /** Loaded from the file: time after the first message, key text, value as base64. */
  readonly messages?: readonly RecordedWorkloadMessage[];
}

/** One loaded message of a recording workload. */
export interface RecordedWorkloadMessage {
  readonly atMs: number;
  readonly key: string;
  readonly value: string;
}

/** Processing time of one message: fixed, or uniform in [min, max]. */
export type ProcessingTime = number | { readonly min: number; readonly max: number };

/** Acknowledgement strategies. */
export type RabbitStrategy = 'ack-after' | 'ack-before' | 'auto-ack';
/** Offset commit strategies; 'auto' is enable.auto.commit with autoCommitIntervalMs. */
export type KafkaStrategy = 'commit-after' | 'commit-before' | 'auto';

/** Where a consumer reads, per model. */
export interface ConsumerSource {
  readonly rabbitmq: { readonly queue: string };
  readonly kafka: { readonly topic: string; readonly group: string };
}

/** A consumer definition: `count` competing instances of one service. */
export interface ScenarioConsumer {
  readonly id: string;
  readonly source: ConsumerSource;
  /** Default 1. */
  readonly count?: number;
  /** RabbitMQ basic.qos prefetch per instance; default 10. Ignored with auto-ack (no limit applies). */
  readonly prefetch?: number;
  readonly processingMs: ProcessingTime;
  /** Chance that processing one message fails; default 0. */
  readonly failureProbability?: number;
  readonly strategy: { readonly rabbitmq: RabbitStrategy; readonly kafka: KafkaStrategy };
  /** RabbitMQ, ack-after: what a failed message gets. Default 'requeue' (nack requeue=true). */
  readonly onFailure?: 'requeue' | 'reject';
  /** Kafka: a failed record crashes the instance (no commit); it restarts after this. Default 1000. */
  readonly restartAfterFailureMs?: number;
  /** Kafka auto.commit.interval.ms for strategy 'auto'; default 5000. */
  readonly autoCommitIntervalMs?: number;
  /** Kafka auto.offset.reset (default 'latest'); on RabbitMQ streams it picks x-stream-offset first/next. */
  readonly autoOffsetReset?: 'earliest' | 'latest';
  /** Kafka session.timeout.ms; default 45000. */
  readonly sessionTimeoutMs?: number;
  /** Kafka max.poll.records; default 500. */
  readonly maxPollRecords?: number;
  /** Default 0. */
  readonly startAtMs?: number;
}

/** Things that happen at a given time. */
export type TimedEvent =
  | { readonly atMs: number; readonly type: 'consumerCrash'; readonly consumer: string; readonly instance?: number }
  | { readonly atMs: number; readonly type: 'consumerRestart'; readonly consumer: string; readonly instance?: number }
  | { readonly atMs: number; readonly type: 'brokerRestart' }
  | { readonly atMs: number; readonly type: 'groupJoins'; readonly consumer: ScenarioConsumer }
  | { readonly atMs: number; readonly type: 'retentionPasses'; readonly advanceMs: number }
  | { readonly atMs: number; readonly type: 'burst'; readonly producer: string; readonly count: number; readonly ratePerSec: number };

/** Run-wide knobs, all optional. */
export interface ScenarioSettings {
  readonly kafka?: {
    /** group.initial.rebalance.delay.ms (Kafka default 3000). */
    readonly initialRebalanceDelayMs?: number;
    /** log.retention.check.interval.ms (Kafka default 300000). */
    readonly retentionCheckIntervalMs?: number;
    /** linger.ms of the simulated producers (Kafka 4 default 5). */
    readonly lingerMs?: number;
    /** How often an idle consumer polls when no record arrives (default 100). */
    readonly idlePollMs?: number;
  };
  /** untilIdle stops here at the latest (default 3,600,000). */
  readonly maxDurationMs?: number;
}

/** A whole scenario. Exactly one of durationMs and untilIdle is set. */
export interface Scenario {
  readonly version: 1;
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly durationMs?: number;
  readonly untilIdle?: boolean;
  readonly topology: ScenarioTopology;
  readonly producers: readonly ScenarioProducer[];
  readonly consumers: readonly ScenarioConsumer[];
  readonly events?: readonly TimedEvent[];
  readonly settings?: ScenarioSettings;
}
