/**
 * The BrokerAdapter of the simulator's RabbitMQ model: every panel and the contract suite reach
 * the in-memory RabbitBroker through the same interface as a real broker.
 */
import { assertQueueName } from '../../rules/queueName.js';
import type {
  BrokerAdapter, CallOptions, ConnectionState, DeadLettersFacet, ExchangesFacet, Unsubscribe,
} from '../../model/adapter.js';
import type { BrowsePage, BrowseRequest } from '../../model/browse.js';
import { RABBITMQ_CAPABILITIES } from '../../model/capabilities.js';
import type { DestinationInfo, DestinationSpec } from '../../model/destination.js';
import { BrokerError } from '../../model/errors.js';
import { publishReport } from '../../model/message.js';
import type { OutgoingMessage, PublishOutcome, PublishReport, PublishTarget } from '../../model/message.js';
import type { ClusterOverview } from '../../model/topology.js';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import { queueArgumentsToX } from '../../rules/queueArguments.js';
import { browseQueue } from './simulatorRabbitBrowse.js';
import { SimulatorDeadLetters, SimulatorExchanges, assertConfirmed } from './simulatorRabbitFacets.js';
import { attempt, outgoing, toBrokerError } from './simulatorRabbitSupport.js';
import type { QueueConsumersFacet } from '../../model/queueConsumers.js';
import { simulatedQueueConsumers } from './simulatorQueueConsumers.js';


/** BrokerAdapter over a simulated RabbitMQ broker. */
export class SimulatorRabbitAdapter implements BrokerAdapter {
  readonly kind = 'rabbitmq';
  readonly simulated = true;
  readonly capabilities = RABBITMQ_CAPABILITIES;
  readonly exchanges: ExchangesFacet;
  readonly deadLetters: DeadLettersFacet;
  private current: ConnectionState = 'disconnected';
  private readonly listeners = new Set<(state: ConnectionState, error?: Error) => void>();
  /** The adapter's own AMQP connection and confirm-mode channel, reopened after a channel error. */
  private connection: number | undefined;
  private channel: number | undefined;

  /** The engine is public so the AMQP wire listener can serve the same broker (core/wire/factory.ts). */
  readonly queueConsumers: QueueConsumersFacet = {
    describeQueueConsumers: async (queue) => {
      if (this.current !== 'connected') throw new BrokerError('disconnected', `Reading the consumers of queue "${queue}" failed because the simulator's RabbitMQ model is not connected; connect first.`);
      return attempt(`Reading the consumers of queue '${queue}'`, () => simulatedQueueConsumers(this.broker, queue));
    },
  };

  constructor(readonly broker: RabbitBroker) {
    this.exchanges = new SimulatorExchanges(broker);
    this.deadLetters = new SimulatorDeadLetters(broker, () => this.confirmChannel());
  }

  get state(): ConnectionState {
    return this.current;
  }

  onDidChangeState(listener: (state: ConnectionState, error?: Error) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new BrokerError('cancelled', 'Connecting to the simulated RabbitMQ was cancelled before it started; connect again when ready.');
    this.setState('connected');
  }

  async disconnect(): Promise<void> {
    if (this.connection !== undefined) this.broker.closeConnection(this.connection);
    this.connection = undefined;
    this.channel = undefined;
    if (this.current !== 'disconnected') this.setState('disconnected');
  }

  async overview(): Promise<ClusterOverview> {
    this.assertConnected('Reading the overview');
    return {
      product: 'BrokerLens simulator (RabbitMQ model)',
      version: '3.10 (model)',
      nodes: [{ id: 'rabbit@simulator', host: 'simulator', port: 5672 }],
      notes: ['Simulated in memory: nothing leaves this editor, and a restart of the simulator keeps only what RabbitMQ would keep.'],
    };
  }

  async listDestinations(options?: { readonly includeInternal?: boolean }): Promise<DestinationInfo[]> {
    this.assertConnected('Listing queues');
    return this.broker.inspect.listQueues()
      .map((q): DestinationInfo => ({
        name: q.name,
        type: q.type,
        internal: q.exclusive && q.name.startsWith('amq.gen-'),
        messages: q.messages,
        unacked: q.unacked,
        consumers: q.consumers,
        durable: q.durable,
        autoDelete: q.autoDelete,
        exclusive: q.exclusive,
        vhost: '/',
        arguments: q.arguments,
      }))
      .filter((d) => options?.includeInternal || !d.internal);
  }

  async createDestination(spec: DestinationSpec): Promise<void> {
    this.assertConnected(`Creating '${spec.name}'`);
    if (spec.kind !== 'queue') {
      throw new BrokerError('unsupported', `Creating topic '${spec.name}' failed because the RabbitMQ simulator has queues, not topics; create a queue, or a stream for a log.`);
    }
    assertQueueName(spec.name, `Declaring ${spec.queueType} queue '${spec.name}'`);
    attempt(`Creating queue '${spec.name}'`, () => this.broker.declareQueue(spec.name, {
      durable: spec.durable,
      autoDelete: spec.autoDelete ?? false,
      exclusive: spec.exclusive ?? false,
      arguments: queueArgumentsToX(spec),
      channel: spec.exclusive ? this.confirmChannel() : undefined,
    }));
  }

  async deleteDestination(name: string, confirmedName: string): Promise<void> {
    this.assertConnected(`Deleting queue '${name}'`);
    assertConfirmed('queue', name, confirmedName);
    if (!this.broker.inspect.queue(name)) {
      throw new BrokerError('notFound', `Deleting queue '${name}' failed because it does not exist in the simulator; refresh the explorer.`);
    }
    attempt(`Deleting queue '${name}'`, () => this.broker.deleteQueue(name, { channel: this.confirmChannel() }));
  }

  async publish(target: PublishTarget, messages: readonly OutgoingMessage[], options?: CallOptions): Promise<PublishReport> {
    const where = `exchange '${target.destination}'`;
    this.assertConnected(`Publishing to ${where}`);
    if (!this.broker.inspect.listExchanges().some((x) => x.name === target.destination)) {
      throw new BrokerError('notFound', `Publishing to ${where} failed because it does not exist in the simulator; declare it or pick another exchange.`);
    }
    const routingKey = target.routingKey ?? '';
    const mandatory = target.mandatory ?? true;
    const outcomes: PublishOutcome[] = [];
    for (const [i, message] of messages.entries()) {
      if (options?.signal?.aborted) {
        outcomes.push({ status: 'failed', reason: 'cancelled before it was sent' });
        continue;
      }
      try {
        const { body, headers } = outgoing(message);
        const r = this.broker.publish(this.confirmChannel(), target.destination, routingKey, body, { properties: message.properties, headers, mandatory });
        if (r.returned) outcomes.push({ status: 'returned', reason: `NO_ROUTE: no queue is bound to ${where} for routing key '${routingKey}'` });
        else if (r.confirm === 'nack') outcomes.push({ status: 'nacked', reason: 'a queue it was routed to is full and refuses new messages (x-overflow reject-publish)' });
        else outcomes.push({ status: 'confirmed' });
      } catch (error) {
        outcomes.push({ status: 'failed', reason: toBrokerError(`Publishing message ${i + 1} to ${where}`, error).message });
      }
      options?.onProgress?.(i + 1, messages.length);
    }
    return publishReport(outcomes);
  }

  async browse(request: BrowseRequest): Promise<BrowsePage> {
    this.assertConnected(`Browsing queue '${request.destination}'`);
    return browseQueue(this.broker, request);
  }

  private confirmChannel(): number {
    if (this.channel !== undefined && this.broker.isChannelOpen(this.channel)) return this.channel;
    if (this.connection === undefined || !this.broker.isConnectionOpen(this.connection)) {
      this.connection = this.broker.openConnection('brokerlens-adapter');
    }
    this.channel = this.broker.openChannel(this.connection);
    this.broker.confirmSelect(this.channel);
    return this.channel;
  }

  private assertConnected(action: string): void {
    if (this.current !== 'connected') {
      throw new BrokerError('disconnected', `${action} failed because the simulator connection is closed; connect it again from the explorer.`);
    }
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const l of this.listeners) l(state);
  }
}
