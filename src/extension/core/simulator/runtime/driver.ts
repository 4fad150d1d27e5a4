/**
 * The seam between the runtime and a model engine. The runtime schedules producers, consumers and
 * timed events the same way for both models; a driver turns them into engine calls and turns
 * engine events back into the run's event stream and per-message bookkeeping.
 */
import type { ResolvedConsumer, ResolvedProducer } from '../scenario/defaults.js';
import type { ModelKind } from '../scenario/types.js';
import type { ConsumerInstance } from './consumerInstance.js';
import type { Subscription } from './subscription.js';

/** Backlog at one instant. */
export interface Backlog {
  /** RabbitMQ: ready + unacked messages in queues that consumers read. */
  readonly queueDepth: number;
  /** Kafka: sum of high watermark - committed offset over the consumer groups' partitions. */
  readonly consumerLag: number;
}

/** Message counts a driver reports at the end (or any point) of a run. */
export interface DriverTotals {
  /** Published but accepted nowhere: unroutable (RabbitMQ), failed produce (Kafka). */
  readonly unroutable: number;
  readonly deadLettered: number;
  readonly expired: number;
  readonly dropped: number;
  /** Messages still stored by the broker (every queue; every topic's retained records). */
  readonly leftAfterConsumption: number;
}

/** One model behind the runtime. */
export interface ModelDriver {
  readonly model: ModelKind;
  /** Declares the topology. */
  setup(): void;
  /** Sends one message of a producer; `key` is '' for none. */
  publish(producer: ResolvedProducer, id: number, key: string, routingKey: string, body: Uint8Array): void;
  /** The subscription a consumer definition reads through. */
  subscriptionFor(def: ResolvedConsumer): Subscription;
  /** A new (not started) consumer process. */
  createInstance(def: ResolvedConsumer, index: number): ConsumerInstance;
  /** The broker restarts; the running processes (`instances`) reconnect. */
  brokerRestart(instances: readonly ConsumerInstance[]): void;
  /** Moves the clock to `targetMs` without running scheduled work, firing broker timers on the way. */
  skipTime(targetMs: number): void;
  backlog(): Backlog;
  totals(): DriverTotals;
  /** Messages owed to `sub` that it will never complete (see the driver for the model's rule). */
  lostFor(sub: Subscription): number;
  /** True when the broker side has nothing left to do (used by "until idle" runs). */
  quiescent(): boolean;
}
