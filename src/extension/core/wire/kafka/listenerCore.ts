/**
 * What a connection needs from its listener: the engine, shared request state, the handlers and
 * a way to report changes and its own end.
 */
import type { ClientGroups } from '../../simulator/kafka/clientGroups.js';
import type { KafkaCluster } from '../../simulator/kafka/cluster.js';
import type { WireLogSink } from '../address.js';
import type { ApiName } from './apis.js';
import type { Handler } from './context.js';
import type { FetchWaiters } from './fetchWaiters.js';
import type { KafkaConnection } from './kafkaConnection.js';
import type { KafkaWireUser } from './handlers/sasl.js';

/** The listener as its connections see it. */
export interface KafkaListenerCore {
  readonly cluster: KafkaCluster;
  readonly groups: ClientGroups;
  readonly fetchWaiters: FetchWaiters;
  readonly handlers: Readonly<Partial<Record<ApiName, Handler>>>;
  /** Required logins, or undefined to accept any (and clients without SASL). */
  readonly users: readonly KafkaWireUser[] | undefined;
  readonly log: WireLogSink;
  /** The host clients should use to reach this listener through `socket`. */
  advertisedHost(socket: { readonly localAddress?: string | undefined }): string;
  changed(): void;
  removed(connection: KafkaConnection): void;
}
