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
 * been written", never as confirmed and never resent (no duplicates); other partitions carry on,
 * also while a leader is silent: each partition queues its own chunks (test/faults/kafkaLeaderKill).
 */
import { CompressionTypes, type Partitioners } from 'kafkajs';
import type { CallOptions, PublishStreamOptions } from '../../model/adapter.js';
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

/** How a streamed publish ended: `fatal` when it stopped at an error after which nothing could succeed. */
export interface StreamEnd {
  readonly fatal?: BrokerError;
}

/** Most messages built but not yet handed to a request, over all partitions (bounds memory, keeps requests flowing). */
const MAX_BUFFERED = 4 * CHUNK_RECORDS;

interface Lane {
  readonly partition: number;
  /** The chunk being filled. */
  items: Item[];
  bytes: number;
  /** Full chunks not yet handed to a request, oldest first. */
  readonly closed: Item[][];
  /** This partition's requests not yet answered. */
  inFlight: number;
  /** True while `pump` hands this lane's chunks out (one pump per lane keeps them in order). */
  pumping: boolean;
}

/**
 * Publishes `count` messages made on demand by `messageAt(i)` (each called once, in index order, only
 * as fast as the requests drain), keeping every partition's pipeline full for the whole run instead of
 * emptying it between calls. Messages with no outcome when it resolves were never handed to the broker
 * (the signal aborted, or `fatal` stopped the run). Rejects only when nothing was sent (the topic's
 * metadata could not be read).
 */
export async function streamToTopic(ctx: PublishContext, target: PublishTarget, count: number, messageAt: (index: number) => OutgoingMessage, listener: PublishStreamOptions): Promise<StreamEnd> {
  const topic = target.destination;
  if (count <= 0) return {};
  const signal = listener.signal;
  const metadata = await ctx.reader.partitions(topic);
  const acks = ACKS[target.acks ?? 'all'];
  const compression = COMPRESSION[target.compression ?? 'none'];
  let answered = 0;
  let fatal: BrokerError | undefined;
  // A partition whose leader stopped answering: its later chunks are not sent (each would wait the full timeout).
  const silentLanes = new Map<number, string>();
  const stopped = (): boolean => fatal !== undefined || signal?.aborted === true;

  const settle = (items: readonly Item[], outcome: (item: Item, i: number) => PublishOutcome): void => {
    items.forEach((item, i) => listener.onOutcome(item.index, outcome(item, i)));
    answered += items.length;
  };
  const fail = (items: readonly Item[], reason: string): void => settle(items, () => ({ status: 'failed', reason }));

  const encode = (items: readonly Item[]): Promise<Buffer | Error> => encodeRecordBatch(items.map((i) => i.record), compression).catch((e: unknown) => e as Error);

  /** Sends one encoded chunk; never throws. Chunks stopped before sending get no outcome (not sent). */
  const deliver = async (partition: number, items: Item[], batch: Buffer | Error): Promise<void> => {
    if (stopped()) return;
    const silent = silentLanes.get(partition);
    if (silent) return fail(items, silent);
    try {
      if (batch instanceof Error) throw batch;
      const base = await produceChunk(ctx, topic, partition, batch, acks);
      settle(items, (_, i) => (base !== undefined && base >= 0 ? { status: 'confirmed', partition, offset: base + i } : { status: 'confirmed', partition }));
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
        fatal ??= error;
        return fail(items, error.message);
      }
      if (PER_RECORD.has(error.code) && items.length > 1) {
        // The broker refused the batch; find which records it refuses by halving.
        const half = Math.ceil(items.length / 2);
        await deliver(partition, items.slice(0, half), await encode(items.slice(0, half)));
        await deliver(partition, items.slice(half), await encode(items.slice(half)));
        return;
      }
      fail(items, error.message);
    }
  };

  // Up to PIPELINE requests in flight per partition and PIPELINE × IN_FLIGHT in all. Each partition
  // has its own queue of closed chunks, handed out by one pump at a time: from encoded batch to socket
  // every request takes the same steps, so they are written, and appended, in message order. A
  // partition whose leader is slow or silent keeps its chunks queued while the others go on; only when
  // MAX_BUFFERED messages wait does building stop, until a request answers (at the latest, the
  // request timeout marks that leader silent and its queue fails fast).
  const active = new Set<Promise<void>>();
  const lanes = new Map<number, Lane>();
  let buffered = 0;
  let waiters: (() => void)[] = [];
  const wake = (): void => {
    const now = waiters;
    waiters = [];
    now.forEach((resolve) => resolve());
  };
  const changed = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
  signal?.addEventListener('abort', wake, { once: true });

  const pump = async (lane: Lane): Promise<void> => {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      while (!stopped() && lane.closed.length > 0 && lane.inFlight < PIPELINE && active.size < PIPELINE * IN_FLIGHT) {
        const items = lane.closed.shift()!;
        buffered -= items.length;
        lane.inFlight++;
        const batch = await encode(items);
        const request: Promise<void> = deliver(lane.partition, items, batch).then(() => {
          active.delete(request);
          lane.inFlight--;
          listener.onProgress?.(answered);
          // A free slot: this lane and any lane held back by the overall limit may send again.
          for (const l of lanes.values()) if (l.closed.length > 0) void pump(l);
          wake();
        });
        active.add(request);
        wake();
      }
    } finally {
      lane.pumping = false;
      wake();
    }
  };
  const close = (lane: Lane): void => {
    if (lane.items.length === 0) return;
    lane.closed.push(lane.items);
    lane.items = [];
    lane.bytes = 0;
    void pump(lane);
  };

  try {
    for (let index = 0; index < count && !stopped(); index++) {
      const m = messageAt(index);
      if (m.partition !== undefined && (!Number.isInteger(m.partition) || !metadata.some((p) => p.partitionId === m.partition))) {
        listener.onOutcome(index, { status: 'failed', reason: `Topic "${topic}" has no partition ${m.partition} (it has ${metadata.length}).` });
        answered++;
        continue;
      }
      const { record, bytes } = toRecord(m);
      const partition = m.partition ?? ctx.partitioner({ topic, partitionMetadata: metadata, message: { key: record.key, value: record.value } });
      let lane = lanes.get(partition);
      if (!lane) lanes.set(partition, (lane = { partition, items: [], bytes: 0, closed: [], inFlight: 0, pumping: false }));
      if (lane.items.length > 0 && (lane.items.length >= CHUNK_RECORDS || lane.bytes + bytes > CHUNK_BYTES)) close(lane);
      lane.items.push({ index, record, bytes });
      lane.bytes += bytes;
      buffered++;
      while (buffered >= MAX_BUFFERED && !stopped()) {
        // Many partitions each with a part-filled chunk: send the fullest of those that can send now.
        let fullest: Lane | undefined;
        for (const l of lanes.values()) if (l.items.length > 0 && l.closed.length === 0 && l.inFlight < PIPELINE && l.items.length > (fullest?.items.length ?? 0)) fullest = l;
        if (fullest) close(fullest);
        if (buffered >= MAX_BUFFERED) await changed();
      }
    }
    for (const lane of lanes.values()) close(lane);
  } catch (e) {
    // A message that could not be built or encoded: stop here; what was sent is still reported.
    fatal ??= e instanceof BrokerError ? e : new BrokerError('invalidInput', `Publishing to topic "${topic}" stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Wait for every request; chunks still queued when the run stopped were never sent (no outcome).
  const busy = (): boolean => active.size > 0 || [...lanes.values()].some((l) => l.pumping || (!stopped() && l.closed.length > 0));
  while (busy()) await changed();
  signal?.removeEventListener('abort', wake);
  return fatal ? { fatal } : {};
}

/** Publishes to a topic and reports every message's outcome, in order. */
export async function publishToTopic(ctx: PublishContext, target: PublishTarget, messages: readonly OutgoingMessage[], options: CallOptions = {}): Promise<PublishReport> {
  const outcomes: PublishOutcome[] = new Array<PublishOutcome>(messages.length);
  if (messages.length === 0) return publishReport([]);
  const end = await streamToTopic(ctx, target, messages.length, (i) => messages[i]!, {
    ...(options.signal ? { signal: options.signal } : {}),
    onOutcome: (index, outcome) => (outcomes[index] = outcome),
    onProgress: (answered) => options.onProgress?.(answered, messages.length),
  });
  // This call answers for every message: those never sent say why.
  const notSent = end.fatal?.message ?? 'Publishing was cancelled before this message was sent.';
  for (let i = 0; i < outcomes.length; i++) outcomes[i] ??= { status: 'failed', reason: notSent };
  if (end.fatal && outcomes.every((o) => o.status === 'failed')) throw end.fatal;
  return publishReport(outcomes);
}
