/**
 * One model's run as the studio watches it: the run's observer collects what each scheduler entry
 * did (for breakpoints and stepping), the traffic per edge (for the diagram), and answers the
 * diagram's and the inspector's questions. It only reads the run.
 */
import type { RunObserver } from '../runtime/context.js';
import type { KafkaDriver } from '../runtime/kafkaDriver.js';
import type { RabbitDriver } from '../runtime/rabbitDriver.js';
import type { ScenarioRun } from '../runtime/scenarioRun.js';
import type { SimEvent } from '../runtime/simEvents.js';
import { resolveProducer } from '../scenario/defaults.js';
import type { ModelKind } from '../scenario/types.js';
import type { BreakpointProbe } from './breakpoints.js';
import { FlowTracker } from './flows.js';
import { graphVersion, NodeId, type NodeFigures, type StudioGraph } from './graph.js';
import { kafkaFigures, kafkaGraph } from './kafkaGraph.js';
import { rabbitFigures, rabbitGraph } from './rabbitGraph.js';

/** A delivery of one entry: runtime message id and consumer instance. */
export interface EntryDelivery {
  readonly id: number;
  readonly consumer: string;
}

/** A run with the studio's observer on it. */
export class WatchedRun implements RunObserver, BreakpointProbe {
  /** Events of the entry being run (reset before each entry). */
  readonly entryEvents: SimEvent[] = [];
  readonly entryDeliveries: EntryDelivery[] = [];
  /** Deliveries are collected only while a breakpoint needs them. */
  collectDeliveries = false;
  readonly flows: FlowTracker;
  /** Events since the session began, for the panel's counter. */
  eventCount = 0;
  /** Series buckets already sent to the panel. */
  bucketsSent = 0;
  private readonly headers: readonly Readonly<Record<string, string>>[];

  constructor(readonly run: ScenarioRun, private readonly onAnyEvent: (e: SimEvent) => void) {
    this.flows = new FlowTracker(run);
    this.headers = run.scenario.producers.map((p, i) => resolveProducer(p, i).headers);
    run.ctx.observer = this;
  }

  get model(): ModelKind {
    return this.run.model;
  }

  get timeMs(): number {
    return this.run.timeMs;
  }

  // ---- RunObserver ----------------------------------------------------------------------------

  onEvent(e: SimEvent): void {
    this.entryEvents.push(e);
    this.eventCount++;
    this.flows.onEvent(e);
    this.onAnyEvent(e);
  }

  onDelivery(id: number, consumer: string): void {
    if (this.collectDeliveries) this.entryDeliveries.push({ id, consumer });
  }

  /** Forgets the previous entry's events and deliveries. */
  beginEntry(): void {
    this.entryEvents.length = 0;
    this.entryDeliveries.length = 0;
  }

  // ---- BreakpointProbe ------------------------------------------------------------------------

  message(id: number): { readonly key: string; readonly headers: Readonly<Record<string, string>> } {
    const ctx = this.run.ctx;
    const k = ctx.keys.describe(ctx.messages.keyIndex(id));
    return { key: k?.key ?? '', headers: k ? this.headers[k.producer] ?? {} : {} };
  }

  depth(target: string | undefined): number {
    return this.model === 'rabbitmq' ? (this.run.driver as RabbitDriver).depthNow(target) : 0;
  }

  lag(target: string | undefined): number {
    return this.model === 'kafka' ? (this.run.driver as KafkaDriver).lagNow(target) : 0;
  }

  // ---- the diagram --------------------------------------------------------------------------

  /** The diagram's structure now and its version. */
  graph(): { readonly graph: StudioGraph; readonly version: string } {
    const used = this.flows.usedEdges();
    const graph = this.model === 'rabbitmq' ? rabbitGraph(this.run, used) : kafkaGraph(this.run, used);
    return { graph, version: graphVersion(graph) };
  }

  figures(): Record<string, NodeFigures> {
    return this.model === 'rabbitmq' ? rabbitFigures(this.run) : kafkaFigures(this.run);
  }

  /** The held events (the run keeps the most recent ones) that concern node `nodeId`, newest last. */
  eventsOf(nodeId: string, limit: number): SimEvent[] {
    const match = nodeMatcher(nodeId, (id) => this.producerOf(id));
    if (!match) return [];
    const out: SimEvent[] = [];
    const held = this.run.events();
    for (let i = held.length - 1; i >= 0 && out.length < limit; i--) if (match(held[i]!)) out.push(held[i]!);
    return out.reverse();
  }

  private producerOf(messageId: number): string | undefined {
    const ctx = this.run.ctx;
    const k = messageId > 0 ? ctx.keys.describe(ctx.messages.keyIndex(messageId)) : undefined;
    return k ? this.run.scenario.producers[k.producer]?.id : undefined;
  }
}

/** Which events concern a node, by its id (see NodeId). */
function nodeMatcher(nodeId: string, producerOf: (messageId: number) => string | undefined): ((e: SimEvent) => boolean) | undefined {
  const colon = nodeId.indexOf(':');
  const kind = nodeId.slice(0, colon);
  const name = nodeId.slice(colon + 1);
  switch (kind) {
    case 'p':
      return (e) => e.type === 'published' && (e.model === 'kafka' ? e.consumer === name : producerOf(e.messageId) === name);
    case 'x':
      return (e) => e.target === name && (e.type === 'published' || e.type === 'routed' || e.type === 'unroutable');
    case 'q':
    case 't':
      return (e) => e.target === name;
    case 'c':
    case 'm':
      return (e) => e.consumer === name;
    case 'g':
      return (e) => e.target === name || (e.type === 'fetched' && e.detail === name);
    case 'tp': {
      const slash = name.lastIndexOf('/');
      const topic = name.slice(0, slash);
      const partition = Number(name.slice(slash + 1));
      return (e) => e.target === topic && e.partition === partition;
    }
    default:
      return undefined;
  }
}

/** Node id of a queue, partition, ... for callers outside the builders. */
export { NodeId };
