/**
 * The same scenario on both models, side by side, moved through simulated time together: what the
 * compare panel shows. Each model has its own run (own clock, engine and random sources, all seeded
 * from the scenario), so stepping one never changes the other.
 */
import type { Scenario } from '../scenario/types.js';
import { ScenarioRun, type Injection, type RunOptions } from './scenarioRun.js';
import type { RunSummary } from './summary.js';

/** Summaries of both runs. */
export interface ComparisonSummary {
  readonly rabbitmq: RunSummary;
  readonly kafka: RunSummary;
}

/** A scenario run on RabbitMQ and on Kafka in lockstep. */
export class ComparisonRun {
  readonly rabbitmq: ScenarioRun;
  readonly kafka: ScenarioRun;

  constructor(readonly scenario: Scenario, options: Omit<RunOptions, 'model'> = {}) {
    this.rabbitmq = new ScenarioRun(scenario, { ...options, model: 'rabbitmq' });
    this.kafka = new ScenarioRun(scenario, { ...options, model: 'kafka' });
  }

  get finished(): boolean {
    return this.rabbitmq.finished && this.kafka.finished;
  }

  /** Moves both runs to `timeMs` (each stops earlier if it ends). */
  runUntil(timeMs: number): void {
    this.rabbitmq.runUntil(timeMs);
    this.kafka.runUntil(timeMs);
  }

  /** Runs both to their end. */
  run(): ComparisonSummary {
    return { rabbitmq: this.rabbitmq.run(), kafka: this.kafka.run() };
  }

  /** Applies the same event to both now (checked first; neither changes if it is refused). */
  inject(event: Injection): void {
    // Both runs share the scenario, so the check passes or fails for both alike.
    this.rabbitmq.inject(event);
    this.kafka.inject(event);
  }

  summary(): ComparisonSummary {
    return { rabbitmq: this.rabbitmq.summary(), kafka: this.kafka.summary() };
  }
}
