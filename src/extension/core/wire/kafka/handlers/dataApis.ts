/**
 * The data path: Produce (record batches appended to the engine's partition logs, idempotent
 * producers de-duplicated), Fetch (log slices encoded as record batches, long polling on max.wait.ms)
 * and ListOffsets.
 */
import { errorName, errorText, topicById, type Handler, type RequestContext } from '../context.js';
import { errorCode } from '../errorCodes.js';
import { decodeBatches, encodeSegmentBatch } from '../recordBatch.js';
import { WireWriter } from '../bytes.js';
import type { Struct } from '../schema.js';

/** Kafka answers a fetch with nothing to return with empty records, never null (librdkafka refuses null). */
const EMPTY_RECORDS = Buffer.alloc(0);

const ACKS: Readonly<Record<number, 'all' | 'leader' | 'none'>> = { [-1]: 'all', 1: 'leader', 0: 'none' };

export const produce: Handler = (req, ctx) => {
  const acks = ACKS[req.acks as number];
  const topicData = req.topicData as { name: string; topicId: Uint8Array; partitionData: { index: number; records: Buffer | null }[] }[];
  const responses = topicData.map((t) => ({
    name: t.name,
    topicId: t.topicId,
    partitionResponses: t.partitionData.map((p) => {
      const name = ctx.version >= 13 ? topicById(ctx.cluster, t.topicId) : t.name;
      if (name === undefined) return partitionError(p.index, 'UNKNOWN_TOPIC_ID', 'This server does not host a topic with this id.');
      if (acks === undefined) return partitionError(p.index, 'INVALID_REQUIRED_ACKS', `acks=${String(req.acks)} is not one of -1, 0, 1.`);
      if (req.transactionalId !== null && req.transactionalId !== undefined) return partitionError(p.index, 'INVALID_REQUEST', 'Transactions are not simulated.');
      return produceOne(ctx, name, p.index, p.records, acks);
    }),
  }));
  if (acks === 'none') return undefined;
  return { responses, throttleTimeMs: 0 };
};

function produceOne(ctx: RequestContext, topic: string, partition: number, records: Buffer | null, acks: 'all' | 'leader' | 'none'): Struct {
  try {
    if (!ctx.cluster.hasTopic(topic) || partition < 0 || partition >= ctx.cluster.topic(topic).partitionCount) {
      return partitionError(partition, 'UNKNOWN_TOPIC_OR_PARTITION', `This server does not host this topic-partition: ${topic}-${partition}.`);
    }
    const batches = decodeBatches(records ?? Buffer.alloc(0));
    let baseOffset = -1;
    let logStartOffset = -1;
    for (const b of batches) {
      if (b.transactional || b.control) return partitionError(partition, 'INVALID_RECORD', 'Transactional and control batches are not simulated.');
      const result = ctx.cluster.appendBatch(topic, partition, b.records, { acks, producerId: b.producerId, producerEpoch: b.producerEpoch, baseSequence: b.baseSequence });
      if (baseOffset < 0) baseOffset = result.baseOffset;
      logStartOffset = result.logStartOffset;
      ctx.counters.published += b.records.length;
    }
    return { index: partition, errorCode: 0, baseOffset, logAppendTimeMs: -1, logStartOffset, recordErrors: [], errorMessage: null };
  } catch (error) {
    return partitionError(partition, errorName(error), errorText(error));
  }
}

function partitionError(index: number, name: string, message: string): Struct {
  return { index, errorCode: errorCode(name), baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: message };
}

interface FetchPartition {
  readonly partition: number;
  readonly fetchOffset: number;
  readonly partitionMaxBytes: number;
}

export const fetch: Handler = async (req, ctx) => {
  // Fetch v13+ names topics by id; an unknown id reads as a topic that does not exist.
  const topics = (req.topics as { topic: string; topicId: Uint8Array; partitions: FetchPartition[] }[]).map((t) => ({
    ...t, name: ctx.version >= 13 ? topicById(ctx.cluster, t.topicId) : t.topic,
  }));
  const maxWaitMs = Math.min(Math.max(0, req.maxWaitMs as number), 30000);
  const minBytes = req.minBytes as number;
  const maxBytes = ctx.version >= 3 ? (req.maxBytes as number) : 0x7fffffff;
  let answer = readAll(ctx, topics, maxBytes);
  if (answer.bytes < minBytes && maxWaitMs > 0 && !answer.error && !ctx.closed()) {
    const wanted = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name ?? '', partition: p.partition })));
    await ctx.fetchWaiters.wait(wanted, maxWaitMs, (fn) => ctx.onClose(fn));
    if (ctx.closed()) return undefined;
    answer = readAll(ctx, topics, maxBytes);
  }
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: answer.responses };
};

interface FetchTopic {
  readonly topic: string;
  readonly topicId: Uint8Array;
  /** The resolved name (undefined for an unknown topic id). */
  readonly name: string | undefined;
  readonly partitions: readonly FetchPartition[];
}

function readAll(ctx: RequestContext, topics: readonly FetchTopic[], maxBytes: number): { responses: Struct[]; bytes: number; error: boolean } {
  let budget = maxBytes;
  let total = 0;
  let error = false;
  const responses = topics.map((t) => ({
    topic: t.topic,
    topicId: t.topicId,
    partitions: t.partitions.map((p) => {
      const r = t.name === undefined ? unknownTopicId(p.partition) : readPartition(ctx, t.name, p, budget, total === 0);
      budget -= r.bytes;
      total += r.bytes;
      if (r.struct.errorCode !== 0) error = true;
      return r.struct;
    }),
  }));
  return { responses, bytes: total, error };
}

function unknownTopicId(partition: number): { struct: Struct; bytes: number } {
  return { struct: { partitionIndex: partition, errorCode: errorCode('UNKNOWN_TOPIC_ID'), highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: null, preferredReadReplica: -1, records: EMPTY_RECORDS }, bytes: 0 };
}

function readPartition(ctx: RequestContext, topic: string, p: FetchPartition, budget: number, first: boolean): { struct: Struct; bytes: number } {
  const base = { partitionIndex: p.partition, abortedTransactions: null, preferredReadReplica: -1 };
  const { cluster } = ctx;
  if (!cluster.hasTopic(topic) || p.partition < 0 || p.partition >= cluster.topic(topic).partitionCount) {
    return { struct: { ...base, errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: EMPTY_RECORDS }, bytes: 0 };
  }
  const log = cluster.topic(topic).partition(p.partition);
  const bounds = { highWatermark: log.highWatermark, lastStableOffset: log.highWatermark, logStartOffset: log.logStartOffset };
  if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
    return { struct: { ...base, ...bounds, errorCode: errorCode('OFFSET_OUT_OF_RANGE'), records: EMPTY_RECORDS }, bytes: 0 };
  }
  // A fetch returns at least one batch even past the byte limits (KIP-74), so a consumer always progresses.
  const limit = Math.max(0, Math.min(p.partitionMaxBytes, budget));
  if (p.fetchOffset === log.highWatermark || (limit === 0 && !first)) return { struct: { ...base, ...bounds, errorCode: 0, records: EMPTY_RECORDS }, bytes: 0 };
  const read = cluster.read(topic, p.partition, p.fetchOffset, { maxRecords: 1_000_000, maxBytes: Math.max(1, limit) });
  if (read.count === 0) return { struct: { ...base, ...bounds, errorCode: 0, records: EMPTY_RECORDS }, bytes: 0 };
  const w = new WireWriter(Math.min(read.bytes + 128, 1 << 20));
  for (const s of read.slices) encodeSegmentBatch(w, s.segment, s.from, s.to);
  ctx.counters.delivered += read.count;
  const records = Buffer.from(w.finish());
  return { struct: { ...base, ...bounds, errorCode: 0, records }, bytes: records.length };
}

export const listOffsets: Handler = (req, ctx) => {
  const topics = (req.topics as { name: string; partitions: { partitionIndex: number; timestamp: number }[] }[]).map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      const base = { partitionIndex: p.partitionIndex, leaderEpoch: -1 };
      if (!ctx.cluster.hasTopic(t.name) || p.partitionIndex < 0 || p.partitionIndex >= ctx.cluster.topic(t.name).partitionCount) {
        return { ...base, errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), timestamp: -1, offset: -1 };
      }
      const ts = p.timestamp;
      // -1 latest, -2 earliest, -3 max timestamp, -4 earliest local, -5 earliest pending upload (tiered storage: none here).
      if (ts === -1 || ts === -2 || ts === -4 || ts === -5) {
        return { ...base, errorCode: 0, timestamp: -1, offset: ctx.cluster.listOffsets(t.name, p.partitionIndex, ts === -1 ? 'latest' : 'earliest') };
      }
      if (ts === -3) {
        const rec = ctx.cluster.topic(t.name).partition(p.partitionIndex).maxTimestampRecord();
        return { ...base, errorCode: 0, timestamp: rec?.timestamp ?? -1, offset: rec?.offset ?? -1 };
      }
      const found = ctx.cluster.offsetsForTimes(t.name, p.partitionIndex, ts);
      return { ...base, errorCode: 0, timestamp: found?.timestamp ?? -1, offset: found?.offset ?? -1 };
    }),
  }));
  return { throttleTimeMs: 0, topics };
};
