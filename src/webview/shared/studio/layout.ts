/**
 * Lays out a studio diagram with dagre (@dagrejs/dagre), left to right: producers, exchanges,
 * queues, consumers (RabbitMQ); producers, partitions inside their topic, members inside their
 * group (Kafka).
 *
 * Why dagre and not elkjs: both do layered (Sugiyama) layout, which is what a message flow is.
 * elkjs is ELK compiled from Java by GWT, about 1.4 MB minified and normally run in a web worker
 * (which the panel's CSP would have to allow); dagre is about 50 kB minified with its graphlib,
 * runs synchronously in well under a frame for the diagrams here (tens of nodes, up to ~100 at 20
 * queues or 12 partitions), and supports the compound nodes the Kafka side needs (a topic holding
 * its partitions, a group holding its members). ELK routes edges orthogonally with ports, which
 * these diagrams do not need.
 */
import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type { StudioGraphMessage } from '../../../extension/protocol/simulatorPanel.js';

/** A placed node (x, y is its top-left corner). */
export interface PlacedNode {
  readonly id: string;
  readonly kind: StudioGraphMessage['nodes'][number]['kind'];
  readonly label: string;
  readonly sub?: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** A container (topic, group) drawn behind its children. */
  readonly container: boolean;
}

/** A placed edge: its polyline and its total length (dots move along it). */
export interface PlacedEdge {
  readonly id: string;
  readonly kind: StudioGraphMessage['edges'][number]['kind'];
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly length: number;
}

/** A laid-out diagram. */
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const SIZE: Record<PlacedNode['kind'], { width: number; height: number }> = {
  producer: { width: 132, height: 46 },
  exchange: { width: 140, height: 46 },
  queue: { width: 168, height: 52 },
  consumer: { width: 120, height: 40 },
  topic: { width: 0, height: 0 },
  partition: { width: 150, height: 40 },
  group: { width: 0, height: 0 },
  member: { width: 140, height: 44 },
};

const NODESEP = 12;
const CONTAINER_EDGESEP = 28;
/** Two text lines (32 px) and 4 px of air, less the padding dagre leaves above a container's first box. */
const TITLE_GROWTH = 36 - (NODESEP + CONTAINER_EDGESEP) / 2;

/** Lays out `graph`. Pure: the same graph gives the same layout. */
export function layoutGraph(graph: StudioGraphMessage): DiagramLayout {
  const containers = new Set(graph.nodes.flatMap((n) => (n.parent ? [n.parent] : [])));
  const g = new graphlib.Graph({ compound: containers.size > 0, multigraph: false });
  // dagre keeps `edgesep` between two containers stacked in a rank and (nodesep + edgesep) / 2 between
  // a container's edge and its first box; the container grows upwards by TITLE_GROWTH for its title.
  // CONTAINER_EDGESEP leaves room for that growth in both gaps (8 made stacked groups overlap).
  g.setGraph({ rankdir: 'LR', nodesep: NODESEP, ranksep: 70, edgesep: containers.size > 0 ? CONTAINER_EDGESEP : 8, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    const container = containers.has(n.id);
    g.setNode(n.id, container ? { label: n.label, paddingTop: 26, paddingLeft: 10, paddingRight: 10, paddingBottom: 10 } : { ...SIZE[n.kind] });
  }
  for (const n of graph.nodes) if (n.parent && g.hasNode(n.parent)) g.setParent(n.id, n.parent);
  for (const e of graph.edges) if (g.hasNode(e.from) && g.hasNode(e.to) && !containers.has(e.from) && !containers.has(e.to)) g.setEdge(e.from, e.to, { minlen: 1 });
  // A member with no partition yet (before the first rebalance, or stopped) has no edge in, and dagre
  // would rank its group beside the producers. A layout-only edge keeps groups right of the topics.
  const firstPartition = graph.nodes.find((n) => n.kind === 'partition');
  if (firstPartition) {
    for (const n of graph.nodes) {
      if (n.kind === 'member' && !containers.has(n.id) && (g.inEdges(n.id) ?? []).length === 0) g.setEdge(firstPartition.id, n.id, { minlen: 1, weight: 0 });
    }
  }
  dagreLayout(g);
  const nodes: PlacedNode[] = graph.nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const container = containers.has(n.id);
    // dagre reserves no room for a container's title and figures: grow it upwards so the two lines
    // fit above its first box (see CONTAINER_EDGESEP for the room this takes).
    const top = container ? TITLE_GROWTH : 0;
    return {
      id: n.id, kind: n.kind, label: n.label, ...(n.sub !== undefined ? { sub: n.sub } : {}),
      x: p.x - p.width / 2, y: p.y - p.height / 2 - top, width: p.width, height: p.height + top, container,
    };
  });
  const edges: PlacedEdge[] = [];
  for (const e of graph.edges) {
    const placed = g.edge(e.from, e.to) as { points?: { x: number; y: number }[] } | undefined;
    const points = placed?.points ?? [];
    if (points.length < 2) continue;
    let length = 0;
    for (let i = 1; i < points.length; i++) length += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
    edges.push({ id: e.id, kind: e.kind, from: e.from, to: e.to, ...(e.label ? { label: e.label } : {}), points, length });
  }
  let width = 0;
  let height = 0;
  for (const n of nodes) {
    width = Math.max(width, n.x + n.width);
    height = Math.max(height, n.y + n.height);
  }
  const minY = Math.min(0, ...nodes.map((n) => n.y));
  if (minY < 0) {
    // A container title above the top margin: shift everything down.
    const shift = -minY + 4;
    return {
      width: width + 12, height: height + shift + 12,
      nodes: nodes.map((n) => ({ ...n, y: n.y + shift })),
      edges: edges.map((e) => ({ ...e, points: e.points.map((p) => ({ x: p.x, y: p.y + shift })) })),
    };
  }
  return { width: width + 12, height: height + 12, nodes, edges };
}

/** The point at `t` (0..1) along a placed edge. */
export function pointAlong(edge: PlacedEdge, t: number): { x: number; y: number } {
  let remaining = Math.max(0, Math.min(1, t)) * edge.length;
  const pts = edge.points;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const seg = Math.hypot(b.x - a.x, b.y - a.y);
    if (remaining <= seg || i === pts.length - 1) {
      const f = seg === 0 ? 0 : Math.min(1, remaining / seg);
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    remaining -= seg;
  }
  return pts[pts.length - 1]!;
}
