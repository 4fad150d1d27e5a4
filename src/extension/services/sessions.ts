import * as vscode from 'vscode';
import type { BrokerAdapter, ConnectionState } from '../core/model/adapter.js';
import type { ConnectionConfig, ConnectionSecrets } from '../core/model/connection.js';
import type { ScopedLogger } from './logger.js';
import type { SecretStore } from './secretStore.js';

/** Builds the adapters of one connection: one for a real broker, two (RabbitMQ and Kafka models) for the simulator. */
export type AdapterFactory = (config: ConnectionConfig, secrets: ConnectionSecrets) => BrokerAdapter[];

/** The live adapters of one connection. */
export interface Session {
  readonly config: ConnectionConfig;
  readonly adapters: readonly BrokerAdapter[];
}

/** A connection's state, summarised over its adapters. */
export interface SessionStateChange {
  readonly connectionId: string;
  readonly state: ConnectionState;
  readonly error?: Error;
}

/**
 * One live session per connection, created on first use and disposed on disconnect or removal, so
 * sockets are reused across the tree and the panels and never leak.
 */
export class SessionManager implements vscode.Disposable {
  private readonly sessions = new Map<string, { session: Session; unsubscribe: (() => void)[] }>();
  private readonly emitter = new vscode.EventEmitter<SessionStateChange>();
  readonly onDidChangeState = this.emitter.event;

  constructor(
    private readonly factory: AdapterFactory,
    private readonly secrets: SecretStore,
    private readonly log: ScopedLogger,
  ) {}

  /** The session if one is open. */
  peek(connectionId: string): Session | undefined {
    return this.sessions.get(connectionId)?.session;
  }

  /** Opens (or returns) the session and connects every adapter; rejects with the adapter's BrokerError. */
  async open(config: ConnectionConfig, signal?: AbortSignal): Promise<Session> {
    let entry = this.sessions.get(config.id);
    if (!entry) {
      const adapters = this.factory(config, await this.secrets.get(config.id));
      const unsubscribe = adapters.map((adapter) =>
        adapter.onDidChangeState((state, error) => {
          const change: SessionStateChange = error ? { connectionId: config.id, state, error } : { connectionId: config.id, state };
          this.emitter.fire(change);
        }),
      );
      entry = { session: { config, adapters }, unsubscribe };
      this.sessions.set(config.id, entry);
    }
    const { session } = entry;
    const connecting = session.adapters.filter((a) => a.state !== 'connected');
    await Promise.all(connecting.map((a) => a.connect(signal)));
    // Logged when the state changed, not on every action that reuses a connected session.
    if (connecting.length > 0) this.log.info(`connected ${config.name} (${config.kind})`);
    return session;
  }

  /** Summarised state: failed if any adapter failed, connected if all are, otherwise the first's. */
  state(connectionId: string): ConnectionState {
    const session = this.peek(connectionId);
    if (!session) return 'disconnected';
    const states = session.adapters.map((a) => a.state);
    if (states.includes('failed')) return 'failed';
    if (states.every((s) => s === 'connected')) return 'connected';
    if (states.includes('reconnecting')) return 'reconnecting';
    if (states.includes('connecting')) return 'connecting';
    return 'disconnected';
  }

  /** Closes the session's sockets and forgets it. */
  async close(connectionId: string): Promise<void> {
    const entry = this.sessions.get(connectionId);
    if (!entry) return;
    this.sessions.delete(connectionId);
    entry.unsubscribe.forEach((u) => u());
    await Promise.allSettled(entry.session.adapters.map((a) => a.disconnect()));
    this.log.info(`disconnected ${entry.session.config.name}`);
    this.emitter.fire({ connectionId, state: 'disconnected' });
  }

  dispose(): void {
    for (const id of [...this.sessions.keys()]) void this.close(id);
    this.emitter.dispose();
  }
}
