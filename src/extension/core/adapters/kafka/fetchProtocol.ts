/**
 * One Fetch request for one partition, sent to its leader without any consumer group, with a response
 * decoder (recordBatch.ts) that keeps what kafkajs's own decoder drops: where each record batch ends. A browser needs
 * that to step over batches that hold no visible records (compaction leaves empty batches, transactions
 * leave control batches), and to tell "the next batch did not fit in maxBytes" from "nothing there".
 */
import { createErrorFromCode, Decoder, fetchV11, READ_UNCOMMITTED, type InternalBroker } from './internals.js';
import { decodeRecordSet, type DecodedRecordSet } from './recordBatch.js';

/** One record as decoded, before it becomes a BrokerRecord. Buffers are views into the response. */
export interface FetchedRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | Buffer[] | null>;
}

/** One record batch: its offset range and its visible (non-control) records. */
export interface FetchedBatch {
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly records: readonly FetchedRecord[];
}

/** The answer for the one partition asked. */
export interface FetchResult {
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly batches: readonly FetchedBatch[];
  /** Bytes the broker sent for the partition. */
  readonly bytes: number;
  /** Set when no whole batch fit: the size in bytes the first batch needs. */
  readonly firstBatchBytes?: number;
}

/** What to fetch. */
export interface FetchArgs {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly maxBytes: number;
  /** How long the broker may wait for data (0 = answer at once; tail uses a long poll). */
  readonly maxWaitMs: number;
  /** Client-side timeout on top of maxWaitMs. */
  readonly requestTimeoutMs: number;
  /** Records at or past this offset are not built (their batches still bound the result). */
  readonly until?: number;
}

const FETCH_API_KEY = 1;

type Decoded = DecodedRecordSet & { bytes: number };

async function decodeBatches(decoder: Decoder, from: number, to: number): Promise<Decoded> {
  const size = decoder.readInt32();
  if (size <= 0 || !decoder.canReadBytes(size)) return { batches: [], bytes: Math.max(size, 0) };
  const buffer = decoder.readBytes(size)!;
  return { ...(await decodeRecordSet(buffer, from, to)), bytes: size };
}

/** Decodes a Fetch v11 response, building only records with offsets in [from, to). */
async function decodeResponse(payload: Buffer, from: number, to: number): Promise<Map<string, FetchResult>> {
  const decoder = new Decoder(payload);
  decoder.readInt32(); // throttle_time_ms
  const topLevelError = decoder.readInt16();
  decoder.readInt32(); // session_id
  const results = new Map<string, FetchResult>();
  await decoder.readArrayAsync(async (topicDecoder) => {
    const topic = topicDecoder.readString();
    await topicDecoder.readArrayAsync(async (p) => {
      const partition = p.readInt32();
      const errorCode = p.readInt16();
      const highWatermark = Number(p.readInt64().toString());
      p.readInt64(); // last_stable_offset
      const logStartOffset = Number(p.readInt64().toString());
      p.readArray((a) => {
        a.readInt64();
        a.readInt64();
        return undefined;
      });
      p.readInt32(); // preferred_read_replica
      const decoded = await decodeBatches(p, from, to);
      results.set(`${topic}:${partition}`, { errorCode: errorCode || topLevelError, highWatermark, logStartOffset, ...decoded });
    });
  });
  if (results.size === 0 && topLevelError) throw createErrorFromCode(topLevelError);
  return results;
}

/** Fetch connections being opened, per broker. */
const openingFetchConnection = new WeakMap<InternalBroker, Promise<unknown>>();

/**
 * kafkajs sends Fetch on the broker's second pooled connection and opens it on first use without a
 * lock: two Fetches started together (pages of several partitions on one leader) each open a socket,
 * and the first is orphaned, open forever. Opening it once here, shared by concurrent callers, avoids
 * that leak.
 */
function fetchConnection(broker: InternalBroker): Promise<unknown> {
  let opening = openingFetchConnection.get(broker);
  if (!opening) {
    opening = broker.connectionPool.getConnection(FETCH_CONNECTION_INDEX).finally(() => openingFetchConnection.delete(broker));
    openingFetchConnection.set(broker, opening);
  }
  return opening;
}

/** kafkajs's ConnectionPool keeps Fetch on connection 1 so long polls never block other requests. */
const FETCH_CONNECTION_INDEX = 1;

/** True when the broker speaks Fetch v11 (Kafka 2.3+), the version this decoder reads. */
export function supportsFetchV11(broker: InternalBroker): boolean {
  const v = broker.versions?.[FETCH_API_KEY];
  return v !== undefined && v.minVersion <= 11 && v.maxVersion >= 11;
}

/**
 * Sends one Fetch (v11, READ_UNCOMMITTED, no fetch session, replica id -1 like any consumer) for one
 * partition to `broker`, which must be its leader. Protocol errors come back as `errorCode`.
 */
export async function fetchPartition(broker: InternalBroker, args: FetchArgs): Promise<FetchResult> {
  await fetchConnection(broker);
  const request = fetchV11({
    replicaId: -1,
    maxWaitTime: args.maxWaitMs,
    minBytes: 1,
    maxBytes: args.maxBytes,
    isolationLevel: READ_UNCOMMITTED,
    topics: [{ topic: args.topic, partitions: [{ partition: args.partition, fetchOffset: String(args.offset), maxBytes: args.maxBytes }] }],
  });
  const results = (await broker.connectionPool.send({
    request,
    response: { decode: (payload) => decodeResponse(payload, args.offset, args.until ?? Number.MAX_SAFE_INTEGER), parse: async (data) => data },
    requestTimeout: args.maxWaitMs + args.requestTimeoutMs,
  })) as Map<string, FetchResult>;
  const result = results.get(`${args.topic}:${args.partition}`);
  if (!result) throw new Error(`Fetch response had no data for ${args.topic}:${args.partition}`);
  return result;
}

/**
 * One Fetch (v11) for many partitions on one leader, each from its own offset with at most
 * `partitionMaxBytes`: what a group refresh uses to read the oldest unconsumed record of every
 * lagging partition in one request per leader instead of one per partition. Results are keyed
 * `topic:partition`; a partition whose first batch did not fit has no batches and `firstBatchBytes`.
 */
export async function fetchPartitions(
  broker: InternalBroker,
  args: { partitions: readonly { topic: string; partition: number; offset: number }[]; partitionMaxBytes: number; requestTimeoutMs: number },
): Promise<Map<string, FetchResult>> {
  await fetchConnection(broker);
  const byTopic = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
  for (const p of args.partitions) {
    const list = byTopic.get(p.topic) ?? [];
    list.push({ partition: p.partition, fetchOffset: String(p.offset), maxBytes: args.partitionMaxBytes });
    byTopic.set(p.topic, list);
  }
  const request = fetchV11({
    replicaId: -1,
    maxWaitTime: 0,
    minBytes: 1,
    maxBytes: Math.min(64 * 1024 * 1024, args.partitions.length * args.partitionMaxBytes),
    isolationLevel: READ_UNCOMMITTED,
    topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
  });
  return (await broker.connectionPool.send({
    request,
    response: { decode: (payload) => decodeResponse(payload, 0, Number.MAX_SAFE_INTEGER), parse: async (data) => data },
    requestTimeout: args.requestTimeoutMs,
  })) as Map<string, FetchResult>;
}

/** The kafkajs protocol error for a Fetch error code, so errors.ts maps it like any other. */
export function fetchError(code: number, topic: string, partition: number): Error {
  const error = createErrorFromCode(code) as Error & { topic?: string; partition?: number };
  error.topic = topic;
  error.partition = partition;
  return error;
}
