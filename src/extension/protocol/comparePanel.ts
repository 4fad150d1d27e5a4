/**
 * Messages of the Compare panel: one workload run on both models, the outcome table (one row per
 * line of the RabbitMQ/Kafka contrast, each cell figures counted from the run's log), the backlog of
 * both models on one timeline, and the scene (both diagrams and the latest events) at a moment.
 */
import * as v from 'valibot';
import { command, notification, request } from './ipc.js';
import { studioEventSchema, studioGraphSchema } from './simulatorPanel.js';

const count = v.pipe(v.number(), v.minValue(0));
const name = v.pipe(v.string(), v.maxLength(255));
const text = v.pipe(v.string(), v.maxLength(2000));
const modelKind = v.picklist(['rabbitmq', 'kafka']);
const rowId = v.picklist(['afterConsumption', 'delivery', 'orderPerKey', 'crash', 'restart', 'replay', 'backlog', 'routing']);

const moment = v.object({ model: modelKind, timeMs: count, index: count });
const cell = v.object({
  figures: v.record(v.pipe(v.string(), v.maxLength(40)), v.number()),
  shown: v.boolean(),
  moment: v.optional(moment),
});
const row = v.object({ id: rowId, rabbitmq: cell, kafka: cell, moment: v.optional(moment), differs: v.boolean() });

/** A workload the panel can compare: a preset, or a scenario file the host opened. */
const source = v.object({
  kind: v.picklist(['preset', 'file']),
  id: name,
  title: text,
  /** Two sentences: what to look for. */
  lookFor: text,
  /** The file's URI (kind 'file'), so a reloaded window can read it again. */
  uri: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

/** The comparison's figures. */
const result = v.object({
  endMs: count,
  rows: v.pipe(v.array(row), v.maxLength(8)),
  timeline: v.object({
    stepMs: v.pipe(v.number(), v.minValue(1)),
    rabbitmq: v.pipe(v.array(count), v.maxLength(1000)),
    kafka: v.pipe(v.array(count), v.maxLength(1000)),
  }),
});

/** What the panel shows. */
export const CompareStateNotification = notification(
  'compare/state',
  v.object({
    presets: v.pipe(v.array(v.object({ id: name, title: text, lookFor: text })), v.maxLength(100)),
    source: v.optional(source),
    status: v.picklist(['idle', 'running', 'done', 'error']),
    error: v.optional(text),
    result: v.optional(result),
  }),
);

const sceneModel = v.object({
  model: modelKind,
  timeMs: count,
  graph: studioGraphSchema,
  figures: v.record(v.string(), v.record(v.string(), v.union([v.number(), v.string()]))),
});

/** Both models at one moment of the run, and the events up to it. */
export const CompareSceneNotification = notification(
  'compare/scene',
  v.object({
    timeMs: count,
    row: v.optional(rowId),
    models: v.pipe(v.array(sceneModel), v.maxLength(2)),
    events: v.pipe(v.array(studioEventSchema), v.maxLength(200)),
  }),
);

/** Compares a preset (by id). */
export const CompareLoadRequest = request('compare/load', v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,80}$/)) }), v.object({}));

/** Moves the timeline to a moment (a row's, or any time). */
export const CompareSeekRequest = request('compare/seek', v.object({ timeMs: v.pipe(count, v.maxValue(1e10)), row: v.optional(rowId) }), v.object({}));

/** Writes the workload being compared to a .scenario.json file the user picks. */
export const CompareSaveScenarioCommand = command('compare/saveScenario', v.object({}));

/** Opens the workload being compared in the Simulator panel's studio. */
export const CompareOpenInSimulatorCommand = command('compare/openInSimulator', v.object({}));

/** Runs the workload being compared on a real RabbitMQ and Kafka (the host asks which connections). */
export const CompareRunOnRealBrokersCommand = command('compare/runOnRealBrokers', v.object({}));

const realCell = v.object({ predicted: cell, observed: cell, differing: v.pipe(v.array(v.pipe(v.string(), v.maxLength(40))), v.maxLength(10)) });

/** A run of the workload on real brokers: its progress, then the simulator's prediction beside what each broker did. */
export const CompareRealRunNotification = notification(
  'compare/realRun',
  v.object({
    status: v.picklist(['running', 'done', 'error', 'cancelled']),
    /** The connections' display names. */
    connections: v.object({ rabbitmq: v.optional(name), kafka: v.optional(name) }),
    runId: v.optional(v.pipe(v.string(), v.maxLength(40))),
    progress: v.optional(text),
    error: v.optional(text),
    rows: v.optional(v.pipe(v.array(v.object({ id: rowId, rabbitmq: v.optional(realCell), kafka: v.optional(realCell) })), v.maxLength(8))),
    throughput: v.optional(v.pipe(v.array(v.object({ model: modelKind, messages: count, publishPerSec: count, consumePerSec: count })), v.maxLength(2))),
    /** Sentences: events a real broker is not asked to do, a run cut at its time limit. */
    notes: v.optional(v.pipe(v.array(text), v.maxLength(20))),
  }),
);

/** Params of {@link CompareRealRunNotification}. */
export type CompareRealRun = v.InferOutput<typeof CompareRealRunNotification.params>;

/** Params of {@link CompareStateNotification}. */
export type CompareState = v.InferOutput<typeof CompareStateNotification.params>;
/** A compared workload. */
export type CompareSource = v.InferOutput<typeof source>;
/** The comparison's figures. */
export type CompareResult = v.InferOutput<typeof result>;
/** One row of the outcome table. */
export type CompareRow = v.InferOutput<typeof row>;
/** One model's side of a row. */
export type CompareCell = v.InferOutput<typeof cell>;
/** Params of {@link CompareSceneNotification}. */
export type CompareScene = v.InferOutput<typeof CompareSceneNotification.params>;
/** The row ids. */
export type CompareRowId = v.InferOutput<typeof rowId>;
