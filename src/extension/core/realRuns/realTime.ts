/**
 * The real-time skeleton both broker runs share: the scenario's producers (and bursts) as timed
 * streams, consumer start times, timed events, the seeded key choice and processing times, the
 * idle check, and a cancellable sleep. A broker run supplies only the broker calls (RunDriver).
 */
import { SeededRandom } from '../simulator/random.js';
import { KeyChooser, Template } from '../simulator/runtime/payload.js';
import { resolveConsumer, resolveProducer, type ResolvedConsumer, type ResolvedProducer } from '../simulator/scenario/defaults.js';
import type { ProcessingTime, Scenario, TimedEvent } from '../simulator/scenario/types.js';
import type { MessageMark } from './observation.js';

/** One message a producer sends. */
export interface OutgoingRunMessage {
  readonly producer: ResolvedProducer;
  readonly key: string | undefined;
  readonly routingKey: string;
  readonly body: string;
  readonly mark: MessageMark;
  /** When the scenario sends it (ms from the start); the moment it really left can be a little later. */
  readonly dueMs: number;
}

/** The broker calls of one model's run. */
export interface RunDriver {
  /** Sends messages due at the same moment, in order; resolves when the broker took them. */
  publish(batch: readonly OutgoingRunMessage[]): Promise<void>;
  startConsumer(def: ResolvedConsumer): Promise<void>;
  crash(consumer: string, instance: number | undefined): Promise<void>;
  restart(consumer: string, instance: number | undefined): Promise<void>;
  /** The current backlog (queue depth + unacked, or consumer lag); undefined when it cannot be read now. */
  backlog(): Promise<number | undefined>;
  /** Deliveries taken but not finished yet. */
  readonly inFlight: number;
}

/** The run's clock: ms since the timeline started (0 before). */
export class RunClock {
  private t0 = -1;
  start(): void {
    this.t0 = Date.now();
  }
  now(): number {
    return this.t0 < 0 ? 0 : Date.now() - this.t0;
  }
}

/** Sleeps `ms`, or less when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The processing time of one message, from the run's seeded source. */
export function processingTime(p: ProcessingTime, random: SeededRandom): number {
  return typeof p === 'number' ? p : p.min + random.next() * (p.max - p.min);
}

/** Every message the scenario sends (producers and bursts), the figure the size bound applies to. */
export function scenarioMessageCount(scenario: Scenario): number {
  const bursts = (scenario.events ?? []).reduce((n, e) => n + (e.type === 'burst' ? e.count : 0), 0);
  return scenario.producers.reduce((n, p) => n + p.count, 0) + bursts;
}

/** Consumers of the scenario, including those a groupJoins event adds. */
export function allConsumers(scenario: Scenario): ResolvedConsumer[] {
  return [...scenario.consumers.map((c) => resolveConsumer(c)), ...(scenario.events ?? []).flatMap((e) => (e.type === 'groupJoins' ? [resolveConsumer(e.consumer, e.atMs)] : []))];
}

/** Events a real broker cannot be asked to do; they are skipped and named in the result. */
export function skippedEvents(scenario: Scenario): TimedEvent[] {
  return (scenario.events ?? []).filter((e) => e.type === 'brokerRestart' || e.type === 'retentionPasses');
}

/** Options of {@link runInRealTime}. */
export interface RealTimeOptions {
  readonly signal?: AbortSignal;
  /** How long the backlog must stay at 0 after the last message before an untilIdle run ends (default 1,500 ms). */
  readonly idleMs?: number;
  /** Wall-clock limit of the whole run (default 120 s). */
  readonly maxWallMs?: number;
  readonly onBacklog?: (timeMs: number, value: number) => void;
  readonly onPublished?: (timeMs: number, m: OutgoingRunMessage) => void;
  /** How often the backlog is sampled (default 250 ms). */
  readonly sampleMs?: number;
  /** Started here; the drivers read the same clock. */
  readonly clock: RunClock;
}

/** Runs the scenario's timeline against a driver, in real time; resolves at its end (or at cancel). */
export async function runInRealTime(scenario: Scenario, driver: RunDriver, options: RealTimeOptions): Promise<{ durationMs: number; timedOut: boolean }> {
  const signal = options.signal;
  options.clock.start();
  const now = (): number => options.clock.now();
  const keyRandom = new SeededRandom((scenario.seed + Math.imul(2, 0x9e3779b9)) >>> 0);
  const producers = scenario.producers.map((p, i) => resolveProducer(p, i));
  const keyNumbers = new Map<string, number>();
  const keySeqs: number[] = [];
  let nextId = 0;
  const state = producers.map((p) => ({ seq: 0, keys: new KeyChooser(p.keys, keyRandom), body: new Template(p.payload), rk: new Template(p.routingKey) }));

  const makeMessage = (pi: number, dueMs: number): OutgoingRunMessage => {
    const p = producers[pi]!;
    const s = state[pi]!;
    const seq = ++s.seq;
    const k = s.keys.next();
    const key = k < 0 ? undefined : s.keys.name(k);
    let keyIndex = -1;
    if (key !== undefined) {
      const kk = `${pi}\u0000${key}`;
      keyIndex = keyNumbers.get(kk) ?? keyNumbers.size;
      keyNumbers.set(kk, keyIndex);
    }
    const slot = keyIndex + 1;
    keySeqs[slot] = (keySeqs[slot] ?? 0) + 1;
    const time = now();
    return { producer: p, key, routingKey: s.rk.render(seq, key ?? '', p.id, time), body: s.body.render(seq, key ?? '', p.id, time), mark: { id: nextId++, keyIndex, keySeq: keySeqs[slot]! }, dueMs };
  };

  const streams: Promise<void>[] = [];
  let activeStreams = 0;
  const stream = (pi: number, startMs: number, count: number, rate: number): Promise<void> => (async () => {
    activeStreams++;
    let sent = 0;
    try {
    while (sent < count && !signal?.aborted) {
      const due = (i: number): number => startMs + Math.floor((i * 1000) / rate);
      await sleep(due(sent) - now(), signal);
      const batch: OutgoingRunMessage[] = [];
      while (sent < count && due(sent) <= now()) {
        batch.push(makeMessage(pi, due(sent)));
        sent++;
      }
      for (const m of batch) options.onPublished?.(now(), m);
      if (batch.length) await driver.publish(batch);
    }
    } finally {
      activeStreams--;
    }
  })();
  producers.forEach((p, i) => streams.push(stream(i, p.startAtMs, p.count, p.ratePerSec)));

  const timers: Promise<void>[] = [];
  const at = (ms: number, fn: () => Promise<void>): void => {
    timers.push((async () => {
      await sleep(ms - now(), signal);
      if (!signal?.aborted) await fn();
    })());
  };
  for (const c of scenario.consumers.map((c) => resolveConsumer(c))) at(c.startAtMs, () => driver.startConsumer(c));
  for (const e of scenario.events ?? []) {
    switch (e.type) {
      case 'consumerCrash': at(e.atMs, () => driver.crash(e.consumer, e.instance)); break;
      case 'consumerRestart': at(e.atMs, () => driver.restart(e.consumer, e.instance)); break;
      case 'groupJoins': at(e.atMs, () => driver.startConsumer(resolveConsumer(e.consumer, e.atMs))); break;
      case 'burst': {
        const pi = producers.findIndex((p) => p.id === e.producer);
        if (pi >= 0) at(e.atMs, () => { streams.push(stream(pi, e.atMs, e.count, e.ratePerSec)); return Promise.resolve(); });
        break;
      }
      default: break; // brokerRestart, retentionPasses: see skippedEvents
    }
  }

  const lastEventMs = Math.max(0, ...(scenario.events ?? []).map((e) => e.atMs), ...scenario.consumers.map((c) => c.startAtMs ?? 0));
  const maxWall = Math.min(options.maxWallMs ?? 120_000, scenario.durationMs ?? scenario.settings?.maxDurationMs ?? Number.POSITIVE_INFINITY);
  const idleMs = options.idleMs ?? 1500;
  const sampleMs = options.sampleMs ?? 250;
  let idleSince = -1;
  let timedOut = false;
  let timersDone = false;
  void Promise.allSettled(timers).then(() => { timersDone = true; });
  for (;;) {
    if (signal?.aborted) break;
    const t = now();
    if (scenario.durationMs !== undefined && t >= scenario.durationMs) break;
    if (t >= maxWall) { timedOut = scenario.durationMs === undefined; break; }
    const b = await driver.backlog().catch(() => undefined);
    if (b !== undefined) options.onBacklog?.(now(), b);
    // A burst's stream starts from its timer, so both must be done.
    const allSent = timersDone && activeStreams === 0;
    if (scenario.untilIdle && allSent && t >= lastEventMs && b === 0 && driver.inFlight === 0) {
      if (idleSince < 0) idleSince = t;
      if (t - idleSince >= idleMs) break;
    } else idleSince = -1;
    await sleep(sampleMs, signal);
  }
  await Promise.allSettled(streams);
  await Promise.allSettled(timers);
  return { durationMs: now(), timedOut };
}
