/**
 * The simulator studio: one scenario on both models on one timeline, run, paused, stepped and
 * broken into by breakpoints, with events injected while it runs. The Simulator panel drives one;
 * the Compare panel can drive another (it is plain TypeScript, no VS Code, no DOM).
 *
 * Timeline: the runs keep their own clocks, engines and random sources; the session always runs the
 * run whose next scheduler entry is earliest (RabbitMQ first on a tie), so both move through
 * simulated time together and "the state at 2.4 s" means the same instant on both.
 *
 * Pace: at speed s, simulated time follows the wall clock times s (0.1× to 100×); "max" runs as
 * fast as the machine allows. Work is done in slices of at most `sliceMs` of wall time between
 * yields, so the extension host stays responsive; a slice that cannot keep up lets simulated time
 * slip (it never races to catch up).
 *
 * Traffic to the panel is bounded: a frame (figures, traffic per edge, new metrics buckets, the
 * last few events) at most every `frameIntervalMs` while running, whatever the simulator's speed.
 */
import type { SimEvent } from '../runtime/simEvents.js';
import { ScenarioRun, type Injection } from '../runtime/scenarioRun.js';
import type { MetricsBucket } from '../runtime/metrics.js';
import type { ModelKind, Scenario } from '../scenario/types.js';
import { BreakpointChecker, type BreakpointHit, type BreakpointSpec } from './breakpoints.js';
import type { NodeFigures, StudioGraph } from './graph.js';
import { WatchedRun } from './watchedRun.js';

/** What the session is doing. */
export type StudioState = 'ready' | 'running' | 'paused' | 'finished';

/** Why the session is paused (or finished). */
export type PauseReason =
  | { readonly kind: 'user' }
  | { readonly kind: 'step'; readonly events: number }
  | { readonly kind: 'breakpoint'; readonly hit: BreakpointHit }
  | { readonly kind: 'finished' }
  | { readonly kind: 'error'; readonly message: string };

/** Simulated seconds per wall second, or as fast as possible. */
export type StudioSpeed = number | 'max';

/** Lowest and highest paced speed. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

/** Timers and the wall clock, injected so tests drive the session without waiting. */
export interface StudioEnvironment {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** One model's part of a frame. */
export interface ModelFrame {
  readonly model: ModelKind;
  readonly timeMs: number;
  readonly finished: boolean;
  readonly steps: number;
  readonly graphVersion: string;
  /** Present when the structure changed since the last frame (or the frame was asked for in full). */
  readonly graph?: StudioGraph;
  readonly figures: Record<string, NodeFigures>;
  /** Messages that moved along each edge since the last frame. */
  readonly flows: Record<string, number>;
  /** Metrics buckets closed since the last frame (all of them in a full frame). */
  readonly buckets: readonly MetricsBucket[];
  readonly published: number;
  readonly delivered: number;
  readonly processed: number;
}

/** What the panel receives. */
export interface StudioFrame {
  readonly state: StudioState;
  readonly speed: StudioSpeed;
  readonly reason?: PauseReason;
  readonly timeMs: number;
  readonly models: readonly ModelFrame[];
  /** The most recent events since the last frame, oldest first (at most `recentEvents`). */
  readonly events: readonly SimEvent[];
  /** Events since the last frame, including those not listed. */
  readonly eventsSinceLast: number;
  /** True when the frame carries every bucket and the graphs (after a reset, restore or reload). */
  readonly full: boolean;
}

/** Options of a session. */
export interface StudioOptions {
  readonly env: StudioEnvironment;
  readonly onFrame: (frame: StudioFrame) => void;
  /** Least wall time between frames while running (default 100 ms: at most 10 frames a second). */
  readonly frameIntervalMs?: number;
  /** Most wall time of work between two yields (default 20 ms). */
  readonly sliceMs?: number;
  /** Wall time between paced ticks (default 25 ms). */
  readonly tickMs?: number;
  /** Events listed per frame (default 30). */
  readonly recentEvents?: number;
}

/** Most scheduler entries one Step runs looking for an event (a quiet stretch of idle polls). */
const STEP_SEARCH_LIMIT = 100_000;

/** A scenario on both models on one timeline. */
export class StudioSession {
  private watched: WatchedRun[] = [];
  private stateValue: StudioState = 'ready';
  private speedValue: StudioSpeed = 1;
  private reasonValue: PauseReason | undefined;
  private readonly checker = new BreakpointChecker();
  private breakpointSpecs: readonly BreakpointSpec[] = [];
  private timer: unknown;
  private anchor = { wall: 0, sim: 0 };
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  private recent: SimEvent[] = [];
  private sinceLast = 0;
  private sentVersions = new Map<ModelKind, string>();
  private readonly frameIntervalMs: number;
  private readonly sliceMs: number;
  private readonly tickMs: number;
  private readonly recentCap: number;

  constructor(private scenarioValue: Scenario, private readonly options: StudioOptions, runs?: readonly ScenarioRun[]) {
    this.frameIntervalMs = options.frameIntervalMs ?? 100;
    this.sliceMs = options.sliceMs ?? 20;
    this.tickMs = options.tickMs ?? 25;
    this.recentCap = options.recentEvents ?? 30;
    this.attach(runs ?? StudioSession.freshRuns(scenarioValue));
    if (this.watched.every((w) => w.run.finished)) this.stateValue = 'finished';
    else if (this.watched.some((w) => w.run.scheduler.executed > 0)) this.stateValue = 'paused';
  }

  /** A new RabbitMQ run and Kafka run of `scenario`. */
  static freshRuns(scenario: Scenario): ScenarioRun[] {
    return [new ScenarioRun(scenario, { model: 'rabbitmq' }), new ScenarioRun(scenario, { model: 'kafka' })];
  }

  get scenario(): Scenario {
    return this.scenarioValue;
  }

  get state(): StudioState {
    return this.stateValue;
  }

  get speed(): StudioSpeed {
    return this.speedValue;
  }

  get reason(): PauseReason | undefined {
    return this.reasonValue;
  }

  get breakpoints(): readonly BreakpointSpec[] {
    return this.breakpointSpecs;
  }

  /** The runs, RabbitMQ first. */
  get runs(): readonly ScenarioRun[] {
    return this.watched.map((w) => w.run);
  }

  /** Simulated time of the timeline: the furthest any run has got. */
  get timeMs(): number {
    return Math.max(...this.watched.map((w) => w.timeMs));
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Runs until paused, a breakpoint or the end. */
  run(): void {
    if (this.stateValue === 'running' || this.stateValue === 'finished') return;
    this.stateValue = 'running';
    this.reasonValue = undefined;
    this.reanchor();
    this.schedule(0);
    this.frame(true);
  }

  pause(): void {
    if (this.stateValue !== 'running') return;
    this.stop({ kind: 'user' });
  }

  /** Runs scheduler entries until one emits an event (or a breakpoint fires, or the run ends). */
  step(): void {
    if (this.stateValue === 'finished') return;
    this.cancelTimer();
    let events = 0;
    let hit: BreakpointHit | undefined;
    for (let i = 0; i < STEP_SEARCH_LIMIT && events === 0 && !hit; i++) {
      const entry = this.runEntry();
      if (!entry) break;
      events += entry.events;
      hit = entry.hit;
    }
    if (this.allFinished()) this.stop({ kind: 'finished' });
    else this.stop(hit ? { kind: 'breakpoint', hit } : { kind: 'step', events });
  }

  /** Sets the pace; applies at once to a running session. */
  setSpeed(speed: StudioSpeed): void {
    if (speed !== 'max' && !(speed >= MIN_SPEED && speed <= MAX_SPEED)) throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, or max`);
    this.speedValue = speed;
    this.reanchor();
    this.frame(false);
  }

  setBreakpoints(specs: readonly BreakpointSpec[]): void {
    this.breakpointSpecs = specs;
    this.checker.set(specs, this.watched);
    const deliveries = this.checker.watchesDeliveries;
    for (const w of this.watched) w.collectDeliveries = deliveries;
  }

  /** Starts again from the beginning, with `seed` when given (the breakpoints and speed stay). */
  reset(seed?: number): void {
    this.cancelTimer();
    if (seed !== undefined) this.scenarioValue = { ...this.scenarioValue, seed };
    this.attach(StudioSession.freshRuns(this.scenarioValue));
    this.stateValue = 'ready';
    this.reasonValue = undefined;
    this.frame(true);
  }

  /** Loads another scenario (paused at its start). */
  load(scenario: Scenario, runs?: readonly ScenarioRun[]): void {
    this.cancelTimer();
    this.scenarioValue = scenario;
    this.attach(runs ?? StudioSession.freshRuns(scenario));
    this.stateValue = this.allFinished() ? 'finished' : runs ? 'paused' : 'ready';
    this.reasonValue = this.stateValue === 'finished' ? { kind: 'finished' } : undefined;
    this.frame(true);
  }

  /**
   * Applies an event now on every run that has not ended (checked first like a scenario's own
   * events: a ScenarioError lists what is wrong and nothing changes).
   */
  inject(event: Injection): void {
    const open = this.watched.filter((w) => !w.run.finished);
    if (open.length === 0) throw new Error('The run is over; reset it to inject events.');
    // Both runs share the scenario, so the check passes or fails for both alike.
    for (const w of open) {
      w.beginEntry();
      w.run.inject(event);
    }
    this.frame(false);
  }

  /** Stops the timers (the panel closed). */
  dispose(): void {
    this.cancelTimer();
    for (const w of this.watched) w.run.ctx.observer = undefined;
  }

  // ---- reading --------------------------------------------------------------------------------

  /** Sends a frame now; `full` resends the graphs and every bucket (after a panel reload). */
  frame(full: boolean): void {
    this.lastFrameAt = this.options.env.now();
    const models: ModelFrame[] = this.watched.map((w) => {
      const { flows } = w.flows.take();
      // Rebuilt every frame (tens of nodes): consumers join, groups rebalance, queues appear.
      const { graph, version } = w.graph();
      const withGraph = full || this.sentVersions.get(w.model) !== version;
      this.sentVersions.set(w.model, version);
      const series = w.run.series();
      const from = full ? 0 : Math.min(w.bucketsSent, series.length);
      w.bucketsSent = series.length;
      const m = w.run.ctx.metrics;
      return {
        model: w.model, timeMs: w.timeMs, finished: w.run.finished, steps: w.run.scheduler.executed, graphVersion: version,
        ...(withGraph ? { graph } : {}), figures: w.figures(), flows, buckets: series.slice(from),
        published: m.published, delivered: m.delivered, processed: m.processed,
      };
    });
    const events = this.recent.length > this.recentCap ? this.recent.slice(this.recent.length - this.recentCap) : this.recent;
    this.recent = [];
    const frame: StudioFrame = {
      state: this.stateValue, speed: this.speedValue, ...(this.reasonValue ? { reason: this.reasonValue } : {}), timeMs: this.timeMs,
      models, events, eventsSinceLast: this.sinceLast, full,
    };
    this.sinceLast = 0;
    this.options.onFrame(frame);
  }

  /** A node's figures and its recent events (from the events the run still holds). */
  inspect(model: ModelKind, nodeId: string, limit = 50): { readonly figures: NodeFigures | undefined; readonly events: SimEvent[] } {
    const w = this.watched.find((x) => x.model === model);
    if (!w) return { figures: undefined, events: [] };
    return { figures: w.figures()[nodeId], events: w.eventsOf(nodeId, limit) };
  }

  // ---- internals ------------------------------------------------------------------------------

  private attach(runs: readonly ScenarioRun[]): void {
    for (const w of this.watched) w.run.ctx.observer = undefined;
    this.watched = runs.map((r) => new WatchedRun(r, (e) => this.noteEvent(e)));
    this.sentVersions.clear();
    this.recent = [];
    this.sinceLast = 0;
    this.setBreakpoints(this.breakpointSpecs);
  }

  private noteEvent(e: SimEvent): void {
    this.sinceLast++;
    this.recent.push(e);
    if (this.recent.length > this.recentCap * 2) this.recent.splice(0, this.recent.length - this.recentCap);
  }

  private allFinished(): boolean {
    return this.watched.every((w) => w.run.finished);
  }

  /** The watched run whose next entry comes first, or undefined when every run is over. */
  private earliest(): WatchedRun | undefined {
    let best: WatchedRun | undefined;
    let bestTime = Number.POSITIVE_INFINITY;
    for (const w of this.watched) {
      if (w.run.finished) continue;
      const t = w.run.nextTime();
      if (best === undefined || t < bestTime) {
        best = w;
        bestTime = t;
      }
    }
    return best;
  }

  /** Runs the timeline's next entry; undefined when every run is over. */
  private runEntry(): { readonly events: number; readonly hit?: BreakpointHit } | undefined {
    for (;;) {
      const w = this.earliest();
      if (!w) return undefined;
      w.beginEntry();
      // step() is false when the run ends instead (its end time passed, or it went idle).
      if (!w.run.step()) {
        if (w.entryEvents.length === 0) continue;
        return { events: w.entryEvents.length };
      }
      const hit = this.checker.check(w, w.entryEvents, w.entryDeliveries);
      return hit ? { events: w.entryEvents.length, hit } : { events: w.entryEvents.length };
    }
  }

  private reanchor(): void {
    this.anchor = { wall: this.options.env.now(), sim: this.timeMs };
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.options.env.setTimeout(() => this.tick(), ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.options.env.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private stop(reason: PauseReason): void {
    this.cancelTimer();
    this.stateValue = reason.kind === 'finished' ? 'finished' : 'paused';
    this.reasonValue = reason;
    this.frame(false);
  }

  /** One slice of a running session. */
  private tick(): void {
    this.timer = undefined;
    if (this.stateValue !== 'running') return;
    const env = this.options.env;
    const start = env.now();
    const max = this.speedValue === 'max';
    const target = max ? Number.POSITIVE_INFINITY : this.anchor.sim + (start - this.anchor.wall) * (this.speedValue as number);
    let behind = false;
    try {
      for (let n = 0; ; n++) {
        const w = this.earliest();
        if (!w || w.run.nextTime() > target) break;
        // Reading the wall clock costs; every 64 entries is often enough to keep a slice short.
        if ((n & 63) === 63 && env.now() - start > this.sliceMs) {
          behind = true;
          break;
        }
        const entry = this.runEntry();
        if (!entry) break;
        if (entry.hit) return this.stop({ kind: 'breakpoint', hit: entry.hit });
      }
    } catch (err) {
      return this.stop({ kind: 'error', message: (err as Error).message });
    }
    if (this.allFinished()) return this.stop({ kind: 'finished' });
    if (!max && !behind) for (const w of this.watched) w.run.runUntil(target);
    // Behind schedule: simulated time slips rather than racing to catch up later.
    if (behind && !max) this.reanchor();
    if (env.now() - this.lastFrameAt >= this.frameIntervalMs) this.frame(false);
    this.schedule(max ? 0 : this.tickMs);
  }
}
