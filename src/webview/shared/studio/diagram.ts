/**
 * The studio's live diagram: the laid-out topology in SVG (crisp, clickable, themed by VS Code's CSS
 * variables) and the moving messages on a canvas above it. Traffic arrives as message counts per
 * edge per frame; each becomes up to PER_EDGE dots spread over the frame's interval, with at most
 * MAX_DOTS on screen, so drawing costs the same at 1× and at a million events a second.
 *
 * Raises `select-node` (detail: node id). `frameStats()` reports frame times for the benchmark.
 */
import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import type { StudioGraphMessage } from '../../../extension/protocol/simulatorPanel.js';
import { layoutGraph, pointAlong, type DiagramLayout, type PlacedEdge, type PlacedNode } from './layout.js';
import { figureLine, nodeTitle } from './figures.js';

/** Dots one edge gets per frame at most. */
const PER_EDGE = 24;
/** Dots on screen at most. */
export const MAX_DOTS = 2000;
/** How long a dot takes along an edge. */
const TRAVEL_MS = 700;
/** Smallest zoom a diagram is shrunk to so it fits the panel's width; below it, the diagram scrolls. */
const MIN_FIT_SCALE = 0.6;

interface Dot {
  readonly edge: PlacedEdge;
  readonly start: number;
  readonly dead: boolean;
}

/** The diagram element. */
export class StudioDiagram extends LitElement {
  static override properties = {
    graph: { attribute: false },
    figures: { attribute: false },
    selected: { attribute: false },
  };
  declare graph: StudioGraphMessage | undefined;
  declare figures: Readonly<Record<string, Readonly<Record<string, number | string>>>>;
  declare selected: string | undefined;

  private layoutFor: StudioGraphMessage | undefined;
  private placed: DiagramLayout | undefined;
  private edgesById = new Map<string, PlacedEdge>();
  private dots: Dot[] = [];
  private frame = 0;
  private readonly frameTimes: number[] = [];
  private readonly drawTimes: number[] = [];
  private lastFrameAt = 0;
  private dotColor = '';
  private deadColor = '';
  private active = new Map<string, number>();
  /** Zoom that fits the diagram into the scroller's width (1 when it fits as it is). */
  private scale = 1;
  /** The layout the zoom was last fitted to: fitting reads the scroller's width (a forced layout), so it
   * runs when the layout or the panel's size changes, not on every frame's update. */
  private fittedFor: DiagramLayout | undefined;
  private readonly resize = new ResizeObserver(() => this.fit());

  static override styles = css`
    :host { display: block; position: relative; }
    .scroller { position: relative; overflow: auto; max-height: 62vh; border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); border-radius: 4px; background: var(--vscode-editor-background); }
    .stage { position: relative; }
    svg { display: block; }
    canvas { position: absolute; left: 0; top: 0; pointer-events: none; }
    .node rect.box { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-contrastBorder, var(--vscode-widget-border, #888)); stroke-width: 1; }
    .node.producer rect.box { stroke: var(--vscode-charts-green, #388a34); }
    .node.exchange rect.box { stroke: var(--vscode-charts-purple, #652d90); }
    .node.queue rect.box, .node.partition rect.box { stroke: var(--vscode-charts-blue, #1a85ff); }
    .node.consumer rect.box, .node.member rect.box { stroke: var(--vscode-charts-orange, #d18616); }
    .node.stopped rect.box { stroke-dasharray: 4 3; opacity: 0.7; }
    .node.selected rect.box { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
    .node:focus { outline: none; }
    .node:focus-visible rect.box { stroke: var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); stroke-width: 2.5; }
    .node { cursor: pointer; }
    .container rect { fill: none; stroke: var(--vscode-contrastBorder, var(--vscode-descriptionForeground)); stroke-dasharray: 3 3; stroke-width: 1; }
    .container.selected rect { stroke: var(--vscode-focusBorder); stroke-dasharray: none; stroke-width: 2; }
    text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: 12px; }
    text.sub, text.figures { fill: var(--vscode-descriptionForeground); font-size: 11px; }
    text.title { font-weight: 600; }
    .bar { fill: var(--vscode-charts-blue, #1a85ff); opacity: 0.35; }
    path.edge { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.2; opacity: 0.65; }
    path.edge.deadLetter { stroke: var(--vscode-charts-red, #e51400); stroke-dasharray: 5 3; opacity: 0.9; }
    path.edge.active { stroke: var(--vscode-charts-yellow, #bf8803); opacity: 1; stroke-width: 2; }
    marker path { fill: var(--vscode-descriptionForeground); }
    text.edge-label { fill: var(--vscode-descriptionForeground); font-size: 10px; }
    .empty { padding: 24px; color: var(--vscode-descriptionForeground); }
  `;

  constructor() {
    super();
    this.figures = {};
  }

  /** Messages moved per edge since the last frame, spread over `intervalMs`. */
  pushFlows(flows: Readonly<Record<string, number>>, intervalMs: number): void {
    const now = performance.now();
    for (const [id, n] of Object.entries(flows)) {
      const e = this.edgesById.get(id);
      if (!e || n <= 0) continue;
      this.active.set(id, now + 1200);
      const k = Math.min(n, PER_EDGE);
      for (let i = 0; i < k && this.dots.length < MAX_DOTS; i++) this.dots.push({ edge: e, start: now + (i * intervalMs) / k, dead: e.kind === 'deadLetter' });
    }
    if (this.dots.length > 0) this.ensureLoop();
    this.requestUpdate();
  }

  /** Dots now on screen. */
  get dotCount(): number {
    return this.dots.length;
  }

  /** Frame intervals and draw times (ms) since the last call, for the benchmark. */
  frameStats(): { intervals: number[]; draws: number[]; dots: number } {
    const out = { intervals: [...this.frameTimes], draws: [...this.drawTimes], dots: this.dots.length };
    this.frameTimes.length = 0;
    this.drawTimes.length = 0;
    return out;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('graph') && this.graph !== this.layoutFor) {
      this.layoutFor = this.graph;
      this.placed = this.graph ? layoutGraph(collapseIdle(this.graph)) : undefined;
      this.edgesById = new Map((this.placed?.edges ?? []).map((e) => [e.id, e]));
      // Dots on edges that are gone would fly through empty space.
      this.dots = this.dots.filter((d) => this.edgesById.get(d.edge.id) === d.edge);
    }
  }

  /**
   * Shrinks a diagram a little wider than the panel (down to MIN_FIT_SCALE) instead of cutting its
   * right-hand column off behind a scrollbar; a much wider one keeps MIN_FIT_SCALE and scrolls.
   */
  private fit(): void {
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    if (!scroller || !this.placed) return;
    // The offset width less room for a vertical scrollbar: measuring clientWidth would change as the
    // zoom makes that scrollbar come and go, and the zoom would flip back and forth.
    const room = scroller.offsetWidth - 16;
    const next = room > 0 ? Math.max(MIN_FIT_SCALE, Math.min(1, room / this.placed.width)) : 1;
    if (Math.abs(next - this.scale) > 0.005) {
      this.scale = next;
      this.requestUpdate();
    }
  }

  protected override updated(): void {
    if (this.placed !== this.fittedFor) {
      this.fittedFor = this.placed;
      this.fit();
    }
    // Sized through the CSSOM: a style attribute (a binding, or styleMap's first render) is refused
    // by the webview's Content-Security-Policy.
    const stage = this.renderRoot.querySelector<HTMLElement>('.stage');
    if (!this.placed) return;
    const width = this.placed.width * this.scale;
    const height = this.placed.height * this.scale;
    if (stage) {
      stage.style.width = `${width}px`;
      stage.style.height = `${height}px`;
    }
    const canvas = this.renderRoot.querySelector('canvas');
    if (canvas) {
      // The drawing maps layout units by canvas.width / placed.width, so the zoom carries over.
      const ratio = window.devicePixelRatio || 1;
      const w = Math.ceil(width * ratio);
      const h = Math.ceil(height * ratio);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
        canvas.style.width = `${width}px`;
        canvas.style.height = `${height}px`;
      }
    }
  }

  private ensureLoop(): void {
    if (this.frame !== 0) return;
    this.lastFrameAt = performance.now();
    this.frame = requestAnimationFrame((t) => this.draw(t));
  }

  private readColors(): void {
    const style = getComputedStyle(this);
    this.dotColor = style.getPropertyValue('--vscode-charts-yellow').trim() || style.getPropertyValue('--vscode-focusBorder').trim() || '#d7ba7d';
    this.deadColor = style.getPropertyValue('--vscode-charts-red').trim() || '#e51400';
  }

  private draw(time: number): void {
    const started = performance.now();
    this.frameTimes.push(time - this.lastFrameAt);
    if (this.frameTimes.length > 600) this.frameTimes.shift();
    this.lastFrameAt = time;
    const canvas = this.renderRoot.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) {
      this.frame = 0;
      return;
    }
    if (!this.dotColor) this.readColors();
    const ratio = canvas.width / Math.max(1, this.placed?.width ?? 1);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const now = performance.now();
    const live: Dot[] = [];
    for (const pass of [false, true]) {
      ctx.beginPath();
      for (const d of this.dots) {
        if (d.dead !== pass) continue;
        const t = (now - d.start) / TRAVEL_MS;
        if (t > 1) continue;
        live.push(d);
        if (t < 0) continue;
        const p = pointAlong(d.edge, t);
        ctx.moveTo(p.x + 3.5, p.y);
        ctx.arc(p.x, p.y, 3.5, 0, Math.PI * 2);
      }
      ctx.fillStyle = pass ? this.deadColor : this.dotColor;
      ctx.fill();
    }
    this.dots = live;
    this.drawTimes.push(performance.now() - started);
    if (this.drawTimes.length > 600) this.drawTimes.shift();
    this.frame = this.dots.length > 0 ? requestAnimationFrame((t) => this.draw(t)) : 0;
    if (this.frame === 0) ctx.clearRect(0, 0, canvas.width, canvas.height);
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('select-node', { detail: id }));
  }

  private onKey(e: KeyboardEvent, id: string): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.select(id);
    }
  }

  private renderNode(n: PlacedNode): TemplateResult {
    const figures = this.figures[n.id];
    const selected = this.selected === n.id;
    const title = nodeTitle(n.kind, n.label);
    if (n.container) {
      return svg`<g class="container ${n.kind} ${selected ? 'selected' : ''}" data-node=${n.id} @click=${() => this.select(n.id)}>
        <rect x=${n.x} y=${n.y} width=${n.width} height=${n.height} rx="6"></rect>
        <text class="title" x=${n.x + 8} y=${n.y + 15}>${clip(title, n.width)}</text>
        ${figures ? svg`<text class="figures" x=${n.x + 8} y=${n.y + 29}>${clip(figureLine(n.kind, figures), n.width)}</text>` : nothing}
      </g>`;
    }
    const line = figures ? figureLine(n.kind, figures) : '';
    const stopped = figures?.['state'] === 'stopped';
    const ready = typeof figures?.['ready'] === 'number' ? (figures['ready'] as number) : 0;
    const bar = n.kind === 'queue' && ready > 0 ? Math.min(1, Math.log10(ready + 1) / 4) : 0;
    return svg`<g class="node ${n.kind} ${stopped ? 'stopped' : ''} ${selected ? 'selected' : ''}" data-node=${n.id} tabindex="0" role="button"
        aria-label=${`${title}${line ? `: ${line}` : ''}`} @click=${() => this.select(n.id)} @keydown=${(e: KeyboardEvent) => this.onKey(e, n.id)}>
      <rect class="box" x=${n.x} y=${n.y} width=${n.width} height=${n.height} rx="4"></rect>
      ${bar > 0 ? svg`<rect class="bar" x=${n.x + 1} y=${n.y + n.height - 5} width=${(n.width - 2) * bar} height="4"></rect>` : nothing}
      <text class="title" x=${n.x + 8} y=${n.y + 16}>${clip(title, n.width)}</text>
      ${line ? svg`<text class="figures" x=${n.x + 8} y=${n.y + 32}>${clip(line, n.width)}</text>` : n.sub ? svg`<text class="sub" x=${n.x + 8} y=${n.y + 32}>${clip(n.sub, n.width)}</text>` : nothing}
    </g>`;
  }

  private renderEdge(e: PlacedEdge, now: number): TemplateResult {
    const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const active = (this.active.get(e.id) ?? 0) > now;
    // Near the queue end: many bindings fan out of one exchange, and their labels would pile up at the middle.
    const mid = pointAlong(e, 0.82);
    return svg`<g data-edge=${e.id}>
      <path class="edge ${e.kind} ${active ? 'active' : ''}" d=${d} marker-end="url(#arrow)"></path>
      ${e.label && e.kind === 'route' ? svg`<text class="edge-label" x=${mid.x} y=${mid.y - 4} text-anchor="end">${clip(e.label, 120)}</text>` : nothing}
    </g>`;
  }

  override render(): TemplateResult {
    const p = this.placed;
    if (!p || p.nodes.length === 0) return html`<div class="scroller"><p class="empty">${l10n.t('Nothing to draw yet: the scenario has no topology.')}</p></div>`;
    const now = performance.now();
    const containers = p.nodes.filter((n) => n.container);
    const boxes = p.nodes.filter((n) => !n.container);
    return html`<div class="scroller">
      <div class="stage">
        <svg width=${p.width * this.scale} height=${p.height * this.scale} viewBox=${`0 0 ${p.width} ${p.height}`} role="group" aria-label=${l10n.t('Topology diagram')}>
          <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>
          ${containers.map((n) => this.renderNode(n))}
          ${p.edges.map((e) => this.renderEdge(e, now))}
          ${boxes.map((n) => this.renderNode(n))}
        </svg>
        <canvas aria-hidden="true"></canvas>
      </div>
    </div>`;
  }
}

/** Most members without partitions a group shows one by one; more are drawn as one box. */
const IDLE_SHOWN = 2;

/**
 * A group with more members than partitions has idle members; drawn one by one they push the
 * partitions apart. Beyond IDLE_SHOWN they become one box ("8 idle members") whose id names the group.
 */
export function collapseIdle(graph: StudioGraphMessage): StudioGraphMessage {
  const fed = new Set(graph.edges.filter((e) => e.kind === 'fetch').map((e) => e.to));
  const idle = new Map<string, StudioGraphMessage['nodes'][number][]>();
  for (const n of graph.nodes) {
    if (n.kind === 'member' && n.parent && !fed.has(n.id)) idle.set(n.parent, [...(idle.get(n.parent) ?? []), n]);
  }
  const drop = new Set<string>();
  const extra: StudioGraphMessage['nodes'][number][] = [];
  for (const [group, members] of idle) {
    if (members.length <= IDLE_SHOWN) continue;
    for (const m of members) drop.add(m.id);
    extra.push({ id: `idle:${group}`, kind: 'member', label: l10n.t('{0} idle members', members.length), sub: members.map((m) => m.label).join(', '), parent: group });
  }
  if (drop.size === 0) return graph;
  return { ...graph, nodes: [...graph.nodes.filter((n) => !drop.has(n.id)), ...extra], edges: graph.edges.filter((e) => !drop.has(e.from) && !drop.has(e.to)) };
}

/** Shortens text to fit about `width` pixels of 12px type. */
function clip(text: string, width: number): string {
  const max = Math.max(4, Math.floor((width - 14) / 6.6));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

customElements.define('brokerlens-diagram', StudioDiagram);
