/**
 * ScenarioRun: one scenario on one model, driven by the discrete-event scheduler on a VirtualClock.
 * It declares the topology, schedules producers, consumer processes and timed events, and exposes
 * step() (one scheduler entry), runUntil(time), run() (to the end), runAsync()/pause() for a host
 * that must stay responsive, the bounded event stream, metrics and the summary.
 *
 * Everything is deterministic: no wall clock, no Math.random, and ties broken by scheduling order,
 * so the same scenario and seed give the same event stream byte for byte. Things done to a run from
 * outside (a crash injected from the panel, a message published by hand) are recorded as commands
 * with the step and time they happened at; persistence.ts saves a run as scenario + commands +
 * position and restores it by replaying them.
 */
import { VirtualClock } from '../clock.js';
import { SeededRandom } from '../random.js';
import { resolveConsumer, resolveProducer, resolveSettings, type ResolvedConsumer } from '../scenario/defaults.js';
import type { ModelKind, Scenario, TimedEvent } from '../scenario/types.js';
import { parseScenario, ScenarioError } from '../scenario/validate.js';
import type { ConsumerInstance } from './consumerInstance.js';
import { RunContext } from './context.js';
import type { ModelDriver } from './driver.js';
import { KafkaDriver } from './kafkaDriver.js';
import { summarizeLatency, type MetricsBucket } from './metrics.js';
import { ProducerState, ProducerStream, RecordedStream } from './producers.js';
import { RabbitDriver } from './rabbitDriver.js';
import { Scheduler, type SchedulerTask } from './scheduler.js';
import type { SimEvent } from './simEvents.js';
import type { RunSummary, SubscriptionSummary } from './summary.js';

/** Options of a run. */
export interface RunOptions {
  readonly model: ModelKind;
  /** Events the stream keeps (older ones are counted, not kept). Default 10,000. */
  readonly eventCapacity?: number;
  /** Keep a running FNV-1a digest of every event (tests; costs a JSON.stringify per event). */
  readonly digest?: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A timed event without its time: what a command applies now. */
export type Injection = DistributiveOmit<TimedEvent, 'atMs'>;

/** Something done to a run from outside, recorded for persistence. */
export type RunCommand =
  | { readonly type: 'inject'; readonly event: Injection }
  | { readonly type: 'publish'; readonly producer: string; readonly key: string; readonly body: Uint8Array };

/** A command with the position it was applied at. */
export interface RecordedCommand {
  readonly step: number;
  readonly timeMs: number;
  readonly command: RunCommand;
}

/** Derives independent seeds for the run's random sources from the scenario seed. */
function subSeed(seed: number, k: number): number {
  return (seed + Math.imul(k, 0x9e3779b9)) >>> 0;
}

/** One run of a scenario on one model. */
export class ScenarioRun {
  readonly clock = new VirtualClock(0);
  readonly scheduler = new Scheduler(this.clock);
  readonly ctx: RunContext;
  readonly driver: ModelDriver;
  readonly commands: RecordedCommand[] = [];
  private readonly producers = new Map<string, ProducerState>();
  private readonly instances: ConsumerInstance[] = [];
  private readonly byConsumer = new Map<string, ConsumerInstance[]>();
  private readonly endMs: number;
  private done = false;
  private paused = false;

  constructor(readonly scenario: Scenario, readonly options: RunOptions) {
    const settings = resolveSettings(scenario);
    this.ctx = new RunContext(options.model, this.clock, this.scheduler, new SeededRandom(subSeed(scenario.seed, 1)),
      new SeededRandom(subSeed(scenario.seed, 2)), settings, options.eventCapacity ?? 10_000, options.digest ?? false);
    this.driver = options.model === 'rabbitmq' ? new RabbitDriver(this.ctx, scenario) : new KafkaDriver(this.ctx, scenario, subSeed(scenario.seed, 3));
    this.endMs = scenario.durationMs ?? settings.maxDurationMs;
    try {
      this.driver.setup();
    } catch (err) {
      // The engine refused the topology (a topic config Kafka does not know, say): a scenario problem.
      throw new ScenarioError([`topology.${options.model}: ${(err as Error).message}`]);
    }
    scenario.producers.forEach((p, i) => {
      const def = resolveProducer(p, i);
      const state = new ProducerState(def, this.ctx, this.driver);
      this.producers.set(def.id, state);
      if (!p.recording) {
        new ProducerStream(state, this.ctx, def.startAtMs, def.count, def.ratePerSec).begin();
        return;
      }
      // The editor loads the recording into the scenario before a run; a run never reads the disk.
      if (!p.recording.messages) throw new ScenarioError([`producers[${i}].recording: recording "${p.recording.name}" was not loaded; run the scenario file from the editor`]);
      const speed = p.recording.timing === 'scaled' ? p.recording.speed ?? 1 : 1;
      new RecordedStream(state, this.ctx, def.startAtMs, p.recording.messages, def.count, speed).begin();
    });
    for (const c of scenario.consumers) this.addConsumer(resolveConsumer(c));
    (scenario.events ?? []).forEach((e, i) => this.scheduler.schedule(e.atMs, this.eventTask, i));
    this.scheduler.schedule(1000, this.metricsTick, 0, true);
  }

  get model(): ModelKind {
    return this.options.model;
  }

  /** True once the run reached its end (durationMs, or idle for an untilIdle scenario). */
  get finished(): boolean {
    return this.done;
  }

  /** Simulated time now. */
  get timeMs(): number {
    return this.clock.now();
  }

  /** The consumer processes in creation order, for watchers (the studio's diagram); do not drive them. */
  get consumerInstances(): readonly ConsumerInstance[] {
    return this.instances;
  }

  /** Each producer definition with the messages it has sent so far. */
  producerCounts(): { readonly id: string; readonly index: number; readonly sent: number }[] {
    return [...this.producers.values()].map((p) => ({ id: p.def.id, index: p.def.index, sent: p.seq }));
  }

  /** The time of the run's next scheduler entry (Infinity when none), for merging runs on one timeline. */
  nextTime(): number {
    return this.done ? Number.POSITIVE_INFINITY : this.scheduler.peekTime();
  }

  // ---- driving --------------------------------------------------------------------------------

  /** Runs one scheduler entry; false when the run is over. */
  step(): boolean {
    if (this.done) return false;
    const next = this.scheduler.peekTime();
    const idle = this.scenario.untilIdle === true && this.scheduler.pendingWork === 0 && this.driver.quiescent();
    if (next > this.endMs || idle || !Number.isFinite(next)) {
      this.finish();
      return false;
    }
    return this.scheduler.step();
  }

  /** Runs every entry due up to `timeMs`, then moves the clock there (if the run is not over). */
  runUntil(timeMs: number): void {
    while (!this.done && this.scheduler.peekTime() <= timeMs && this.step());
    if (!this.done && timeMs > this.clock.now()) this.clock.advanceTo(Math.min(timeMs, this.endMs));
  }

  /** Runs to the end and returns the summary. */
  run(): RunSummary {
    while (this.step());
    return this.summary();
  }

  /**
   * Runs to the end in slices of `sliceSteps` entries, awaiting `yieldControl` between slices (the
   * host passes something like setImmediate); pause() stops it after the current slice.
   */
  async runAsync(yieldControl: () => Promise<void>, sliceSteps = 50_000): Promise<RunSummary> {
    this.paused = false;
    while (!this.paused && !this.done) {
      for (let i = 0; i < sliceSteps && this.step(); i++);
      await yieldControl();
    }
    return this.summary();
  }

  /** Stops runAsync after its current slice. */
  pause(): void {
    this.paused = true;
  }

  /**
   * Applies an event now, as if the scenario had it at this time (recorded for persistence). It is
   * checked like a scenario's own events first: a ScenarioError lists what is wrong with it.
   */
  inject(event: Injection): void {
    const injected = this.commands.flatMap((c) => (c.command.type === 'inject' ? [{ ...c.command.event, atMs: 0 }] : []));
    const check = parseScenario({ ...this.scenario, events: [...(this.scenario.events ?? []), ...injected, { ...event, atMs: 0 }] });
    if (!check.ok) throw new ScenarioError(check.problems);
    this.record({ type: 'inject', event });
  }

  /** Publishes one message now through producer `producer`'s target (recorded for persistence). */
  publish(producer: string, body: Uint8Array, key = ''): void {
    if (!this.producers.has(producer)) throw new ScenarioError([`producer: no producer "${producer}" in this scenario`]);
    this.record({ type: 'publish', producer, key, body });
  }

  private record(command: RunCommand): void {
    if (this.done) throw new Error('The run is over; start it again to change it.');
    this.commands.push({ step: this.scheduler.executed, timeMs: this.clock.now(), command });
    this.apply(command);
  }

  /** Applies a command without checking or recording it: for replay (persistence.ts) only. */
  apply(command: RunCommand): void {
    if (command.type === 'publish') this.producers.get(command.producer)?.sendRaw(command.body, command.key);
    else this.applyEvent(command.event);
  }

  /** Ends the run: the clock moves to durationMs (a timed run) and the last bucket closes. */
  finish(): void {
    if (this.done) return;
    if (this.scenario.durationMs !== undefined && this.clock.now() < this.endMs) this.clock.advanceTo(this.endMs);
    this.closeBucket();
    this.done = true;
  }

  // ---- reading --------------------------------------------------------------------------------

  /** The held events, oldest first. */
  events(): SimEvent[] {
    return this.ctx.events.toArray();
  }

  /** Removes and returns the held events (a panel's incremental read). */
  drainEvents(): SimEvent[] {
    return this.ctx.events.drain();
  }

  /** Closed metrics buckets. */
  series(): readonly MetricsBucket[] {
    return this.ctx.metrics.series();
  }

  summary(): RunSummary {
    const m = this.ctx.metrics;
    const totals = this.driver.totals();
    const backlog = this.driver.backlog();
    const subs: SubscriptionSummary[] = [];
    let lost = totals.unroutable;
    let unique = 0;
    let order = 0;
    for (const s of this.ctx.subscriptions.values()) {
      const subLost = this.driver.lostFor(s);
      lost += subLost;
      unique += s.unique;
      order += s.orderViolations;
      subs.push({
        name: s.name, consumers: [...s.consumers], delivered: s.delivered, redeliveries: s.redeliveries, processed: s.processed, unique: s.unique,
        duplicates: s.duplicates, failures: s.failures, lost: subLost, orderViolations: s.orderViolations,
      });
    }
    return {
      model: this.model, scenario: this.scenario.name, timeMs: this.clock.now(), steps: this.scheduler.executed, finished: this.done,
      published: m.published, delivered: m.delivered, redeliveries: m.redeliveries, processed: m.processed, uniqueProcessed: unique,
      duplicates: m.duplicates, failures: m.failures, lost, unroutable: totals.unroutable, deadLettered: totals.deadLettered,
      expired: totals.expired, dropped: totals.dropped, leftAfterConsumption: totals.leftAfterConsumption, orderViolations: order,
      queueDepth: backlog.queueDepth, consumerLag: backlog.consumerLag, latency: summarizeLatency(m.latency),
      events: { emitted: this.ctx.events.pushed, dropped: this.ctx.events.dropped }, subscriptions: subs,
    };
  }

  /** Random-source states and counters that a faithful replay must reproduce. */
  fingerprint(): Record<string, number> {
    const m = this.ctx.metrics;
    return {
      steps: this.scheduler.executed, timeMs: this.clock.now(), random: this.ctx.random.snapshot(), keyRandom: this.ctx.keyRandom.snapshot(),
      published: m.published, delivered: m.delivered, processed: m.processed, events: this.ctx.events.pushed, messages: this.ctx.messages.count,
    };
  }

  // ---- internals ------------------------------------------------------------------------------

  private addConsumer(def: ResolvedConsumer): void {
    const list: ConsumerInstance[] = [];
    for (let i = 0; i < def.count; i++) {
      const inst = this.driver.createInstance(def, i);
      list.push(inst);
      this.instances.push(inst);
      this.scheduler.schedule(def.startAtMs, this.startTask, this.instances.length - 1);
    }
    this.byConsumer.set(def.id, list);
  }

  private readonly startTask: SchedulerTask = { run: (i) => this.instances[i]?.start() };
  private readonly eventTask: SchedulerTask = { run: (i) => this.applyEvent(this.scenario.events![i]!) };
  private readonly metricsTick: SchedulerTask = {
    run: () => {
      this.closeBucket();
      this.scheduler.schedule(this.clock.now() + 1000, this.metricsTick, 0, true);
    },
  };

  private closeBucket(): void {
    const b = this.driver.backlog();
    this.ctx.metrics.closeBucket(this.clock.now(), b.queueDepth, b.consumerLag);
  }

  private targets(consumer: string, instance: number | undefined): ConsumerInstance[] {
    const list = this.byConsumer.get(consumer) ?? [];
    return instance === undefined ? list : list.filter((i) => i.index === instance);
  }

  private applyEvent(e: Injection): void {
    const now = this.clock.now();
    switch (e.type) {
      case 'consumerCrash':
        for (const inst of this.targets(e.consumer, e.instance)) inst.crash('crash event');
        break;
      case 'consumerRestart':
        for (const inst of this.targets(e.consumer, e.instance)) inst.start();
        break;
      case 'brokerRestart':
        this.driver.brokerRestart(this.instances.filter((i) => i.alive));
        break;
      case 'groupJoins':
        if (this.byConsumer.has(e.consumer.id)) throw new ScenarioError([`consumer.id: duplicate "${e.consumer.id}"`]);
        this.addConsumer(resolveConsumer(e.consumer, now));
        break;
      case 'retentionPasses': {
        this.closeBucket();
        this.scheduler.shiftAll(e.advanceMs);
        this.ctx.emit('time-skipped', -1, '', -1, -1, e.advanceMs, '', `${e.advanceMs} ms pass`);
        this.driver.skipTime(now + e.advanceMs);
        this.ctx.metrics.restartBucketAt(this.clock.now());
        break;
      }
      case 'burst': {
        const state = this.producers.get(e.producer);
        if (!state) throw new ScenarioError([`producer: no producer "${e.producer}" in this scenario`]);
        this.ctx.emit('burst-started', -1, state.def.id, -1, -1, e.count, state.def.id, `${e.ratePerSec}/s`);
        new ProducerStream(state, this.ctx, now, e.count, e.ratePerSec).begin();
        break;
      }
    }
  }
}
