/**
 * The AMQP 0-9-1 listener: the simulator's RabbitMQ model (one RabbitBroker, the one the explorer,
 * Browse and the simulator panel show) served on a loopback TCP port, so a service using amqplib,
 * the Java amqp-client or pika connects to it unchanged.
 */
import { assertListenable, listenTcp } from '../listen.js';
import type net from 'node:net';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';
import type { WireAddress, WireConnectionInfo, WireListener, WireListenerState } from '../listener.js';
import type { WireUser } from './auth.js';
import { AmqpConnection } from './connection.js';
import type { ConnectionSettings, WireLog } from './connection.js';
import { connectionForced } from './replyCodes.js';

/** Options of {@link createAmqpListener}. */
export interface AmqpListenerOptions {
  /** Interface to bind; default 127.0.0.1. Anything but loopback needs allowNonLoopback. */
  readonly host?: string;
  /** Port; default 25673: not 5672 (AMQP), 25672 (the Erlang distribution port every RabbitMQ node binds) or 35672-35682 (its CLI tools), so a local RabbitMQ keeps running; below the ephemeral range. 0 picks a free port. */
  readonly port?: number;
  /** The user's explicit permission to listen on a non-loopback interface. */
  readonly allowNonLoopback?: boolean;
  /** Accepted logins; default guest/guest, as a fresh RabbitMQ. */
  readonly users?: readonly WireUser[];
  /** Where connection events, refusals and protocol errors are logged. */
  readonly log?: WireLog;
  /** Heartbeat the server proposes in connection.tune (seconds; RabbitMQ's default 60). */
  readonly heartbeatSeconds?: number;
  /** Largest frame accepted and proposed (RabbitMQ's default 131072). */
  readonly frameMax?: number;
  /** Highest channel number (RabbitMQ's default 2047). */
  readonly channelMax?: number;
  /** Largest message body accepted (RabbitMQ 3.10's default max_message_size, 128 MiB). */
  readonly maxMessageBytes?: number;
  /** Time allowed from TCP connect to connection.open (RabbitMQ's handshake_timeout, 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** How often message TTLs and queue expiry run while the listener is up (ms). */
  readonly tickIntervalMs?: number;
  /** How long a client gets to answer connection.close before its socket is dropped (ms). */
  readonly closeTimeoutMs?: number;
}

/** The default port of the AMQP listener. */
export const DEFAULT_AMQP_PORT = 25673;

/** Creates the AMQP 0-9-1 listener over `broker`; call start() to listen. */
export function createAmqpListener(broker: RabbitBroker, options: AmqpListenerOptions = {}): WireListener {
  return new AmqpListener(broker, options);
}

class AmqpListener implements WireListener {
  readonly protocol = 'amqp';
  private current: WireListenerState = 'stopped';
  private server: net.Server | undefined;
  private bound: WireAddress | undefined;
  private readonly clients = new Map<string, AmqpConnection>();
  private readonly listeners = new Set<() => void>();
  private readonly settings: ConnectionSettings;
  private readonly log: WireLog;
  private ticker: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(private readonly broker: RabbitBroker, private readonly options: AmqpListenerOptions) {
    this.log = options.log ?? (() => undefined);
    this.settings = {
      users: options.users ?? [{ username: 'guest', password: 'guest' }],
      frameMax: options.frameMax ?? 131072,
      channelMax: options.channelMax ?? 2047,
      heartbeatSeconds: options.heartbeatSeconds ?? 60,
      maxMessageBytes: options.maxMessageBytes ?? 128 * 1024 * 1024,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 3_000,
      serverProperties: {
        product: 'BrokerLens simulator',
        version: '3.10.8 (RabbitMQ model)',
        platform: `Node.js ${process.version}`,
        information: 'The BrokerLens simulator\'s RabbitMQ model, in memory in VS Code',
        cluster_name: 'brokerlens-simulator',
        capabilities: {
          publisher_confirms: true,
          exchange_exchange_bindings: true,
          'basic.nack': true,
          consumer_cancel_notify: true,
          'connection.blocked': false,
          consumer_priorities: true,
          authentication_failure_close: true,
          per_consumer_qos: true,
          direct_reply_to: false,
        },
      },
    };
  }

  get state(): WireListenerState {
    return this.current;
  }

  get address(): WireAddress | undefined {
    return this.bound;
  }

  async start(): Promise<void> {
    if (this.current === 'listening' || this.current === 'starting') return;
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? DEFAULT_AMQP_PORT;
    const at = { host, port, ...(this.options.allowNonLoopback ? { allowNonLoopback: true } : {}) };
    assertListenable('AMQP', at);
    this.setState('starting');
    let server: net.Server;
    try {
      server = await listenTcp('AMQP', at, (socket) => this.accept(socket));
    } catch (error) {
      this.setState('failed');
      throw error;
    }
    server.on('error', (e) => this.log('error', `AMQP listener: ${e.message}`));
    this.server = server;
    const a = server.address();
    this.bound = typeof a === 'object' && a ? { host: a.address, port: a.port } : { host, port };
    this.ticker = setInterval(() => this.tick(), this.options.tickIntervalMs ?? 250);
    this.ticker.unref();
    this.log('info', `AMQP listener: listening on ${this.bound.host}:${this.bound.port}`);
    this.setState('listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.clients.values()) c.close(connectionForced("broker forced connection closure with reason 'shutdown'"));
    // Give clients a moment to answer close-ok, then drop whatever is left.
    const deadline = Date.now() + 1000;
    while (this.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of this.clients.values()) c.destroy();
    await closed;
    this.bound = undefined;
    this.log('info', 'AMQP listener: stopped');
    this.setState('stopped');
  }

  connections(): readonly WireConnectionInfo[] {
    return [...this.clients.values()].filter((c) => c.isOpen).map((c) => c.info());
  }

  disconnect(connectionId: string): void {
    this.clients.get(connectionId)?.close(connectionForced('Closed via BrokerLens'));
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private accept(socket: net.Socket): void {
    const id = `amqp-${this.nextId++}`;
    const conn = new AmqpConnection(id, socket, this.broker, this.settings, this.log, (c) => {
      this.clients.delete(c.id);
      if (c.engineConnection >= 0) this.fire();
    }, () => this.fire());
    this.clients.set(id, conn);
  }

  /** Message TTLs and queue expiry run on broker calls; the ticker makes them happen on time, and notices a simulated restart. */
  private tick(): void {
    this.broker.tick();
    for (const c of this.clients.values()) {
      if (c.isOpen && !this.broker.isConnectionOpen(c.engineConnection)) c.close(connectionForced("broker forced connection closure with reason 'shutdown'"));
    }
  }

  private setState(state: WireListenerState): void {
    this.current = state;
    this.fire();
  }

  private fire(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (e) {
        this.log('error', `AMQP listener: a change listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

