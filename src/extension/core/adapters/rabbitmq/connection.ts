/**
 * One recovering AMQP connection per adapter. amqplib's recovery reopens the socket after the broker
 * restarts; BrokerLens keeps no long-lived channel on it: every operation opens a short-lived channel,
 * so a channel error (a 404 on a passive declare, a 406 on a redeclare) closes only that channel and the
 * next operation, including after a reconnect, simply opens a fresh one.
 */
import * as amqp from 'amqplib';
import type { Channel, ConfirmChannel, RecoveringChannelModel, ServerProperties } from 'amqplib';
import type { ConnectionState } from '../../model/adapter.js';
import { BrokerError } from '../../model/errors.js';
import { amqplibConnectArgs, loadTlsMaterial, type ResolvedRabbitConfig, type TlsMaterial } from './config.js';
import { toBrokerError, type ErrorContext } from './errors.js';

/** Listener of state changes. */
export type StateListener = (state: ConnectionState, error?: Error) => void;

/** Options for a channel-scoped operation. */
export interface ChannelOptions {
  /** Used in the error sentence: "Declaring queue 'x'". */
  readonly action: string;
  readonly confirm?: boolean;
  /** amqplib's write buffer size before publish() returns false (bulk publishing raises it). */
  readonly highWaterMark?: number;
  /**
   * Longest the work may take before it fails with 'timeout' (default 30 s). 0 = no limit, for long
   * work that the caller can cancel with a signal (bulk publish, browse).
   */
  readonly timeoutMs?: number;
}

const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;

/** The AMQP side of the adapter: connection, state, and channels on demand. */
export class AmqpConnection {
  private model: RecoveringChannelModel | undefined;
  private currentState: ConnectionState = 'disconnected';
  private readonly listeners = new Set<StateListener>();
  private server: ServerProperties | undefined;
  private tls: TlsMaterial | undefined;
  /** Extra facts an error sentence can use (set by the adapter after asking management). */
  vhostExists: boolean | undefined;

  constructor(readonly config: ResolvedRabbitConfig) {}

  get state(): ConnectionState {
    return this.currentState;
  }

  /** What the broker said about itself when the connection opened (product, version, cluster_name). */
  get serverProperties(): ServerProperties | undefined {
    return this.server;
  }

  /** TLS material loaded at connect (reused for an https management URL). */
  get tlsMaterial(): TlsMaterial | undefined {
    return this.tls;
  }

  onDidChangeState(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState, error?: Error): void {
    if (state === this.currentState && !error) return;
    this.currentState = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state, error);
      } catch {
        // a listener's bug must not break the connection
      }
    }
  }

  /** Error context for sentences. */
  context(action: string): ErrorContext {
    return {
      action,
      address: this.config.address,
      vhost: this.config.vhost,
      username: this.config.username,
      ...(this.vhostExists === undefined ? {} : { vhostExists: this.vhostExists }),
    };
  }

  /** Opens the connection; the first attempt is not retried so a wrong password fails at once. */
  async connect(signal?: AbortSignal): Promise<void> {
    if (this.model && this.currentState === 'connected') return;
    await this.close(false);
    this.setState('connecting');
    const action = `Connecting to RabbitMQ at ${this.config.address} (vhost '${this.config.vhost}')`;
    try {
      if (signal?.aborted) throw new BrokerError('cancelled', `${action} was cancelled.`);
      this.tls = this.config.tls.enabled ? await loadTlsMaterial(this.config) : undefined;
      const { url, socket } = amqplibConnectArgs(this.config, this.tls);
      const model = await amqp.connect(url, {
        ...socket,
        recovery: {
          // The first attempt fails fast with the real reason; later drops retry forever, with backoff.
          initialMaxRetries: 0,
          initialDelay: 200,
          maxDelay: 10_000,
          waitForConnect: false,
        },
      });
      this.model = model;
      let connectedOnce = false;
      model.on('connect', (m: amqp.ChannelModel) => {
        if (this.model !== model) return;
        this.server = m.connection.serverProperties;
        connectedOnce = true;
        this.setState('connected');
      });
      model.on('disconnect', (err: Error) => {
        if (this.model !== model) return;
        this.setState('reconnecting', lostConnection(err, this.config.address));
      });
      model.on('reconnect-failed', (err: Error) => {
        // The first attempt's failure is reported by connect() itself.
        if (this.model !== model || !connectedOnce) return;
        this.setState('failed', toBrokerError(err, this.context(action)));
      });
      // amqplib re-emits connection errors; without a listener an 'error' event would crash the host.
      model.on('error', () => undefined);
      const abort = new Promise<never>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new BrokerError('cancelled', `${action} was cancelled.`)), { once: true });
      });
      await Promise.race([model.waitForConnect(), abort]);
      this.setState('connected');
    } catch (error) {
      const mapped = toBrokerError(error, this.context(action));
      await this.close(false);
      this.setState('failed', mapped);
      throw mapped;
    }
  }

  /** Closes the socket. Safe to call twice. */
  async close(announce = true): Promise<void> {
    const model = this.model;
    this.model = undefined;
    if (model) {
      await Promise.race([model.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    if (announce) this.setState('disconnected');
  }

  /** A channel from the live connection; waits through a reconnect up to the connection timeout. */
  async openChannel(options: ChannelOptions): Promise<Channel | ConfirmChannel> {
    const model = this.model;
    if (!model || this.currentState === 'disconnected' || this.currentState === 'failed') {
      throw new BrokerError('disconnected', `${options.action} failed: the RabbitMQ connection "${this.config.name}" is not open; connect first.`);
    }
    const channelOptions = options.highWaterMark ? { highWaterMark: options.highWaterMark } : undefined;
    const pending = options.confirm ? model.createConfirmChannel(channelOptions) : model.createChannel(channelOptions);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A channel that arrives after we gave up must not leak.
        pending.then((ch) => ch.close().catch(() => undefined), () => undefined);
        // Connected yet no channel: the broker holds the socket but does not answer (paused, overloaded).
        reject(this.currentState === 'connected'
          ? new BrokerError(
            'timeout',
            `${options.action} failed: RabbitMQ at ${this.config.address} did not answer within ${Math.round(this.config.connectionTimeoutMs / 1000)} s although the connection is open; it may be overloaded or paused, try again in a moment.`,
          )
          : new BrokerError(
            'disconnected',
            `${options.action} failed: RabbitMQ at ${this.config.address} is not reachable right now (state: ${this.currentState}); BrokerLens keeps reconnecting, try again in a moment.`,
          ));
      }, this.config.connectionTimeoutMs);
    });
    try {
      const channel = await Promise.race([pending, timeout]);
      // A server-closed channel emits 'error'; the operation's own promise carries the error, so this
      // listener only stops an unhandled 'error' event from crashing the extension host.
      channel.on('error', () => undefined);
      return channel;
    } catch (error) {
      throw toBrokerError(error, this.context(options.action));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs `work` on a fresh channel and closes it afterwards, whatever happens. Errors become BrokerErrors. */
  async withChannel<T>(options: ChannelOptions, work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await this.openChannel(options);
    return this.run(channel, options, work);
  }

  /** As {@link withChannel}, on a confirm channel. */
  async withConfirmChannel<T>(options: Omit<ChannelOptions, 'confirm'>, work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = (await this.openChannel({ ...options, confirm: true })) as ConfirmChannel;
    return this.run(channel, options, work);
  }

  private async run<C extends Channel, T>(channel: C, options: ChannelOptions, work: (channel: C) => Promise<T>): Promise<T> {
    const limit = options.timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = work(channel);
      if (limit <= 0) return await pending;
      // A broker that accepts a request and never answers (booting, overloaded) must not hang the UI.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          pending.catch(() => undefined);
          reject(new BrokerError('timeout', `${options.action} failed: RabbitMQ at ${this.config.address} did not answer within ${Math.round(limit / 1000)} s; it may be starting or overloaded, try again in a moment.`));
        }, limit);
      });
      return await Promise.race([pending, timeout]);
    } catch (error) {
      throw toBrokerError(error, this.context(options.action));
    } finally {
      clearTimeout(timer);
      // Not awaited after a timeout would be wrong: closing waits for close-ok, which a stuck broker never sends.
      await Promise.race([closeQuietly(channel), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
  }
}

/**
 * The one error an established connection's loss is reported with (the tree's error node). Not the
 * connect-time mapping: a reset here means the broker stopped or restarted, not a wrong port.
 */
function lostConnection(error: Error, address: string): BrokerError {
  const code = (error as { code?: unknown }).code;
  const forced = /CONNECTION_FORCED|shutdown/i.test(error.message);
  const why = forced
    ? 'the broker closed it because it is shutting down'
    : `the broker closed it or went away${typeof code === 'string' ? ` (${code})` : ''}`;
  return new BrokerError('disconnected', `The connection to RabbitMQ at ${address} failed: ${why}; BrokerLens reconnects by itself as soon as it is back.`, { cause: error });
}

/** Closes a channel that may already be closed by the server. */
export async function closeQuietly(channel: Channel): Promise<void> {
  try {
    await channel.close();
  } catch {
    // already closed (server error or connection gone): nothing to release
  }
}
