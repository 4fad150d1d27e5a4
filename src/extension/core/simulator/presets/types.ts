/**
 * A preset: a scenario that makes one row of DESIGN.md's RabbitMQ/Kafka contrast table visible,
 * with the paragraph a developer reads before running it on both models.
 */
import type { Scenario } from '../scenario/types.js';

/** One preset scenario. */
export interface ScenarioPreset {
  /** Stable id, also the file name. */
  readonly id: string;
  readonly title: string;
  /** The row of the contrast table it shows. */
  readonly contrast: 'model' | 'after delivery' | 'fan-out' | 'ordering' | 'load' | 'failure';
  /** What happens and what to look at, on each model. */
  readonly explanation: string;
  readonly scenario: Scenario;
}
