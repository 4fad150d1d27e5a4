/**
 * The Kafka BrokerAdapter over kafkajs. This class holds the connection state and turns every failure
 * into a BrokerError; the work itself lives in one file per area (browse, topics, groups, offset
 * resets, publish, tail).
 */
import { Partitioners } from 'kafkajs';
import type {
  BrokerAdapter,
  CallOptions,
  ConnectionState,
  ConsumerGroupsFacet,
  PartitionsFacet,
  PublishStreamEnd,
  PublishStreamOptions,
  TailRequest,
  TailStatus,
  Unsubscribe,
} from '../../model/adapter.js';
import type { BrowsePage, BrowseRequest } from '../../model/browse.js';
import { KAFKA_CAPABILITIES } from '../../model/capabilities.js';
import type { ConnectionSecrets, KafkaConnectionConfig } from '../../model/connection.js';
import type { DestinationInfo, DestinationSpec } from '../../model/destination.js';
import { BrokerError } from '../../model/errors.js';
import type { GroupDetail, GroupSummary, OffsetResetPreview, OffsetResetRequest } from '../../model/groups.js';
import type { BrokerRecord, OutgoingMessage, PublishReport, PublishTarget } from '../../model/message.js';
import type { ClusterOverview, ConfigEntry } from '../../model/topology.js';
import { browseTopic } from './browse.js';
import { DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, KafkaSession, type KafkaAdapterOptions } from './connection.js';
import { toBrokerError, type KafkaErrorContext } from './errors.js';
import { deleteGroup, describeGroup, listGroups } from './groups.js';
import { OffsetResets } from './offsetReset.js';
import { PartitionReader } from './partitionReader.js';
import { publishToTopic, streamToTopic, type PublishContext } from './publish.js';
import { tailTopic } from './tail.js';
import * as topics from './topics.js';


/** A real Kafka cluster, reached through kafkajs. */
export class KafkaAdapter implements BrokerAdapter {
  readonly kind = 'kafka' as const;
  readonly simulated = false;
  readonly capabilities = KAFKA_CAPABILITIES;
  readonly partitions: PartitionsFacet;
  readonly consumerGroups: ConsumerGroupsFacet;

  private currentState: ConnectionState = 'disconnected';
  private readonly listeners = new Set<(state: ConnectionState, error?: Error) => void>();
  private readonly session: KafkaSession;
  private partitionReader: { cluster: unknown; reader: PartitionReader } | undefined;
  private readonly tails = new Set<AbortController>();
  private readonly resets: OffsetResets;
  // One partitioner per adapter, so keyless records keep rotating over partitions across calls.
  private readonly partitioner = Partitioners.DefaultPartitioner();

  constructor(
    private readonly config: KafkaConnectionConfig,
    secrets: ConnectionSecrets,
    options: KafkaAdapterOptions = {},
  ) {
    this.session = new KafkaSession(config, secrets, options);
    this.resets = new OffsetResets(() => this.session.admin(), () => this.session.reader(), () => this.reader());
    this.partitions = {
      listPartitions: (topic) => this.run(`Listing the partitions of topic "${topic}"`, async () => topics.listPartitions(await this.reader(), topic), { topic }),
      addPartitions: (topic, total) => this.run(`Adding partitions to topic "${topic}"`, async () => topics.addPartitions(await this.session.admin(), topic, total), { topic }),
      describeConfigs: (topic) => this.run(`Reading the configs of topic "${topic}"`, async (): Promise<ConfigEntry[]> => topics.describeTopicConfigs(await this.session.admin(), topic), { topic }),
      alterConfigs: (topic, changes) => this.run(`Changing the configs of topic "${topic}"`, async () => topics.alterTopicConfigs(await this.session.admin(), topic, changes), { topic }),
    };
    this.consumerGroups = {
      listGroups: () => this.run('Listing consumer groups', async (): Promise<GroupSummary[]> => listGroups(await this.session.admin(), await this.session.reader())),
      describeGroup: (groupId) =>
        this.run(`Describing consumer group "${groupId}"`, async (): Promise<GroupDetail> => describeGroup(await this.session.admin(), await this.session.reader(), await this.reader(), groupId), { groupId }),
      previewOffsetReset: (request: OffsetResetRequest) =>
        this.run(`Previewing the offset reset of group "${request.groupId}"`, () => this.resets.preview(request), { groupId: request.groupId, topic: request.topic }),
      applyOffsetReset: (preview: OffsetResetPreview) =>
        this.run(`Resetting the offsets of group "${preview.request.groupId}"`, () => this.resets.apply(preview), { groupId: preview.request.groupId, topic: preview.request.topic }),
      revertLastReset: (groupId) => this.run(`Reverting the offsets of group "${groupId}"`, () => this.resets.revert(groupId), { groupId }),
      canRevert: (groupId) => this.resets.canRevert(groupId),
      previewRevert: (groupId) => this.run(`Previewing the revert of group "${groupId}"`, () => this.resets.previewRevert(groupId), { groupId }),
      deleteGroup: (groupId, confirmedName) =>
        this.run(`Deleting consumer group "${groupId}"`, async () => deleteGroup(await this.session.admin(), groupId, confirmedName), { groupId }),
    };
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  onDidChangeState(listener: (state: ConnectionState, error?: Error) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState, error?: Error): void {
    if (state === this.currentState && !error) return;
    this.currentState = state;
    for (const l of [...this.listeners]) {
      try {
        l(state, error);
      } catch {
        // A listener's bug must not break the adapter.
      }
    }
  }

  private context(action: string, extra: Partial<KafkaErrorContext> = {}): KafkaErrorContext {
    return {
      action,
      brokers: this.config.brokers,
      ...(this.config.sasl ? { sasl: this.config.sasl } : {}),
      requestTimeoutMs: this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: this.config.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      ...extra,
    };
  }

  private toError(action: string, error: unknown, extra: Partial<KafkaErrorContext> = {}): BrokerError {
    return toBrokerError(error, this.context(action, extra));
  }

  /** Runs one operation: maps its errors, and keeps the state in step with what the broker did. */
  private async run<T>(action: string, work: () => Promise<T>, extra: Partial<KafkaErrorContext> = {}): Promise<T> {
    try {
      const result = await work();
      if (this.currentState === 'reconnecting' || this.currentState === 'failed') this.setState('connected');
      return result;
    } catch (e) {
      const error = this.toError(action, e, extra);
      if (this.currentState === 'connected' && (error.code === 'unreachable' || error.code === 'disconnected')) this.setState('reconnecting', error);
      throw error;
    }
  }

  /** The group-less reader, rebuilt whenever the session's reader cluster was (re)created. */
  private async reader(): Promise<PartitionReader> {
    const cluster = await this.session.reader();
    if (this.partitionReader?.cluster !== cluster) {
      this.partitionReader = { cluster, reader: new PartitionReader(cluster, this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) };
    }
    return this.partitionReader.reader;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    this.setState('connecting');
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new BrokerError('cancelled', 'Connecting to Kafka was cancelled.'));
      signal?.addEventListener('abort', () => reject(new BrokerError('cancelled', 'Connecting to Kafka was cancelled.')), { once: true });
    });
    aborted.catch(() => undefined);
    try {
      // The admin connection proves the address, TLS and SASL; the reader is what browsing needs next.
      const ready = Promise.all([this.session.admin(), this.session.reader()]).then(async ([, cluster]) => {
        // kafkajs retries a timed-out handshake on the still-open socket and then reports success, so
        // one real request proves the connection answers.
        await cluster.metadata({ topics: [] });
      });
      await Promise.race([ready, aborted]);
      this.setState('connected');
    } catch (e) {
      const error = this.toError('Connecting to Kafka', e);
      await this.session.close();
      this.setState('failed', error);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    for (const tail of this.tails) tail.abort();
    this.tails.clear();
    this.partitionReader = undefined;
    await this.session.close();
    this.setState('disconnected');
  }

  overview(): Promise<ClusterOverview> {
    return this.run('Describing the Kafka cluster', async () => topics.clusterOverview(await this.session.reader()));
  }

  listDestinations(options: { readonly includeInternal?: boolean } = {}): Promise<DestinationInfo[]> {
    return this.run('Listing topics', async () => topics.listTopics(await this.reader(), options.includeInternal ?? false));
  }

  createDestination(spec: DestinationSpec): Promise<void> {
    return this.run(`Creating topic "${spec.name}"`, async () => topics.createTopic(await this.session.admin(), spec), { topic: spec.name });
  }

  deleteDestination(name: string, confirmedName: string): Promise<void> {
    return this.run(`Deleting topic "${name}"`, async () => topics.deleteTopic(await this.session.admin(), name, confirmedName), { topic: name });
  }

  publish(target: PublishTarget, messages: readonly OutgoingMessage[], options?: CallOptions): Promise<PublishReport> {
    const action = `Publishing to topic "${target.destination}"`;
    return this.run(
      action,
      async () => publishToTopic(await this.publishContext(action, target), target, messages, options),
      { topic: target.destination },
    );
  }

  async publishStream(target: PublishTarget, count: number, messageAt: (index: number) => OutgoingMessage, options: PublishStreamOptions): Promise<PublishStreamEnd> {
    const action = `Publishing to topic "${target.destination}"`;
    const end = await this.run(action, async () => streamToTopic(await this.publishContext(action, target), target, count, messageAt, options), { topic: target.destination });
    if (!end.fatal) return {};
    // Stopped mid-run: the run resolves with exact counts, but the connection state must still say so.
    if (this.currentState === 'connected' && (end.fatal.code === 'unreachable' || end.fatal.code === 'disconnected')) this.setState('reconnecting', end.fatal);
    return { stoppedBy: end.fatal.message };
  }

  private async publishContext(action: string, target: PublishTarget): Promise<PublishContext> {
    return {
      reader: await this.reader(),
      partitioner: this.partitioner,
      toError: (e) => this.toError(action, e, { topic: target.destination }),
      requestTimeoutMs: this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    };
  }

  browse(request: BrowseRequest, options?: CallOptions): Promise<BrowsePage> {
    return this.run(`Browsing topic "${request.destination}"`, async () => browseTopic(await this.reader(), request, options?.signal), { topic: request.destination });
  }

  async tail(request: TailRequest, onRecords: (records: readonly BrokerRecord[]) => void, signal: AbortSignal, onStatus?: (status: TailStatus) => void): Promise<void> {
    const action = `Tailing topic "${request.destination}"`;
    // disconnect() ends every tail, whatever signal the caller holds.
    const own = new AbortController();
    const forward = (): void => own.abort();
    signal.addEventListener('abort', forward, { once: true });
    if (signal.aborted) own.abort();
    this.tails.add(own);
    try {
      await this.run(action, async () => tailTopic(await this.reader(), request, onRecords, own.signal, (e) => this.toError(action, e, { topic: request.destination }), onStatus), {
        topic: request.destination,
      });
    } finally {
      signal.removeEventListener('abort', forward);
      this.tails.delete(own);
    }
  }
}
