import type { ConnectionConfig } from '../core/model/connection.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import type { SessionManager } from '../services/sessions.js';
import type { ExplorerNode } from './nodes/node.js';

/** What every explorer node may need, passed down instead of reached through singletons. */
export interface ExplorerContext {
  readonly sessions: SessionManager;
  readonly connections: ConnectionStore;
  readonly log: ScopedLogger;
  /** Current name filter ('' = none). */
  readonly filter: () => string;
  /** Show Kafka internal topics and RabbitMQ amq.* exchanges. */
  readonly showInternal: () => boolean;
  /** True once the workspace is trusted (workspace-scoped connections wait for it). */
  readonly trusted: () => boolean;
  /**
   * The "Listeners" node of the Simulator connection (the same instance every call, so a change of
   * the listeners refreshes only it), or undefined when this host has no listener service.
   */
  readonly wireNode?: (parentId: string) => ExplorerNode | undefined;
  /** The "Scenarios" node of the Simulator connection (one instance per parent, like wireNode). */
  readonly scenariosNode?: (parentId: string) => ExplorerNode | undefined;
  /** The "Schema Registry" node of a Kafka connection that names one, or undefined. */
  readonly schemaNode?: (parentId: string, config: ConnectionConfig, ctx: ExplorerContext) => ExplorerNode | undefined;
}
