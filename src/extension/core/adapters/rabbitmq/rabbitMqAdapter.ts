/**
 * The RabbitMQ BrokerAdapter: AMQP 0-9-1 through amqplib (with its connection recovery) for everything
 * that touches messages, and the management HTTP API for listing. Without the management API it runs
 * in AMQP-only mode and says so in the overview's notes.
 *
 * Counts: listDestinations reports the management API's messages_ready, which lags by up to the
 * statistics interval (5 s by default). `queueDepth` gives the exact count from an AMQP passive declare.
 */
import { validatePageRequest } from '../../browse/pageAssembly.js';
import { assertBrowseStart } from '../../rules/browseStart.js';
import type {
  BrokerAdapter,
  CallOptions,
  ConnectionState,
  Unsubscribe,
} from '../../model/adapter.js';
import { peekRequeueWarning, type BrowsePage, type BrowseRequest } from '../../model/browse.js';
import { RABBITMQ_CAPABILITIES } from '../../model/capabilities.js';
import type { ConnectionSecrets, RabbitMqConnectionConfig } from '../../model/connection.js';
import type { DestinationInfo, DestinationSpec } from '../../model/destination.js';
import { BrokerError } from '../../model/errors.js';
import type { OutgoingMessage, PublishReport, PublishTarget } from '../../model/message.js';
import type { ClusterOverview } from '../../model/topology.js';
import { compileFilter } from '../../browse/filter.js';
import { resolveRabbitConfig, type ResolvedRabbitConfig } from './config.js';
import { AmqpConnection } from './connection.js';
import { RabbitDeadLetters } from './deadLetters.js';
import { RabbitExchanges } from './exchangesFacet.js';
import { ManagementAccess } from './management.js';
import { publishPipelined, type WireMessage } from './publisher.js';
import { peekQueue, type PeekLimits } from './queuePeek.js';
import { QueueOps } from './queueOps.js';
import { contentOf, publishOptions } from './records.js';
import { browseStream } from './streamBrowse.js';
import type { StreamTiming } from './streamReader.js';
import { describeRates, toDestinationInfo } from './topology.js';
import type { QueueConsumersFacet } from '../../model/queueConsumers.js';
import { toQueueConsumers } from './queueConsumers.js';

/** Tuning knobs (tests and benchmarks); the defaults suit a developer's broker. */
export interface RabbitMqAdapterOptions {
  /** Stream end detection (see streamReader.ts). */
  readonly streamTiming?: StreamTiming;
  /** Most unconfirmed messages in flight while publishing. */
  readonly publishWindow?: number;
  /** Bounds of a classic/quorum queue peek (defaults: PEEK_MAX_POSITION, PEEK_MAX_HOLD_MS). */
  readonly peekLimits?: PeekLimits;
}


const DEFAULT_TIMING: StreamTiming = { firstWaitMs: 1000, idleMs: 250 };

/** RabbitMQ through amqplib and the management API. */
export class RabbitMqAdapter implements BrokerAdapter {
  readonly kind = 'rabbitmq' as const;
  readonly simulated = false;
  readonly capabilities = RABBITMQ_CAPABILITIES;
  readonly exchanges: RabbitExchanges;
  readonly deadLetters: RabbitDeadLetters;
  readonly queueConsumers: QueueConsumersFacet;

  private readonly resolved: ResolvedRabbitConfig;
  private readonly connection: AmqpConnection;
  private readonly management: ManagementAccess;
  private readonly queues: QueueOps;
  private readonly timing: StreamTiming;
  private readonly publishWindow: number;
  private readonly peekLimits: PeekLimits;

  constructor(config: RabbitMqConnectionConfig, secrets: ConnectionSecrets, options: RabbitMqAdapterOptions = {}) {
    this.resolved = resolveRabbitConfig(config, secrets);
    this.connection = new AmqpConnection(this.resolved);
    this.management = new ManagementAccess(this.resolved);
    this.queues = new QueueOps(this.connection, this.management);
    this.exchanges = new RabbitExchanges(this.connection, this.management, this.queues);
    this.deadLetters = new RabbitDeadLetters(this.connection, this.queues);
    this.queueConsumers = {
      describeQueueConsumers: (queue) =>
        this.management.call(`Reading the consumers of queue "${queue}"`, async (r) => toQueueConsumers(queue, await r.queueDetail(queue))),
    };
    this.timing = options.streamTiming ?? DEFAULT_TIMING;
    this.publishWindow = options.publishWindow ?? 1000;
    this.peekLimits = options.peekLimits ?? {};
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** The name RabbitMQ shows for this adapter's connection (client property connection_name). */
  get connectionName(): string {
    return `BrokerLens: ${this.resolved.name}`;
  }

  onDidChangeState(listener: (state: ConnectionState, error?: Error) => void): Unsubscribe {
    return this.connection.onDidChangeState(listener);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    try {
      await this.connection.connect(signal);
    } catch (error) {
      // A refused vhost looks the same whether it is missing or forbidden; management can tell them apart.
      if (error instanceof BrokerError && error.code === 'notFound' && this.resolved.managementUrl) {
        const exists = await this.management.vhostExists(this.connection.tlsMaterial);
        if (exists === true) {
          throw new BrokerError(
            'accessRefused',
            `Connecting to RabbitMQ at ${this.resolved.address} failed: user '${this.resolved.username}' has no access to vhost '${this.resolved.vhost}'; ask an administrator for permissions on it, or pick another vhost in the URL.`,
            { cause: error },
          );
        }
      }
      throw error;
    }
    await this.management.start(this.connection.tlsMaterial);
  }

  async disconnect(): Promise<void> {
    this.management.stop();
    await this.connection.close();
  }

  async overview(): Promise<ClusterOverview> {
    const server = this.connection.serverProperties;
    const notes: string[] = [];
    if (this.resolved.tls.enabled && !this.resolved.tls.rejectUnauthorized) {
      notes.push(`Warning: TLS certificate verification is OFF for connection "${this.resolved.name}"; anyone between you and the broker can read and change its traffic. Set the CA file and turn verification back on.`);
    }
    const note = this.management.note();
    if (note !== undefined || !this.management.available) {
      if (note !== undefined) notes.push(note);
      return {
        product: 'RabbitMQ',
        ...(server?.version ? { version: String(server.version) } : {}),
        ...(server?.cluster_name ? { clusterName: String(server.cluster_name) } : {}),
        nodes: [{ id: String(server?.cluster_name ?? this.resolved.host), host: this.resolved.host, port: this.resolved.port }],
        notes,
      };
    }
    const [overview, nodes, counts] = await Promise.all([
      this.management.call('Reading the broker overview', (r) => r.overview()),
      this.management.call('Listing cluster nodes', (r) => r.nodes()),
      this.management.call(`Counting connections of vhost '${this.resolved.vhost}'`, (r) => r.counts()).catch(() => undefined),
    ]);
    const totals = overview.object_totals;
    if (counts) {
      notes.push(`Vhost '${this.resolved.vhost}': ${counts.connections} connection(s), ${counts.channels} channel(s), ${counts.consumers} consumer(s).`);
    }
    if (totals) {
      notes.push(`Cluster: ${totals.connections ?? 0} connection(s), ${totals.channels ?? 0} channel(s), ${totals.consumers ?? 0} consumer(s), ${totals.queues ?? 0} queue(s), ${totals.exchanges ?? 0} exchange(s).`);
    }
    const rates = describeRates(overview.message_stats);
    if (rates) notes.push(rates);
    notes.push('Queue counts come from the management statistics, which lag by a few seconds (collect_statistics_interval).');
    return {
      product: overview.product_name ?? 'RabbitMQ',
      ...(overview.rabbitmq_version ?? overview.product_version ? { version: overview.rabbitmq_version ?? overview.product_version } : {}),
      ...(overview.cluster_name ? { clusterName: overview.cluster_name } : {}),
      nodes,
      notes,
    };
  }

  async listDestinations(options: { readonly includeInternal?: boolean } = {}): Promise<DestinationInfo[]> {
    const list = await this.management.call(`Listing queues of vhost '${this.resolved.vhost}'`, (r) => r.queues());
    const out: DestinationInfo[] = [];
    for (const q of list) {
      const info = toDestinationInfo(q);
      this.queues.remember(info.name, info.type);
      if (info.internal && !options.includeInternal) continue;
      out.push(info);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Exact ready-message count now (AMQP passive declare; streams report 0 here). */
  async queueDepth(queue: string): Promise<number> {
    return (await this.queues.describe(queue, `Counting messages of queue '${queue}'`)).messageCount;
  }

  async createDestination(spec: DestinationSpec): Promise<void> {
    if (spec.kind !== 'queue') {
      throw new BrokerError('invalidInput', `RabbitMQ has queues, not topics: create a queue (classic, quorum or stream) instead of topic '${spec.name}'.`);
    }
    await this.queues.declare(spec);
  }

  async deleteDestination(name: string, confirmedName: string): Promise<void> {
    await this.queues.delete(name, confirmedName);
  }

  publish(target: PublishTarget, messages: readonly OutgoingMessage[], options: CallOptions = {}): Promise<PublishReport> {
    const mandatory = target.mandatory ?? true;
    const exchange = target.destination;
    const routingKey = target.routingKey ?? '';
    return this.publishMany(target, messages.length, (i) => {
      const m = messages[i]!;
      return { exchange, routingKey, content: contentOf(m), options: publishOptions(m, mandatory) };
    }, options);
  }

  /**
   * Publishes `count` messages made on demand by `messageAt` (bulk publishing without building an array),
   * pipelined on one confirm channel with at most `publishWindow` unconfirmed.
   */
  publishMany(target: PublishTarget, count: number, messageAt: (index: number) => WireMessage, options: CallOptions = {}): Promise<PublishReport> {
    const where = target.destination === '' ? `the default exchange (routing key '${target.routingKey ?? ''}')` : `exchange '${target.destination}'`;
    const action = `Publishing to ${where} in vhost '${this.resolved.vhost}'`;
    return this.connection.withConfirmChannel({ action, highWaterMark: 1024 * 1024, timeoutMs: 0 }, (channel) =>
      publishPipelined(channel, count, messageAt, { ...options, window: this.publishWindow, context: (a) => this.connection.context(`${action}: ${a}`) }),
    );
  }

  async browse(request: BrowseRequest, options: CallOptions = {}): Promise<BrowsePage> {
    const queue = request.destination;
    // The same page-size and start rules as Kafka and the simulator, before anything is read.
    validatePageRequest(request, `queue '${queue}'`);
    assertBrowseStart(request, [0], `queue '${queue}'`);
    const predicate = compileFilter(request.filter);
    const action = `Browsing queue '${queue}' in vhost '${this.resolved.vhost}'`;
    const facts = await this.queues.describe(queue, action);
    const signal = options.signal;
    if (facts.type === 'classic' || facts.type === 'quorum') {
      if (!request.acceptRequeue) throw new BrokerError('preconditionFailed', peekRequeueWarning());
      return peekQueue(this.connection, request, predicate, facts.messageCount, signal, this.peekLimits);
    }
    // Streams, and (AMQP-only) queues of unknown type: a stream read of a classic or quorum queue is
    // refused by the broker (406 invalid arg 'x-stream-offset') before anything is delivered.
    try {
      return await browseStream(request, { connection: this.connection, predicate, timing: this.timing, ...(signal ? { signal } : {}) });
    } catch (error) {
      // AMQP-only and the queue turned out to be a classic or quorum queue.
      if (facts.type === undefined && error instanceof BrokerError && error.code === 'preconditionFailed') {
        this.queues.remember(queue, 'classic');
        if (!request.acceptRequeue) throw new BrokerError('preconditionFailed', peekRequeueWarning(), { cause: error });
        return peekQueue(this.connection, request, predicate, facts.messageCount, signal, this.peekLimits);
      }
      throw error;
    }
  }
}
