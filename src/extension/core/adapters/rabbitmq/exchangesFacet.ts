/**
 * The RabbitMQ model facet: vhosts, exchanges, bindings, the routing explainer and purge. Listing goes
 * through the management API; changes go over AMQP on short-lived channels.
 *
 * The routing explainer feeds what the management API lists (exchanges, bindings, queues) to the
 * simulator's pure `explainRoute`, so the real broker and the simulator are explained by one matcher.
 */
import type { ExchangesFacet } from '../../model/adapter.js';
import { BrokerError } from '../../model/errors.js';
import type { BindingInfo, ExchangeInfo, ExchangeSpec, RouteExplanation, RouteQuestion } from '../../model/topology.js';
import { explainRoute } from '../../simulator/rabbitmq/routing.js';
import type { AmqpConnection } from './connection.js';
import type { ManagementAccess } from './management.js';
import { confirm, type QueueOps } from './queueOps.js';
import { toBindingInfo, toExchangeInfo } from './topology.js';

/** Implementation of ExchangesFacet for one vhost. */
export class RabbitExchanges implements ExchangesFacet {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly management: ManagementAccess,
    private readonly queues: QueueOps,
  ) {}

  get vhost(): string {
    return this.connection.config.vhost;
  }

  /** Without the management API only the current vhost is known (the overview's note says why). */
  async listVhosts(): Promise<string[]> {
    let list: string[];
    try {
      list = await this.management.call('Listing vhosts', (r) => r.vhosts());
    } catch (error) {
      if ((error as { code?: string }).code === 'managementUnavailable') return [this.vhost];
      throw error;
    }
    return list.includes(this.vhost) ? list : [...list, this.vhost].sort();
  }

  async listExchanges(): Promise<ExchangeInfo[]> {
    const list = await this.management.call(`Listing exchanges of vhost '${this.vhost}'`, (r) => r.exchanges());
    return list.map(toExchangeInfo);
  }

  async declareExchange(spec: ExchangeSpec): Promise<void> {
    const action = `Declaring ${spec.type} exchange '${spec.name}' in vhost '${this.vhost}'`;
    if (spec.name === '' || spec.name.startsWith('amq.')) {
      // RabbitMQ answers 403 ACCESS_REFUSED here; the same kind is kept so the simulator and the broker agree.
      throw new BrokerError('accessRefused', `${action} is not allowed: names starting with 'amq.' (and the default exchange '') are reserved by RabbitMQ; pick another name.`);
    }
    const existed = await this.exchangeExists(spec.name);
    await this.connection.withChannel({ action }, (ch) =>
      ch.assertExchange(spec.name, spec.type, {
        durable: spec.durable,
        autoDelete: spec.autoDelete ?? false,
        internal: spec.internal ?? false,
        ...(spec.alternateExchange ? { alternateExchange: spec.alternateExchange } : {}),
      }),
    );
    if (existed) throw new BrokerError('alreadyExists', `${action}: it already exists with these settings; nothing was changed.`);
  }

  async deleteExchange(name: string, confirmedName: string): Promise<void> {
    confirm(name, confirmedName, 'delete exchange');
    const action = `Deleting exchange '${name}' in vhost '${this.vhost}'`;
    if (name === '' || name.startsWith('amq.')) {
      throw new BrokerError('invalidInput', `${action} is not allowed: the default exchange and amq.* exchanges are built into RabbitMQ.`);
    }
    await this.connection.withChannel({ action }, (ch) => ch.checkExchange(name));
    await this.connection.withChannel({ action }, (ch) => ch.deleteExchange(name));
  }

  async listBindings(of?: { readonly exchange?: string; readonly queue?: string }): Promise<BindingInfo[]> {
    const what = of?.exchange !== undefined ? `of exchange '${of.exchange}'` : of?.queue !== undefined ? `of queue '${of.queue}'` : `of vhost '${this.vhost}'`;
    const list = await this.management.call(`Listing bindings ${what}`, (r) => r.bindings(of ?? {}));
    return list.map(toBindingInfo);
  }

  async bind(binding: Omit<BindingInfo, 'arguments'> & { readonly arguments?: Readonly<Record<string, unknown>> }): Promise<void> {
    const action = `Binding ${binding.destinationType} '${binding.destination}' to exchange '${binding.source}' with key '${binding.routingKey}'`;
    if (binding.source === '') throw new BrokerError('invalidInput', `${action} is not possible: the default exchange binds every queue by its name implicitly and takes no other bindings.`);
    await this.connection.withChannel({ action }, (ch) =>
      binding.destinationType === 'queue'
        ? ch.bindQueue(binding.destination, binding.source, binding.routingKey, binding.arguments ?? {})
        : ch.bindExchange(binding.destination, binding.source, binding.routingKey, binding.arguments ?? {}),
    );
  }

  async unbind(binding: BindingInfo): Promise<void> {
    const action = `Unbinding ${binding.destinationType} '${binding.destination}' from exchange '${binding.source}' (key '${binding.routingKey}')`;
    await this.connection.withChannel({ action }, (ch) =>
      binding.destinationType === 'queue'
        ? ch.unbindQueue(binding.destination, binding.source, binding.routingKey, binding.arguments)
        : ch.unbindExchange(binding.destination, binding.source, binding.routingKey, binding.arguments),
    );
  }

  async explainRoute(question: RouteQuestion): Promise<RouteExplanation> {
    const action = `Explaining the route of key '${question.routingKey}' from exchange '${question.exchange}'`;
    const topology = await this.management.call(action, async (r) => {
      const [exchanges, bindings, queues] = await Promise.all([r.exchanges(), r.bindings(), r.queues()]);
      return { exchanges: exchanges.map(toExchangeInfo), bindings: bindings.map(toBindingInfo), queues: queues.map((q) => q.name) };
    });
    try {
      return explainRoute(topology, question);
    } catch (error) {
      // The simulator's matcher raises RabbitMQ's own 404 for a missing exchange.
      if ((error as { replyCode?: number }).replyCode === 404) {
        throw new BrokerError('notFound', `${action} failed: exchange '${question.exchange}' does not exist in vhost '${this.vhost}'; check the name or refresh.`, { cause: error });
      }
      throw error;
    }
  }

  purgeQueue(queue: string, confirmedName: string): Promise<number> {
    return this.queues.purge(queue, confirmedName);
  }

  private async exchangeExists(name: string): Promise<boolean> {
    try {
      await this.connection.withChannel({ action: `Checking exchange '${name}'` }, (ch) => ch.checkExchange(name));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'notFound') return false;
      throw error;
    }
  }
}
