/**
 * Messages of the Simulator panel: what each model holds now, and the preset scenarios run on both
 * models side by side.
 */
import * as v from 'valibot';
import { command, notification, request } from './ipc.js';

const count = v.pipe(v.number(), v.minValue(0));

const modelSummary = v.object({
  kind: v.picklist(['rabbitmq', 'kafka']),
  title: v.string(),
  destinations: count,
  messages: count,
});

const presetInfo = v.object({
  id: v.string(),
  title: v.string(),
  contrast: v.string(),
  explanation: v.string(),
});

/** The figures of one model's run of a preset. */
const outcome = v.object({
  published: count,
  delivered: count,
  redeliveries: count,
  duplicates: count,
  lost: count,
  deadLettered: count,
  leftAfterConsumption: count,
  orderViolations: count,
  /** Highest queue depth (RabbitMQ) or consumer lag (Kafka) seen at the end of a simulated second. */
  peakBacklog: count,
  latencyP50: count,
  latencyP95: count,
  latencyP99: count,
  timeMs: count,
  /** Backlog at the end of each simulated second, at most 600 points. */
  backlog: v.pipe(v.array(count), v.maxLength(600)),
});

/** What the panel shows: one summary per simulator model, and the presets it can run. */
export const SimulatorStateNotification = notification(
  'simulator/state',
  v.object({
    models: v.array(modelSummary),
    presets: v.array(presetInfo),
    updatedAt: v.number(),
  }),
);

/** The user asked for fresh figures. */
export const SimulatorRefreshCommand = command('simulator/refresh', v.object({}));

/** Runs a preset on both models and returns both outcomes. */
export const SimulatorRunPresetRequest = request(
  'simulator/runPreset',
  v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,80}$/)) }),
  v.object({ id: v.string(), rabbitmq: outcome, kafka: outcome }),
);

/** The host ran a scenario (e.g. a .scenario.json file): select it and show its outcome. */
export const SimulatorShowResultNotification = notification(
  'simulator/showResult',
  v.object({ id: v.string(), rabbitmq: outcome, kafka: outcome }),
);

/** Params of {@link SimulatorStateNotification}. */
export type SimulatorState = v.InferOutput<typeof SimulatorStateNotification.params>;
/** A preset as the panel lists it. */
export type PresetInfo = v.InferOutput<typeof presetInfo>;
/** One model's outcome of a preset. */
export type PresetOutcome = v.InferOutput<typeof outcome>;
/** Result of {@link SimulatorRunPresetRequest}. */
export type PresetComparison = v.InferOutput<typeof SimulatorRunPresetRequest.result>;
