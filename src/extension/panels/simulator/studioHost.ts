/**
 * The host side of the simulator studio: one StudioSession, what it simulates, its persistence in
 * workspace storage, and the messages to the panel. Free of `vscode` (storage, posting and logging
 * are handed in) so it is unit-tested in Node with real timers or fake ones.
 *
 * Persistence: the studio is saved after every control and every few seconds while it runs, and
 * restored when the panel opens (also after a window reload). A saved studio that is damaged, too
 * large or too long to replay is refused with one sentence (`restoreProblem`), the storage is
 * cleared, and the studio starts fresh on the first preset.
 */
import * as l10n from '@vscode/l10n';
import { BrokerError } from '../../core/model/errors.js';
import { consumerDefinitions, DEFAULT_RESTORE_LIMITS, isScenarioError, presetById, PRESETS, restoreStudio, saveStudio, StudioSession, toInjection, type BreakpointSpec, type ModelKind, type Scenario, type StudioAction, type StudioEnvironment, type StudioFrame, type StudioRestoreLimits, type StudioSource, type StudioSpeed } from '../../core/simulator/index.js';
import type { StudioFrameMessage, StudioInspection, StudioSourceMessage } from '../../protocol/simulatorPanel.js';

/** Where the studio is saved (the extension's workspace storage). */
export interface StudioStorage {
  get(): string | undefined;
  set(value: string | undefined): PromiseLike<void> | void;
}

/** A scenario the studio can load, by the id the panel lists it under. */
export interface StudioScenario {
  readonly source: StudioSource;
  readonly scenario: Scenario;
}

/** What the studio host needs. */
export interface StudioHostOptions {
  readonly storage: StudioStorage;
  /** Posts a frame; only called while `canPost()`. */
  readonly postFrame: (frame: StudioFrameMessage) => void;
  readonly postSource: (source: StudioSourceMessage) => void;
  /** False while the panel's page is hidden or reloading: frames are skipped, a full one follows on ready. */
  readonly canPost: () => boolean;
  /** Presets and scenario files by id. */
  readonly scenarioById: (id: string) => StudioScenario | undefined;
  readonly log: { info(message: string): void; warn(message: string): void };
  readonly env?: StudioEnvironment;
  readonly limits?: StudioRestoreLimits;
  /** Wall time between saves while running (default 5 s). */
  readonly saveEveryMs?: number;
}

const realEnv: StudioEnvironment = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The first preset: what a fresh studio shows. */
export function defaultStudioScenario(): StudioScenario {
  const p = PRESETS[0]!;
  return { source: { kind: 'preset', id: p.id, title: p.title }, scenario: p.scenario };
}

/** A preset as a studio scenario. */
export function presetStudioScenario(id: string): StudioScenario | undefined {
  const p = presetById(id);
  return p ? { source: { kind: 'preset', id: p.id, title: p.title }, scenario: p.scenario } : undefined;
}

/** The studio of one Simulator panel. */
export class StudioHost {
  readonly session: StudioSession;
  private source: StudioSource;
  /** Why the saved studio was refused, shown once in the panel. */
  readonly restoreProblem: string | undefined;
  private lastSave = 0;
  private readonly env: StudioEnvironment;
  /** Frames raised while the constructor restores (speed, breakpoints) are not sent or saved. */
  private started = false;

  constructor(private readonly o: StudioHostOptions) {
    this.env = o.env ?? realEnv;
    const saved = o.storage.get();
    let problem: string | undefined;
    let session: StudioSession | undefined;
    let source: StudioSource | undefined;
    if (saved !== undefined) {
      const started = this.env.now();
      const result = restoreStudio(saved, o.limits ?? DEFAULT_RESTORE_LIMITS);
      if (result.ok) {
        source = result.studio.source;
        session = new StudioSession(result.studio.scenario, { env: this.env, onFrame: (f) => this.onFrame(f) }, result.studio.runs);
        session.setSpeed(result.studio.speed);
        session.setBreakpoints(result.studio.breakpoints);
        o.log.info(`studio restored (${source.title}) at ${session.timeMs} ms in ${Math.round(this.env.now() - started)} ms`);
      } else {
        problem = result.error;
        o.log.warn(`studio: the saved simulation was refused: ${result.error}`);
        void o.storage.set(undefined);
      }
    }
    if (!session || !source) {
      const fresh = defaultStudioScenario();
      source = fresh.source;
      session = new StudioSession(fresh.scenario, { env: this.env, onFrame: (f) => this.onFrame(f) });
    }
    this.session = session;
    this.source = source;
    this.restoreProblem = problem;
    this.started = true;
  }

  /** Sends what the studio simulates and a full frame (the page is new). */
  sendAll(): void {
    this.o.postSource(this.sourceMessage());
    this.session.frame(true);
  }

  control(action: 'run' | 'pause' | 'step' | 'reset', seed?: number): void {
    switch (action) {
      case 'run':
        this.session.run();
        break;
      case 'pause':
        this.session.pause();
        break;
      case 'step':
        this.session.step();
        break;
      case 'reset':
        this.session.reset(seed);
        this.o.postSource(this.sourceMessage());
        break;
    }
    this.save();
  }

  setSpeed(speed: StudioSpeed): void {
    this.session.setSpeed(speed);
    this.save();
  }

  setBreakpoints(breakpoints: readonly BreakpointSpec[]): void {
    this.session.setBreakpoints(breakpoints);
    this.save();
  }

  /** Loads a preset or scenario file (paused at its start). */
  load(id: string): void {
    const found = this.o.scenarioById(id);
    if (!found) throw new BrokerError('notFound', l10n.t('There is no scenario "{0}" to load; pick one from the list.', id));
    this.source = found.source;
    this.session.load(found.scenario);
    this.o.postSource(this.sourceMessage());
    this.save();
  }

  /** Applies an action on both models now; returns what was done, in words for the log. */
  inject(action: StudioAction): string {
    const run = this.session.runs.find((r) => !r.finished);
    if (!run) throw new BrokerError('preconditionFailed', l10n.t('The run is over: press Reset to start it again, then inject.'));
    let injection;
    try {
      injection = toInjection(action, run);
      this.session.inject(injection);
    } catch (err) {
      if (!isScenarioError(err)) throw err;
      throw new BrokerError('invalidInput', l10n.t('The simulator refused it: {0}.', err.problems.join('; ')));
    }
    if (action.type === 'addConsumer') this.o.postSource(this.sourceMessage());
    this.save();
    const applied = injection.type === 'groupJoins' ? `groupJoins ${injection.consumer.id}` : injection.type;
    this.o.log.info(`studio: ${applied} at ${this.session.timeMs} ms`);
    return applied;
  }

  inspect(model: ModelKind, nodeId: string): StudioInspection {
    const { figures, events } = this.session.inspect(model, nodeId);
    return figures ? { figures, events } : { events };
  }

  /** Saves now (also called every few seconds while running). */
  save(): void {
    this.lastSave = this.env.now();
    try {
      void this.o.storage.set(saveStudio(this.session, this.source));
    } catch (err) {
      this.o.log.warn(`studio: could not save the simulation: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    this.save();
    this.session.dispose();
  }

  private onFrame(frame: StudioFrame): void {
    if (!this.started) return;
    if (frame.state === 'running' && this.env.now() - this.lastSave >= (this.o.saveEveryMs ?? 5000)) this.save();
    else if (frame.state !== 'running' && frame.state !== 'ready') this.save();
    if (!this.o.canPost()) return;
    this.o.postFrame(toMessage(frame));
  }

  private sourceMessage(): StudioSourceMessage {
    const run = this.session.runs[0]!;
    return {
      ...this.source,
      seed: this.session.scenario.seed,
      producers: this.session.scenario.producers.map((p) => ({ id: p.id, ratePerSec: p.ratePerSec })),
      consumers: consumerDefinitions(run).map((c) => ({ id: c.id, count: c.count ?? 1 })),
      breakpoints: [...this.session.breakpoints],
      ...(this.restoreProblem ? { restoreProblem: this.restoreProblem } : {}),
    };
  }
}

/** The frame as the protocol carries it: buckets cut to what the charts draw. */
function toMessage(frame: StudioFrame): StudioFrameMessage {
  return {
    ...frame,
    models: frame.models.map((m) => ({
      ...m,
      buckets: m.buckets.map((b) => ({
        startMs: b.startMs, endMs: b.endMs, publishRate: b.publishRate, deliveryRate: b.deliveryRate, queueDepth: b.queueDepth,
        consumerLag: b.consumerLag, latencyP50: b.latencyP50, latencyP95: b.latencyP95, latencyP99: b.latencyP99,
      })),
    })),
    events: [...frame.events],
  } as StudioFrameMessage;
}
