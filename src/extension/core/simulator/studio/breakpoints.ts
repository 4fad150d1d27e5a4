/**
 * Breakpoints of the simulator studio: conditions on a run's events and backlog that pause it. They
 * are plain data (the panel sends them, persistence saves them) and are checked after every
 * scheduler entry, so a run pauses right after the entry that made the condition true, with every
 * event of that entry visible. Checking only reads the run: a run with breakpoints and one without
 * produce the same event stream.
 */
import type { ModelKind } from '../scenario/types.js';
import type { SimEvent } from '../runtime/simEvents.js';

/** A condition that pauses the run. `target` narrows it to one queue / consumer group when set. */
export type BreakpointSpec =
  | { readonly id: string; readonly enabled: boolean; readonly kind: 'deadLettered'; readonly target?: string }
  | { readonly id: string; readonly enabled: boolean; readonly kind: 'rebalance'; readonly target?: string }
  | {
      readonly id: string;
      readonly enabled: boolean;
      readonly kind: 'delivered';
      /** The message key must equal this (when set). */
      readonly key?: string;
      /** The message must carry this header with this value (when set). */
      readonly header?: { readonly name: string; readonly value: string };
    }
  /** RabbitMQ queue depth (ready + unacked) rises above `above`. */
  | { readonly id: string; readonly enabled: boolean; readonly kind: 'depth'; readonly above: number; readonly target?: string }
  /** Kafka consumer lag rises above `above`. */
  | { readonly id: string; readonly enabled: boolean; readonly kind: 'lag'; readonly above: number; readonly target?: string };

/** Why a breakpoint fired: what the panel shows as the paused reason. */
export type BreakpointHit =
  | { readonly kind: 'deadLettered'; readonly breakpointId: string; readonly model: ModelKind; readonly timeMs: number; readonly queue: string; readonly messageId: number; readonly reason: string }
  | { readonly kind: 'rebalance'; readonly breakpointId: string; readonly model: ModelKind; readonly timeMs: number; readonly group: string; readonly generation: number; readonly assignment: string }
  | {
      readonly kind: 'delivered';
      readonly breakpointId: string;
      readonly model: ModelKind;
      readonly timeMs: number;
      readonly messageId: number;
      readonly key: string;
      readonly consumer: string;
      readonly header?: { readonly name: string; readonly value: string };
    }
  | { readonly kind: 'depth' | 'lag'; readonly breakpointId: string; readonly model: ModelKind; readonly timeMs: number; readonly value: number; readonly above: number; readonly target?: string };

/** What a breakpoint check may read from a run. */
export interface BreakpointProbe {
  readonly model: ModelKind;
  readonly timeMs: number;
  /** Key ('' for none) and headers of a runtime message id. */
  message(id: number): { readonly key: string; readonly headers: Readonly<Record<string, string>> };
  /** RabbitMQ: ready + unacked of one consumed queue, or of all of them (target undefined). */
  depth(target: string | undefined): number;
  /** Kafka: lag of one consumer group, or of all of them (target undefined). */
  lag(target: string | undefined): number;
}

/** Event types that can change a RabbitMQ queue's depth or a Kafka group's lag. */
const DEPTH_EVENTS = new Set(['enqueued', 'acked', 'nacked', 'requeued', 'dead-lettered', 'expired', 'dropped', 'broker-restarted', 'time-skipped']);
const LAG_EVENTS = new Set(['appended', 'committed', 'retention-deleted', 'position-reset', 'rebalanced', 'time-skipped']);

/**
 * Checks breakpoints against what one scheduler entry did. Threshold breakpoints fire when the value
 * goes from at most N to above N (a crossing), not on every entry while it stays above, so a run
 * resumed after a depth breakpoint goes on until the depth falls back and rises again.
 */
export class BreakpointChecker {
  private specs: readonly BreakpointSpec[] = [];
  /** Last value seen per threshold breakpoint and model ("id\0model"). */
  private readonly last = new Map<string, number>();

  /** Replaces the breakpoints; thresholds start from the current values (`probes`), so a value already above N does not fire at once. */
  set(specs: readonly BreakpointSpec[], probes: readonly BreakpointProbe[]): void {
    this.specs = specs.filter((s) => s.enabled);
    this.last.clear();
    for (const spec of this.specs) {
      if (spec.kind !== 'depth' && spec.kind !== 'lag') continue;
      for (const p of probes) if (applies(spec, p.model)) this.last.set(`${spec.id}\u0000${p.model}`, value(spec, p));
    }
  }

  get active(): readonly BreakpointSpec[] {
    return this.specs;
  }

  /** True when a delivery could fire a breakpoint (the caller then reports deliveries). */
  get watchesDeliveries(): boolean {
    return this.specs.some((s) => s.kind === 'delivered');
  }

  /**
   * The first breakpoint the entry's `events` and `deliveries` (runtime ids with the consumer) fire,
   * or undefined. Thresholds are read only when the entry had an event that can move them.
   */
  check(probe: BreakpointProbe, events: readonly SimEvent[], deliveries: readonly { readonly id: number; readonly consumer: string }[]): BreakpointHit | undefined {
    if (this.specs.length === 0) return undefined;
    let depthMoved = false;
    let lagMoved = false;
    for (const e of events) {
      if (DEPTH_EVENTS.has(e.type)) depthMoved = true;
      if (LAG_EVENTS.has(e.type)) lagMoved = true;
    }
    for (const spec of this.specs) {
      if (!applies(spec, probe.model)) continue;
      const hit = this.checkOne(spec, probe, events, deliveries, depthMoved, lagMoved);
      if (hit) return hit;
    }
    return undefined;
  }

  private checkOne(spec: BreakpointSpec, probe: BreakpointProbe, events: readonly SimEvent[], deliveries: readonly { readonly id: number; readonly consumer: string }[],
    depthMoved: boolean, lagMoved: boolean): BreakpointHit | undefined {
    const base = { breakpointId: spec.id, model: probe.model, timeMs: probe.timeMs };
    switch (spec.kind) {
      case 'deadLettered': {
        const e = events.find((x) => x.type === 'dead-lettered' && (spec.target === undefined || x.target === spec.target));
        return e ? { ...base, kind: 'deadLettered', queue: e.target, messageId: e.messageId, reason: e.detail } : undefined;
      }
      case 'rebalance': {
        const e = events.find((x) => x.type === 'rebalanced' && (spec.target === undefined || x.target === spec.target));
        return e ? { ...base, kind: 'rebalance', group: e.target, generation: e.count, assignment: e.detail } : undefined;
      }
      case 'delivered': {
        for (const d of deliveries) {
          const m = probe.message(d.id);
          if (spec.key !== undefined && m.key !== spec.key) continue;
          if (spec.header !== undefined && m.headers[spec.header.name] !== spec.header.value) continue;
          return { ...base, kind: 'delivered', messageId: d.id, key: m.key, consumer: d.consumer, ...(spec.header ? { header: spec.header } : {}) };
        }
        return undefined;
      }
      case 'depth':
      case 'lag': {
        if (spec.kind === 'depth' ? !depthMoved : !lagMoved) return undefined;
        const slot = `${spec.id}\u0000${probe.model}`;
        const before = this.last.get(slot) ?? 0;
        const now = value(spec, probe);
        this.last.set(slot, now);
        if (before <= spec.above && now > spec.above) {
          return { ...base, kind: spec.kind, value: now, above: spec.above, ...(spec.target !== undefined ? { target: spec.target } : {}) };
        }
        return undefined;
      }
    }
  }
}

/** Whether a breakpoint can fire on a model: depth and dead-lettering are RabbitMQ's, lag and rebalances Kafka's. */
function applies(spec: BreakpointSpec, model: ModelKind): boolean {
  switch (spec.kind) {
    case 'deadLettered':
    case 'depth':
      return model === 'rabbitmq';
    case 'rebalance':
    case 'lag':
      return model === 'kafka';
    case 'delivered':
      return true;
  }
}

function value(spec: Extract<BreakpointSpec, { kind: 'depth' | 'lag' }>, probe: BreakpointProbe): number {
  return spec.kind === 'depth' ? probe.depth(spec.target) : probe.lag(spec.target);
}
