/**
 * The studio's diagram as data: nodes and edges of one model's topology (structure, sent when it
 * changes) and the figures on them (sent with every frame). The webview lays it out and draws it;
 * nothing here knows about pixels.
 *
 * RabbitMQ: producers → exchanges → (bindings) → queues → consumer instances, plus dead-letter edges
 * from a queue to its dead-letter exchange. Kafka: producers → topic partitions → group members,
 * partitions inside their topic and members inside their group (compound nodes).
 */
import type { ModelKind } from '../scenario/types.js';

/** Kinds of node. `topic` and `group` are containers (other nodes name them as `parent`). */
export type GraphNodeKind = 'producer' | 'exchange' | 'queue' | 'consumer' | 'topic' | 'partition' | 'group' | 'member';

/** One box of the diagram. */
export interface GraphNode {
  /** Unique within the graph: a kind prefix and the broker's name, e.g. "q:payments". */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly label: string;
  /** A second line: exchange type, queue type, partition count, ... */
  readonly sub?: string;
  /** The container node (a topic for partitions, a group for members). */
  readonly parent?: string;
}

/** Kinds of edge: what moves along it. */
export type GraphEdgeKind = 'publish' | 'route' | 'deliver' | 'deadLetter' | 'append' | 'fetch';

/** One arrow. */
export interface GraphEdge {
  /** "<from>-><to>". */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** A binding's routing key, ... */
  readonly label?: string;
}

/** The structure of one model's diagram. */
export interface StudioGraph {
  readonly model: ModelKind;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Figures of one node: counts by name, and a state word where it has one. */
export interface NodeFigures {
  readonly [name: string]: number | string;
}

/** Builds an edge. */
export function edge(from: string, to: string, kind: GraphEdgeKind, label?: string): GraphEdge {
  return label === undefined || label === '' ? { id: `${from}->${to}`, from, to, kind } : { id: `${from}->${to}`, from, to, kind, label };
}

/** A short fingerprint of a graph's structure: the panel lays out again only when it changes. */
export function graphVersion(graph: StudioGraph): string {
  let h = 0x811c9dc5;
  const mix = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const n of graph.nodes) mix(`${n.id}|${n.label}|${n.sub ?? ''}|${n.parent ?? ''};`);
  for (const e of graph.edges) mix(`${e.id}|${e.label ?? ''};`);
  return `${graph.model}-${graph.nodes.length}-${graph.edges.length}-${h.toString(36)}`;
}

/** Node ids by kind, so both builders and the flow tracker agree on them. */
export const NodeId = {
  producer: (id: string): string => `p:${id}`,
  exchange: (name: string): string => `x:${name}`,
  queue: (name: string): string => `q:${name}`,
  consumer: (label: string): string => `c:${label}`,
  topic: (name: string): string => `t:${name}`,
  partition: (topic: string, partition: number): string => `tp:${topic}/${partition}`,
  group: (id: string): string => `g:${id}`,
  member: (label: string): string => `m:${label}`,
} as const;
