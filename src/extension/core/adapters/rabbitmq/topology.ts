/**
 * Reading topology from the management API: queues, exchanges, bindings, vhosts, nodes and the
 * overview. Counts here are the management statistics, which lag the broker by up to the
 * collect_statistics_interval (5 s by default); exact counts right after a publish come from an AMQP
 * passive declare instead (see RabbitMqAdapter.queueDepth).
 */
import type { DestinationInfo, DestinationType } from '../../model/destination.js';
import type { BindingInfo, ExchangeInfo, NodeInfo } from '../../model/topology.js';
import { seg, type ManagementClient } from './managementClient.js';

/** A queue as the management API lists it (only the columns BrokerLens asks for). */
export interface MgmtQueue {
  readonly name: string;
  readonly vhost: string;
  readonly type?: string;
  readonly durable?: boolean;
  readonly auto_delete?: boolean;
  readonly exclusive?: boolean;
  readonly arguments?: Record<string, unknown>;
  readonly policy?: string | null;
  readonly messages_ready?: number;
  readonly messages_unacknowledged?: number;
  readonly consumers?: number;
  readonly state?: string;
}

/** An exchange as listed. */
export interface MgmtExchange {
  readonly name: string;
  readonly vhost: string;
  readonly type: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly internal: boolean;
  readonly arguments: Record<string, unknown>;
}

/** A binding as listed. */
export interface MgmtBinding {
  readonly source: string;
  readonly vhost: string;
  readonly destination: string;
  readonly destination_type: 'queue' | 'exchange';
  readonly routing_key: string;
  readonly arguments: Record<string, unknown>;
}

/** The overview document (the fields BrokerLens shows). */
export interface MgmtOverview {
  readonly rabbitmq_version?: string;
  readonly product_name?: string;
  readonly product_version?: string;
  readonly cluster_name?: string;
  readonly node?: string;
  readonly object_totals?: Readonly<Record<string, number>>;
  readonly queue_totals?: Readonly<Record<string, unknown>>;
  readonly message_stats?: Readonly<Record<string, unknown>>;
  readonly listeners?: readonly { readonly node: string; readonly protocol: string; readonly ip_address: string; readonly port: number }[];
}

const QUEUE_COLUMNS = 'name,vhost,type,durable,auto_delete,exclusive,arguments,policy,messages_ready,messages_unacknowledged,consumers,state';
const EXCHANGE_COLUMNS = 'name,vhost,type,durable,auto_delete,internal,arguments';

/** RabbitMQ's queue type names → DestinationType. */
export function destinationType(type: string | undefined): DestinationType {
  return type === 'quorum' ? 'quorum' : type === 'stream' ? 'stream' : 'classic';
}

/** Built-in and server-named queues are "internal": hidden unless the user asks for them. */
export function isInternalQueue(q: Pick<MgmtQueue, 'name' | 'exclusive'>): boolean {
  return q.name.startsWith('amq.');
}

/** Management queue → DestinationInfo (messages = messages_ready). */
export function toDestinationInfo(q: MgmtQueue): DestinationInfo {
  return {
    name: q.name,
    type: destinationType(q.type),
    internal: isInternalQueue(q),
    messages: q.messages_ready ?? 0,
    unacked: q.messages_unacknowledged ?? 0,
    consumers: q.consumers ?? 0,
    durable: q.durable ?? false,
    autoDelete: q.auto_delete ?? false,
    exclusive: q.exclusive ?? false,
    vhost: q.vhost,
    arguments: q.arguments ?? {},
    ...(q.policy ? { policy: q.policy } : {}),
  };
}

/** Management exchange → ExchangeInfo. */
export function toExchangeInfo(e: MgmtExchange): ExchangeInfo {
  return { name: e.name, type: e.type, durable: e.durable, autoDelete: e.auto_delete, internal: e.internal, arguments: e.arguments ?? {}, vhost: e.vhost };
}

/** Management binding → BindingInfo. */
export function toBindingInfo(b: MgmtBinding): BindingInfo {
  return { source: b.source, destination: b.destination, destinationType: b.destination_type, routingKey: b.routing_key, arguments: b.arguments ?? {} };
}

/** Read-only management calls scoped to one vhost. */
export class TopologyReader {
  constructor(
    private readonly http: ManagementClient,
    private readonly vhost: string,
  ) {}

  overview(): Promise<MgmtOverview> {
    return this.http.get<MgmtOverview>('/api/overview');
  }

  async nodes(): Promise<NodeInfo[]> {
    const [nodes, overview] = await Promise.all([
      this.http.get<{ name: string; running?: boolean }[]>('/api/nodes?columns=name,running'),
      this.overview(),
    ]);
    return nodes.map((n) => {
      const amqp = overview.listeners?.find((l) => l.node === n.name && l.protocol === 'amqp');
      return { id: n.name, host: amqp?.ip_address ?? n.name.split('@')[1] ?? n.name, port: amqp?.port ?? 5672 };
    });
  }

  async vhosts(): Promise<string[]> {
    const list = await this.http.get<{ name: string }[]>('/api/vhosts?columns=name');
    return list.map((v) => v.name).sort();
  }

  async queues(): Promise<MgmtQueue[]> {
    return this.http.get<MgmtQueue[]>(`/api/queues/${seg(this.vhost)}?columns=${QUEUE_COLUMNS}`);
  }

  async queue(name: string): Promise<MgmtQueue> {
    return this.http.get<MgmtQueue>(`/api/queues/${seg(this.vhost)}/${seg(name)}?columns=${QUEUE_COLUMNS}`);
  }

  /** The whole queue object: consumer_details and message_stats included (a queue's consumers panel). */
  async queueDetail(name: string): Promise<Record<string, unknown>> {
    return this.http.get<Record<string, unknown>>(`/api/queues/${seg(this.vhost)}/${seg(name)}`);
  }

  async exchanges(): Promise<MgmtExchange[]> {
    return this.http.get<MgmtExchange[]>(`/api/exchanges/${seg(this.vhost)}?columns=${EXCHANGE_COLUMNS}`);
  }

  /** Bindings whose source is `exchange`, whose destination is `queue`, or all of the vhost. */
  async bindings(of: { readonly exchange?: string; readonly queue?: string } = {}): Promise<MgmtBinding[]> {
    const v = seg(this.vhost);
    let list: MgmtBinding[];
    if (of.exchange !== undefined) {
      // The default exchange's implicit bindings are listed under the vhost, not under ''.
      list = of.exchange === ''
        ? (await this.http.get<MgmtBinding[]>(`/api/bindings/${v}`)).filter((b) => b.source === '')
        : await this.http.get<MgmtBinding[]>(`/api/exchanges/${v}/${seg(of.exchange)}/bindings/source`);
      if (of.queue !== undefined) list = list.filter((b) => b.destination_type === 'queue' && b.destination === of.queue);
    } else if (of.queue !== undefined) {
      list = await this.http.get<MgmtBinding[]>(`/api/queues/${v}/${seg(of.queue)}/bindings`);
    } else {
      list = await this.http.get<MgmtBinding[]>(`/api/bindings/${v}`);
    }
    return list;
  }

  /** Connections and consumers of this vhost, for the overview. */
  async counts(): Promise<{ connections: number; consumers: number; channels: number }> {
    const v = seg(this.vhost);
    const [connections, consumers, channels] = await Promise.all([
      this.http.get<{ vhost: string }[]>(`/api/vhosts/${v}/connections?columns=name`),
      this.http.get<unknown[]>(`/api/consumers/${v}`),
      this.http.get<unknown[]>(`/api/vhosts/${v}/channels?columns=name`),
    ]);
    return { connections: connections.length, consumers: consumers.length, channels: channels.length };
  }
}

/** "publish 12.0/s, deliver 3.0/s" from the overview's message_stats (rates over the last sample). */
export function describeRates(stats: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!stats) return undefined;
  const rate = (k: string): number | undefined => {
    const d = stats[`${k}_details`] as { rate?: number } | undefined;
    return typeof d?.rate === 'number' ? d.rate : undefined;
  };
  const parts: string[] = [];
  for (const [k, label] of [['publish', 'publish'], ['deliver_get', 'deliver/get'], ['ack', 'ack'], ['confirm', 'confirm'], ['return_unroutable', 'returned'], ['drop_unroutable', 'dropped']] as const) {
    const r = rate(k);
    if (r !== undefined) parts.push(`${label} ${r.toFixed(1)}/s`);
  }
  return parts.length ? `Message rates (cluster-wide): ${parts.join(', ')}.` : undefined;
}
