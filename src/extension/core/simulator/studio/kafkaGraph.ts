/**
 * The Kafka model's diagram: producers → topic partitions → consumer-group members, partitions
 * inside their topic and members inside their group. A partition → member edge is the group's
 * current assignment, so a rebalance redraws the arrows. Only reads the cluster.
 */
import type { KafkaDriver } from '../runtime/kafkaDriver.js';
import type { ScenarioRun } from '../runtime/scenarioRun.js';
import { resolveProducer } from '../scenario/defaults.js';
import { edge, NodeId, type GraphEdge, type GraphNode, type NodeFigures, type StudioGraph } from './graph.js';

function driverOf(run: ScenarioRun): KafkaDriver {
  if (run.driver.model !== 'kafka') throw new Error('not a Kafka run');
  return run.driver as KafkaDriver;
}

/** Member client id (the instance label) → owned partitions, per group. */
function ownership(driver: KafkaDriver): Map<string, Map<string, { topic: string; partition: number }[]>> {
  const out = new Map<string, Map<string, { topic: string; partition: number }[]>>();
  for (const g of driver.cluster.listGroups()) {
    const byMember = new Map<string, { topic: string; partition: number }[]>();
    for (const m of g.members.values()) {
      if (!m.alive) continue;
      const label = m.options.clientId ?? m.memberId;
      byMember.set(label, [...(byMember.get(label) ?? []), ...m.owned.map((o) => ({ topic: o.topic, partition: o.partition }))]);
    }
    out.set(g.groupId, byMember);
  }
  return out;
}

/** The diagram of a Kafka run now. */
export function kafkaGraph(run: ScenarioRun, extraEdges: readonly GraphEdge[] = []): StudioGraph {
  const driver = driverOf(run);
  const cluster = driver.cluster;
  const nodes: GraphNode[] = [];
  const edges = new Map<string, GraphEdge>();
  const add = (e: GraphEdge): void => {
    if (!edges.has(e.id)) edges.set(e.id, e);
  };
  const partitionsOf = new Map<string, number>();
  for (const t of cluster.listTopics()) {
    partitionsOf.set(t.name, t.partitions);
    nodes.push({ id: NodeId.topic(t.name), kind: 'topic', label: t.name, sub: String(t.partitions) });
    for (let p = 0; p < t.partitions; p++) nodes.push({ id: NodeId.partition(t.name, p), kind: 'partition', label: String(p), parent: NodeId.topic(t.name) });
  }
  run.scenario.producers.forEach((def, i) => {
    const p = resolveProducer(def, i);
    nodes.push({ id: NodeId.producer(p.id), kind: 'producer', label: p.id });
    const n = partitionsOf.get(p.topic) ?? 0;
    for (let k = 0; k < n; k++) add(edge(NodeId.producer(p.id), NodeId.partition(p.topic, k), 'append'));
  });
  const owned = ownership(driver);
  const groups = new Set<string>();
  for (const inst of run.consumerInstances) {
    const group = inst.def.group;
    if (!groups.has(group)) {
      groups.add(group);
      nodes.push({ id: NodeId.group(group), kind: 'group', label: group });
    }
    nodes.push({ id: NodeId.member(inst.label), kind: 'member', label: inst.label, parent: NodeId.group(group) });
    for (const tp of owned.get(group)?.get(inst.label) ?? []) add(edge(NodeId.partition(tp.topic, tp.partition), NodeId.member(inst.label), 'fetch'));
  }
  const ids = new Set(nodes.map((n) => n.id));
  for (const e of extraEdges) if (ids.has(e.from) && ids.has(e.to)) add(e);
  return { model: 'kafka', nodes, edges: [...edges.values()] };
}

/** The figures on a Kafka run's nodes now: end offsets, committed offsets and lag per group. */
export function kafkaFigures(run: ScenarioRun): Record<string, NodeFigures> {
  const driver = driverOf(run);
  const cluster = driver.cluster;
  const out: Record<string, NodeFigures> = {};
  const groupIds = [...new Set(run.consumerInstances.map((i) => i.def.group))];
  for (const t of cluster.listTopics()) {
    let messages = 0;
    for (const p of cluster.describePartitions(t.name)) {
      const figures: Record<string, number | string> = { start: p.logStartOffset, end: p.highWatermark };
      messages += p.highWatermark - p.logStartOffset;
      for (const g of groupIds) {
        const lag = driver.partitionLagNow(g, t.name, p.partition, p.logStartOffset, p.highWatermark);
        if (lag === undefined) continue;
        const committed = cluster.committed(g, t.name, p.partition);
        figures[`committed:${g}`] = committed ?? '-';
        figures[`lag:${g}`] = lag;
      }
      out[NodeId.partition(t.name, p.partition)] = figures;
    }
    out[NodeId.topic(t.name)] = { messages };
  }
  for (const g of groupIds) {
    const group = cluster.group(g);
    out[NodeId.group(g)] = { state: group?.state ?? 'Empty', generation: group?.generation ?? 0, members: group ? [...group.members.values()].filter((m) => m.alive).length : 0, lag: driver.lagNow(g) };
  }
  const owned = ownership(driver);
  for (const inst of run.consumerInstances) {
    const parts = owned.get(inst.def.group)?.get(inst.label) ?? [];
    out[NodeId.member(inst.label)] = { state: inst.alive ? 'running' : 'stopped', partitions: parts.map((tp) => tp.partition).join(',') || '-', busy: inst.busy ? 1 : 0 };
  }
  for (const p of run.producerCounts()) out[NodeId.producer(p.id)] = { sent: p.sent };
  return out;
}
