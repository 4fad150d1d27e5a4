/**
 * The valibot schema of the scenario format (version 1). Scenarios are hand-edited JSON, so every
 * object is strict (a misspelt field is reported, not ignored) and every message is a short reason
 * a person can act on. schemas/scenario.schema.json says the same for the editor; a unit test keeps
 * the two in step.
 */
import * as v from 'valibot';

const NAME_MAX = 200;

const str = (what = 'a string'): v.StringSchema<string> => v.string(`must be ${what}`);
const nonEmpty = v.pipe(str(), v.minLength(1, 'must not be empty'), v.maxLength(NAME_MAX, `must be at most ${NAME_MAX} characters`));
/** Ids appear in event references and in the panels: letters, digits, dots, dashes, underscores. */
const id = v.pipe(str(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores'));
const bool = v.boolean('must be true or false');
const num = v.number('must be a number');

function intRange(min: number, max = Number.MAX_SAFE_INTEGER): v.GenericSchema<number> {
  return v.pipe(num, v.integer('must be an integer'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));
}

function numRange(min: number, max: number): v.GenericSchema<number> {
  return v.pipe(num, v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));
}

function oneOf<const T extends readonly string[]>(values: T): v.PicklistSchema<T, string> {
  return v.picklist(values, `must be one of ${values.join(', ')}`);
}

const ms = intRange(0);

/** The most messages a recording workload loads (a run holds them in memory and in its saved state). */
export const RECORDING_WORKLOAD_MAX = 100_000;
const positiveMs = intRange(1);
const probability = numRange(0, 1);
const rate = v.pipe(num, v.gtValue(0, 'must be greater than 0'), v.maxValue(10_000_000, 'must be at most 10000000'));

/** valibot's object schemas accept arrays (an array has no unknown keys); JSON Schema does not. */
const notArray = v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'must be an object');

/** A strict object that is also refused when given an array. */
function obj<const T extends v.ObjectEntries>(entries: T): v.SchemaWithPipe<readonly [typeof notArray, v.StrictObjectSchema<T, undefined>]> {
  return v.pipe(notArray, v.strictObject(entries));
}

const stringMap = v.pipe(notArray, v.record(str(), str(), 'must be an object of strings'));

const exchange = obj({
  name: v.pipe(str(), v.maxLength(NAME_MAX, `must be at most ${NAME_MAX} characters`)),
  type: oneOf(['direct', 'fanout', 'topic', 'headers'] as const),
  durable: v.optional(bool),
});

const queueArguments = obj({
  messageTtlMs: v.optional(ms),
  maxLength: v.optional(intRange(0)),
  maxLengthBytes: v.optional(intRange(0)),
  overflow: v.optional(oneOf(['drop-head', 'reject-publish', 'reject-publish-dlx'] as const)),
  deadLetterExchange: v.optional(v.pipe(str(), v.maxLength(NAME_MAX))),
  deadLetterRoutingKey: v.optional(str()),
  maxPriority: v.optional(intRange(1, 255)),
  deliveryLimit: v.optional(intRange(0)),
});

const queue = obj({
  name: nonEmpty,
  type: v.optional(oneOf(['classic', 'quorum', 'stream'] as const)),
  durable: v.optional(bool),
  arguments: v.optional(queueArguments),
  declare: v.optional(oneOf(['atStart', 'onConsumerStart'] as const)),
});

const binding = obj({
  exchange: nonEmpty,
  queue: nonEmpty,
  routingKey: v.optional(str()),
});

const topic = obj({
  name: v.pipe(str(), v.regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be 1-249 letters, digits, dots, dashes or underscores')),
  partitions: intRange(1, 10_000),
  replicationFactor: v.optional(intRange(1, 3)),
  configs: v.optional(stringMap),
});

const list = <T extends v.GenericSchema>(item: T): v.ArraySchema<T, string> => v.array(item, 'must be a list');

const topology = obj({
  rabbitmq: obj({ exchanges: list(exchange), queues: list(queue), bindings: list(binding) }),
  kafka: obj({ topics: list(topic) }),
});

const keyCount = intRange(1, 1_000_000);
const keys = v.variant('kind', [
  v.strictObject({ kind: v.literal('none') }),
  v.strictObject({ kind: v.literal('uniform'), keys: keyCount }),
  v.strictObject({ kind: v.literal('roundRobin'), keys: keyCount }),
  v.strictObject({ kind: v.literal('hot'), keys: intRange(2, 1_000_000), hotShare: probability }),
], 'kind must be one of none, uniform, roundRobin, hot');

const producer = obj({
  id,
  target: obj({
    rabbitmq: obj({ exchange: v.pipe(str(), v.maxLength(NAME_MAX)), routingKey: str() }),
    kafka: obj({ topic: nonEmpty }),
  }),
  ratePerSec: rate,
  count: intRange(0, 100_000_000),
  keys: v.optional(keys),
  payload: v.optional(v.pipe(str(), v.maxLength(1_000_000, 'must be at most 1000000 characters'))),
  headers: v.optional(stringMap),
  persistent: v.optional(bool),
  startAtMs: v.optional(ms),
  recording: v.optional(obj({
    name: v.pipe(str(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a recording name (the file .brokerlens/recordings/NAME.ndjson, without .ndjson)')),
    timing: v.optional(oneOf(['relative', 'scaled'] as const)),
    speed: v.optional(numRange(0.001, 1000)),
    messages: v.optional(v.pipe(v.array(obj({ atMs: ms, key: str(), value: v.pipe(str(), v.base64('must be base64')) }), 'must be an array'),
      v.maxLength(RECORDING_WORKLOAD_MAX, `must hold at most ${RECORDING_WORKLOAD_MAX} messages`))),
  })),
});

const processingMs = v.union(
  [ms, obj({ min: ms, max: ms })],
  'must be a number of milliseconds or { "min": ms, "max": ms }',
);

const consumer = obj({
  id,
  source: obj({
    rabbitmq: obj({ queue: nonEmpty }),
    kafka: obj({ topic: nonEmpty, group: nonEmpty }),
  }),
  count: v.optional(intRange(1, 1000)),
  prefetch: v.optional(intRange(0, 65535)),
  processingMs,
  failureProbability: v.optional(probability),
  strategy: obj({
    rabbitmq: oneOf(['ack-after', 'ack-before', 'auto-ack'] as const),
    kafka: oneOf(['commit-after', 'commit-before', 'auto'] as const),
  }),
  onFailure: v.optional(oneOf(['requeue', 'reject'] as const)),
  restartAfterFailureMs: v.optional(ms),
  autoCommitIntervalMs: v.optional(positiveMs),
  autoOffsetReset: v.optional(oneOf(['earliest', 'latest'] as const)),
  sessionTimeoutMs: v.optional(intRange(6000, 1_800_000)),
  maxPollRecords: v.optional(intRange(1, 100_000)),
  startAtMs: v.optional(ms),
});

const instance = v.optional(intRange(0, 999));
/** One timed event. */
export const eventSchema = v.variant('type', [
  v.strictObject({ atMs: ms, type: v.literal('consumerCrash'), consumer: id, instance }),
  v.strictObject({ atMs: ms, type: v.literal('consumerRestart'), consumer: id, instance }),
  v.strictObject({ atMs: ms, type: v.literal('brokerRestart') }),
  v.strictObject({ atMs: ms, type: v.literal('groupJoins'), consumer }),
  v.strictObject({ atMs: ms, type: v.literal('retentionPasses'), advanceMs: positiveMs }),
  v.strictObject({ atMs: ms, type: v.literal('burst'), producer: id, count: intRange(1, 100_000_000), ratePerSec: rate }),
], 'type must be one of consumerCrash, consumerRestart, brokerRestart, groupJoins, retentionPasses, burst');

const settings = obj({
  kafka: v.optional(obj({
    initialRebalanceDelayMs: v.optional(ms),
    retentionCheckIntervalMs: v.optional(positiveMs),
    lingerMs: v.optional(ms),
    idlePollMs: v.optional(positiveMs),
  })),
  maxDurationMs: v.optional(positiveMs),
});

/** The whole scenario document. Cross-references are checked separately (crossRefs.ts). */
export const scenarioSchema = obj({
  $schema: v.optional(str()),
  version: v.literal(1, 'must be 1 (the only version this BrokerLens reads)'),
  name: nonEmpty,
  description: v.optional(str()),
  seed: intRange(0, 4294967295),
  durationMs: v.optional(positiveMs),
  untilIdle: v.optional(bool),
  topology,
  producers: list(producer),
  consumers: list(consumer),
  events: v.optional(list(eventSchema)),
  settings: v.optional(settings),
});

/** What the schema accepts, before cross-reference checks. */
export type ScenarioInput = v.InferOutput<typeof scenarioSchema>;
