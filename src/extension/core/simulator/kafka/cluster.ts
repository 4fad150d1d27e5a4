/**
 * KafkaCluster: the facade of the in-memory Kafka model (broker 4.x semantics, Java client defaults).
 * Plain TypeScript, no I/O, no wall clock: time is the Clock passed in, randomness a seeded source,
 * so the same calls give the same results and the same events every run.
 * Time-driven work (retention checks every log.retention.check.interval.ms, the log cleaner every
 * log.cleaner.backoff.ms, session/poll/rebalance timeouts, offset expiry) runs in {@link tick} for
 * whatever is due at clock.now(); {@link advanceTime} steps a virtual clock through each deadline.
 */
import type { OffsetResetTarget } from '../../model/groups.js';
import type { Clock } from '../clock.js';
import { SeededRandom } from '../random.js';
import type { AppendBatchOptions, AppendBatchResult, FetchResult, KafkaClusterOptions, PartitionDescription, SimProducer, TopicSummary } from './clusterTypes.js';
import { commitMember, pollMember, seekMember, sliceRecords, type ConsumerRecord, type PollResult } from './consumer.js';
import { DEFAULT_GROUP_CONFIG, GroupCoordinator, type GroupHost, type OffsetToCommit } from './coordinator.js';
import { KafkaError } from './errors.js';
import type { KafkaEvent, KafkaEventListener } from './events.js';
import { applyReset, deleteGroup, groupLag, hasRevert, previewReset, previewRevert, revertReset, type LagRow, type ResetRow } from './groupAdmin.js';
import type { ConsumerGroup, ConsumerOptions, GroupMember } from './groups.js';
import type { LogRead } from './log.js';
import { cleanerPass, retentionPass } from './maintenance.js';
import { OFFSETS_TOPIC, OFFSETS_TOPIC_SPEC, OffsetsTopicWriter } from './offsetsTopic.js';
import { DefaultPartitioner, type PartitionerOptions } from './partitioner.js';
import { produceRecords, type ProduceOptions, type ProduceRecord, type ProduceResult } from './produce.js';
import { ProducerStateManager } from './producerState.js';
import { buildTopic, checkConfigChanges, checkDeletable, checkNewPartitionCount, DEFAULT_TOPIC_DEFAULTS, describeTopicConfigs, type TopicConfigEntry, type TopicSpec } from './topicAdmin.js';
import type { Topic } from './topic.js';

/** The facade's public types, re-exported so callers need one import. */
export type { AppendBatchOptions, AppendBatchResult, FetchResult, KafkaClusterOptions, PartitionDescription, SimProducer, TopicSummary } from './clusterTypes.js';

/** The simulated cluster. */
export class KafkaCluster {
  readonly clock: Clock;
  readonly random: SeededRandom;
  readonly brokerIds: readonly number[];
  readonly coordinator: GroupCoordinator;
  private readonly topics = new Map<string, Topic>();
  private readonly listeners = new Set<KafkaEventListener>();
  private emitFn: KafkaEventListener | undefined;
  private readonly producer: SimProducer;
  private readonly options: KafkaClusterOptions;
  private readonly minSegmentBytes: number;
  private readonly batchSize: number;
  private nextRetentionCheck: number;
  private nextCleanerCheck: number;

  constructor(options: KafkaClusterOptions) {
    this.options = options;
    this.clock = options.clock;
    this.random = new SeededRandom(options.seed ?? 1);
    this.brokerIds = Array.from({ length: options.brokers ?? 3 }, (_, i) => i + 1);
    this.minSegmentBytes = options.minSegmentBytes ?? DEFAULT_TOPIC_DEFAULTS.minSegmentBytes;
    this.batchSize = options.producer?.batchSize ?? 16384;
    const now = this.clock.now();
    this.nextRetentionCheck = now + (options.retentionCheckIntervalMs ?? 300000);
    this.nextCleanerCheck = now + (options.cleanerBackoffMs ?? 15000);
    if (options.listener) this.listeners.add(options.listener);
    this.updateEmit();
    this.coordinator = new GroupCoordinator(this.groupHost(), { ...DEFAULT_GROUP_CONFIG, ...options.group });
    this.producer = this.createProducer(options.producer);
    // Wire batches arrive already batched by the client: one append each, never split.
    this.wireProducer = this.createProducer({ batchSize: Number.MAX_SAFE_INTEGER });
  }

  /** Producer ids and sequences of idempotent producers (InitProducerId, Produce). */
  readonly producerState = new ProducerStateManager();
  private readonly wireProducer: SimProducer;

  /** Adds an event listener; returns a function that removes it. */
  on(listener: KafkaEventListener): () => void {
    this.listeners.add(listener);
    this.updateEmit();
    return () => {
      this.listeners.delete(listener);
      this.updateEmit();
    };
  }

  // ---- topics ----

  createTopic(name: string, spec: TopicSpec = {}): TopicSummary {
    const topic = this.addTopic(name, spec, false);
    return this.summary(topic);
  }

  deleteTopic(name: string): void {
    checkDeletable(this.topics, name);
    this.topics.delete(name);
    this.producerState.forgetTopic(name);
    this.emit({ type: 'topic-deleted', time: this.clock.now(), topic: name });
    this.coordinator.onTopicChanged(name, true);
  }

  addPartitions(name: string, total: number): void {
    const topic = this.topic(name);
    checkNewPartitionCount(topic, total);
    topic.addPartitions(total, this.clock.now());
    this.emit({ type: 'partitions-added', time: this.clock.now(), topic: name, partitions: total });
    this.coordinator.onTopicChanged(name, false);
  }

  alterConfigs(name: string, changes: Readonly<Record<string, string | null>>): void {
    const topic = this.topic(name);
    topic.alter(checkConfigChanges(changes, this.minSegmentBytes));
    this.emit({ type: 'config-altered', time: this.clock.now(), topic: name, changes: { ...changes } });
  }

  describeConfigs(name: string): TopicConfigEntry[] {
    return describeTopicConfigs(this.topic(name));
  }

  listTopics(options: { readonly includeInternal?: boolean } = {}): TopicSummary[] {
    return [...this.topics.values()].filter((t) => options.includeInternal || !t.internal).map((t) => this.summary(t)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  hasTopic(name: string): boolean {
    return this.topics.has(name);
  }

  describePartitions(name: string): PartitionDescription[] {
    const topic = this.topic(name);
    return topic.partitions.map((log, p) => {
      const placement = topic.placements[p]!;
      return { partition: p, leader: placement.leader, replicas: placement.replicas, isr: placement.replicas, logStartOffset: log.logStartOffset, highWatermark: log.highWatermark, sizeBytes: log.sizeBytes };
    });
  }

  /** The topic, or UNKNOWN_TOPIC_OR_PARTITION. */
  topic(name: string): Topic {
    const t = this.topics.get(name);
    if (!t) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`);
    return t;
  }

  // ---- produce / fetch ----

  /** Produces with the cluster's default producer. */
  produce(topic: string, records: readonly ProduceRecord[], options: ProduceOptions = {}): ProduceResult {
    return this.producer.produce(topic, records, options);
  }

  /** A producer with its own partitioner state (another client process). */
  createProducer(options: PartitionerOptions = {}): SimProducer {
    const partitioner = new DefaultPartitioner(this.random, options);
    const batchSize = options.batchSize ?? this.batchSize;
    return {
      produce: (name, records, opts = {}) => {
        let topic = this.topics.get(name);
        if (!topic) {
          if (this.options.autoCreateTopics === false) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist and auto.create.topics.enable is false.`);
          topic = this.addTopic(name, {}, false);
        }
        // ReplicaManager.appendToLocalLog refuses client appends to internal topics.
        if (topic.internal) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Cannot append to internal topic ${name}.`);
        return produceRecords(topic, records, partitioner, this.clock.now(), batchSize, opts, this.emitFn);
      },
    };
  }

  /**
   * Appends one producer batch to one partition, as a broker's Produce does: all records or none,
   * and for an idempotent producer (producerId >= 0) a retried batch returns the offset it already
   * got. Throws KafkaError for a refused batch.
   */
  appendBatch(topic: string, partition: number, records: readonly ProduceRecord[], batch: AppendBatchOptions = {}): AppendBatchResult {
    const pid = batch.producerId ?? -1;
    const epoch = batch.producerEpoch ?? -1;
    const seq = batch.baseSequence ?? -1;
    if (pid >= 0) {
      const check = this.producerState.check(topic, partition, pid, epoch, seq, records.length);
      if (check.kind === 'error') throw new KafkaError(check.code as never, check.message);
      if (check.kind === 'duplicate') return { baseOffset: check.baseOffset, logStartOffset: this.topic(topic).partition(partition).logStartOffset };
    }
    const withPartition = records.map((r) => (r.partition === partition ? r : { ...r, partition }));
    const result = this.wireProducer.produce(topic, withPartition, { acks: batch.acks ?? 'all', atomic: true });
    const failure = result.errors?.find((e) => e);
    if (failure) throw failure;
    const log = this.topic(topic).partition(partition);
    const baseOffset = log.logEndOffset - records.length;
    if (pid >= 0) this.producerState.record(topic, partition, pid, epoch, seq, records.length, baseOffset);
    return { baseOffset, logStartOffset: log.logStartOffset };
  }

  /** Reads without a group (what browsing does). */
  fetch(topic: string, partition: number, offset: number, limits: { readonly maxRecords?: number; readonly maxBytes?: number } = {}): FetchResult {
    const log = this.topic(topic).partition(partition);
    const read = this.read(topic, partition, offset, limits);
    const records: ConsumerRecord[] = [];
    for (const s of read.slices) sliceRecords(topic, partition, s, records);
    return { records, nextOffset: read.nextOffset, logStartOffset: log.logStartOffset, highWatermark: log.highWatermark };
  }

  /** Like {@link fetch} but returns slices of the log instead of record objects. */
  read(topic: string, partition: number, offset: number, limits: { readonly maxRecords?: number; readonly maxBytes?: number } = {}): LogRead {
    const log = this.topic(topic).partition(partition);
    if (!Number.isInteger(offset) || offset < log.logStartOffset || offset > log.highWatermark) {
      throw new KafkaError('OFFSET_OUT_OF_RANGE', `Fetch position ${offset} is out of range for partition ${topic}-${partition} (log start ${log.logStartOffset}, high watermark ${log.highWatermark}).`);
    }
    const read = log.read(offset, limits.maxRecords ?? 500, limits.maxBytes ?? 1048576);
    if (read.count > 0) this.emit({ type: 'fetched', time: this.clock.now(), topic, partition, offset, count: read.count });
    return read;
  }

  /** ListOffsets with EARLIEST (-2), LATEST (-1) or MAX_TIMESTAMP (-3). */
  listOffsets(topic: string, partition: number, spec: 'earliest' | 'latest' | 'max-timestamp'): number {
    const log = this.topic(topic).partition(partition);
    if (spec === 'earliest') return log.logStartOffset;
    if (spec === 'latest') return log.highWatermark;
    return log.maxTimestampRecord()?.offset ?? -1;
  }

  /** ListOffsets by timestamp: the first offset whose record timestamp is >= `timestamp`, or null. */
  offsetsForTimes(topic: string, partition: number, timestamp: number): { offset: number; timestamp: number } | null {
    return this.topic(topic).partition(partition).offsetForTimestamp(timestamp) ?? null;
  }

  /** Admin deleteRecords: moves the log-start offset; whole segments below it are deleted at once. */
  deleteRecords(topic: string, partition: number, beforeOffset: number): number {
    const t = this.topic(topic);
    const log = t.partition(partition);
    if (!Number.isInteger(beforeOffset) || beforeOffset > log.highWatermark || beforeOffset < 0) {
      throw new KafkaError('OFFSET_OUT_OF_RANGE', `Cannot delete records of ${topic}-${partition} before offset ${beforeOffset}: it is outside [0, ${log.highWatermark}].`);
    }
    log.advanceLogStart(beforeOffset);
    retentionPass(t, this.clock.now(), this.emitFn);
    return log.logStartOffset;
  }

  // ---- consumer groups ----

  /** A consumer subscribes to topics in a group; returns its member id. */
  joinGroup(groupId: string, options: ConsumerOptions): string {
    return this.coordinator.join(groupId, options).memberId;
  }

  poll(groupId: string, memberId: string): PollResult {
    const { group, member } = this.coordinator.find(groupId, memberId);
    return pollMember(this.coordinator, group, member, this.clock.now(), this.emitFn);
  }

  /** commitSync(): the given offsets, or every owned position. */
  commit(groupId: string, memberId: string, offsets?: readonly OffsetToCommit[]): void {
    const { group, member } = this.coordinator.find(groupId, memberId);
    commitMember(this.coordinator, group, member, offsets);
  }

  seek(groupId: string, memberId: string, topic: string, partition: number, offset: number): void {
    const { group, member } = this.coordinator.find(groupId, memberId);
    seekMember(group, member, topic, partition, offset, this.clock.now(), this.emitFn);
  }

  heartbeat(groupId: string, memberId: string): 'NONE' | 'REBALANCE_IN_PROGRESS' {
    return this.coordinator.heartbeat(groupId, memberId);
  }

  /** consumer.close(). */
  leaveGroup(groupId: string, memberId: string): void {
    this.coordinator.leave(groupId, memberId);
  }

  /** The consumer process dies without closing. */
  crashMember(groupId: string, memberId: string): void {
    this.coordinator.crash(groupId, memberId);
  }

  group(groupId: string): ConsumerGroup | undefined {
    return this.coordinator.groups.get(groupId);
  }

  member(groupId: string, memberId: string): GroupMember {
    return this.coordinator.find(groupId, memberId).member;
  }

  listGroups(): ConsumerGroup[] {
    return [...this.coordinator.groups.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  }

  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.coordinator.groups.get(groupId)?.committedOffset(topic, partition);
  }

  groupLag(groupId: string): LagRow[] {
    const group = this.coordinator.groups.get(groupId);
    if (!group) throw new KafkaError('GROUP_ID_NOT_FOUND', `The group id ${groupId} does not exist.`);
    return groupLag(group, (n) => this.topics.get(n), this.clock.now());
  }

  previewOffsetReset(groupId: string, topic: string, target: OffsetResetTarget, partitions?: readonly number[]): ResetRow[] {
    return previewReset(this.coordinator, groupId, this.topic(topic), partitions, target);
  }

  applyOffsetReset(groupId: string, topic: string, rows: readonly Pick<ResetRow, 'partition' | 'next'>[]): void {
    applyReset(this.coordinator, groupId, this.topic(topic), rows, this.clock.now(), this.emitFn);
  }

  /** True when the group has an applied reset to revert. */
  canRevert(groupId: string): boolean {
    return hasRevert(this.coordinator, groupId);
  }

  /** What revertLastReset would do; changes nothing. */
  previewRevert(groupId: string): { topic: string; rows: ResetRow[] } {
    return previewRevert(this.coordinator, groupId, (n) => this.topic(n));
  }

  revertLastReset(groupId: string): { topic: string; rows: ResetRow[] } {
    return revertReset(this.coordinator, groupId, (n) => this.topic(n), this.clock.now(), this.emitFn);
  }

  deleteGroup(groupId: string): void {
    deleteGroup(this.coordinator, groupId, this.clock.now(), this.emitFn);
  }

  // ---- time ----

  /** Runs everything due at clock.now(). */
  tick(): void {
    const now = this.clock.now();
    if (now >= this.nextRetentionCheck) {
      this.runRetention();
      const interval = this.options.retentionCheckIntervalMs ?? 300000;
      this.nextRetentionCheck += Math.ceil((now - this.nextRetentionCheck + 1) / interval) * interval;
    }
    if (now >= this.nextCleanerCheck) {
      this.runCleaner();
      const backoff = this.options.cleanerBackoffMs ?? 15000;
      this.nextCleanerCheck += Math.ceil((now - this.nextCleanerCheck + 1) / backoff) * backoff;
    }
    this.coordinator.tick();
  }

  /** The next virtual time at which {@link tick} has work. */
  nextDeadline(): number {
    return Math.min(this.nextRetentionCheck, this.nextCleanerCheck, this.coordinator.nextDeadline());
  }

  /** Moves a virtual clock forward by `ms`, running each timer at its own time on the way. */
  advanceTime(ms: number): void {
    const clock = this.clock as Clock & { advanceTo?: (t: number) => void };
    if (typeof clock.advanceTo !== 'function') throw new Error('advanceTime needs a clock that can be advanced (VirtualClock).');
    const target = clock.now() + ms;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const next = this.nextDeadline();
      if (next > target) break;
      clock.advanceTo(Math.max(next, clock.now()));
      this.tick();
      if (this.nextDeadline() <= clock.now()) break;
    }
    clock.advanceTo(target);
    this.tick();
  }

  /** One retention pass over every partition (what the periodic check does). */
  runRetention(): void {
    for (const t of this.topics.values()) retentionPass(t, this.clock.now(), this.emitFn);
  }

  /** One log-cleaner pass over every compacted partition that qualifies. */
  runCleaner(): void {
    for (const t of this.topics.values()) cleanerPass(t, this.clock.now(), this.emitFn);
  }

  // ---- internals ----

  private addTopic(name: string, spec: TopicSpec, internal: boolean): Topic {
    const defaults = {
      partitions: this.options.defaultPartitions ?? DEFAULT_TOPIC_DEFAULTS.partitions,
      replicationFactor: this.options.defaultReplicationFactor ?? DEFAULT_TOPIC_DEFAULTS.replicationFactor,
      brokerIds: this.brokerIds,
      minSegmentBytes: internal ? 0 : this.minSegmentBytes,
    };
    const topic = buildTopic(this.topics, name, spec, defaults, this.topicId(), this.clock.now(), internal);
    this.topics.set(name, topic);
    this.emit({ type: 'topic-created', time: this.clock.now(), topic: name, partitions: topic.partitionCount, replicationFactor: topic.replicationFactor });
    this.coordinator.onTopicChanged(name, false);
    return topic;
  }

  private summary(t: Topic): TopicSummary {
    let messages = 0;
    for (const log of t.partitions) messages += log.highWatermark - log.logStartOffset;
    return { name: t.name, id: t.id, partitions: t.partitionCount, replicationFactor: t.replicationFactor, internal: t.internal, messages, overrides: Object.fromEntries(t.overrides) };
  }

  private topicId(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let id = '';
    for (let i = 0; i < 22; i++) id += alphabet[this.random.int(64)];
    return id;
  }

  private writeOffset(groupId: string, topic: string, partition: number, offset: number | null, now: number): void {
    if (this.options.offsetsTopic === false) return;
    // Created on first use, like the broker does: offsets.topic.num.partitions=50, compacted, 100 MiB segments.
    const offsets = this.topics.get(OFFSETS_TOPIC) ?? this.addTopic(OFFSETS_TOPIC, OFFSETS_TOPIC_SPEC(this.brokerIds.length), true);
    this.offsetsWriter.write(offsets, groupId, topic, partition, offset, now, this.emitFn);
  }

  private readonly offsetsWriter = new OffsetsTopicWriter();

  private groupHost(): GroupHost {
    const host: GroupHost = {
      now: () => this.clock.now(),
      random: this.random,
      emit: this.emitFn,
      partitionCount: (t) => this.topics.get(t)?.partitionCount,
      partitionLog: (t, p) => this.topic(t).partition(p),
      writeOffset: (g, t, p, o, now) => this.writeOffset(g, t, p, o, now),
    };
    this.hostRef = host;
    return host;
  }

  private hostRef: GroupHost | undefined;

  private updateEmit(): void {
    const listeners = [...this.listeners];
    this.emitFn = listeners.length === 0 ? undefined : listeners.length === 1 ? listeners[0] : (e: KafkaEvent) => {
      for (const l of listeners) l(e);
    };
    if (this.hostRef) this.hostRef.emit = this.emitFn;
  }

  private emit(event: KafkaEvent): void {
    this.emitFn?.(event);
  }
}
