/**
 * Topic configs as Kafka 4.x names them (TopicConfig / LogConfig), with the broker defaults, and the
 * subset the model acts on parsed into numbers. Unknown names are rejected like the broker does
 * (INVALID_CONFIG), so a scenario that works here also validates against a real cluster.
 */
import { KafkaError } from './errors.js';

const LONG_MAX = '9223372036854775807';

/** Every topic config the model accepts, with Kafka 4.0's default value. */
export const TOPIC_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'compression.gzip.level': '-1',
  'compression.lz4.level': '9',
  'compression.zstd.level': '3',
  'delete.retention.ms': '86400000',
  'file.delete.delay.ms': '60000',
  'flush.messages': LONG_MAX,
  'flush.ms': LONG_MAX,
  'follower.replication.throttled.replicas': '',
  'index.interval.bytes': '4096',
  'leader.replication.throttled.replicas': '',
  'local.retention.bytes': '-2',
  'local.retention.ms': '-2',
  'max.compaction.lag.ms': LONG_MAX,
  'max.message.bytes': '1048588',
  // KIP-1030: 4.0 lowered this from Long.MAX to one hour.
  'message.timestamp.after.max.ms': '3600000',
  'message.timestamp.before.max.ms': LONG_MAX,
  'message.timestamp.type': 'CreateTime',
  'min.cleanable.dirty.ratio': '0.5',
  'min.compaction.lag.ms': '0',
  'min.insync.replicas': '1',
  preallocate: 'false',
  'remote.storage.enable': 'false',
  'retention.bytes': '-1',
  'retention.ms': '604800000',
  'segment.bytes': '1073741824',
  'segment.index.bytes': '10485760',
  'segment.jitter.ms': '0',
  'segment.ms': '604800000',
  'unclean.leader.election.enable': 'false',
};

/** Kafka 4.0 (KIP-1030) refuses segment.bytes below 1 MiB; tests may lower it through the cluster options. */
export const KAFKA_MIN_SEGMENT_BYTES = 1024 * 1024;

/** The configs the engine reads on its hot paths, parsed once per change. */
export interface LogSettings {
  readonly compact: boolean;
  readonly delete: boolean;
  readonly retentionMs: number;
  readonly retentionBytes: number;
  readonly segmentBytes: number;
  readonly segmentMs: number;
  readonly deleteRetentionMs: number;
  readonly minCompactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly maxMessageBytes: number;
  readonly logAppendTime: boolean;
  readonly timestampAfterMaxMs: number;
  readonly timestampBeforeMaxMs: number;
  readonly minInsyncReplicas: number;
}

type Kind = 'long' | 'int' | 'double' | 'bool' | 'string' | 'list';

const KINDS: Readonly<Record<string, Kind>> = {
  'cleanup.policy': 'list',
  'compression.type': 'string',
  'follower.replication.throttled.replicas': 'string',
  'leader.replication.throttled.replicas': 'string',
  'message.timestamp.type': 'string',
  'min.cleanable.dirty.ratio': 'double',
  preallocate: 'bool',
  'remote.storage.enable': 'bool',
  'unclean.leader.election.enable': 'bool',
  'compression.gzip.level': 'int',
  'compression.lz4.level': 'int',
  'compression.zstd.level': 'int',
  'index.interval.bytes': 'int',
  'max.message.bytes': 'int',
  'min.insync.replicas': 'int',
  'segment.bytes': 'int',
  'segment.index.bytes': 'int',
};

/** Checks one config value; throws INVALID_CONFIG with the broker's kind of message. */
export function validateTopicConfig(name: string, value: string, minSegmentBytes: number): void {
  if (!(name in TOPIC_CONFIG_DEFAULTS)) {
    throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${name}`);
  }
  const kind = KINDS[name] ?? 'long';
  const bad = (why: string): KafkaError =>
    new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${name}: ${why}`);
  switch (kind) {
    case 'list': {
      const parts = value.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
      if (parts.length === 0 || parts.some((p) => p !== 'delete' && p !== 'compact')) {
        throw bad('String must be one of: compact, delete');
      }
      return;
    }
    case 'string':
      if (name === 'compression.type' && !['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'].includes(value)) {
        throw bad('String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer');
      }
      if (name === 'message.timestamp.type' && value !== 'CreateTime' && value !== 'LogAppendTime') {
        throw bad('String must be one of: CreateTime, LogAppendTime');
      }
      return;
    case 'bool':
      if (value !== 'true' && value !== 'false') throw bad('Expected value to be either true or false');
      return;
    case 'double': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw bad('Value must be in the range [0,...,1]');
      return;
    }
    default: {
      if (!/^-?\d+$/.test(value.trim())) throw bad(`Expected a number of type ${kind === 'int' ? 'INT' : 'LONG'}`);
      const n = Number(value);
      if (kind === 'int' && (n > 2147483647 || n < -2147483648)) throw bad('Not a number of type INT');
      if (name === 'segment.bytes' && n < minSegmentBytes) throw bad(`Value must be at least ${minSegmentBytes}`);
      if ((name === 'retention.ms' || name === 'retention.bytes') && n < -1) throw bad('Value must be at least -1');
      if (name === 'min.insync.replicas' && n < 1) throw bad('Value must be at least 1');
      if (name === 'max.message.bytes' && n < 0) throw bad('Value must be at least 0');
      if (name === 'segment.ms' && n < 1) throw bad('Value must be at least 1');
      if ((name === 'delete.retention.ms' || name === 'min.compaction.lag.ms') && n < 0) throw bad('Value must be at least 0');
      if (name === 'max.compaction.lag.ms' && n < 1) throw bad('Value must be at least 1');
    }
  }
}

/** Parses the effective settings from overrides over the defaults. */
export function logSettings(overrides: ReadonlyMap<string, string>): LogSettings {
  const get = (name: string): string => overrides.get(name) ?? TOPIC_CONFIG_DEFAULTS[name]!;
  // Long.MAX_VALUE does not fit a double exactly; it only ever means "never", so Infinity is faithful.
  const num = (name: string): number => {
    const raw = get(name);
    return raw === LONG_MAX ? Number.POSITIVE_INFINITY : Number(raw);
  };
  const policy = get('cleanup.policy').split(',').map((p) => p.trim());
  return {
    compact: policy.includes('compact'),
    delete: policy.includes('delete'),
    retentionMs: num('retention.ms'),
    retentionBytes: num('retention.bytes'),
    segmentBytes: num('segment.bytes'),
    segmentMs: num('segment.ms'),
    deleteRetentionMs: num('delete.retention.ms'),
    minCompactionLagMs: num('min.compaction.lag.ms'),
    maxCompactionLagMs: num('max.compaction.lag.ms'),
    minCleanableDirtyRatio: num('min.cleanable.dirty.ratio'),
    maxMessageBytes: num('max.message.bytes'),
    logAppendTime: get('message.timestamp.type') === 'LogAppendTime',
    timestampAfterMaxMs: num('message.timestamp.after.max.ms'),
    timestampBeforeMaxMs: num('message.timestamp.before.max.ms'),
    minInsyncReplicas: num('min.insync.replicas'),
  };
}
