/**
 * Public types of the KafkaCluster facade: its options and what its listing calls return.
 */
import type { Clock } from '../clock.js';
import type { GroupCoordinatorConfig } from './coordinator.js';
import type { ConsumerRecord } from './consumer.js';
import type { KafkaEventListener } from './events.js';
import type { PartitionerOptions } from './partitioner.js';
import type { ProduceOptions, ProduceRecord, ProduceResult } from './produce.js';

/** Options of a simulated cluster. Every default is Kafka's. */
export interface KafkaClusterOptions {
  readonly clock: Clock;
  readonly seed?: number;
  /** Number of brokers (ids 1..n); bounds the replication factor. Default 3. */
  readonly brokers?: number;
  readonly listener?: KafkaEventListener;
  /** auto.create.topics.enable (default true): producing to an unknown topic creates it. */
  readonly autoCreateTopics?: boolean;
  /** num.partitions (1) and default.replication.factor (1). */
  readonly defaultPartitions?: number;
  readonly defaultReplicationFactor?: number;
  /** Smallest accepted segment.bytes (Kafka 4: 1 MiB). Lower it to test segment rolls with few records. */
  readonly minSegmentBytes?: number;
  /** log.retention.check.interval.ms (300000). */
  readonly retentionCheckIntervalMs?: number;
  /** log.cleaner.backoff.ms (15000). */
  readonly cleanerBackoffMs?: number;
  readonly group?: Partial<GroupCoordinatorConfig>;
  /** The default producer's settings: batch.size (16384) and sticky partitioning. */
  readonly producer?: PartitionerOptions;
  /** Write commits to __consumer_offsets as the broker does (default true). */
  readonly offsetsTopic?: boolean;
}

/** A topic as listed. */
export interface TopicSummary {
  readonly name: string;
  readonly id: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly internal: boolean;
  /** Sum over partitions of high watermark - log start. */
  readonly messages: number;
  readonly overrides: Readonly<Record<string, string>>;
}

/** One partition as described. */
export interface PartitionDescription {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly logStartOffset: number;
  readonly highWatermark: number;
  readonly sizeBytes: number;
}

/** A fetch outside any group. */
export interface FetchResult {
  readonly records: ConsumerRecord[];
  readonly nextOffset: number;
  readonly logStartOffset: number;
  readonly highWatermark: number;
}

/** A producer with its own sticky-partition state. */
export interface SimProducer {
  produce(topic: string, records: readonly ProduceRecord[], options?: ProduceOptions): ProduceResult;
}

/** The producer side of one wire batch. */
export interface AppendBatchOptions {
  readonly acks?: 'all' | 'leader' | 'none';
  /** Idempotent producer id, epoch and the batch's first sequence (-1 when not idempotent). */
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
}

/** Where a wire batch landed. */
export interface AppendBatchResult {
  readonly baseOffset: number;
  readonly logStartOffset: number;
}
