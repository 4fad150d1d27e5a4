/**
 * The produce path: validate each record as the broker would, choose its partition with the Java
 * client's partitioner, group each partition's records into batches of at most batch.size bytes (as
 * RecordAccumulator does) and append the batches. Work per record is a few array writes; allocation
 * is a handful of typed arrays per call, none per record.
 */
import { KafkaError } from './errors.js';
import type { KafkaEventListener } from './events.js';
import type { DefaultPartitioner } from './partitioner.js';
import { headersSize, RECORD_BATCH_OVERHEAD, sizeOfVarlong, type KafkaHeader } from './recordSize.js';
import type { Topic } from './topic.js';

/** One record to produce. Bytes only: adapters encode strings before calling the engine. */
export interface ProduceRecord {
  readonly key?: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: readonly KafkaHeader[];
  /** An explicit partition; otherwise the partitioner decides. */
  readonly partition?: number;
  /** CreateTime in ms; defaults to the clock (what the Java producer does with a null timestamp). */
  readonly timestamp?: number;
}

/** acks as the producer config spells it: 'all' (-1, the default), 'leader' (1) or 'none' (0). */
export type Acks = 'all' | 'leader' | 'none';

/** Producer-side options of one produce call. */
export interface ProduceOptions {
  readonly acks?: Acks;
  /** All or nothing, as a broker takes one record batch: one bad record refuses every record. */
  readonly atomic?: boolean;
}

/** Per-record results, in input order. */
export interface ProduceResult {
  readonly partitions: Int32Array;
  /** Assigned offsets; -1 for a failed record or with acks=none (RecordMetadata reports no offset then). */
  readonly offsets: Float64Array;
  readonly timestamps: Float64Array;
  /** Per-record errors; present only when at least one record failed. */
  readonly errors?: readonly (KafkaError | undefined)[];
  readonly failed: number;
}

const NO_KEY: null = null;

/** Produces `records` to `topic`; never throws for a bad record, reports it in `errors` instead. */
export function produceRecords(topic: Topic, records: readonly ProduceRecord[], partitioner: DefaultPartitioner,
  now: number, batchSize: number, options: ProduceOptions, emit: KafkaEventListener | undefined): ProduceResult {
  // Local aliases: under a CommonJS transform (tsx) every imported binding is a getter call.
  const sizeOfHeaders = headersSize;
  const overhead = RECORD_BATCH_OVERHEAD;
  const n = records.length;
  const numPartitions = topic.partitionCount;
  const s = topic.settings;
  const partitions = new Int32Array(n);
  const timestamps = new Float64Array(n);
  /** Record body size with zero offset and timestamp deltas; the batch pass adds the real deltas. */
  const bodies = new Int32Array(n);
  const sizes = new Int32Array(n);
  const offsets = new Float64Array(n).fill(-1);
  const counts = new Int32Array(numPartitions);
  let errors: (KafkaError | undefined)[] | undefined;
  let failed = 0;
  // With acks=all the leader needs min.insync.replicas in sync; the simulated ISR is every replica.
  const notEnoughReplicas = (options.acks ?? 'all') === 'all' && s.minInsyncReplicas > topic.replicationFactor;
  const checkTimestamps = !s.logAppendTime;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const key = r.key ?? NO_KEY;
    const value = r.value;
    const explicit = r.partition;
    const given = r.timestamp;
    const ts = s.logAppendTime || given === undefined ? now : given;
    const hb = r.headers === undefined ? 1 : sizeOfHeaders(r.headers);
    const keyLen = key === null ? -1 : key.length;
    const valueLen = value === null ? -1 : value.length;
    // attributes (1) + zero deltas (1 + 1) + key + value + headers
    const body = 3 + (keyLen < 0 ? 1 : varintSize(keyLen) + keyLen) + (valueLen < 0 ? 1 : varintSize(valueLen) + valueLen) + hb;
    const size0 = body + varintSize(body);
    const bad = notEnoughReplicas
      || (explicit !== undefined && (!Number.isInteger(explicit) || explicit < 0 || explicit >= numPartitions))
      || (key === null && s.compact)
      || (given !== undefined && (!(given >= 0) || (checkTimestamps && (ts - now > s.timestampAfterMaxMs || now - ts > s.timestampBeforeMaxMs))))
      || size0 + overhead > s.maxMessageBytes;
    if (bad) {
      errors ??= new Array<KafkaError | undefined>(n);
      errors[i] = recordError(topic, r, numPartitions, notEnoughReplicas, size0 + overhead, now);
      partitions[i] = -1;
      failed++;
      continue;
    }
    const p = partitioner.partition(topic.name, key, numPartitions, explicit);
    if (explicit === undefined && (key === null || partitioner.ignoresKeys)) partitioner.onStickyAppend(topic.name, numPartitions, size0);
    partitions[i] = p;
    timestamps[i] = ts;
    bodies[i] = body;
    counts[p]!++;
  }

  // Counting sort by partition keeps each partition's records in input order.
  const starts = new Int32Array(numPartitions + 1);
  for (let p = 0; p < numPartitions; p++) starts[p + 1] = starts[p]! + counts[p]!;
  const order = new Int32Array(starts[numPartitions]!);
  const fill = starts.slice(0, numPartitions);
  for (let i = 0; i < n; i++) {
    const p = partitions[i]!;
    if (p >= 0) order[fill[p]!++] = i;
  }

  if (options.atomic && failed > 0) {
    if (emit) emit({ type: 'produce-failed', time: now, topic: topic.name, count: n, code: errors!.find((e) => e)!.code });
    return { partitions, offsets, timestamps, errors: errors!, failed };
  }
  const writeOffsets = options.acks === 'none' ? undefined : offsets;
  for (let p = 0; p < numPartitions; p++) {
    const end = starts[p + 1]!;
    let j = starts[p]!;
    if (j === end) continue;
    const log = topic.partitions[p]!;
    while (j < end) {
      // One batch: records until the next would pass batch.size (a lone big record is its own batch).
      const first = order[j]!;
      const firstTs = timestamps[first]!;
      let bytes = overhead;
      let maxTs = firstTs;
      let k = j;
      for (; k < end; k++) {
        const idx = order[k]!;
        const ts = timestamps[idx]!;
        const delta = ts - firstTs;
        // DefaultRecord.sizeInBytes: the zero deltas above cost one byte each; add what the real ones cost.
        const body = bodies[idx]! + varintSize(k - j) - 1 + (delta === 0 ? 0 : sizeOfVarlong(delta) - 1);
        const size = body + varintSize(body);
        if (k > j && bytes + size > batchSize) break;
        sizes[idx] = size;
        bytes += size;
        if (ts > maxTs) maxTs = ts;
      }
      sizes[first]! += overhead;
      const base = log.appendBatch(records, order, j, k, timestamps, sizes, bytes, maxTs, now, s, writeOffsets);
      if (emit) emit({ type: 'appended', time: now, topic: topic.name, partition: p, baseOffset: base, count: k - j, bytes });
      j = k;
    }
  }
  if (errors && emit) emit({ type: 'produce-failed', time: now, topic: topic.name, count: failed, code: errors.find((e) => e)!.code });
  return errors ? { partitions, offsets, timestamps, errors, failed } : { partitions, offsets, timestamps, failed };
}

/** Zig-zag varint length of a non-negative int (ByteUtils.sizeOfVarint), inlined for the hot loop. */
function varintSize(v: number): number {
  const z = v * 2;
  return z < 0x80 ? 1 : z < 0x4000 ? 2 : z < 0x200000 ? 3 : z < 0x10000000 ? 4 : 5;
}

/** The error for a record the fast checks rejected (the cold path, so messages are built only here). */
function recordError(topic: Topic, r: ProduceRecord, numPartitions: number, notEnoughReplicas: boolean, size: number, now: number): KafkaError {
  const s = topic.settings;
  const explicit = r.partition;
  if (notEnoughReplicas) {
    return new KafkaError('NOT_ENOUGH_REPLICAS', `Messages are rejected since there are fewer in-sync replicas (${topic.replicationFactor}) than required (min.insync.replicas=${s.minInsyncReplicas}) for ${topic.name}.`);
  }
  if (explicit !== undefined && (!Number.isInteger(explicit) || explicit < 0 || explicit >= numPartitions)) {
    return new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Invalid partition given with record: ${explicit} is not in the range [0...${numPartitions}).`);
  }
  if ((r.key ?? null) === null && s.compact) {
    return new KafkaError('INVALID_RECORD', `Compacted topic cannot accept message without key in topic partition ${topic.name}-${explicit ?? 0}.`);
  }
  if (r.timestamp !== undefined && !(r.timestamp >= 0)) {
    return new KafkaError('INVALID_TIMESTAMP', `Invalid timestamp: ${r.timestamp}. Timestamp should always be non-negative or null.`);
  }
  if (r.timestamp !== undefined && !s.logAppendTime) {
    const ts = r.timestamp;
    if (ts - now > s.timestampAfterMaxMs || now - ts > s.timestampBeforeMaxMs) {
      return new KafkaError('INVALID_TIMESTAMP', `Timestamp ${ts} of message is out of range: it must be within [${now - s.timestampBeforeMaxMs}, ${now + s.timestampAfterMaxMs}] (message.timestamp.before/after.max.ms).`);
    }
  }
  return new KafkaError('MESSAGE_TOO_LARGE', `The message is ${size} bytes when serialized, which is larger than max.message.bytes (${s.maxMessageBytes}) of topic ${topic.name}.`);
}
