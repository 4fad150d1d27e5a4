/**
 * The RabbitMQ model's diagram: producers → exchanges → queues (by binding) → consumer instances,
 * and queue → dead-letter exchange. Read from the engine without running its timers (see
 * BrokerInspector.peekQueues), so drawing a run never changes it.
 */
import type { ScenarioRun } from '../runtime/scenarioRun.js';
import type { RabbitDriver } from '../runtime/rabbitDriver.js';
import { resolveProducer } from '../scenario/defaults.js';
import { edge, NodeId, type GraphEdge, type GraphNode, type NodeFigures, type StudioGraph } from './graph.js';

/** The engine-facing side of a RabbitMQ run. */
function driverOf(run: ScenarioRun): RabbitDriver {
  if (run.driver.model !== 'rabbitmq') throw new Error('not a RabbitMQ run');
  return run.driver as RabbitDriver;
}

/** The diagram of a RabbitMQ run now; `extraEdges` are edges traffic used that the topology does not show (default-exchange routes). */
export function rabbitGraph(run: ScenarioRun, extraEdges: readonly GraphEdge[] = []): StudioGraph {
  const inspect = driverOf(run).broker.inspect;
  const nodes: GraphNode[] = [];
  const edges = new Map<string, GraphEdge>();
  const add = (e: GraphEdge): void => {
    if (!edges.has(e.id)) edges.set(e.id, e);
  };
  const producers = run.scenario.producers.map((p, i) => resolveProducer(p, i));
  const exchanges = inspect.peekExchanges();
  const used = new Set(producers.map((p) => p.exchange));
  const queues = inspect.peekQueues();
  for (const q of queues) {
    const dlx = q.arguments['x-dead-letter-exchange'];
    if (typeof dlx === 'string') used.add(dlx);
  }
  const shown = new Set<string>();
  for (const x of exchanges) {
    // Built-in exchanges (the default one, amq.*) only when something publishes or dead-letters to them.
    const builtIn = x.name === '' || x.name.startsWith('amq.');
    if (builtIn && !used.has(x.name)) continue;
    shown.add(x.name);
    nodes.push({ id: NodeId.exchange(x.name), kind: 'exchange', label: x.name, sub: x.type });
  }
  for (const p of producers) {
    nodes.push({ id: NodeId.producer(p.id), kind: 'producer', label: p.id, ...(p.routingKey ? { sub: p.routingKey } : {}) });
    if (shown.has(p.exchange)) add(edge(NodeId.producer(p.id), NodeId.exchange(p.exchange), 'publish'));
  }
  const queueNames = new Set<string>();
  for (const q of queues) {
    queueNames.add(q.name);
    nodes.push({ id: NodeId.queue(q.name), kind: 'queue', label: q.name, sub: q.type });
    const dlx = q.arguments['x-dead-letter-exchange'];
    if (typeof dlx === 'string' && shown.has(dlx)) add(edge(NodeId.queue(q.name), NodeId.exchange(dlx), 'deadLetter'));
  }
  for (const b of inspect.peekBindings()) {
    if (b.source === '' || b.destinationType !== 'queue' || !shown.has(b.source)) continue;
    add(edge(NodeId.exchange(b.source), NodeId.queue(b.destination), 'route', b.routingKey));
  }
  // The default exchange routes by queue name: draw the routes producers' constant keys name.
  if (shown.has('')) {
    for (const p of producers) {
      if (p.exchange === '' && queueNames.has(p.routingKey)) add(edge(NodeId.exchange(''), NodeId.queue(p.routingKey), 'route', p.routingKey));
    }
  }
  for (const inst of run.consumerInstances) {
    nodes.push({ id: NodeId.consumer(inst.label), kind: 'consumer', label: inst.label });
    if (queueNames.has(inst.def.queue)) add(edge(NodeId.queue(inst.def.queue), NodeId.consumer(inst.label), 'deliver'));
  }
  const ids = new Set(nodes.map((n) => n.id));
  for (const e of extraEdges) if (ids.has(e.from) && ids.has(e.to)) add(e);
  return { model: 'rabbitmq', nodes, edges: [...edges.values()] };
}

/** The figures on a RabbitMQ run's nodes now. */
export function rabbitFigures(run: ScenarioRun): Record<string, NodeFigures> {
  const out: Record<string, NodeFigures> = {};
  for (const q of driverOf(run).broker.inspect.peekQueues()) {
    out[NodeId.queue(q.name)] = q.type === 'stream' ? { messages: q.messages, consumers: q.consumers } : { ready: q.messages, unacked: q.unacked, consumers: q.consumers };
  }
  for (const p of run.producerCounts()) out[NodeId.producer(p.id)] = { sent: p.sent };
  for (const inst of run.consumerInstances) out[NodeId.consumer(inst.label)] = { state: inst.alive ? 'running' : 'stopped', busy: inst.busy ? 1 : 0 };
  return out;
}
