/**
 * Cluster-level requests: ApiVersions, Metadata, FindCoordinator, InitProducerId, CreateTopics,
 * DeleteTopics and DescribeConfigs. On the wire the simulator is ONE broker (node 1, at the
 * listener's own address) that leads every partition: clients key connections by address, and
 * several node ids behind one address make some of them (kafkajs) drop sends to the others. So the
 * wire view is a one-broker cluster, like the test broker, and a replication factor above 1 is
 * refused over the wire as a one-broker cluster refuses it; the explorer still shows the model's
 * placement.
 */
import { SERVED } from '../apis.js';
import { CLUSTER_ID, errorName, errorText, topicById, topicIdBytes, type Handler, type RequestContext } from '../context.js';
import { errorCode } from '../errorCodes.js';
import type { Struct } from '../schema.js';

export const apiVersions: Handler = () => ({
  errorCode: 0,
  apiKeys: [...SERVED.values()].sort((a, b) => a.key - b.key).map((a) => ({ apiKey: a.key, minVersion: a.min, maxVersion: a.max })),
  throttleTimeMs: 0,
});

/** The node id of the one broker the wire shows. */
export const WIRE_NODE_ID = 1;

function brokers(ctx: RequestContext): Struct[] {
  return [{ nodeId: WIRE_NODE_ID, host: ctx.advertised.host, port: ctx.advertised.port, rack: null }];
}

function topicMetadata(ctx: RequestContext, name: string): Struct {
  const { cluster } = ctx;
  if (!cluster.hasTopic(name)) return { errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), name, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
  const topic = cluster.topic(name);
  return {
    errorCode: 0,
    name,
    topicId: topicIdBytes(topic.id),
    isInternal: topic.internal,
    // Leader epochs are not modelled: -1 tells clients to skip epoch validation, as with an old broker.
    partitions: cluster.describePartitions(name).map((p) => ({
      errorCode: 0, partitionIndex: p.partition, leaderId: WIRE_NODE_ID, leaderEpoch: -1, replicaNodes: [WIRE_NODE_ID], isrNodes: [WIRE_NODE_ID], offlineReplicas: [],
    })),
    topicAuthorizedOperations: -2147483648,
  };
}

export const metadata: Handler = (req, ctx) => {
  const requested = req.topics as { name: string | null; topicId: Uint8Array }[] | null;
  const all = requested === null || (ctx.version === 0 && requested.length === 0);
  const names = all
    ? ctx.cluster.listTopics({ includeInternal: true }).map((t) => t.name)
    : requested.map((t) => t.name ?? topicById(ctx.cluster, t.topicId) ?? '');
  return {
    throttleTimeMs: 0,
    brokers: brokers(ctx),
    clusterId: CLUSTER_ID,
    controllerId: WIRE_NODE_ID,
    topics: names.map((n) => topicMetadata(ctx, n)),
    clusterAuthorizedOperations: -2147483648,
  };
};

/** The one broker coordinates every group. */
export const findCoordinator: Handler = (req, ctx) => {
  const nodeId = WIRE_NODE_ID;
  const answer = (keyType: number): { errorCode: number; errorMessage: string | null } => keyType === 0
    ? { errorCode: 0, errorMessage: null }
    : { errorCode: errorCode('INVALID_REQUEST'), errorMessage: 'The BrokerLens simulator has no transaction coordinator: transactions are not simulated.' };
  if (ctx.version >= 4) {
    return {
      throttleTimeMs: 0,
      coordinators: (req.coordinatorKeys as string[]).map((key) => ({ key, nodeId, host: ctx.advertised.host, port: ctx.advertised.port, ...answer(req.keyType as number) })),
    };
  }
  return { throttleTimeMs: 0, nodeId, host: ctx.advertised.host, port: ctx.advertised.port, ...answer((req.keyType as number | undefined) ?? 0) };
};

export const initProducerId: Handler = (req, ctx) => {
  const transactionalId = req.transactionalId as string | null;
  if (transactionalId !== null) {
    return { throttleTimeMs: 0, errorCode: errorCode('INVALID_REQUEST'), producerId: -1, producerEpoch: -1 };
  }
  const { producerId, producerEpoch } = ctx.cluster.producerState.initProducerId(null, req.producerId as number, req.producerEpoch as number);
  return { throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch };
};

export const createTopics: Handler = (req, ctx) => {
  const topics = (req.topics as { name: string; numPartitions: number; replicationFactor: number; assignments: unknown[]; configs: { name: string; value: string | null }[] }[]).map((t) => {
    const configs: Record<string, string> = {};
    for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
    try {
      if (t.replicationFactor > 1) throw Object.assign(new Error(`Unable to replicate the partition ${t.replicationFactor} time(s): The target replication factor of ${t.replicationFactor} cannot be reached because only 1 broker(s) are registered.`), { name: 'KafkaError', code: 'INVALID_REPLICATION_FACTOR' });
      if (t.assignments.length > 0) throw Object.assign(new Error('Manual replica assignment is not simulated; give a partition count and replication factor instead.'), { name: 'KafkaError', code: 'INVALID_REPLICA_ASSIGNMENT' });
      const spec = { partitions: t.numPartitions, replicationFactor: t.replicationFactor, configs };
      if (req.validateOnly) {
        if (ctx.cluster.hasTopic(t.name)) throw Object.assign(new Error(`Topic '${t.name}' already exists.`), { name: 'KafkaError', code: 'TOPIC_ALREADY_EXISTS' });
        return { name: t.name, errorCode: 0, errorMessage: null, numPartitions: t.numPartitions, replicationFactor: t.replicationFactor, configs: null };
      }
      const created = ctx.cluster.createTopic(t.name, spec);
      const configsOut = ctx.cluster.describeConfigs(t.name).map((c) => ({ name: c.name, value: c.value, readOnly: false, configSource: c.isDefault ? 5 : 1, isSensitive: false }));
      return { name: t.name, topicId: topicIdBytes(created.id), errorCode: 0, errorMessage: null, numPartitions: created.partitions, replicationFactor: created.replicationFactor, configs: configsOut };
    } catch (error) {
      return { name: t.name, errorCode: errorCode(errorName(error)), errorMessage: errorText(error), numPartitions: -1, replicationFactor: -1, configs: null };
    }
  });
  return { throttleTimeMs: 0, topics };
};

export const deleteTopics: Handler = (req, ctx) => {
  const wanted: { name: string | null; topicId?: Uint8Array }[] = ctx.version >= 6
    ? (req.topics as { name: string | null; topicId: Uint8Array }[])
    : (req.topicNames as string[]).map((name) => ({ name }));
  const responses = wanted.map((t) => {
    const name = t.name ?? (t.topicId ? topicById(ctx.cluster, t.topicId) : undefined);
    if (name === undefined) return { name: null, topicId: t.topicId, errorCode: errorCode('UNKNOWN_TOPIC_ID'), errorMessage: 'No topic has this id.' };
    const id = ctx.cluster.hasTopic(name) ? topicIdBytes(ctx.cluster.topic(name).id) : undefined;
    try {
      ctx.cluster.deleteTopic(name);
      return { name, topicId: id, errorCode: 0, errorMessage: null };
    } catch (error) {
      return { name, topicId: id, errorCode: errorCode(errorName(error)), errorMessage: errorText(error) };
    }
  });
  return { throttleTimeMs: 0, responses };
};

const TOPIC = 2;
const BROKER = 4;

/** Broker configs a client may ask about (the ones that shape what the simulator does). */
function brokerConfigs(ctx: RequestContext): { name: string; value: string }[] {
  return [
    { name: 'auto.create.topics.enable', value: 'false' },
    { name: 'num.partitions', value: '1' },
    { name: 'default.replication.factor', value: '1' },
    { name: 'group.initial.rebalance.delay.ms', value: String(ctx.cluster.coordinator.config.initialRebalanceDelayMs) },
    { name: 'group.min.session.timeout.ms', value: String(ctx.cluster.coordinator.config.minSessionTimeoutMs) },
    { name: 'group.max.session.timeout.ms', value: String(ctx.cluster.coordinator.config.maxSessionTimeoutMs) },
  ];
}

export const describeConfigs: Handler = (req, ctx) => {
  const results = (req.resources as { resourceType: number; resourceName: string; configurationKeys: string[] | null }[]).map((r) => {
    const keep = (name: string): boolean => r.configurationKeys === null || r.configurationKeys.includes(name);
    const base = { resourceType: r.resourceType, resourceName: r.resourceName };
    if (r.resourceType === BROKER) {
      const configs = brokerConfigs(ctx).filter((c) => keep(c.name)).map((c) => ({ name: c.name, value: c.value, readOnly: true, configSource: 4, isSensitive: false, synonyms: [], configType: 0, documentation: null }));
      return { ...base, errorCode: 0, errorMessage: null, configs };
    }
    if (r.resourceType !== TOPIC) return { ...base, errorCode: errorCode('INVALID_REQUEST'), errorMessage: `Resource type ${r.resourceType} is not simulated.`, configs: [] };
    try {
      const configs = ctx.cluster.describeConfigs(r.resourceName).filter((c) => keep(c.name)).map((c) => ({
        name: c.name, value: c.value, readOnly: false, configSource: c.isDefault ? 5 : 1, isSensitive: false, synonyms: [], configType: 0, documentation: null,
      }));
      return { ...base, errorCode: 0, errorMessage: null, configs };
    } catch (error) {
      return { ...base, errorCode: errorCode(errorName(error)), errorMessage: errorText(error), configs: [] };
    }
  });
  return { throttleTimeMs: 0, results };
};
