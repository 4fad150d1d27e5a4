/**
 * The BrokerAdapter over the simulator's Kafka model (KafkaCluster), so every panel works offline and
 * the contract suite runs the same cases here as on a real broker. Like the real Kafka adapter it
 * never auto-creates a topic on publish, and browsing joins no group and commits nothing.
 */
import { assertTypedName } from '../../rules/typedName.js';
import { browsePartitions, type PartitionBounds, type PartitionedLog } from '../../browse/partitionPager.js';
import type {
  BrokerAdapter,
  CallOptions,
  ConnectionState,
  ConsumerGroupsFacet,
  PartitionsFacet,
  TailRequest,
  Unsubscribe,
} from '../../model/adapter.js';
import type { BrowsePage, BrowseRequest } from '../../model/browse.js';
import { KAFKA_CAPABILITIES, type Capabilities } from '../../model/capabilities.js';
import type { DestinationInfo, DestinationSpec } from '../../model/destination.js';
import { BrokerError } from '../../model/errors.js';
import type { GroupDetail, GroupSummary, OffsetResetPreview, OffsetResetRequest, OffsetResetRow } from '../../model/groups.js';
import { publishReport, type BrokerRecord, type OutgoingMessage, type PublishOutcome, type PublishReport, type PublishTarget } from '../../model/message.js';
import type { ClusterOverview, ConfigEntry, PartitionInfo } from '../../model/topology.js';
import { sliceToBrokerRecords, toBrokerError, toProduceRecord } from './simulatorKafkaSupport.js';
import type { KafkaCluster } from '../../simulator/kafka/cluster.js';
import { lagTotals } from '../../rules/lag.js';
import type { ResetRow } from '../../simulator/kafka/groupAdmin.js';

const ACKS = { all: 'all', leader: 'leader', none: 'none' } as const;
/** Records per browse read: what one small Fetch would return. */
const BROWSE_CHUNK = 256;

/** The simulator's Kafka model behind the BrokerAdapter interface. */
export class SimulatorKafkaAdapter implements BrokerAdapter {
  readonly kind = 'kafka';
  readonly simulated = true;
  readonly capabilities: Capabilities = KAFKA_CAPABILITIES;
  readonly partitions: PartitionsFacet;
  readonly consumerGroups: ConsumerGroupsFacet;
  private current: ConnectionState = 'disconnected';
  private readonly stateListeners = new Set<(state: ConnectionState, error?: Error) => void>();
  private readonly tails = new Set<() => void>();

  constructor(readonly cluster: KafkaCluster) {
    this.partitions = {
      listPartitions: (topic) => this.run(`Listing partitions of topic "${topic}"`, () => this.cluster.describePartitions(topic).map((p): PartitionInfo => ({
        partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr, logStart: p.logStartOffset, highWatermark: p.highWatermark,
      }))),
      addPartitions: (topic, total) => this.run(`Adding partitions to topic "${topic}"`, () => this.cluster.addPartitions(topic, total)),
      describeConfigs: (topic) => this.run(`Reading configs of topic "${topic}"`, () => this.cluster.describeConfigs(topic).map((c): ConfigEntry => ({
        name: c.name, value: c.value, isDefault: c.isDefault, readOnly: false, sensitive: false,
      }))),
      alterConfigs: (topic, changes) => this.run(`Changing configs of topic "${topic}"`, () => this.cluster.alterConfigs(topic, changes)),
    };
    this.consumerGroups = {
      listGroups: () => this.run('Listing consumer groups', () => this.cluster.listGroups().map((g): GroupSummary => ({ groupId: g.groupId, state: g.state, protocolType: 'consumer' }))),
      describeGroup: (groupId) => this.run(`Describing consumer group "${groupId}"`, () => this.describeGroup(groupId)),
      previewOffsetReset: (request) => this.run(`Previewing an offset reset of group "${request.groupId}"`, () => this.preview(request)),
      applyOffsetReset: (preview) => this.run(`Resetting offsets of group "${preview.request.groupId}"`, () => this.apply(preview)),
      revertLastReset: (groupId) => this.run(`Reverting the last offset reset of group "${groupId}"`, () => this.revert(groupId)),
      canRevert: (groupId) => this.current === 'connected' && this.cluster.canRevert(groupId),
      previewRevert: (groupId) => this.run(`Previewing the revert of group "${groupId}"`, () => this.revertPreview(groupId, this.cluster.previewRevert(groupId))),
      deleteGroup: (groupId, confirmedName) => this.run(`Deleting consumer group "${groupId}"`, () => {
        assertTypedName('Deleting consumer group', groupId, confirmedName, 'group id');
        this.cluster.deleteGroup(groupId);
      }),
    };
  }

  get state(): ConnectionState {
    return this.current;
  }

  onDidChangeState(listener: (state: ConnectionState, error?: Error) => void): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async connect(): Promise<void> {
    this.setState('connected');
  }

  async disconnect(): Promise<void> {
    for (const stop of [...this.tails]) stop();
    this.setState('disconnected');
  }

  overview(): Promise<ClusterOverview> {
    return this.run('Describing the simulated cluster', () => ({
      product: 'BrokerLens simulator (Kafka model)',
      version: '4.0 (simulated)',
      clusterName: 'simulator',
      nodes: this.cluster.brokerIds.map((id) => ({ id: String(id), host: 'simulator', port: 9091 + id, controller: id === 1 })),
      notes: ['An in-memory model of Apache Kafka 4.x with Java client defaults; time is virtual and nothing leaves this process.'],
    }));
  }

  listDestinations(options: { readonly includeInternal?: boolean } = {}): Promise<DestinationInfo[]> {
    return this.run('Listing topics', () => this.cluster.listTopics(options).map((t): DestinationInfo => ({
      name: t.name,
      type: 'topic',
      internal: t.internal,
      partitions: t.partitions,
      messages: t.messages,
      durable: true,
      arguments: t.overrides,
    })));
  }

  createDestination(spec: DestinationSpec): Promise<void> {
    return this.run(`Creating topic "${spec.name}"`, () => {
      if (spec.kind !== 'topic') throw new BrokerError('unsupported', `Creating queue "${spec.name}" failed because the Kafka model has topics, not queues; create a topic instead.`);
      this.cluster.createTopic(spec.name, { partitions: spec.partitions, replicationFactor: spec.replicationFactor, ...(spec.configs ? { configs: spec.configs } : {}) });
    });
  }

  deleteDestination(name: string, confirmedName: string): Promise<void> {
    return this.run(`Deleting topic "${name}"`, () => {
      assertTypedName('Deleting topic', name, confirmedName, 'topic name');
      this.cluster.deleteTopic(name);
    });
  }

  publish(target: PublishTarget, messages: readonly OutgoingMessage[], options: CallOptions = {}): Promise<PublishReport> {
    const topic = target.destination;
    return this.run(`Publishing to topic "${topic}"`, () => {
      if (options.signal?.aborted) throw new BrokerError('cancelled', `Publishing to topic "${topic}" was cancelled before anything was sent.`);
      // Like the real adapter (allowAutoTopicCreation: false): a typo must not create a topic.
      if (!this.cluster.hasTopic(topic)) throw new BrokerError('notFound', `Publishing to topic "${topic}" failed because the topic does not exist; create it first or check the name.`);
      const result = this.cluster.produce(topic, messages.map(toProduceRecord), { acks: ACKS[target.acks ?? 'all'] });
      const outcomes = messages.map((_, i): PublishOutcome => {
        const error = result.errors?.[i];
        if (error) return { status: 'failed', reason: toBrokerError(error, `Publishing message ${i + 1}`).message };
        const offset = result.offsets[i]!;
        return offset >= 0 ? { status: 'confirmed', partition: result.partitions[i]!, offset } : { status: 'confirmed', partition: result.partitions[i]! };
      });
      options.onProgress?.(messages.length, messages.length);
      return publishReport(outcomes);
    });
  }

  browse(request: BrowseRequest, options?: CallOptions): Promise<BrowsePage> {
    const topic = request.destination;
    return this.run(`Browsing topic "${topic}"`, () => {
      const partitions = this.cluster.describePartitions(topic);
      if (request.partition !== undefined && !partitions.some((p) => p.partition === request.partition)) {
        throw new BrokerError('notFound', `Browsing topic "${topic}" failed because it has no partition ${request.partition}; pick a partition from 0 to ${partitions.length - 1}.`);
      }
      const bounds: PartitionBounds[] = partitions
        .filter((p) => request.partition === undefined || p.partition === request.partition)
        .map((p) => ({ partition: p.partition, low: p.logStartOffset, high: p.highWatermark }));
      return browsePartitions(this.topicLog(topic), request, bounds, `topic "${topic}"`, options?.signal);
    });
  }

  tail(request: TailRequest, onRecords: (records: readonly BrokerRecord[]) => void, signal: AbortSignal): Promise<void> {
    const topic = request.destination;
    return this.run(`Tailing topic "${topic}"`, () => {
      const positions = new Map<number, number>();
      for (const p of this.cluster.describePartitions(topic)) {
        if (request.partition === undefined || p.partition === request.partition) positions.set(p.partition, p.highWatermark);
      }
      if (request.partition !== undefined && positions.size === 0) throw new BrokerError('notFound', `Tailing topic "${topic}" failed because it has no partition ${request.partition}; pick an existing partition.`);
      return new Promise<void>((resolve) => {
        let scheduled = false;
        const flush = (): void => {
          scheduled = false;
          if (signal.aborted || !this.cluster.hasTopic(topic)) return;
          const records: BrokerRecord[] = [];
          for (const p of this.cluster.describePartitions(topic)) {
            if (request.partition !== undefined && p.partition !== request.partition) continue;
            // A partition added while tailing is read from its beginning; deleted records are skipped.
            let at = Math.max(positions.get(p.partition) ?? p.logStartOffset, p.logStartOffset);
            while (at < p.highWatermark) {
              const read = this.cluster.read(topic, p.partition, at, { maxRecords: 1000, maxBytes: Number.MAX_SAFE_INTEGER });
              for (const s of read.slices) sliceToBrokerRecords(topic, p.partition, s, records);
              at = read.nextOffset;
            }
            positions.set(p.partition, at);
          }
          if (records.length > 0) onRecords(records);
        };
        const off = this.cluster.on((e) => {
          if (e.type === 'topic-deleted' && e.topic === topic) stop();
          if (e.type === 'appended' && e.topic === topic && (request.partition === undefined || e.partition === request.partition) && !scheduled) {
            // Deliver after the producing call returns, never from inside it.
            scheduled = true;
            queueMicrotask(flush);
          }
        });
        const stop = (): void => {
          off();
          this.tails.delete(stop);
          signal.removeEventListener('abort', stop);
          resolve();
        };
        this.tails.add(stop);
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
      });
    });
  }

  /**
   * A topic as the shared pager (core/browse/partitionPager.ts) reads it, like one Fetch: at most
   * BROWSE_CHUNK records from `from`. The log answers exactly, so the last offset it accounts for is
   * its last record's, or `until - 1` when nothing is left below `until` (a Fetch would hand back the
   * next batch past the gap instead; the stream treats both alike). Reads stay in one macrotask, so no
   * simulated traffic lands between the chunks of a page.
   */
  private topicLog(topic: string): PartitionedLog {
    return {
      read: async (partition, from, until) => {
        const read = this.cluster.read(topic, partition, from, { maxRecords: Math.max(1, Math.min(until - from, BROWSE_CHUNK)), maxBytes: Number.MAX_SAFE_INTEGER });
        const records: BrokerRecord[] = [];
        for (const s of read.slices) sliceToBrokerRecords(topic, partition, s, records, until);
        const covered = Math.min(read.nextOffset, until);
        return { records, lastOffset: covered > from ? covered - 1 : undefined };
      },
      offsetsForTimestamp: async (partitions, timestamp) => new Map(partitions.map((p) => [p, this.cluster.offsetsForTimes(topic, p, timestamp)?.offset])),
    };
  }

  private describeGroup(groupId: string): GroupDetail {
    const group = this.cluster.group(groupId);
    if (!group) throw new BrokerError('notFound', `Describing consumer group "${groupId}" failed because no such group exists; check the group id.`);
    const offsets = this.cluster.groupLag(groupId);
    return {
      groupId,
      state: group.state,
      protocolType: 'consumer',
      ...(group.protocol ? { protocol: group.protocol } : {}),
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.options.clientId,
        host: m.options.host,
        assignments: groupByTopic(m.assignment),
      })),
      offsets,
      ...lagTotals(offsets),
    };
  }

  private preview(request: OffsetResetRequest): OffsetResetPreview {
    const rows = this.cluster.previewOffsetReset(request.groupId, request.topic, request.target, request.partitions);
    return { request, rows: rows.map(toModelRow), computedAt: this.cluster.clock.now() };
  }

  private apply(preview: OffsetResetPreview): void {
    const { groupId, topic } = preview.request;
    const members = this.cluster.group(groupId)?.members.size ?? 0;
    if (members > 0) {
      throw new BrokerError('groupActive', `Resetting offsets of group "${groupId}" failed because it has ${members} active member(s); stop its consumers, then apply the reset again.`);
    }
    this.cluster.applyOffsetReset(groupId, topic, preview.rows);
  }

  private revert(groupId: string): OffsetResetPreview {
    const members = this.cluster.group(groupId)?.members.size ?? 0;
    if (members > 0) {
      throw new BrokerError('groupActive', `Reverting the last offset reset of group "${groupId}" failed because it has ${members} active member(s); stop its consumers, then try again.`);
    }
    return this.revertPreview(groupId, this.cluster.revertLastReset(groupId));
  }

  /**
   * A revert as a preview. A partition that had no committed offset before the reset goes back to
   * none: its row says `cleared`, with the log start as `next` (where the consumer's lag counts from).
   */
  private revertPreview(groupId: string, revert: { topic: string; rows: ResetRow[] }): OffsetResetPreview {
    const { topic, rows } = revert;
    const logStart = (p: number): number => this.cluster.topic(topic)?.partitions[p]?.logStartOffset ?? 0;
    const restored = rows.map((r) => (r.next === null ? { ...toModelRow({ ...r, next: logStart(r.partition) }), cleared: true } : toModelRow(r)));
    const offsets = Object.fromEntries(restored.map((r) => [r.partition, r.next]));
    return { request: { groupId, topic, target: { kind: 'offsets', offsets } }, rows: restored, computedAt: this.cluster.clock.now() };
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    for (const l of this.stateListeners) l(state);
  }

  /** Runs a model call as an adapter call: connected check, errors as BrokerErrors, always async. */
  private async run<T>(action: string, f: () => T | Promise<T>): Promise<T> {
    if (this.current !== 'connected') {
      throw new BrokerError('disconnected', `${action} failed because the simulator's Kafka model is not connected; connect first.`);
    }
    try {
      return await f();
    } catch (e) {
      throw toBrokerError(e, action);
    }
  }
}

function toModelRow(r: ResetRow): OffsetResetRow {
  return { ...r, next: r.next ?? r.logStart };
}

function groupByTopic(tps: readonly { topic: string; partition: number }[]): { topic: string; partitions: number[] }[] {
  const map = new Map<string, number[]>();
  for (const tp of tps) map.set(tp.topic, [...(map.get(tp.topic) ?? []), tp.partition]);
  return [...map].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}
