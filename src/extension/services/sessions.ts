import * as vscode from 'vscode';
import type { BrokerAdapter, ConnectionState } from '../core/model/adapter.js';
import type { ConnectionConfig, ConnectionSecrets } from '../core/model/connection.js';
import type { ScopedLogger } from './logger.js';
import type { SecretStore } from './secretStore.js';

/** Builds the adapters of one connection: one for a real broker, two (RabbitMQ and Kafka models) for the simulator. */
export type AdapterFactory = (config: ConnectionConfig, secrets: ConnectionSecrets) => BrokerAdapter[];

function sameConfig(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

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
  /** Why the last open() of a connection failed, until one succeeds, it is closed, or a retry forgets it. */
  private readonly failures = new Map<string, { readonly config: string; readonly error: unknown }>();
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
    if (entry && !sameConfig(entry.session.config, config)) {
      // Edited in settings.json by hand: the open session still talks to the old address.
      await this.close(config.id);
      entry = undefined;
    }
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
    try {
      await Promise.all(connecting.map((a) => a.connect(signal)));
    } catch (error) {
      this.failures.set(config.id, { config: JSON.stringify(config), error });
      throw error;
    }
    this.failures.delete(config.id);
    // Logged when the state changed, not on every action that reuses a connected session.
    if (connecting.length > 0) this.log.info(`connected ${config.name} (${config.kind})`);
    return session;
  }

  /**
   * The error of the connection's last failed open, or undefined. The explorer shows it instead of
   * connecting again on every refresh (a failure changes the state, which refreshes the tree, which
   * would connect again: a reconnect loop against a broker that is down).
   */
  lastFailure(config: ConnectionConfig): unknown {
    const failed = this.failures.get(config.id);
    // A connection edited since it failed gets its chance at once.
    return failed && failed.config === JSON.stringify(config) ? failed.error : undefined;
  }

  /** Forgets every remembered failure, so the next open of each connection tries again (Retry, Refresh). */
  forgetFailures(): void {
    this.failures.clear();
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
    this.failures.delete(connectionId);
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
