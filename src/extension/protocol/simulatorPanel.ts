/**
 * Messages of the Simulator panel: what each model holds now, the preset scenarios run on both
 * models side by side, and the studio (a live diagram of one scenario on both models, driven by
 * run / pause / step, speed, breakpoints and injected events, with charts).
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
  /** Highest queue depth (RabbitMQ) or consumer lag (Kafka) seen at the end of a simulated second: the highest point of `backlog`. */
  peakBacklog: count,
  latencyP50: count,
  latencyP95: count,
  latencyP99: count,
  timeMs: count,
  /**
   * Backlog at the end of simulated seconds, at most 600 points: when a run is longer, each point is
   * the highest of the seconds it stands for, so the chart's peak is the table's.
   */
  backlog: v.pipe(v.array(count), v.maxLength(600)),
  /** Simulated seconds each point of `backlog` stands for. */
  backlogStepSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/** What the panel shows: one summary per simulator model, and the presets it can run. */
export const SimulatorStateNotification = notification(
  'simulator/state',
  v.object({
    models: v.array(modelSummary),
    presets: v.array(presetInfo),
    updatedAt: v.number(),
    /** Outcomes the host holds (preset runs and scenario files), newest last, so a reloaded panel shows them again. */
    results: v.optional(v.pipe(v.array(v.object({ id: v.string(), rabbitmq: outcome, kafka: outcome })), v.maxLength(50))),
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

/** Opens the Compare panel on a preset (the panel's Compare button). */
export const SimulatorComparePresetCommand = command('simulator/comparePreset', v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,80}$/)) }));

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

// ---- the studio ---------------------------------------------------------------------------------

const modelKind = v.picklist(['rabbitmq', 'kafka']);
const shortText = v.pipe(v.string(), v.maxLength(500));
const name = v.pipe(v.string(), v.maxLength(255));
const int = v.pipe(v.number(), v.integer());

/** A breakpoint (see core/simulator/studio/breakpoints.ts). */
const breakpoint = v.variant('kind', [
  v.object({ id: name, enabled: v.boolean(), kind: v.literal('deadLettered'), target: v.optional(name) }),
  v.object({ id: name, enabled: v.boolean(), kind: v.literal('rebalance'), target: v.optional(name) }),
  v.object({ id: name, enabled: v.boolean(), kind: v.literal('delivered'), key: v.optional(name), header: v.optional(v.object({ name, value: name })) }),
  v.object({ id: name, enabled: v.boolean(), kind: v.picklist(['depth', 'lag']), above: v.pipe(int, v.minValue(0), v.maxValue(1_000_000_000)), target: v.optional(name) }),
]);

const hitBase = { breakpointId: name, model: modelKind, timeMs: count };
const breakpointHit = v.variant('kind', [
  v.object({ ...hitBase, kind: v.literal('deadLettered'), queue: name, messageId: int, reason: shortText }),
  v.object({ ...hitBase, kind: v.literal('rebalance'), group: name, generation: int, assignment: v.pipe(v.string(), v.maxLength(5000)) }),
  v.object({ ...hitBase, kind: v.literal('delivered'), messageId: int, key: name, consumer: name, header: v.optional(v.object({ name, value: name })) }),
  v.object({ ...hitBase, kind: v.picklist(['depth', 'lag']), value: count, above: count, target: v.optional(name) }),
]);

const pauseReason = v.variant('kind', [
  v.object({ kind: v.literal('user') }),
  v.object({ kind: v.literal('step'), events: count }),
  v.object({ kind: v.literal('breakpoint'), hit: breakpointHit }),
  v.object({ kind: v.literal('finished') }),
  v.object({ kind: v.literal('error'), message: shortText }),
]);

const speed = v.union([v.literal('max'), v.pipe(v.number(), v.minValue(0.1), v.maxValue(100))]);

const simEvent = v.object({
  seq: count, time: count, model: modelKind, type: v.pipe(v.string(), v.maxLength(40)), messageId: int, target: name, partition: int, offset: int,
  count: int, consumer: name, detail: v.pipe(v.string(), v.maxLength(5000)),
});

const graphNode = v.object({
  id: v.pipe(v.string(), v.maxLength(600)),
  kind: v.picklist(['producer', 'exchange', 'queue', 'consumer', 'topic', 'partition', 'group', 'member']),
  label: name,
  sub: v.optional(name),
  parent: v.optional(v.pipe(v.string(), v.maxLength(600))),
});
const graphEdge = v.object({
  id: v.pipe(v.string(), v.maxLength(1300)),
  from: v.pipe(v.string(), v.maxLength(600)),
  to: v.pipe(v.string(), v.maxLength(600)),
  kind: v.picklist(['publish', 'route', 'deliver', 'deadLetter', 'append', 'fetch']),
  label: v.optional(name),
});
const graph = v.object({ model: modelKind, nodes: v.pipe(v.array(graphNode), v.maxLength(2000)), edges: v.pipe(v.array(graphEdge), v.maxLength(10_000)) });
const figures = v.record(v.string(), v.record(v.string(), v.union([v.number(), v.string()])));

/** One closed simulated second (a subset of the runtime's MetricsBucket: what the charts draw). */
const bucket = v.object({
  startMs: count, endMs: count, publishRate: count, deliveryRate: count, queueDepth: count, consumerLag: count,
  latencyP50: count, latencyP95: count, latencyP99: count,
});

const modelFrame = v.object({
  model: modelKind,
  timeMs: count,
  finished: v.boolean(),
  steps: count,
  graphVersion: v.string(),
  graph: v.optional(graph),
  figures,
  flows: v.record(v.string(), count),
  buckets: v.pipe(v.array(bucket), v.maxLength(100_000)),
  published: count,
  delivered: count,
  processed: count,
});

/** The studio now: sent at most ten times a second while it runs, and after every control. */
export const StudioFrameNotification = notification(
  'simulator/studioFrame',
  v.object({
    state: v.picklist(['ready', 'running', 'paused', 'finished']),
    speed,
    reason: v.optional(pauseReason),
    timeMs: count,
    models: v.pipe(v.array(modelFrame), v.maxLength(2)),
    events: v.pipe(v.array(simEvent), v.maxLength(200)),
    eventsSinceLast: count,
    full: v.boolean(),
  }),
);

/** What the studio simulates: named in the panel and used by the inject menus. */
export const StudioSourceNotification = notification(
  'simulator/studioSource',
  v.object({
    kind: v.picklist(['preset', 'file']),
    id: name,
    title: shortText,
    seed: int,
    producers: v.pipe(v.array(v.object({ id: name, ratePerSec: v.number() })), v.maxLength(500)),
    consumers: v.pipe(v.array(v.object({ id: name, count: count })), v.maxLength(500)),
    breakpoints: v.pipe(v.array(breakpoint), v.maxLength(50)),
    /** Why a saved studio could not be restored (the studio then started fresh). */
    restoreProblem: v.optional(shortText),
  }),
);

/** Run, pause, step one event, or reset (with a new seed when given). */
export const StudioControlCommand = command(
  'simulator/studioControl',
  v.object({ action: v.picklist(['run', 'pause', 'step', 'reset']), seed: v.optional(v.pipe(int, v.minValue(0), v.maxValue(0xffffffff))) }),
);

/** Sets the pace: 0.1× to 100× simulated time, or as fast as possible. */
export const StudioSpeedCommand = command('simulator/studioSpeed', v.object({ speed }));

/** Replaces the breakpoints. */
export const StudioBreakpointsCommand = command('simulator/studioBreakpoints', v.object({ breakpoints: v.pipe(v.array(breakpoint), v.maxLength(50)) }));

/** Loads a preset or a scenario file the panel lists into the studio (paused at its start). */
export const StudioLoadRequest = request('simulator/studioLoad', v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,80}$/)) }), v.object({}));

/** Something injected into the running studio, on both models. */
const injection = v.variant('type', [
  v.object({ type: v.literal('consumerCrash'), consumer: name, instance: v.optional(v.pipe(int, v.minValue(0))) }),
  v.object({ type: v.literal('consumerRestart'), consumer: name, instance: v.optional(v.pipe(int, v.minValue(0))) }),
  v.object({ type: v.literal('addConsumer'), like: name, newGroup: v.boolean() }),
  v.object({ type: v.literal('brokerRestart') }),
  v.object({ type: v.literal('burst'), producer: name, count: v.pipe(int, v.minValue(1), v.maxValue(1_000_000)), ratePerSec: v.pipe(v.number(), v.gtValue(0), v.maxValue(10_000_000)) }),
]);

/** Applies an injection now; the reply is an error sentence when the run refuses it. */
export const StudioInjectRequest = request('simulator/studioInject', v.object({ injection }), v.object({ applied: shortText }));

/** A diagram element's figures and recent events. */
export const StudioInspectRequest = request(
  'simulator/studioInspect',
  v.object({ model: modelKind, nodeId: v.pipe(v.string(), v.maxLength(600)) }),
  v.object({ figures: v.optional(v.record(v.string(), v.union([v.number(), v.string()]))), events: v.pipe(v.array(simEvent), v.maxLength(200)) }),
);

/** Params of {@link StudioFrameNotification}. */
export type StudioFrameMessage = v.InferOutput<typeof StudioFrameNotification.params>;
/** One model in a frame. */
export type StudioModelFrame = v.InferOutput<typeof modelFrame>;
/** A diagram's structure. */
export type StudioGraphMessage = v.InferOutput<typeof graph>;
/** A bucket as the charts receive it. */
export type StudioBucket = v.InferOutput<typeof bucket>;
/** A breakpoint as the panel edits it. */
export type StudioBreakpoint = v.InferOutput<typeof breakpoint>;
/** Why the studio paused. */
export type StudioPauseReason = v.InferOutput<typeof pauseReason>;
/** An event as the panel lists it. */
export type StudioEvent = v.InferOutput<typeof simEvent>;
/** Params of {@link StudioSourceNotification}. */
export type StudioSourceMessage = v.InferOutput<typeof StudioSourceNotification.params>;
/** What the panel can inject. */
export type StudioInjection = v.InferOutput<typeof injection>;
/** Result of {@link StudioInspectRequest}. */
export type StudioInspection = v.InferOutput<typeof StudioInspectRequest.result>;

/** A diagram's structure and an event, for other panels that draw the studio's diagram (Compare). */
export const studioGraphSchema = graph;
export const studioEventSchema = simEvent;
