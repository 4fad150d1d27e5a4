/**
 * Cluster and topic administration: overview, topic list with message counts, create and delete, and
 * the partitions facet (partitions with offsets, adding partitions, configs).
 */
import { assertTypedName } from '../../rules/typedName.js';
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import type { DestinationInfo, DestinationSpec } from '../../model/destination.js';
import { BrokerError } from '../../model/errors.js';
import type { ClusterOverview, ConfigEntry, PartitionInfo } from '../../model/topology.js';
import { kafkaVersionFromApiVersions } from './brokerVersion.js';
import type { InternalCluster } from './internals.js';
import type { PartitionReader } from './partitionReader.js';

/** Kafka's own topics (__consumer_offsets, __transaction_state, ...), hidden unless asked for. */
export function isInternalTopic(name: string, flagged?: boolean): boolean {
  return flagged === true || name.startsWith('__');
}

/** Brokers, controller and cluster id. */
export async function clusterOverview(cluster: InternalCluster): Promise<ClusterOverview> {
  // Metadata for no particular topic still lists every broker with its rack, the controller and the id.
  const metadata = await cluster.metadata({ topics: [] });
  // The version is inferred from the ApiVersions ranges the connection negotiated (Kafka has no
  // version request); a broker that cannot be reached just leaves it out.
  const first = metadata.brokers[0];
  const version = first === undefined ? null
    : kafkaVersionFromApiVersions(await cluster.findBroker({ nodeId: first.nodeId }).then((b) => b.versions, () => null));
  return {
    product: 'Apache Kafka',
    ...(version !== null ? { version } : {}),
    ...(metadata.clusterId ? { clusterName: metadata.clusterId } : {}),
    nodes: [...metadata.brokers]
      .sort((a, b) => a.nodeId - b.nodeId)
      .map((b) => ({
        id: String(b.nodeId),
        host: b.host,
        port: b.port,
        ...(b.rack ? { rack: b.rack } : {}),
        controller: b.nodeId === metadata.controllerId,
      })),
    notes: [],
  };
}

/** Every topic with partitions and Σ(high − low) as its message count. */
export async function listTopics(reader: PartitionReader, includeInternal: boolean): Promise<DestinationInfo[]> {
  const topics = (await reader.allTopics()).filter((t) => includeInternal || !isInternalTopic(t.topic, t.isInternal));
  const wanted = new Map(topics.map((t) => [t.topic, t.partitionMetadata.map((p) => p.partitionId)]));
  const bounds = wanted.size > 0 ? await reader.boundsOf(wanted) : new Map();
  return topics
    .map((t): DestinationInfo => ({
      name: t.topic,
      type: 'topic',
      internal: isInternalTopic(t.topic, t.isInternal),
      partitions: t.partitionMetadata.length,
      messages: (bounds.get(t.topic) ?? []).reduce((n: number, b: { low: number; high: number }) => n + Math.max(0, b.high - b.low), 0),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Creates a topic and waits until every partition has a leader. */
export async function createTopic(admin: Admin, spec: DestinationSpec): Promise<void> {
  if (spec.kind !== 'topic') {
    throw new BrokerError('invalidInput', `Creating "${spec.name}" failed: Kafka has topics, not queues. Create a topic instead.`);
  }
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1 || !Number.isInteger(spec.replicationFactor) || spec.replicationFactor < 1) {
    throw new BrokerError('invalidInput', `Creating topic "${spec.name}" failed: partitions and replication factor must be whole numbers of at least 1. Fix them and try again.`);
  }
  let created: boolean;
  try {
    created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  } catch (error) {
    // The controller created it, but the broker kafkajs asked for leaders has not caught up yet (seen
    // right after a broker restart in a cluster): the topic exists, so wait a little for its metadata.
    const type = (error as { type?: string }).type;
    if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
    for (let attempt = 1; attempt <= 20; attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      const known = await admin.fetchTopicMetadata({ topics: [spec.name] }).catch(() => undefined);
      if (known?.topics.some((t) => t.name === spec.name && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    }
    throw error;
  }
  // kafkajs answers false (instead of throwing) when the topic already existed.
  if (!created) {
    throw new BrokerError('alreadyExists', `Creating topic "${spec.name}" failed: a topic with that name already exists. Pick another name, or use the existing topic.`);
  }
}

/** Deletes a topic once the user typed its name. */
export async function deleteTopic(admin: Admin, name: string, confirmedName: string): Promise<void> {
  assertTypedName('Deleting topic', name, confirmedName, 'topic name');
  await admin.deleteTopics({ topics: [name] });
}

/** Partitions with leader, replicas, ISR, log-start offset and high watermark. */
export async function listPartitions(reader: PartitionReader, topic: string): Promise<PartitionInfo[]> {
  const partitions = await reader.partitions(topic);
  const bounds = new Map((await reader.bounds(topic, partitions.map((p) => p.partitionId))).map((b) => [b.partition, b]));
  return partitions.map((p) => ({
    partition: p.partitionId,
    leader: p.leader,
    replicas: [...p.replicas],
    isr: [...p.isr],
    logStart: bounds.get(p.partitionId)?.low ?? 0,
    highWatermark: bounds.get(p.partitionId)?.high ?? 0,
  }));
}

/** Grows a topic to `totalCount` partitions (Kafka cannot shrink one). */
export async function addPartitions(admin: Admin, topic: string, totalCount: number): Promise<void> {
  if (!Number.isInteger(totalCount) || totalCount < 1) {
    throw new BrokerError('invalidInput', `Adding partitions to "${topic}" failed: the new total must be a whole number. Enter the total partition count wanted.`);
  }
  await admin.createPartitions({ topicPartitions: [{ topic, count: totalCount }] });
}

/** Topic configs; a value counts as default unless it is set on the topic itself. */
export async function describeTopicConfigs(admin: Admin, topic: string): Promise<ConfigEntry[]> {
  const response = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
  const resource = response.resources[0];
  return (resource?.configEntries ?? [])
    .map((e) => ({
      name: e.configName,
      value: e.configValue ?? null,
      isDefault: e.configSource === undefined || e.configSource === null ? e.isDefault : e.configSource !== ConfigSource.TOPIC_CONFIG,
      readOnly: e.readOnly,
      sensitive: e.isSensitive,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Changes topic configs; null removes an override (back to the default). kafkajs has no
 * IncrementalAlterConfigs, and the legacy AlterConfigs replaces the topic's whole override set, so
 * the current overrides are read first and sent back together with the changes.
 */
export async function alterTopicConfigs(admin: Admin, topic: string, changes: Readonly<Record<string, string | null>>): Promise<void> {
  const names = Object.keys(changes);
  if (names.length === 0) return;
  if (names.some((n) => n.trim() === '')) {
    throw new BrokerError('invalidInput', `Changing configs of topic "${topic}" failed: a config name is empty. Fix the config names.`);
  }
  const current = await describeTopicConfigs(admin, topic);
  const overrides = new Map(current.filter((c) => !c.isDefault && !c.readOnly).map((c) => [c.name, c.value]));
  const hidden = [...overrides].filter(([name, value]) => value === null && !(name in changes)).map(([name]) => name);
  if (hidden.length > 0) {
    // A sensitive override comes back without its value; resending it empty would erase it.
    throw new BrokerError('unsupported', `Changing configs of topic "${topic}" failed: it overrides sensitive configs (${hidden.join(', ')}) whose values cannot be read back. Change them with kafka-configs instead.`);
  }
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) overrides.delete(name);
    else overrides.set(name, value);
  }
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [...overrides].map(([name, value]) => ({ name, value: value ?? '' })) }],
  });
}
