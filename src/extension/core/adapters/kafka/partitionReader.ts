/**
 * Reads partitions the way a browser must: straight from each partition's leader, by offset, with no
 * consumer group and no commit. Knows a topic's partitions and leaders, the log-start and high-water
 * offsets, offsets for a timestamp, and fetches one bounded chunk at a time.
 */
import { BrokerError } from '../../model/errors.js';
import { fetchError, fetchPartition, fetchPartitions, supportsFetchV11, type FetchResult } from './fetchProtocol.js';
import { READ_UNCOMMITTED, type InternalBroker, type InternalCluster, type InternalMetadata, type InternalPartitionMetadata } from './internals.js';

/** Bytes asked per Fetch: enough for a page of ordinary records, small enough to hold a few at once. */
export const FETCH_MAX_BYTES = 1024 * 1024;
/** The largest single record batch BrokerLens will read. */
export const FETCH_CAP_BYTES = 64 * 1024 * 1024;

/** Offsets of one partition. */
export interface PartitionBounds {
  readonly partition: number;
  /** Log-start offset: the first offset still in the log. */
  readonly low: number;
  /** High watermark: the offset the next record will get. */
  readonly high: number;
}

const EARLIEST = -2;
const LATEST = -1;
// Errors that mean "ask the metadata again": UNKNOWN_TOPIC_OR_PARTITION (stale), LEADER_NOT_AVAILABLE,
// NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH.
const LEADER_CHANGED = new Set([3, 5, 6, 74, 76]);
export const LEADER_CHANGED_TYPES: ReadonlySet<string> = new Set(['LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH']);

/** Group-less reader over one kafkajs cluster. */
export class PartitionReader {
  private readonly leaders = new Map<string, number>();

  constructor(
    private readonly cluster: InternalCluster,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Partitions of a topic from fresh metadata; rejects with UNKNOWN_TOPIC_OR_PARTITION when missing. */
  async partitions(topic: string): Promise<InternalPartitionMetadata[]> {
    const metadata = await this.cluster.metadata({ topics: [topic] });
    const entry = metadata.topicMetadata.find((t) => t.topic === topic);
    if (!entry || entry.partitionMetadata.length === 0) throw Object.assign(fetchError(3, topic, -1), { topic });
    for (const p of entry.partitionMetadata) this.leaders.set(`${topic}:${p.partitionId}`, p.leader);
    return [...entry.partitionMetadata].sort((a, b) => a.partitionId - b.partitionId);
  }

  /** Forgets a partition's leader so the next call asks the metadata again. */
  forgetLeader(topic: string, partition: number): void {
    this.leaders.delete(`${topic}:${partition}`);
  }

  /** The broker leading a partition (from cached metadata, refreshed when unknown). */
  async leader(topic: string, partition: number): Promise<InternalBroker> {
    let nodeId = this.leaders.get(`${topic}:${partition}`);
    if (nodeId === undefined) {
      await this.partitions(topic);
      nodeId = this.leaders.get(`${topic}:${partition}`);
      if (nodeId === undefined) throw Object.assign(fetchError(3, topic, partition), { topic });
    }
    return this.cluster.findBroker({ nodeId });
  }

  /** Every topic's partitions from fresh metadata (one Metadata request for the whole cluster). */
  async allTopics(): Promise<InternalMetadata['topicMetadata']> {
    const metadata = await this.cluster.metadata({ topics: [] });
    for (const t of metadata.topicMetadata) for (const p of t.partitionMetadata) this.leaders.set(`${t.topic}:${p.partitionId}`, p.leader);
    return metadata.topicMetadata;
  }

  /** ListOffsets, retried a few times while leadership settles (new topics, leader moves). */
  private async listOffsets(wanted: ReadonlyMap<string, readonly number[]>, timestamp: number): Promise<Map<string, number>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.listOffsetsOnce(wanted, timestamp);
      } catch (e) {
        const type = (e as { type?: string }).type;
        if (attempt >= 4 || !type || !LEADER_CHANGED_TYPES.has(type)) throw e;
        for (const topic of wanted.keys()) await this.partitions(topic);
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  /** ListOffsets for many partitions, one request per leader; `timestamp` -2 earliest, -1 latest. */
  private async listOffsetsOnce(wanted: ReadonlyMap<string, readonly number[]>, timestamp: number): Promise<Map<string, number>> {
    const byLeader = new Map<number, Map<string, number[]>>();
    for (const [topic, partitions] of wanted) {
      if (partitions.some((p) => !this.leaders.has(`${topic}:${p}`))) await this.partitions(topic);
      for (const p of partitions) {
        const nodeId = this.leaders.get(`${topic}:${p}`);
        if (nodeId === undefined) throw Object.assign(fetchError(3, topic, p), { topic });
        const topics = byLeader.get(nodeId) ?? new Map<string, number[]>();
        topics.set(topic, [...(topics.get(topic) ?? []), p]);
        byLeader.set(nodeId, topics);
      }
    }
    const out = new Map<string, number>();
    await Promise.all(
      [...byLeader].map(async ([nodeId, topics]) => {
        const broker = await this.cluster.findBroker({ nodeId });
        const { responses } = await broker.listOffsets({
          isolationLevel: READ_UNCOMMITTED,
          topics: [...topics].map(([topic, ps]) => ({ topic, partitions: ps.map((partition) => ({ partition, timestamp })) })),
        });
        for (const r of responses) for (const p of r.partitions) out.set(`${r.topic}:${p.partition}`, Number(p.offset));
      }),
    );
    return out;
  }

  /** Log-start and high watermark of the given partitions (all of them when omitted). */
  async bounds(topic: string, partitions?: readonly number[]): Promise<PartitionBounds[]> {
    const ids = partitions ?? (await this.partitions(topic)).map((p) => p.partitionId);
    return (await this.boundsOf(new Map([[topic, ids]]))).get(topic) ?? [];
  }

  /** Bounds of many topics at once. */
  async boundsOf(wanted: ReadonlyMap<string, readonly number[]>): Promise<Map<string, PartitionBounds[]>> {
    const [low, high] = await Promise.all([this.listOffsets(wanted, EARLIEST), this.listOffsets(wanted, LATEST)]);
    return new Map(
      [...wanted].map(([topic, ids]) => [
        topic,
        ids.map((partition) => ({ partition, low: low.get(`${topic}:${partition}`) ?? 0, high: high.get(`${topic}:${partition}`) ?? 0 })),
      ]),
    );
  }

  /** The first offset whose timestamp is >= `timestamp`, per partition; undefined when none is. */
  async offsetsForTimestamp(topic: string, partitions: readonly number[], timestamp: number): Promise<Map<number, number | undefined>> {
    const found = await this.listOffsets(new Map([[topic, partitions]]), Math.max(0, Math.floor(timestamp)));
    return new Map(partitions.map((p) => {
      const o = found.get(`${topic}:${p}`);
      return [p, o === undefined || o < 0 ? undefined : o];
    }));
  }

  /**
   * The timestamp of the first record at or after each given offset, keyed `topic:partition`: one
   * Fetch per leader for all of them (a group refresh asks this for every lagging partition). A
   * partition the batched answer leaves out (its first batch was bigger than `partitionMaxBytes`, or
   * its leader moved) is read on its own; one that still cannot be read is absent (best effort).
   */
  async firstTimestamps(wanted: readonly { topic: string; partition: number; offset: number }[], partitionMaxBytes = 16 * 1024): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const pick = (key: string, offset: number, result: FetchResult | undefined): boolean => {
      if (!result || result.errorCode !== 0) return false;
      for (const b of result.batches) {
        const r = b.records.find((x) => x.offset >= offset);
        if (r && r.timestamp >= 0) {
          out.set(key, r.timestamp);
          return true;
        }
      }
      return false;
    };
    const byLeader = new Map<number, { topic: string; partition: number; offset: number }[]>();
    for (const w of wanted) {
      if (!this.leaders.has(`${w.topic}:${w.partition}`)) await this.partitions(w.topic);
      const nodeId = this.leaders.get(`${w.topic}:${w.partition}`);
      if (nodeId === undefined) continue;
      byLeader.set(nodeId, [...(byLeader.get(nodeId) ?? []), w]);
    }
    const missed: { topic: string; partition: number; offset: number }[] = [];
    await Promise.all(
      [...byLeader].map(async ([nodeId, list]) => {
        let results: Map<string, FetchResult> | undefined;
        try {
          const broker = await this.cluster.findBroker({ nodeId });
          if (supportsFetchV11(broker)) results = await fetchPartitions(broker, { partitions: list, partitionMaxBytes, requestTimeoutMs: this.requestTimeoutMs });
        } catch {
          // Read each one on its own below.
        }
        for (const w of list) if (!pick(`${w.topic}:${w.partition}`, w.offset, results?.get(`${w.topic}:${w.partition}`))) missed.push(w);
      }),
    );
    for (let i = 0; i < missed.length; i += 8) {
      await Promise.all(
        missed.slice(i, i + 8).map(async (w) => {
          try {
            pick(`${w.topic}:${w.partition}`, w.offset, await this.fetch(w.topic, w.partition, w.offset, { maxBytes: 64 * 1024 }));
          } catch {
            // Best effort: a partition whose leader is away still has a lag in records.
          }
        }),
      );
    }
    return out;
  }

  /**
   * One Fetch from `offset`. Follows leader changes, and when the first batch does not fit in
   * FETCH_MAX_BYTES, asks once more with exactly its size (up to FETCH_CAP_BYTES).
   */
  async fetch(topic: string, partition: number, offset: number, options: { maxWaitMs?: number; maxBytes?: number; until?: number } = {}): Promise<FetchResult> {
    let maxBytes = Math.min(options.maxBytes ?? FETCH_MAX_BYTES, FETCH_CAP_BYTES);
    let leaderRetries = 3;
    for (;;) {
      const broker = await this.leader(topic, partition);
      if (!supportsFetchV11(broker)) {
        throw new BrokerError('unsupported', `Browsing topic "${topic}" failed: the broker does not speak Fetch v11 (Kafka 2.3 or newer). Upgrade the cluster to browse it with BrokerLens.`);
      }
      const result = await fetchPartition(broker, {
        topic,
        partition,
        offset,
        maxBytes,
        maxWaitMs: options.maxWaitMs ?? 0,
        requestTimeoutMs: this.requestTimeoutMs,
        ...(options.until !== undefined ? { until: options.until } : {}),
      });
      if (result.errorCode !== 0) {
        if (LEADER_CHANGED.has(result.errorCode) && leaderRetries-- > 0) {
          this.leaders.delete(`${topic}:${partition}`);
          await this.partitions(topic);
          await new Promise((r) => setTimeout(r, 100 * (3 - leaderRetries)));
          continue;
        }
        throw fetchError(result.errorCode, topic, partition);
      }
      if (result.batches.length === 0 && result.firstBatchBytes !== undefined) {
        if (result.firstBatchBytes > FETCH_CAP_BYTES) {
          throw new BrokerError(
            'unsupported',
            `Browsing topic "${topic}" failed: the record batch at offset ${offset} of partition ${partition} is ${Math.ceil(result.firstBatchBytes / 1048576)} MB, over BrokerLens's ${FETCH_CAP_BYTES / 1048576} MB limit. Read it with a command-line consumer instead.`,
          );
        }
        if (result.firstBatchBytes > maxBytes) {
          maxBytes = result.firstBatchBytes;
          continue;
        }
      }
      return result;
    }
  }
}
