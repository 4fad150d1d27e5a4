/**
 * A wire listener puts one simulator model on a loopback TCP port, speaking a real broker protocol
 * (the Kafka protocol, or AMQP 0-9-1), so a user's unmodified service connects to the simulator with
 * its ordinary client library. It is the engine behind a codec, never a second engine: every listener
 * works on the same KafkaCluster / RabbitBroker instance the explorer, Browse and the simulator panel
 * show. The host (start/stop command, status bar, explorer nodes) sees listeners only through this
 * interface, so both protocols are wired the same way.
 */

/** Which protocol a listener speaks. */
export type WireProtocol = 'kafka' | 'amqp';

/** Where a listener listens. Loopback unless the user explicitly allowed other interfaces. */
export interface WireAddress {
  readonly host: string;
  readonly port: number;
}

/** One client connection, as the explorer lists it. */
export interface WireConnectionInfo {
  /** Unique within the listener, stable while the connection lives. */
  readonly id: string;
  /** host:port of the client. */
  readonly remote: string;
  /** Kafka client.id, or the AMQP client properties' product/connection_name, when the client sent one. */
  readonly clientId?: string;
  /** The authenticated user, when the client authenticated. */
  readonly user?: string;
  readonly connectedAt: number;
  /** Requests (Kafka) or frames (AMQP) received, and bytes in/out. */
  readonly requests: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Messages published and delivered through this connection. */
  readonly published: number;
  readonly delivered: number;
}

/** Listener state. */
export type WireListenerState = 'stopped' | 'starting' | 'listening' | 'failed';

/** A protocol listener over one simulator model. */
export interface WireListener {
  readonly protocol: WireProtocol;
  readonly state: WireListenerState;
  /** The bound address once listening (the real port when 0 was asked). */
  readonly address: WireAddress | undefined;
  /**
   * Binds and starts accepting clients. Rejects with a BrokerError (code 'invalidInput' for a
   * non-loopback host that is not allowed, 'alreadyExists' for a port in use) saying what to do.
   */
  start(): Promise<void>;
  /** Closes the server and every client connection. Safe to call twice. */
  stop(): Promise<void>;
  /** Live client connections. */
  connections(): readonly WireConnectionInfo[];
  /** Closes one client connection (the client sees the broker close it). */
  disconnect(connectionId: string): void;
  /** Fires when the state or the set of connections changes (debounce on the host side). */
  onDidChange(listener: () => void): () => void;
}
