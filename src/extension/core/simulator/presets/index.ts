/**
 * The preset scenarios, one per row of DESIGN.md's RabbitMQ/Kafka contrast table (failure has two).
 * Each runs on both models.
 */
import { brokerRestart } from './brokerRestart.js';
import { burstOverload } from './burstOverload.js';
import { consumerCrash } from './consumerCrash.js';
import { fanOutThreeServices } from './fanOutThreeServices.js';
import { lateConsumerReplay } from './lateConsumerReplay.js';
import { orderConfirmationEmail } from './orderConfirmationEmail.js';
import { orderingByKey } from './orderingByKey.js';
import type { ScenarioPreset } from './types.js';

export type { ScenarioPreset } from './types.js';

/** Every preset, in the order the simulator panel lists them. */
export const PRESETS: readonly ScenarioPreset[] = [
  orderConfirmationEmail,
  consumerCrash,
  lateConsumerReplay,
  fanOutThreeServices,
  orderingByKey,
  burstOverload,
  brokerRestart,
];

/** The preset with this id, or undefined. */
export function presetById(id: string): ScenarioPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}
