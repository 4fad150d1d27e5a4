/**
 * A narrow, typed window on kafkajs 2.2.x internals. kafkajs's public consumer always joins a group,
 * and browsing must join none and commit nothing, so BrokerLens builds its own kafkajs Cluster (the
 * same object kafkajs's producer, consumer and admin sit on) and talks to partition leaders directly.
 * Everything that touches a private member lives here, so a kafkajs upgrade has one file to check.
 */
import type { Kafka } from 'kafkajs';
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C/index.js';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import { createErrorFromCode } from 'kafkajs/src/protocol/error.js';
import { lookupCodecByAttributes } from 'kafkajs/src/protocol/message/compression/index.js';
import fetchV11 from 'kafkajs/src/protocol/requests/fetch/v11/request.js';

/**
 * kafkajs's own protocol pieces BrokerLens reuses (its Fetch v11 request builder and response decoder,
 * its error table by code, its batch codecs, its CRC-32C), re-exported from here so no other file
 * reaches into kafkajs/src. Typed in kafkajsInternals.d.ts; test/unit/kafka/internals.test.ts pins
 * their shape.
 */
export { crc32C, createErrorFromCode, Decoder, fetchV11, lookupCodecByAttributes };

/** Broker metadata as the Metadata response carries it. */
export interface InternalBrokerMetadata {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** One partition of the Metadata response. */
export interface InternalPartitionMetadata {
  readonly partitionErrorCode: number;
  readonly partitionId: number;
  readonly leader: number;
  readonly replicas: number[];
  readonly isr: number[];
}

/** The Metadata response. */
export interface InternalMetadata {
  readonly brokers: InternalBrokerMetadata[];
  readonly clusterId?: string;
  readonly controllerId?: number;
  readonly topicMetadata: {
    readonly topicErrorCode: number;
    readonly topic: string;
    readonly isInternal?: boolean;
    readonly partitionMetadata: InternalPartitionMetadata[];
  }[];
}

/** What a kafkajs protocol request builder returns, as Connection#send takes it. */
export interface ProtocolRequest {
  readonly request: { apiKey: number; apiVersion: number; apiName: string; expectResponse?: () => boolean; encode: () => Promise<unknown> };
  readonly response: { decode: (payload: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
  readonly requestTimeout?: number;
}

/** A kafkajs Broker (one node), with the calls BrokerLens makes. */
export interface InternalBroker {
  readonly nodeId: number | null;
  readonly versions: Record<number, { minVersion: number; maxVersion: number }> | null;
  readonly connectionPool: { send(request: ProtocolRequest): Promise<unknown>; getConnection(index?: number): Promise<unknown> };
  metadata(topics?: string[]): Promise<InternalMetadata>;
  listOffsets(request: {
    replicaId?: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string; timestamp?: string }[] }[] }>;
  findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<{ coordinator: { nodeId: number; host: string; port: number } }>;
  /** DescribeGroups (classic groups); throws the first group's error code like kafkajs's admin does. */
  describeGroups(request: { groupIds: string[] }): Promise<{
    groups: {
      groupId: string;
      errorCode: number;
      state: string;
      protocolType: string;
      protocol: string;
      members: { memberId: string; clientId: string; clientHost: string; memberMetadata: Buffer; memberAssignment: Buffer }[];
    }[];
  }>;
  /** OffsetFetch; an empty `topics` asks for every topic the group committed on. */
  offsetFetch(request: { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string; metadata: string | null }[] }[];
  }>;
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[] }>;
}

/** A kafkajs Cluster: metadata, and brokers by node id over one pool of connections. */
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  metadata(options?: { topics?: string[] }): Promise<InternalMetadata>;
  findBroker(options: { nodeId: string | number }): Promise<InternalBroker>;
  findGroupCoordinator(options: { groupId: string }): Promise<InternalBroker>;
}

type CreateCluster = (options: {
  metadataMaxAge?: number;
  allowAutoTopicCreation?: boolean;
  isolationLevel?: number;
}) => InternalCluster;

/** kafkajs stores its cluster factory under a private symbol; find it by its description. */
function clusterFactory(kafka: Kafka): CreateCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof factory !== 'function') {
    throw new Error('kafkajs internals changed: Kafka has no private:Kafka:createCluster (BrokerLens needs kafkajs 2.2.x)');
  }
  return factory as CreateCluster;
}

/** Isolation level READ_UNCOMMITTED: a browser shows what is in the log, transactional or not. */
export const READ_UNCOMMITTED = 0;

/**
 * A Cluster sharing the Kafka client's brokers, TLS, SASL, timeouts and logger, that never
 * auto-creates topics. It opens its own connections (closed by `disconnect`).
 */
export function createReaderCluster(kafka: Kafka): InternalCluster {
  return clusterFactory(kafka)({ metadataMaxAge: 60_000, allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED });
}

/** One request whose body BrokerLens encoded itself (from Apache Kafka's message specs). */
export interface EncodedRequest<T> {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly apiName: string;
  /** The request body, without any header. */
  readonly body: Buffer;
  /** True when this version is flexible: request header v2 and response header v1 (tagged fields). */
  readonly flexible: boolean;
  /** Decodes the response body (after the response header). */
  readonly decode: (body: Buffer) => T;
}

/** Skips one empty-or-not tagged-field section (an unsigned varint count, then tag/size/bytes each). */
function skipTaggedFields(buffer: Buffer): Buffer {
  let pos = 0;
  const uvarint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = buffer[pos++];
      if (b === undefined) throw new Error('Kafka response ends inside its header');
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  };
  const count = uvarint();
  for (let i = 0; i < count; i++) {
    uvarint(); // tag
    pos += uvarint();
  }
  return buffer.subarray(pos);
}

/**
 * Sends a request kafkajs has no builder for over the broker's own connection (its SASL, TLS and
 * correlation ids). kafkajs writes request header v1 (api key, version, correlation id, client id)
 * and reads the correlation id of the response; a flexible version needs header v2, which is v1 plus
 * an empty tagged-field section, and its response header carries tagged fields after the
 * correlation id: both are added and skipped here.
 */
export async function sendEncoded<T>(broker: InternalBroker, request: EncodedRequest<T>): Promise<T> {
  const body = request.flexible ? Buffer.concat([Buffer.from([0]), request.body]) : request.body;
  const encoded = { buf: body, buffer: body }; // what kafkajs's Encoder#writeEncoder reads
  return (await broker.connectionPool.send({
    request: { apiKey: request.apiKey, apiVersion: request.apiVersion, apiName: request.apiName, encode: async () => encoded },
    response: { decode: async (payload) => request.decode(request.flexible ? skipTaggedFields(payload) : payload), parse: async (data) => data },
  })) as T;
}
