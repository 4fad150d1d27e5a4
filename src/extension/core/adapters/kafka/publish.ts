/**
 * Producing: one message or a hundred thousand. Partitions are chosen up front with kafkajs's default
 * partitioner (murmur2, as the Java client does for keys), then each partition's messages go straight
 * to its leader as Produce requests (produceProtocol.ts; kafkajs's Producer groups messages in
 * quadratic time and, once a topic it sent to is deleted, fails every later send), in
 * chunks of at most 5,000 records / ~900 kB, in order per partition, several partitions at once. A chunk for one partition is one
 * record batch, which the broker accepts or refuses whole, so each message's outcome (with its
 * offset) is known, and a chunk refused for one bad record is split until the bad record is isolated.
 *
 * A leader that dies mid-publish: chunks not yet sent wait for the new leader (within the request
 * timeout) and go there; chunks in flight on the dead connection are reported as "may or may not have
 * been written", never as confirmed and never resent (no duplicates); other partitions carry on.
 */
import { CompressionTypes, type Partitioners } from 'kafkajs';
import type { CallOptions } from '../../model/adapter.js';
import { BrokerError, type BrokerErrorCode } from '../../model/errors.js';
import { publishReport, type OutgoingMessage, type PublishOutcome, type PublishReport, type PublishTarget } from '../../model/message.js';
import { LEADER_CHANGED_TYPES, type PartitionReader } from './partitionReader.js';
import { encodeRecordBatch, produceBatch, supportsProduceV3, type OutgoingRecord } from './produceProtocol.js';

/** Most records per produce request. */
export const CHUNK_RECORDS = 5_000;
/** Most (estimated) bytes per produce request, under the broker's default 1 MB batch limit. */
export const CHUNK_BYTES = 900 * 1024;
const IN_FLIGHT = 4;
const PIPELINE = 3;

/** Errors after which nothing else in the call can succeed. */
const FATAL: ReadonlySet<BrokerErrorCode> = new Set(['unreachable', 'authFailed', 'tlsUntrusted', 'accessRefused', 'notFound', 'disconnected', 'cancelled', 'unsupported']);
/** Errors that may concern only some records of a chunk. */
const PER_RECORD: ReadonlySet<BrokerErrorCode> = new Set(['invalidInput', 'unknown']);

const ACKS = { all: -1, leader: 1, none: 0 } as const;
const COMPRESSION = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4 } as const;

type Partitioner = ReturnType<typeof Partitioners.DefaultPartitioner>;

/** Everything a publish needs from the adapter. */
export interface PublishContext {
  readonly reader: PartitionReader;
  readonly partitioner: Partitioner;
  readonly toError: (error: unknown) => BrokerError;
  readonly requestTimeoutMs: number;
}

/** Node codes that mean "no connection was made", so nothing of the request reached the broker. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** kafkajs error names that mean the leader's connection failed or went silent. */
const CONNECTION_LOST_NAMES = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSRequestTimeoutError']);

/** The error and its causes (kafkajs nests them as originalError or cause). */
function links(e: unknown): { name?: string; code?: string; message?: string }[] {
  const out: { name?: string; code?: string; message?: string }[] = [];
  for (let cur = e as { name?: string; code?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined; cur && out.length < 8; ) {
    out.push(cur);
    cur = (cur.originalError ?? cur.cause) as typeof cur;
  }
  return out;
}

/**
 * A chunk whose leader connection dropped (or went silent) after the request may have been written:
 * the broker may or may not have appended it, so it is neither confirmed nor resent (a resend could
 * write it twice).
 */
class OutcomeUnknown extends Error {
  constructor(readonly reason: string, readonly laneOver: boolean) {
    super(reason);
  }
}

/** Sends one chunk to one partition's leader; the base offset, or undefined with acks 0. */
async function produceChunk(ctx: PublishContext, topic: string, partition: number, batch: Buffer, acks: number): Promise<number | undefined> {
  // A leader that is gone (killed, restarting) refuses connections until the cluster elects a new one
  // (seconds: the broker session timeout); keep asking the metadata until then, within the request timeout.
  const deadline = Date.now() + ctx.requestTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    let nodeId: number | undefined;
    try {
      const broker = await ctx.reader.leader(topic, partition);
      nodeId = (broker as { nodeId?: number }).nodeId;
      if (!supportsProduceV3(broker)) {
        throw new BrokerError('unsupported', `Publishing to topic "${topic}" failed: the broker does not accept Produce v3 (Kafka 0.11 or newer). Upgrade the cluster to publish with BrokerLens.`);
      }
      return await produceBatch(broker, { topic, partition, batch, acks, timeoutMs: ctx.requestTimeoutMs });
    } catch (e) {
      const type = (e as { type?: string }).type;
      // A leader moved: ask the metadata again and resend (the batch was refused whole, so no duplicate).
      if (type && LEADER_CHANGED_TYPES.has(type) && attempt < 4) {
        ctx.reader.forgetLeader(topic, partition);
        await new Promise((r) => setTimeout(r, 100 * attempt));
        continue;
      }
      const chain = links(e);
      if (!chain.some((l) => (l.name !== undefined && CONNECTION_LOST_NAMES.has(l.name)) || l.code === 'ECONNRESET' || l.code === 'EPIPE')) throw e;
      ctx.reader.forgetLeader(topic, partition);
      if (chain.some((l) => l.code !== undefined && NEVER_SENT_CODES.has(l.code))) {
        // Nothing was sent: safe to send again, to whichever broker leads the partition now.
        if (Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(1_000, 150 * attempt)));
          continue;
        }
        throw e;
      }
      const leader = nodeId === undefined ? 'its leader' : `its leader (broker ${nodeId})`;
      const silent = chain.some((l) => l.name === 'KafkaJSRequestTimeoutError');
      throw new OutcomeUnknown(
        silent
          ? `Publishing to partition ${partition} of topic "${topic}" failed: ${leader} did not answer within ${ctx.requestTimeoutMs} ms, so this message may or may not have been written. Browse the partition to check before publishing it again.`
          : `Publishing to partition ${partition} of topic "${topic}" failed: ${leader} dropped the connection before acknowledging, so this message may or may not have been written. Browse the partition to check before publishing it again.`,
        silent,
      );
    }
  }
}

interface Item {
  readonly index: number;
  readonly record: OutgoingRecord;
  readonly bytes: number;
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function toRecord(m: OutgoingMessage): { record: OutgoingRecord; bytes: number } {
  const key = m.key === undefined || m.key === null ? null : typeof m.key === 'string' ? Buffer.from(m.key, 'utf8') : asBuffer(m.key);
  const value = m.value === null ? null : typeof m.value === 'string' ? Buffer.from(m.value, 'utf8') : asBuffer(m.value);
  let bytes = 20 + (key?.length ?? 0) + (value?.length ?? 0);
  const headers: (readonly [string, Buffer])[] = [];
  for (const [name, v] of m.headerList ?? Object.entries(m.headers ?? {})) {
    const h = v instanceof Uint8Array ? asBuffer(v) : Buffer.from(String(v), 'utf8');
    headers.push([name, h]);
    bytes += name.length + h.length + 4;
  }
  return { record: { key, value, headers, ...(m.timestamp !== undefined ? { timestamp: Math.trunc(m.timestamp) } : {}) }, bytes };
}

function chunks(items: readonly Item[]): Item[][] {
  const out: Item[][] = [];
  let current: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= CHUNK_RECORDS || bytes + item.bytes > CHUNK_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Publishes to a topic and reports every message's outcome, in order. */
export async function publishToTopic(ctx: PublishContext, target: PublishTarget, messages: readonly OutgoingMessage[], options: CallOptions = {}): Promise<PublishReport> {
  const topic = target.destination;
  const outcomes: PublishOutcome[] = new Array<PublishOutcome>(messages.length);
  if (messages.length === 0) return publishReport([]);
  const metadata = await ctx.reader.partitions(topic);
  const acks = ACKS[target.acks ?? 'all'];
  const compression = COMPRESSION[target.compression ?? 'none'];

  // Choose partitions first, so each message's offset can be read from its partition's response.
  const byPartition = new Map<number, Item[]>();
  messages.forEach((m, index) => {
    if (m.partition !== undefined && (!Number.isInteger(m.partition) || !metadata.some((p) => p.partitionId === m.partition))) {
      outcomes[index] = { status: 'failed', reason: `Topic "${topic}" has no partition ${m.partition} (it has ${metadata.length}).` };
      return;
    }
    const { record, bytes } = toRecord(m);
    const partition = m.partition ?? ctx.partitioner({ topic, partitionMetadata: metadata, message: { key: record.key, value: record.value } });
    const lane = byPartition.get(partition) ?? [];
    lane.push({ index, record, bytes });
    byPartition.set(partition, lane);
  });

  const queue = new Map<number, Item[][]>([...byPartition].map(([partition, items]) => [partition, chunks(items)]));
  let done = outcomes.filter(Boolean).length;
  let fatal: BrokerError | undefined;
  // A partition whose leader stopped answering: its later chunks are not sent (each would wait the full timeout).
  const silentLanes = new Map<number, string>();

  const fail = (items: readonly Item[], reason: string): void => {
    for (const item of items) outcomes[item.index] = { status: 'failed', reason };
  };

  /** Encodes a chunk; the returned promise settles when the broker answered for it. */
  const send = async (partition: number, items: Item[]): Promise<() => Promise<void>> => {
    const batch = await encodeRecordBatch(items.map((i) => i.record), compression).catch((e: unknown) => e as Error);
    return () => deliver(partition, items, batch);
  };

  const deliver = async (partition: number, items: Item[], batch: Buffer | Error): Promise<void> => {
    if (fatal) return fail(items, fatal.message);
    if (options.signal?.aborted) return fail(items, 'Publishing was cancelled before this message was sent.');
    const silent = silentLanes.get(partition);
    if (silent) return fail(items, silent);
    try {
      if (batch instanceof Error) throw batch;
      const base = await produceChunk(ctx, topic, partition, batch, acks);
      items.forEach((item, i) => {
        outcomes[item.index] = base !== undefined && base >= 0 ? { status: 'confirmed', partition, offset: base + i } : { status: 'confirmed', partition };
      });
    } catch (e) {
      if (e instanceof OutcomeUnknown) {
        // Only this partition's in-flight chunks are in doubt; the other partitions carry on.
        if (e.laneOver && !silentLanes.has(partition)) {
          silentLanes.set(partition, `Publishing to partition ${partition} of topic "${topic}" failed: its leader stopped answering, so this message was not sent. Publish it again once the partition answers.`);
        }
        return fail(items, e.reason);
      }
      const error = ctx.toError(e);
      if (FATAL.has(error.code)) {
        fatal = error;
        return fail(items, error.message);
      }
      if (PER_RECORD.has(error.code) && items.length > 1) {
        // The broker refused the batch; find which records it refuses by halving.
        const half = Math.ceil(items.length / 2);
        await (await send(partition, items.slice(0, half)))();
        await (await send(partition, items.slice(half)))();
        return;
      }
      fail(items, error.message);
    }
  };

  // Partitions go in parallel (a few at once). Within a partition, chunks are encoded one after
  // another and up to PIPELINE are in flight on the leader's connection: from encoded batch to socket
  // every request takes the same steps, so they are written, and appended, in message order.
  const lanes = [...byPartition.keys()];
  const worker = async (): Promise<void> => {
    for (let lane = lanes.shift(); lane !== undefined; lane = lanes.shift()) {
      const inFlight: Promise<void>[] = [];
      for (const items of queue.get(lane) ?? []) {
        const dispatch = await send(lane, items);
        inFlight.push(
          dispatch().then(() => {
            done += items.length;
            options.onProgress?.(done, messages.length);
          }),
        );
        if (inFlight.length >= PIPELINE) await inFlight.shift();
      }
      await Promise.all(inFlight);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, lanes.length) }, worker));
  if (fatal && outcomes.every((o) => o.status === 'failed')) throw fatal;
  return publishReport(outcomes);
}
