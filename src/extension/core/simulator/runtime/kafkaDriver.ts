/**
 * Runs a scenario on the Kafka model (KafkaCluster). Producers batch for linger.ms and produce with
 * their own partitioner; the runtime remembers which runtime id landed at which offset, so a polled
 * record names its message without decoding anything. The cluster's timers (rebalance delays,
 * session timeouts, retention checks) run from one daemon timer re-armed at nextDeadline().
 *
 * Lost, on Kafka: a record at or after the offset where the group started reading (its first
 * position) that the group never handled and will not get again: the committed offset is past it
 * (commit-before then a crash, an auto-commit ahead of handling) or retention deleted it first.
 * Plus every record whose produce failed.
 */
import { KafkaCluster } from '../kafka/cluster.js';
import type { KafkaEvent } from '../kafka/events.js';
import type { ProduceRecord } from '../kafka/produce.js';
import type { SimProducer } from '../kafka/cluster.js';
import type { KafkaHeader } from '../kafka/recordSize.js';
import type { ResolvedConsumer, ResolvedProducer } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import type { ConsumerInstance } from './consumerInstance.js';
import type { RunContext } from './context.js';
import type { Backlog, DriverTotals, ModelDriver } from './driver.js';
import { GrowableInt32 } from './growable.js';
import { KafkaInstance, type KafkaInstanceHost } from './kafkaInstance.js';
import type { SchedulerTask } from './scheduler.js';
import { Flag, type Subscription } from './subscription.js';

interface GroupTrack {
  readonly sub: Subscription;
  readonly group: string;
  readonly topic: string;
  readonly reset: 'earliest' | 'latest';
  /** First position of the group per partition: nothing before it was ever owed to the group. */
  readonly starts: Map<number, number>;
  readonly fetched: Map<number, number>;
}

const encoder = new TextEncoder();

/** One producer's linger buffer. */
class ProducerBuffer implements SchedulerTask {
  records: ProduceRecord[] = [];
  ids: number[] = [];
  scheduled = false;

  constructor(readonly topic: string, readonly sim: SimProducer, readonly headers: readonly KafkaHeader[] | undefined, private readonly driver: KafkaDriver) {}

  run(): void {
    this.scheduled = false;
    this.driver.flush(this);
  }
}

/** The Kafka side of a run. */
export class KafkaDriver implements ModelDriver, KafkaInstanceHost, SchedulerTask {
  readonly model = 'kafka' as const;
  readonly cluster: KafkaCluster;
  private readonly tables = new Map<string, GrowableInt32[]>();
  private readonly buffers: ProducerBuffer[] = [];
  private readonly groups = new Map<string, GroupTrack>();
  private readonly instances: KafkaInstance[] = [];
  private readonly labels = new Map<string, string>();
  private readonly keyBytes = new Map<string, Uint8Array>();
  private timerAt = Number.POSITIVE_INFINITY;
  private timerToken = 0;
  private failed = 0;

  constructor(private readonly ctx: RunContext, private readonly scenario: Scenario, seed: number) {
    this.cluster = new KafkaCluster({
      clock: ctx.clock,
      seed,
      brokers: 3,
      offsetsTopic: false,
      retentionCheckIntervalMs: ctx.settings.retentionCheckIntervalMs,
      group: { initialRebalanceDelayMs: ctx.settings.initialRebalanceDelayMs },
      listener: (e) => this.onEvent(e),
    });
  }

  setup(): void {
    for (const t of this.scenario.topology.kafka.topics) {
      this.cluster.createTopic(t.name, { partitions: t.partitions, replicationFactor: t.replicationFactor ?? 1, configs: t.configs ?? {} });
    }
    this.groupChanged();
  }

  publish(producer: ResolvedProducer, id: number, key: string, _routingKey: string, body: Uint8Array): void {
    let buffer = this.buffers[producer.index];
    if (!buffer) {
      const entries = Object.entries(producer.headers);
      const headers = entries.length === 0 ? undefined : entries.map(([k, v]) => ({ key: k, value: encoder.encode(v) }));
      buffer = new ProducerBuffer(producer.topic, this.cluster.createProducer(), headers, this);
      this.buffers[producer.index] = buffer;
    }
    this.ctx.emit('published', id, producer.topic, -1, -1, 0, producer.id, key);
    buffer.records.push({ key: key === '' ? null : this.keyOf(key), value: body, headers: buffer.headers, timestamp: this.ctx.clock.now() });
    buffer.ids.push(id);
    if (!buffer.scheduled) {
      buffer.scheduled = true;
      this.ctx.scheduler.schedule(this.ctx.clock.now() + this.ctx.settings.lingerMs, buffer);
    }
  }

  private keyOf(key: string): Uint8Array {
    let bytes = this.keyBytes.get(key);
    if (!bytes) {
      bytes = encoder.encode(key);
      this.keyBytes.set(key, bytes);
    }
    return bytes;
  }

  /** Sends a producer's lingering records as one produce request. */
  flush(buffer: ProducerBuffer): void {
    const { records, ids } = buffer;
    buffer.records = [];
    buffer.ids = [];
    if (records.length === 0) return;
    const result = buffer.sim.produce(buffer.topic, records);
    for (let i = 0; i < records.length; i++) {
      const p = result.partitions[i]!;
      if (p < 0) {
        this.failed++;
        continue;
      }
      this.offsetTable(buffer.topic, p).set(result.offsets[i]!, ids[i]!);
    }
    for (const inst of this.instances) if (inst.waiting && inst.def.topic === buffer.topic) inst.wake();
  }

  offsetTable(topic: string, partition: number): GrowableInt32 {
    let list = this.tables.get(topic);
    if (!list) {
      list = [];
      this.tables.set(topic, list);
    }
    let table = list[partition];
    if (!table) {
      table = new GrowableInt32(1024);
      list[partition] = table;
    }
    return table;
  }

  private track(group: string, topic: string): GroupTrack | undefined {
    return this.groups.get(`${group}\u0000${topic}`);
  }

  fetchedUpTo(sub: Subscription, partition: number): number {
    for (const g of this.groups.values()) if (g.sub === sub) return g.fetched.get(partition) ?? 0;
    return 0;
  }

  setFetchedUpTo(sub: Subscription, partition: number, offset: number): void {
    for (const g of this.groups.values()) if (g.sub === sub) g.fetched.set(partition, offset);
  }

  registerMember(memberId: string, label: string): void {
    this.labels.set(memberId, label);
  }

  subscriptionFor(def: ResolvedConsumer): Subscription {
    const key = `${def.group}\u0000${def.topic}`;
    const sub = this.ctx.subscription(`group\u0000${key}`, `${def.group} (${def.topic})`);
    if (!this.groups.has(key)) {
      this.groups.set(key, { sub, group: def.group, topic: def.topic, reset: def.autoOffsetReset, starts: new Map(), fetched: new Map() });
    }
    if (!sub.consumers.includes(def.id)) sub.consumers.push(def.id);
    return sub;
  }

  createInstance(def: ResolvedConsumer, index: number): KafkaInstance {
    const inst = new KafkaInstance(this.ctx, def, index, this.subscriptionFor(def), this);
    this.instances.push(inst);
    return inst;
  }

  brokerRestart(_instances: readonly ConsumerInstance[]): void {
    // Every record is on disk and replicated (acks=all): a rolling restart loses nothing and the
    // clients reconnect with their positions. The engine has no restart of its own.
    this.ctx.emit('broker-restarted', -1, '', -1, -1, 0, '', 'no data lost: the log is on disk');
  }

  skipTime(targetMs: number): void {
    const clock = this.ctx.clock;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const next = Math.min(Math.max(this.cluster.nextDeadline(), clock.now() + 1), targetMs);
      clock.advanceTo(next);
      for (const inst of this.instances) inst.keepAlive();
      this.cluster.tick();
      if (next >= targetMs) break;
    }
    this.timerAt = Number.POSITIVE_INFINITY;
    this.groupChanged();
  }

  /** The cluster timer fired. */
  run(token: number): void {
    if (token !== this.timerToken) return;
    this.timerAt = Number.POSITIVE_INFINITY;
    this.cluster.tick();
    this.groupChanged();
  }

  groupChanged(): void {
    const now = this.ctx.clock.now();
    let next = this.cluster.nextDeadline();
    if (!Number.isFinite(next)) return;
    if (next <= now) next = now + 1;
    if (next >= this.timerAt) return;
    this.timerAt = next;
    this.ctx.scheduler.schedule(next, this, ++this.timerToken, true);
  }

  private committedOr(g: GroupTrack, partition: number, logStart: number, hw: number): number {
    const c = this.cluster.committed(g.group, g.topic, partition);
    if (c !== undefined) return c;
    const s = g.starts.get(partition);
    if (s !== undefined) return s;
    return g.reset === 'earliest' ? logStart : hw;
  }

  backlog(): Backlog {
    return { queueDepth: 0, consumerLag: this.lagNow() };
  }

  /**
   * Lag of consumer group `group` (every topic it reads), or of every group: high watermark minus
   * the committed offset (or where the group started, or its auto.offset.reset position). Only reads.
   */
  lagNow(group?: string): number {
    let lag = 0;
    for (const g of this.groups.values()) {
      if (group !== undefined && g.group !== group) continue;
      for (const p of this.cluster.describePartitions(g.topic)) lag += this.partitionLag(g, p.partition, p.logStartOffset, p.highWatermark);
    }
    return lag;
  }

  /** Lag of `group` on one partition of `topic` (see {@link lagNow}), or undefined when the group does not read it. */
  partitionLagNow(group: string, topic: string, partition: number, logStart: number, hw: number): number | undefined {
    const g = this.track(group, topic);
    return g ? this.partitionLag(g, partition, logStart, hw) : undefined;
  }

  private partitionLag(g: GroupTrack, partition: number, logStart: number, hw: number): number {
    return Math.max(0, hw - this.committedOr(g, partition, logStart, hw));
  }

  totals(): DriverTotals {
    let left = 0;
    for (const t of this.cluster.listTopics()) left += t.messages;
    return { unroutable: this.failed, deadLettered: 0, expired: 0, dropped: 0, leftAfterConsumption: left };
  }

  lostFor(sub: Subscription): number {
    let lost = 0;
    for (const g of this.groups.values()) {
      if (g.sub !== sub) continue;
      for (const p of this.cluster.describePartitions(g.topic)) {
        const start = g.starts.get(p.partition);
        if (start === undefined) continue;
        const committed = this.cluster.committed(g.group, g.topic, p.partition) ?? start;
        const table = this.offsetTable(g.topic, p.partition);
        const behind = Math.max(committed, p.logStartOffset);
        for (let o = start; o < Math.min(behind, p.highWatermark); o++) {
          const id = table.get(o);
          if (id > 0 && !sub.flags.has(id, Flag.DONE) && !sub.isInClient(id)) lost++;
        }
      }
    }
    return lost;
  }

  lostUnrouted(): number {
    return this.failed;
  }

  quiescent(): boolean {
    for (const g of this.groups.values()) {
      if (!this.instances.some((i) => i.alive && i.sub === g.sub)) continue;
      if (this.cluster.group(g.group)?.state !== 'Stable') return false;
      for (const p of this.cluster.describePartitions(g.topic)) {
        if (p.highWatermark > this.committedOr(g, p.partition, p.logStartOffset, p.highWatermark)) return false;
      }
    }
    return true;
  }

  private noteStart(group: string, topic: string, partition: number, offset: number): void {
    const g = this.track(group, topic);
    if (!g) return;
    const s = g.starts.get(partition);
    if (s === undefined || offset < s) g.starts.set(partition, offset);
  }

  private label(memberId: string | undefined): string {
    return memberId === undefined ? '' : this.labels.get(memberId) ?? memberId;
  }

  private onEvent(e: KafkaEvent): void {
    const ctx = this.ctx;
    switch (e.type) {
      case 'appended':
        ctx.emit('appended', -1, e.topic, e.partition, e.baseOffset, e.count, '', '');
        break;
      case 'fetched':
        if (e.groupId !== undefined) this.noteStart(e.groupId, e.topic, e.partition, e.offset);
        ctx.emit('fetched', -1, e.topic, e.partition, e.offset, e.count, this.label(e.memberId), e.groupId ?? '');
        break;
      case 'position-reset':
        this.noteStart(e.groupId, e.topic, e.partition, e.offset);
        ctx.emit('position-reset', -1, e.topic, e.partition, e.offset, 0, this.label(e.memberId), e.reason);
        break;
      case 'committed':
        ctx.emit('committed', -1, e.topic, e.partition, e.offset, 0, this.label(e.memberId), e.auto ? 'auto' : 'sync');
        break;
      case 'rebalanced':
        ctx.emit('rebalanced', -1, e.groupId, -1, -1, e.generation, '', this.describeAssignment(e.assignment));
        break;
      case 'retention-deleted':
        ctx.emit('retention-deleted', -1, e.topic, e.partition, e.logStartOffset, e.records, '', e.reason);
        break;
      case 'member-joined':
        ctx.emit('member-joined', -1, e.groupId, -1, -1, 0, e.clientId, '');
        break;
      case 'member-left':
        ctx.emit('member-left', -1, e.groupId, -1, -1, 0, this.label(e.memberId), e.reason);
        break;
      case 'group-state':
        ctx.emit('group-state', -1, e.groupId, -1, -1, 0, '', `${e.from}->${e.to}`);
        break;
      case 'produce-failed':
        ctx.emit('produce-failed', -1, e.topic, -1, -1, e.count, '', e.code);
        break;
      case 'topic-created':
        ctx.emit('topic-created', -1, e.topic, -1, -1, e.partitions, '', '');
        break;
      case 'compacted':
        ctx.emit('compacted', -1, e.topic, e.partition, -1, e.recordsBefore - e.recordsAfter, '', '');
        break;
      case 'offsets-expired':
        ctx.emit('offsets-expired', -1, e.groupId, -1, -1, 0, '', '');
        break;
      default:
        break;
    }
  }

  private describeAssignment(assignment: Readonly<Record<string, readonly { topic: string; partitions: readonly number[] }[]>>): string {
    const parts: string[] = [];
    for (const [member, tps] of Object.entries(assignment)) {
      parts.push(`${this.label(member)}=${tps.map((tp) => `${tp.topic}[${tp.partitions.join(',')}]`).join(' ')}`);
    }
    return parts.sort().join('; ');
  }
}
