/**
 * The outcome figures of a run: what a developer reads off the compare panel and what the golden
 * tests assert. Definitions live with the code that counts them (subscription.ts, the drivers).
 */
import type { ModelKind } from '../scenario/types.js';
import type { LatencySummary } from './metrics.js';

/** Figures of one subscriber (a consumed queue, or a consumer group on a topic). */
export interface SubscriptionSummary {
  readonly name: string;
  /** Consumer definitions reading through it. */
  readonly consumers: readonly string[];
  readonly delivered: number;
  readonly redeliveries: number;
  /** Successful handlings, duplicates included. */
  readonly processed: number;
  /** Distinct messages handled successfully. */
  readonly unique: number;
  readonly duplicates: number;
  readonly failures: number;
  readonly lost: number;
  readonly orderViolations: number;
}

/** Figures of a whole run. */
export interface RunSummary {
  readonly model: ModelKind;
  readonly scenario: string;
  /** Simulated time reached. */
  readonly timeMs: number;
  /** Scheduler entries run. */
  readonly steps: number;
  readonly finished: boolean;
  readonly published: number;
  readonly delivered: number;
  readonly redeliveries: number;
  readonly processed: number;
  readonly uniqueProcessed: number;
  readonly duplicates: number;
  readonly failures: number;
  /** Sum over subscribers of their losses, plus messages no queue or partition accepted. */
  readonly lost: number;
  readonly unroutable: number;
  readonly deadLettered: number;
  readonly expired: number;
  readonly dropped: number;
  /** Messages the broker still stores: Kafka keeps consumed records, RabbitMQ deletes on ack. */
  readonly leftAfterConsumption: number;
  readonly orderViolations: number;
  readonly queueDepth: number;
  readonly consumerLag: number;
  readonly latency: LatencySummary;
  /** Events emitted, and how many the bounded buffer no longer holds. */
  readonly events: { readonly emitted: number; readonly dropped: number };
  readonly subscriptions: readonly SubscriptionSummary[];
}
