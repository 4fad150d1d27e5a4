/**
 * What every part of a run shares: the clock and scheduler, the message and key tables, metrics,
 * subscriptions, the seeded random source for consumer behaviour, and the event stream.
 */
import type { VirtualClock } from '../clock.js';
import { EventBuffer } from '../eventBuffer.js';
import type { SeededRandom } from '../random.js';
import type { ResolvedSettings } from '../scenario/defaults.js';
import type { ModelKind } from '../scenario/types.js';
import { KeyRegistry, MessageTable } from './messages.js';
import { MetricsCollector } from './metrics.js';
import type { Scheduler } from './scheduler.js';
import { fnv1a, type SimEvent, type SimEventType } from './simEvents.js';
import { Subscription } from './subscription.js';

/**
 * Watches a run from outside (the simulator studio: breakpoints, the live diagram). It sees every
 * event and every delivery as it happens and must not change the run: a watched run and an
 * unwatched one give the same event stream, so a saved run replays to the same state.
 */
export interface RunObserver {
  onEvent(event: SimEvent): void;
  /** A consumer instance (`consumer`, "<id>#<instance>") received message `id` (both models, per message). */
  onDelivery(id: number, consumer: string, redelivered: boolean): void;
  /** Consumer instance `consumer` finished handling message `id` successfully (the compare panel's order and replay rows). */
  onProcessed?(id: number, consumer: string): void;
}

/** Shared state of one run. */
export class RunContext {
  readonly messages = new MessageTable();
  readonly keys = new KeyRegistry();
  readonly metrics = new MetricsCollector();
  readonly events: EventBuffer<SimEvent>;
  readonly subscriptions = new Map<string, Subscription>();
  /** Chained FNV-1a of every event's JSON when digesting is on (tests), else 0. */
  digest = 0;
  /** Set by whoever watches the run (see {@link RunObserver}); undefined costs one check per event. */
  observer: RunObserver | undefined;

  constructor(
    readonly model: ModelKind,
    readonly clock: VirtualClock,
    readonly scheduler: Scheduler,
    /** Processing times and failures; keys have their own source so both models see the same keys. */
    readonly random: SeededRandom,
    readonly keyRandom: SeededRandom,
    readonly settings: ResolvedSettings,
    eventCapacity: number,
    private readonly digesting: boolean,
  ) {
    this.events = new EventBuffer<SimEvent>(eventCapacity);
  }

  /** The subscription called `key`, created on first use. */
  subscription(key: string, name: string): Subscription {
    let s = this.subscriptions.get(key);
    if (!s) {
      s = new Subscription(name, this.model);
      this.subscriptions.set(key, s);
    }
    return s;
  }

  /** Adds an event to the stream. */
  emit(type: SimEventType, messageId: number, target: string, partition: number, offset: number, count: number, consumer: string, detail: string): void {
    const e: SimEvent = {
      seq: this.events.pushed, time: this.clock.now(), model: this.model, type, messageId, target, partition, offset, count, consumer, detail,
    };
    this.events.push(e);
    this.observer?.onEvent(e);
    if (this.digesting) this.digest = fnv1a(JSON.stringify(e), this.digest);
  }
}
