/**
 * Messages of the Simulator panel.
 */
import * as v from 'valibot';
import { command, notification } from './ipc.js';

const modelSummary = v.object({
  kind: v.picklist(['rabbitmq', 'kafka']),
  title: v.string(),
  destinations: v.number(),
  messages: v.number(),
});

/** What the panel shows: one summary per simulator model. */
export const SimulatorStateNotification = notification(
  'simulator/state',
  v.object({
    models: v.array(modelSummary),
    updatedAt: v.number(),
  }),
);

/** The user asked for fresh figures. */
export const SimulatorRefreshCommand = command('simulator/refresh', v.object({}));

/** Params of {@link SimulatorStateNotification}. */
export type SimulatorState = v.InferOutput<typeof SimulatorStateNotification.params>;
