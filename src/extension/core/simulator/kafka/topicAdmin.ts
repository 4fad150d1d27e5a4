/**
 * Topic administration as the Admin API and the KRaft controller do it: CreateTopics (name rules,
 * collisions, num.partitions / default.replication.factor for -1, replication factor bounded by the
 * broker count, config validation), DeleteTopics (internal topics refused), CreatePartitions (only
 * growing) and IncrementalAlterConfigs (null deletes an override).
 */
import { KAFKA_MIN_SEGMENT_BYTES, TOPIC_CONFIG_DEFAULTS, validateTopicConfig } from './config.js';
import { KafkaError } from './errors.js';
import { collides, INTERNAL_TOPICS, Topic, validateTopicName } from './topic.js';

/** What to create. -1 (or absent) takes the broker defaults. */
export interface TopicSpec {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

/** Broker settings for topic creation. */
export interface TopicDefaults {
  /** num.partitions */
  readonly partitions: number;
  /** default.replication.factor */
  readonly replicationFactor: number;
  readonly brokerIds: readonly number[];
  /** The smallest segment.bytes accepted (Kafka 4: 1 MiB; tests may lower it). */
  readonly minSegmentBytes: number;
}

/** num.partitions=1, default.replication.factor=1, segment.bytes >= 1 MiB (Kafka 4). */
export const DEFAULT_TOPIC_DEFAULTS: Omit<TopicDefaults, 'brokerIds'> = {
  partitions: 1,
  replicationFactor: 1,
  minSegmentBytes: KAFKA_MIN_SEGMENT_BYTES,
};

/** One config entry as DescribeConfigs reports it. */
export interface TopicConfigEntry {
  readonly name: string;
  readonly value: string;
  readonly isDefault: boolean;
}

/** Validates a CreateTopics request and builds the topic. */
export function buildTopic(topics: ReadonlyMap<string, Topic>, name: string, spec: TopicSpec, defaults: TopicDefaults,
  id: string, now: number, allowInternal = false): Topic {
  validateTopicName(name);
  if (topics.has(name)) throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`);
  if (INTERNAL_TOPICS.has(name) && !allowInternal) throw new KafkaError('INVALID_REQUEST', `Creation of internal topic ${name} is prohibited.`);
  for (const existing of topics.keys()) {
    if (collides(name, existing)) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic '${name}' collides with existing topic: ${existing}`);
  }
  const partitions = spec.partitions === undefined || spec.partitions === -1 ? defaults.partitions : spec.partitions;
  if (!Number.isInteger(partitions) || partitions < 1) throw new KafkaError('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  const rf = spec.replicationFactor === undefined || spec.replicationFactor === -1 ? defaults.replicationFactor : spec.replicationFactor;
  if (!Number.isInteger(rf) || rf < 1) throw new KafkaError('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
  if (rf > defaults.brokerIds.length) {
    throw new KafkaError('INVALID_REPLICATION_FACTOR', `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${defaults.brokerIds.length} broker(s) are registered.`);
  }
  const overrides = new Map<string, string>();
  for (const [k, v] of Object.entries(spec.configs ?? {})) {
    validateTopicConfig(k, v, defaults.minSegmentBytes);
    overrides.set(k, v);
  }
  return new Topic(name, id, partitions, rf, defaults.brokerIds, overrides, now);
}

/** Checks a DeleteTopics request. */
export function checkDeletable(topics: ReadonlyMap<string, Topic>, name: string): Topic {
  const topic = topics.get(name);
  if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`);
  if (topic.internal) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic ${name} is an internal topic and cannot be deleted.`);
  return topic;
}

/** Checks a CreatePartitions request. */
export function checkNewPartitionCount(topic: Topic, total: number): void {
  if (!Number.isInteger(total) || total < 1) throw new KafkaError('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  if (total === topic.partitionCount) throw new KafkaError('INVALID_PARTITIONS', `Topic already has ${total} partitions.`);
  if (total < topic.partitionCount) {
    throw new KafkaError('INVALID_PARTITIONS', `Topic currently has ${topic.partitionCount} partitions, which is higher than the requested ${total}.`);
  }
}

/** Validates IncrementalAlterConfigs changes; returns them as a map. */
export function checkConfigChanges(changes: Readonly<Record<string, string | null>>, minSegmentBytes: number): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) {
      if (!(k in TOPIC_CONFIG_DEFAULTS)) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${k}`);
    } else {
      validateTopicConfig(k, v, minSegmentBytes);
    }
    out.set(k, v);
  }
  return out;
}

/** Every config with its effective value (DescribeConfigs). */
export function describeTopicConfigs(topic: Topic): TopicConfigEntry[] {
  return Object.keys(TOPIC_CONFIG_DEFAULTS).sort().map((name) => {
    const override = topic.overrides.get(name);
    return { name, value: override ?? TOPIC_CONFIG_DEFAULTS[name]!, isDefault: override === undefined };
  });
}
