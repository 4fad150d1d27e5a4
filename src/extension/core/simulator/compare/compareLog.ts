/**
 * The compare panel's record of one model's run: every event the run emits, plus what the event
 * stream does not say per message (which consumer instance got and finished which message, with its
 * key) and the backlog (queue depth or consumer lag) each time it can have changed. The outcome
 * table (contrastTable.ts) is a pure function of two such logs, so every cell follows from what
 * happened in the run and a test can recount it.
 *
 * The recorder is the run's observer: it only reads, so a recorded run gives the same event stream
 * as an unrecorded one.
 */
import type { RunObserver } from '../runtime/context.js';
import type { KafkaDriver } from '../runtime/kafkaDriver.js';
import type { RabbitDriver } from '../runtime/rabbitDriver.js';
import type { ScenarioRun } from '../runtime/scenarioRun.js';
import type { SimEvent, SimEventType } from '../runtime/simEvents.js';
import type { ModelKind } from '../scenario/types.js';

/** A message reaching or leaving a consumer instance, with what the order and replay rows need. */
export interface MessageEntry {
  readonly kind: 'delivery' | 'processed';
  readonly time: number;
  readonly messageId: number;
  /** "<consumer id>#<instance>". */
  readonly consumer: string;
  /** The queue (RabbitMQ) or consumer group (Kafka) the consumer reads through. */
  readonly subscription: string;
  /** The key's number in the run (the same key of the same producer has the same number on both models). */
  readonly keyIndex: number;
  /** The message's position among its key's messages (1, 2, ...). */
  readonly keySeq: number;
  /** RabbitMQ's redelivered flag; on Kafka, a record read again below the instance's earlier position. */
  readonly redelivered: boolean;
}

/** One entry of a model's log, in the order it happened. */
export type CompareEntry =
  | { readonly kind: 'event'; readonly time: number; readonly event: SimEvent; /** Producer index (scenario order) of a `published` event. */ readonly producer?: number }
  | MessageEntry
  | { readonly kind: 'backlog'; readonly time: number; readonly value: number };

/** A model's log. */
export interface CompareLog {
  readonly model: ModelKind;
  /**
   * The producers (scenario indexes) whose messages are meant for each subscriber: those sending to
   * the Kafka topic the subscriber's consumer reads (the scenario pairs each RabbitMQ target with a
   * topic). The late-consumer row counts a subscriber's history from these only.
   */
  readonly owed?: ReadonlyMap<string, ReadonlySet<number>>;
  readonly entries: readonly CompareEntry[];
  /** Simulated time the run reached. */
  readonly endMs: number;
}

/** Events after which the backlog can differ (the others cannot move it). */
const BACKLOG_EVENTS: ReadonlySet<SimEventType> = new Set<SimEventType>([
  'enqueued', 'acked', 'nacked', 'requeued', 'dead-lettered', 'expired', 'dropped', 'delivered',
  'appended', 'committed', 'position-reset', 'retention-deleted', 'compacted', 'member-joined', 'rebalanced', 'broker-restarted', 'offsets-expired',
]);

/** Records one run; attach it before the run moves. */
export class CompareRecorder implements RunObserver {
  readonly entries: CompareEntry[] = [];
  private lastBacklog = 0;
  /** An event that can move the backlog happened in the current scheduler entry. */
  private dirty = false;
  private readonly subscriptionOf = new Map<string, string>();

  constructor(private readonly run: ScenarioRun) {
    run.ctx.observer = this;
  }

  /** The log so far. */
  log(): CompareLog {
    return { model: this.run.model, entries: this.entries, endMs: this.run.timeMs, owed: owedProducers(this.run) };
  }

  /** Stops recording (the run is over or abandoned). */
  detach(): void {
    if (this.run.ctx.observer === this) this.run.ctx.observer = undefined;
  }

  onEvent(event: SimEvent): void {
    if (event.type === 'published' && event.messageId >= 0) {
      const ctx = this.run.ctx;
      const producer = ctx.keys.describe(ctx.messages.keyIndex(event.messageId))?.producer;
      this.entries.push(producer === undefined ? { kind: 'event', time: event.time, event } : { kind: 'event', time: event.time, event, producer });
    } else this.entries.push({ kind: 'event', time: event.time, event });
    if (BACKLOG_EVENTS.has(event.type)) this.dirty = true;
  }

  /**
   * Call after every scheduler entry: the backlog is read once the entry's changes are complete
   * (an engine emits some events before it updates its tables).
   */
  afterStep(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.sampleBacklog(this.run.timeMs);
  }

  /** Runs the recorded run up to `timeMs`, sampling the backlog after every entry (see {@link afterStep}). */
  runUntil(timeMs: number): void {
    const run = this.run;
    while (!run.finished && run.nextTime() <= timeMs && run.step()) this.afterStep();
    this.afterStep();
    run.runUntil(timeMs);
    this.afterStep();
  }

  onDelivery(id: number, consumer: string, redelivered: boolean): void {
    this.entries.push(this.message('delivery', id, consumer, redelivered));
  }

  onProcessed(id: number, consumer: string): void {
    this.entries.push(this.message('processed', id, consumer, false));
  }

  private message(kind: 'delivery' | 'processed', id: number, consumer: string, redelivered: boolean): MessageEntry {
    const messages = this.run.ctx.messages;
    return {
      kind, time: this.run.timeMs, messageId: id, consumer, subscription: this.subscription(consumer),
      keyIndex: messages.keyIndex(id), keySeq: messages.keySeq(id), redelivered,
    };
  }

  private subscription(consumer: string): string {
    let name = this.subscriptionOf.get(consumer);
    if (name === undefined) {
      name = this.run.consumerInstances.find((i) => i.label === consumer)?.sub.name ?? consumer;
      this.subscriptionOf.set(consumer, name);
    }
    return name;
  }

  private sampleBacklog(time: number): void {
    // The read-only variants: sampling must not change the run.
    const value = this.run.model === 'rabbitmq' ? (this.run.driver as RabbitDriver).depthNow() : (this.run.driver as KafkaDriver).lagNow();
    if (value === this.lastBacklog) return;
    this.lastBacklog = value;
    this.entries.push({ kind: 'backlog', time, value });
  }
}

/** See {@link CompareLog.owed}: subscriber name (as the runtime names it) → producer indexes. */
export function owedProducers(run: ScenarioRun): Map<string, Set<number>> {
  const scenario = run.scenario;
  const defs = [...scenario.consumers, ...(scenario.events ?? []).flatMap((e) => (e.type === 'groupJoins' ? [e.consumer] : []))];
  for (const c of run.commands) if (c.command.type === 'inject' && c.command.event.type === 'groupJoins') defs.push(c.command.event.consumer);
  const streams = new Set(scenario.topology.rabbitmq.queues.filter((q) => q.type === 'stream').map((q) => q.name));
  const out = new Map<string, Set<number>>();
  for (const d of defs) {
    const topic = d.source.kafka.topic;
    const name = run.model === 'kafka' ? `${d.source.kafka.group} (${topic})` : streams.has(d.source.rabbitmq.queue) ? `${d.source.rabbitmq.queue} (${d.id})` : d.source.rabbitmq.queue;
    const set = out.get(name) ?? new Set<number>();
    scenario.producers.forEach((p, i) => {
      if (p.target.kafka.topic === topic) set.add(i);
    });
    out.set(name, set);
  }
  return out;
}
