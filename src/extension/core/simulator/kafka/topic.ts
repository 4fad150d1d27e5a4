/**
 * A topic: its partition logs, replica placement and config overrides. Names are validated as
 * org.apache.kafka.common.internals.Topic.validate does, and replicas are placed round-robin over the
 * brokers as the controller's StripedReplicaPlacer does for a rack-less cluster (leader of partition p
 * on broker (start + p) mod n, followers on the next brokers), with a fixed start so runs repeat.
 */
import { logSettings, type LogSettings } from './config.js';
import { KafkaError } from './errors.js';
import { PartitionLog } from './log.js';

/** Kafka's internal topics: hidden from listings unless asked for. */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

const LEGAL = /^[a-zA-Z0-9._-]+$/;
const MAX_NAME_LENGTH = 249;

/** Throws INVALID_TOPIC_EXCEPTION for a name Kafka refuses. */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw new KafkaError('INVALID_TOPIC_EXCEPTION', 'Topic name is illegal, it can\'t be empty');
  if (name === '.' || name === '..') throw new KafkaError('INVALID_TOPIC_EXCEPTION', 'Topic name cannot be "." or ".."');
  if (name.length > MAX_NAME_LENGTH) {
    throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic name is illegal, it can't be longer than ${MAX_NAME_LENGTH} characters, topic name: ${name}`);
  }
  if (!LEGAL.test(name)) {
    throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
  }
}

/** Kafka refuses a topic whose name differs from an existing one only by '.' versus '_' (Topic.hasCollision). */
export function collides(a: string, b: string): boolean {
  return a !== b && a.replace(/\./g, '_') === b.replace(/\./g, '_');
}

/** One partition's replica placement. */
export interface Placement {
  readonly leader: number;
  readonly replicas: readonly number[];
}

/** A topic of the simulated cluster. */
export class Topic {
  readonly name: string;
  readonly id: string;
  readonly replicationFactor: number;
  readonly internal: boolean;
  readonly partitions: PartitionLog[] = [];
  readonly placements: Placement[] = [];
  /** Config overrides only; defaults come from TOPIC_CONFIG_DEFAULTS. */
  readonly overrides = new Map<string, string>();
  private cached: LogSettings;
  private readonly brokerIds: readonly number[];

  constructor(name: string, id: string, partitions: number, replicationFactor: number, brokerIds: readonly number[],
    overrides: ReadonlyMap<string, string>, now: number) {
    this.name = name;
    this.id = id;
    this.replicationFactor = replicationFactor;
    this.internal = INTERNAL_TOPICS.has(name);
    this.brokerIds = brokerIds;
    for (const [k, v] of overrides) this.overrides.set(k, v);
    this.cached = logSettings(this.overrides);
    this.addPartitions(partitions, now);
  }

  get settings(): LogSettings {
    return this.cached;
  }

  get partitionCount(): number {
    return this.partitions.length;
  }

  /** Grows the topic to `total` partitions; existing partitions keep their data. */
  addPartitions(total: number, now: number): void {
    const n = this.brokerIds.length;
    for (let p = this.partitions.length; p < total; p++) {
      this.partitions.push(new PartitionLog(this.name, p, now));
      const replicas: number[] = [];
      for (let r = 0; r < this.replicationFactor; r++) replicas.push(this.brokerIds[(p + r) % n]!);
      this.placements.push({ leader: replicas[0]!, replicas });
    }
  }

  /** Applies override changes (null = back to default) that the caller already validated. */
  alter(changes: ReadonlyMap<string, string | null>): void {
    for (const [k, v] of changes) {
      if (v === null) this.overrides.delete(k);
      else this.overrides.set(k, v);
    }
    this.cached = logSettings(this.overrides);
  }

  /** The partition log, or UNKNOWN_TOPIC_OR_PARTITION. */
  partition(p: number): PartitionLog {
    const log = Number.isInteger(p) ? this.partitions[p] : undefined;
    if (!log) {
      throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `This server does not host this topic-partition: ${this.name}-${p} (the topic has ${this.partitions.length} partitions).`);
    }
    return log;
  }
}
