/**
 * The one interface every broker is reached through: real Kafka, real RabbitMQ and both simulator
 * models. Broker-specific abilities are optional facets whose presence matches the capability flags.
 */
import type { BrowsePage, BrowseRequest } from './browse.js';
import type { Capabilities } from './capabilities.js';
import type { DestinationInfo, DestinationSpec } from './destination.js';
import type { GroupDetail, GroupSummary, OffsetResetPreview, OffsetResetRequest } from './groups.js';
import type { QueueConsumersFacet } from './queueConsumers.js';
import type { BrokerRecord, OutgoingMessage, PublishOutcome, PublishReport, PublishTarget } from './message.js';
import type {
  BindingInfo,
  ClusterOverview,
  ConfigEntry,
  ExchangeInfo,
  ExchangeSpec,
  PartitionInfo,
  RouteExplanation,
  RouteQuestion,
} from './topology.js';

/** Which broker model an adapter speaks. */
export type BrokerKind = 'kafka' | 'rabbitmq';

/** Connection state, shown by icon in the tree and in the status bar. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** Removes a listener. */
export type Unsubscribe = () => void;

/** Options for long calls. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Called with (done, total) as work progresses. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What a streamed publish (Send ×N) reports as it goes. */
export interface PublishStreamOptions {
  readonly signal?: AbortSignal;
  /** Once per message handed to the broker (or refused before sending), as the broker answers: not in index order across partitions. */
  readonly onOutcome: (index: number, outcome: PublishOutcome) => void;
  /** After each answered request, with how many messages have an outcome so far. */
  readonly onProgress?: (answered: number) => void;
}

/** How a streamed publish ended; `stoppedBy` says why the messages left without an outcome were never sent. */
export interface PublishStreamEnd {
  readonly stoppedBy?: string;
}

/** The broker-neutral adapter. */
export interface BrokerAdapter {
  readonly kind: BrokerKind;
  /** True for the built-in simulator. */
  readonly simulated: boolean;
  readonly capabilities: Capabilities;
  readonly state: ConnectionState;
  onDidChangeState(listener: (state: ConnectionState, error?: Error) => void): Unsubscribe;

  /** Connects (or checks the connection); rejects with a BrokerError saying exactly what failed. */
  connect(signal?: AbortSignal): Promise<void>;
  /** Closes every socket this adapter opened. Safe to call twice. */
  disconnect(): Promise<void>;

  overview(): Promise<ClusterOverview>;
  listDestinations(options?: { readonly includeInternal?: boolean }): Promise<DestinationInfo[]>;
  createDestination(spec: DestinationSpec): Promise<void>;
  /** Deletes a topic or queue. `confirmedName` must equal `name`: the caller asked the user to type it. */
  deleteDestination(name: string, confirmedName: string): Promise<void>;

  /** Publishes messages and reports, per message, what the broker said. */
  publish(target: PublishTarget, messages: readonly OutgoingMessage[], options?: CallOptions): Promise<PublishReport>;
  /**
   * Send ×N without an array and without pauses between calls: publishes `count` messages made on
   * demand by `messageAt(i)` (once each, in index order, as fast as the broker takes them). A message
   * with no outcome when this resolves was never handed to the broker (cancelled, or stopped by
   * `stoppedBy`). Rejects only when nothing was sent. Optional: callers fall back to `publish` in chunks.
   */
  publishStream?(target: PublishTarget, count: number, messageAt: (index: number) => OutgoingMessage, options: PublishStreamOptions): Promise<PublishStreamEnd>;
  /** Reads a page without consuming (see BrowseRequest.acceptRequeue for RabbitMQ classic queues). */
  browse(request: BrowseRequest, options?: CallOptions): Promise<BrowsePage>;
  /**
   * Streams new records until the signal aborts. Present when capabilities.liveTail. `onStatus` hears
   * once when a partition stops answering (a leader died) and once when it resumes, so a panel can
   * show one status line instead of silence or a stream of errors.
   */
  tail?(
    request: TailRequest,
    onRecords: (records: readonly BrokerRecord[]) => void,
    signal: AbortSignal,
    onStatus?: (status: TailStatus) => void,
  ): Promise<void>;

  readonly partitions?: PartitionsFacet;
  readonly consumerGroups?: ConsumerGroupsFacet;
  /** RabbitMQ model: a queue's consumers and rates (the real broker needs the management API). */
  readonly queueConsumers?: QueueConsumersFacet;
  readonly exchanges?: ExchangesFacet;
  readonly deadLetters?: DeadLettersFacet;
}

/** What to tail. */
export interface TailRequest {
  readonly destination: string;
  readonly partition?: number;
}

/** A live tail's state change for one partition: waiting (with the one-sentence reason) or resumed. */
export type TailStatus =
  | { readonly kind: 'waiting'; readonly partition: number; readonly offset: number; readonly message: string }
  | { readonly kind: 'resumed'; readonly partition: number; readonly offset: number };

/** Kafka model: brokers, partitions, configs. */
export interface PartitionsFacet {
  listPartitions(topic: string): Promise<PartitionInfo[]>;
  addPartitions(topic: string, totalCount: number): Promise<void>;
  describeConfigs(topic: string): Promise<ConfigEntry[]>;
  alterConfigs(topic: string, changes: Readonly<Record<string, string | null>>): Promise<void>;
}

/** Kafka model: consumer groups and offset resets. */
export interface ConsumerGroupsFacet {
  listGroups(): Promise<GroupSummary[]>;
  describeGroup(groupId: string): Promise<GroupDetail>;
  /** Computes, changes nothing. */
  previewOffsetReset(request: OffsetResetRequest): Promise<OffsetResetPreview>;
  /** Applies exactly the preview; refused (code 'groupActive') while the group has members. */
  applyOffsetReset(preview: OffsetResetPreview): Promise<void>;
  /** Puts back the offsets that the last applied reset of this group replaced. */
  revertLastReset(groupId: string): Promise<OffsetResetPreview>;
  /** True when a reset of this group was applied through this adapter and not yet reverted. */
  canRevert(groupId: string): boolean;
  /** What revertLastReset would do, computed without changing anything (shown before it is applied). */
  previewRevert(groupId: string): Promise<OffsetResetPreview>;
  /**
   * Deletes a group with no members and its committed offsets; `confirmedName` must equal `groupId`.
   * Refused (code 'groupActive') while the group has members, as the broker refuses it (NON_EMPTY_GROUP).
   */
  deleteGroup(groupId: string, confirmedName: string): Promise<void>;
}

/** RabbitMQ model: vhosts, exchanges, bindings, routing. */
export interface ExchangesFacet {
  /** The vhost this adapter works in (every other call is scoped to it). */
  readonly vhost: string;
  /** Every vhost the user can see (management API); at least the current one. */
  listVhosts(): Promise<string[]>;
  listExchanges(): Promise<ExchangeInfo[]>;
  declareExchange(spec: ExchangeSpec): Promise<void>;
  deleteExchange(name: string, confirmedName: string): Promise<void>;
  /** Bindings whose source is `of.exchange`, or whose destination is `of.queue`; all when `of` is empty. */
  listBindings(of?: { readonly exchange?: string; readonly queue?: string }): Promise<BindingInfo[]>;
  bind(binding: Omit<BindingInfo, 'arguments'> & { readonly arguments?: Readonly<Record<string, unknown>> }): Promise<void>;
  unbind(binding: BindingInfo): Promise<void>;
  explainRoute(question: RouteQuestion): Promise<RouteExplanation>;
  /** Empties a queue; `confirmedName` must equal `queue`. Returns how many messages were removed. */
  purgeQueue(queue: string, confirmedName: string): Promise<number>;
}

/** One entry of an x-death header, as RabbitMQ writes it. */
export interface DeathRecord {
  readonly queue: string;
  readonly reason: 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';
  readonly count: number;
  readonly exchange: string;
  readonly routingKeys: readonly string[];
  readonly time?: number;
}

/** A dead-lettered message with its history. */
export interface DeadLetter {
  readonly record: BrokerRecord;
  readonly deaths: readonly DeathRecord[];
}

/** RabbitMQ model: dead-letter queues. */
export interface DeadLettersFacet {
  list(queue: string, limit: number): Promise<DeadLetter[]>;
  /**
   * Moves messages (by record id from `list`) to their original exchange and routing key from x-death,
   * or to `target`. Each leaves the source only after the target confirmed it.
   */
  move(
    queue: string,
    ids: readonly string[],
    target: 'original' | { readonly exchange: string; readonly routingKey: string },
    options?: CallOptions,
  ): Promise<PublishReport>;
}
