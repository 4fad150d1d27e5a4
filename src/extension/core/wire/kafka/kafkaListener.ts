/**
 * The Kafka protocol listener: the simulator's Kafka model (the same KafkaCluster the explorer,
 * Browse and the simulator panel show) served on a loopback TCP port, so a service using kafkajs,
 * the Java client, librdkafka or @platformatic/kafka produces and consumes against it unchanged.
 */
import { assertListenable, listenTcp } from '../listen.js';
import type net from 'node:net';
import { ClientGroups } from '../../simulator/kafka/clientGroups.js';
import type { KafkaCluster } from '../../simulator/kafka/cluster.js';
import { isLoopbackHost, SILENT_LOG, type WireLogSink } from '../address.js';
import type { WireAddress, WireConnectionInfo, WireListener, WireListenerState } from '../listener.js';
import type { ApiName } from './apis.js';
import type { Handler } from './context.js';
import { FetchWaiters } from './fetchWaiters.js';
import { apiVersions, createTopics, deleteTopics, describeConfigs, findCoordinator, initProducerId, metadata } from './handlers/clusterApis.js';
import { fetch, listOffsets, produce } from './handlers/dataApis.js';
import { describeGroups, heartbeat, joinGroup, leaveGroup, listGroups, offsetCommit, offsetFetch, syncGroup } from './handlers/groupApis.js';
import type { KafkaWireUser } from './handlers/sasl.js';
import { KafkaConnection } from './kafkaConnection.js';
import type { KafkaListenerCore } from './listenerCore.js';

/** Options of {@link createKafkaListener}. */
export interface KafkaListenerOptions {
  /** Interface to bind; default 127.0.0.1. Anything but loopback needs allowNonLoopback. */
  readonly host?: string;
  /** Port; default 19092 (not Kafka's 9092, so both can run). 0 picks a free port. */
  readonly port?: number;
  /** The user's explicit permission to listen on a non-loopback interface. */
  readonly allowNonLoopback?: boolean;
  /** SASL/PLAIN logins to require; default none required (any login accepted). */
  readonly users?: readonly KafkaWireUser[];
  readonly log?: WireLogSink;
  /** How often group session timeouts and retention run while listening (ms). */
  readonly tickIntervalMs?: number;
}

/** The default port of the Kafka listener. */
export const DEFAULT_KAFKA_PORT = 19092;

const HANDLERS: Readonly<Partial<Record<ApiName, Handler>>> = {
  ApiVersions: apiVersions, Metadata: metadata, FindCoordinator: findCoordinator, InitProducerId: initProducerId,
  CreateTopics: createTopics, DeleteTopics: deleteTopics, DescribeConfigs: describeConfigs,
  Produce: produce, Fetch: fetch, ListOffsets: listOffsets,
  JoinGroup: joinGroup, SyncGroup: syncGroup, Heartbeat: heartbeat, LeaveGroup: leaveGroup,
  OffsetCommit: offsetCommit, OffsetFetch: offsetFetch, ListGroups: listGroups, DescribeGroups: describeGroups,
};

/** Creates the Kafka listener over `cluster`; call start() to listen. */
export function createKafkaListener(cluster: KafkaCluster, options: KafkaListenerOptions = {}): WireListener {
  return new KafkaListener(cluster, options);
}

class KafkaListener implements WireListener {
  readonly protocol = 'kafka';
  private current: WireListenerState = 'stopped';
  private server: net.Server | undefined;
  private bound: WireAddress | undefined;
  private readonly clients = new Map<string, KafkaConnection>();
  private readonly listeners = new Set<() => void>();
  private core: (KafkaListenerCore & { dispose(): void }) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  private readonly log: WireLogSink;

  constructor(private readonly cluster: KafkaCluster, private readonly options: KafkaListenerOptions) {
    this.log = options.log ?? SILENT_LOG;
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
    const port = this.options.port ?? DEFAULT_KAFKA_PORT;
    const at = { host, port, ...(this.options.allowNonLoopback ? { allowNonLoopback: true } : {}) };
    assertListenable('Kafka', at);
    this.setState('starting');
    let server: net.Server;
    try {
      server = await listenTcp('Kafka', at, (socket) => this.accept(socket));
    } catch (error) {
      this.setState('failed');
      throw error;
    }
    server.on('error', (error) => this.log.error('kafka listener: server error', error));
    const info = server.address() as net.AddressInfo;
    this.server = server;
    this.bound = { host, port: info.port };
    this.core = this.createCore();
    const interval = this.options.tickIntervalMs ?? 250;
    this.timer = setInterval(() => this.tick(), interval);
    this.timer.unref();
    this.log.info(`kafka listener: listening on ${host}:${info.port}`);
    this.setState('listening');
  }

  async stop(): Promise<void> {
    if (this.current === 'stopped') return;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const server = this.server;
    this.server = undefined;
    for (const c of [...this.clients.values()]) c.close(undefined, false);
    this.core?.dispose();
    this.core = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.log.info('kafka listener: stopped');
    this.bound = undefined;
    this.setState('stopped');
  }

  connections(): readonly WireConnectionInfo[] {
    return [...this.clients.values()].map((c) => c.info());
  }

  disconnect(connectionId: string): void {
    const c = this.clients.get(connectionId);
    if (!c) return;
    this.log.info(`kafka listener: disconnecting ${c.remote}${c.clientId ? ` (${c.clientId})` : ''} on request`);
    c.close(undefined, false);
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private accept(socket: net.Socket): void {
    const core = this.core;
    if (!core) {
      socket.destroy();
      return;
    }
    const id = `kafka-${++this.sequence}`;
    const connection = new KafkaConnection(socket, id, core);
    this.clients.set(id, connection);
    this.log.info(`kafka listener: ${connection.remote} connected`);
    this.fire();
  }

  private createCore(): KafkaListenerCore & { dispose(): void } {
    const groups = new ClientGroups(this.cluster);
    const fetchWaiters = new FetchWaiters(this.cluster);
    const bound = this.bound!;
    return {
      cluster: this.cluster,
      groups,
      fetchWaiters,
      handlers: HANDLERS,
      users: this.options.users,
      log: this.log,
      advertisedHost: (socket) => (isLoopbackHost(bound.host) || !socket.localAddress ? bound.host : stripV4Mapped(socket.localAddress)),
      changed: () => this.fire(),
      removed: (connection) => {
        if (this.clients.delete(connection.id)) {
          this.log.info(`kafka listener: ${connection.remote} disconnected`);
          this.fire();
        }
      },
      dispose: () => {
        groups.dispose();
        fetchWaiters.dispose();
      },
    };
  }

  private tick(): void {
    try {
      this.cluster.tick();
    } catch (error) {
      this.log.error('kafka listener: engine tick failed', error);
    }
  }

  private setState(state: WireListenerState): void {
    this.current = state;
    this.fire();
  }

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }
}

function stripV4Mapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

