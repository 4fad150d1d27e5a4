/**
 * The exchanges and dead-letters facets of the simulator's RabbitMQ adapter.
 */
import type { CallOptions, DeadLetter, DeadLettersFacet, ExchangesFacet } from '../../model/adapter.js';
import { BrokerError } from '../../model/errors.js';
import { publishReport } from '../../model/message.js';
import type { PublishOutcome, PublishReport } from '../../model/message.js';
import type { BindingInfo, ExchangeInfo, ExchangeSpec, RouteExplanation, RouteQuestion } from '../../model/topology.js';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import { explainRoute } from '../../simulator/rabbitmq/routing.js';
import { NO_ORIGIN_REASON, originOfDeath, parseDeaths } from '../../rules/xDeath.js';
import { attempt, toRecord } from './simulatorRabbitSupport.js';

/** Refuses a destructive call whose typed confirmation does not match. */
export function assertConfirmed(what: string, name: string, confirmedName: string): void {
  if (name !== confirmedName) {
    throw new BrokerError('invalidInput', `Deleting ${what} '${name}' was not confirmed because the typed name '${confirmedName}' differs; type the name exactly to go ahead.`);
  }
}

/** Exchanges, bindings, routing and purge over a simulated broker. */
export class SimulatorExchanges implements ExchangesFacet {
  /** The simulator has one vhost. */
  readonly vhost = '/';

  constructor(private readonly broker: RabbitBroker) {}

  async listVhosts(): Promise<string[]> {
    return ['/'];
  }

  async listExchanges(): Promise<ExchangeInfo[]> {
    return this.broker.inspect.listExchanges().map((x) => ({ ...x, vhost: '/' }));
  }

  async declareExchange(spec: ExchangeSpec): Promise<void> {
    attempt(`Declaring exchange '${spec.name}'`, () => this.broker.declareExchange(spec.name, spec.type, {
      durable: spec.durable,
      autoDelete: spec.autoDelete ?? false,
      internal: spec.internal ?? false,
      arguments: spec.alternateExchange ? { 'alternate-exchange': spec.alternateExchange } : {},
    }));
  }

  async deleteExchange(name: string, confirmedName: string): Promise<void> {
    assertConfirmed('exchange', name, confirmedName);
    const action = `Deleting exchange '${name}'`;
    if (!this.broker.inspect.listExchanges().some((x) => x.name === name)) {
      throw new BrokerError('notFound', `${action} failed because it does not exist in the simulator; refresh the explorer.`);
    }
    attempt(action, () => this.broker.deleteExchange(name));
  }

  async listBindings(of?: { readonly exchange?: string; readonly queue?: string }): Promise<BindingInfo[]> {
    return this.broker.inspect.listBindings().filter((b) => {
      if (!of || (of.exchange === undefined && of.queue === undefined)) return true;
      return (of.exchange !== undefined && b.source === of.exchange)
        || (of.queue !== undefined && b.destinationType === 'queue' && b.destination === of.queue);
    });
  }

  async bind(binding: Omit<BindingInfo, 'arguments'> & { readonly arguments?: Readonly<Record<string, unknown>> }): Promise<void> {
    const action = `Binding ${binding.destinationType} '${binding.destination}' to exchange '${binding.source}'`;
    attempt(action, () => (binding.destinationType === 'queue'
      ? this.broker.bind(binding.destination, binding.source, binding.routingKey, binding.arguments ?? {})
      : this.broker.bindExchange(binding.destination, binding.source, binding.routingKey, binding.arguments ?? {})));
  }

  async unbind(binding: BindingInfo): Promise<void> {
    const action = `Unbinding ${binding.destinationType} '${binding.destination}' from exchange '${binding.source}'`;
    attempt(action, () => (binding.destinationType === 'queue'
      ? this.broker.unbind(binding.destination, binding.source, binding.routingKey, binding.arguments)
      : this.broker.unbindExchange(binding.destination, binding.source, binding.routingKey, binding.arguments)));
  }

  async explainRoute(question: RouteQuestion): Promise<RouteExplanation> {
    const inspect = this.broker.inspect;
    const topology = {
      exchanges: inspect.listExchanges(),
      bindings: inspect.listBindings(),
      queues: inspect.listQueues().map((q) => q.name),
    };
    return attempt(`Explaining the route of key '${question.routingKey}' from exchange '${question.exchange}'`, () => explainRoute(topology, question));
  }

  async purgeQueue(queue: string, confirmedName: string): Promise<number> {
    if (queue !== confirmedName) {
      throw new BrokerError('invalidInput', `Purging queue '${queue}' was not confirmed because the typed name '${confirmedName}' differs; type the name exactly to go ahead.`);
    }
    return attempt(`Purging queue '${queue}'`, () => this.broker.purge(queue));
  }
}

/**
 * Dead-letter queues over a simulated broker. Listing reads the queue without touching it (the
 * simulator can; a real broker's listing is a peek that marks messages redelivered). Moving
 * republishes each message with confirm and mandatory, and removes it from the source only when
 * the target confirmed it.
 */
export class SimulatorDeadLetters implements DeadLettersFacet {
  constructor(private readonly broker: RabbitBroker, private readonly publishChannel: () => number) {}

  async list(queue: string, limit: number): Promise<DeadLetter[]> {
    if (!this.broker.inspect.queue(queue)) {
      throw new BrokerError('notFound', `Listing dead letters of queue '${queue}' failed because it does not exist in the simulator; check the name or refresh.`);
    }
    return this.broker.inspect.readyMessages(queue, 0, limit).map((m) => ({
      record: toRecord(queue, String(m.seq), m.message, { redelivered: m.redelivered }),
      deaths: parseDeaths(m.message.headers),
    }));
  }

  async move(
    queue: string,
    ids: readonly string[],
    target: 'original' | { readonly exchange: string; readonly routingKey: string },
    options?: CallOptions,
  ): Promise<PublishReport> {
    const bySeq = new Map(this.broker.inspect.readyMessages(queue).map((m) => [String(m.seq), m]));
    const outcomes: PublishOutcome[] = [];
    for (const [i, id] of ids.entries()) {
      if (options?.signal?.aborted) {
        outcomes.push({ status: 'failed', reason: 'cancelled before it was moved; it is still in the dead-letter queue' });
        continue;
      }
      const view = bySeq.get(id);
      if (!view) {
        outcomes.push({ status: 'failed', reason: `message ${id} is no longer in queue '${queue}'; refresh the list` });
        continue;
      }
      const dest = target === 'original' ? originOfDeath(view.message.headers) : target;
      if (!dest) {
        outcomes.push({ status: 'failed', reason: NO_ORIGIN_REASON });
        continue;
      }
      outcomes.push(this.moveOne(queue, view.seq, view.message, dest));
      options?.onProgress?.(i + 1, ids.length);
    }
    return publishReport(outcomes);
  }

  private moveOne(queue: string, seq: number, message: Parameters<typeof toRecord>[2], dest: { exchange: string; routingKey: string }): PublishOutcome {
    try {
      const result = this.broker.publish(this.publishChannel(), dest.exchange, dest.routingKey, message.body, {
        properties: message.properties,
        headers: message.headers,
        mandatory: true,
      });
      if (result.returned) return { status: 'returned', reason: `no queue is bound to exchange '${dest.exchange}' with key '${dest.routingKey}', so it stayed in '${queue}'` };
      if (result.confirm === 'nack') return { status: 'nacked', reason: `the target queue refused it (it is full), so it stayed in '${queue}'` };
      this.broker.removeReady(queue, seq);
      return { status: 'confirmed' };
    } catch (error) {
      return { status: 'failed', reason: `${error instanceof Error ? error.message : String(error)}; it stayed in '${queue}'` };
    }
  }
}
