/**
 * What a request handler gets: the engine (the same KafkaCluster the explorer shows), the
 * request-driven groups, the negotiated version, and the connection it came on.
 */
import type { ClientGroups } from '../../simulator/kafka/clientGroups.js';
import type { KafkaCluster } from '../../simulator/kafka/cluster.js';
import { isKafkaError } from '../../simulator/kafka/errors.js';
import type { FetchWaiters } from './fetchWaiters.js';
import type { Struct } from './schema.js';

/** Per-connection counters the explorer shows. */
export interface ConnectionCounters {
  published: number;
  delivered: number;
}

/** One request's context. */
export interface RequestContext {
  readonly cluster: KafkaCluster;
  readonly groups: ClientGroups;
  readonly fetchWaiters: FetchWaiters;
  readonly version: number;
  readonly clientId: string;
  /** The client's address (no port). */
  readonly clientHost: string;
  /** Where clients reach this listener (the address the connection came in on). */
  readonly advertised: { readonly host: string; readonly port: number };
  readonly counters: ConnectionCounters;
  /** True once the connection closed (long waits stop early). */
  closed(): boolean;
  /** Registers a callback that runs when the connection closes; returns its remover. */
  onClose(fn: () => void): () => void;
}

/** A handler answers with a response body, later (a long poll), or not at all (Produce with acks=0). */
export type Handler = (request: Struct, ctx: RequestContext) => Struct | Promise<Struct | undefined> | undefined;

/** The protocol error name for what an engine call threw (engine errors carry Kafka's names). */
export function errorName(error: unknown): string {
  if (isKafkaError(error)) return error.code;
  if (error instanceof Error && error.name === 'BatchError') return (error as Error & { code: string }).code;
  return 'UNKNOWN_SERVER_ERROR';
}

/** The message of an engine error, for the protocol's ErrorMessage fields. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Topic ids on the wire are 16 bytes; the model's are 22 base64url characters of the same bits. */
export function topicIdBytes(id: string): Buffer {
  const bytes = Buffer.from(id, 'base64url');
  const out = Buffer.alloc(16);
  bytes.copy(out, 0, 0, 16);
  return out;
}

const idCache = new WeakMap<KafkaCluster, Map<string, string>>();

/** The topic whose id is `uuid`, if any (Produce v13 and Fetch v13+ name topics by id). */
export function topicById(cluster: KafkaCluster, uuid: Uint8Array): string | undefined {
  const key = Buffer.from(uuid).toString('hex');
  let ids = idCache.get(cluster);
  let name = ids?.get(key);
  if (name !== undefined && cluster.hasTopic(name) && topicIdBytes(cluster.topic(name).id).toString('hex') === key) return name;
  // A miss or a stale entry (a topic deleted and created again): rebuild from the topic list.
  ids = new Map();
  for (const t of cluster.listTopics({ includeInternal: true })) ids.set(topicIdBytes(t.id).toString('hex'), t.name);
  idCache.set(cluster, ids);
  name = ids.get(key);
  return name;
}

/** The cluster id the listener reports (Metadata, DescribeCluster): fixed, like a formatted KRaft cluster's. */
export const CLUSTER_ID = 'BrokerLensSimulator0';

/** A response with only a top-level error code set (and defaults elsewhere). */
export function errorOnly(code: number): Struct {
  return { errorCode: code };
}
