/**
 * Messages of the Publish panel.
 *
 * The webview owns the form (a draft of strings, exactly as typed); the host checks it (one
 * validation, core/publish/draft.ts), explains where it would go, and sends it. The payload crosses
 * as text in its mode: `payloadMode` is the seam where an encoder (e.g. a schema-registry encoding)
 * adds a mode; the host dispatches on it.
 */
import * as v from 'valibot';
import { command, notification, request } from './ipc.js';

/** Most messages one Send ×N sends. */
export const PUBLISH_MAX_COUNT = 1_000_000;
/** Entries of history kept per destination. */
export const PUBLISH_HISTORY_LIMIT = 50;
/** Largest payload text the panel sends to the host (base64 of ~12 MB). */
export const PUBLISH_MAX_PAYLOAD_CHARS = 16 * 1024 * 1024;

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** Payload modes; see the file comment. */
export const payloadModeSchema = v.picklist(['text', 'json', 'base64', 'schema']);

/** A subject's schema chosen in the form: version '' = latest; messageType '' = the first (Protobuf). */
const schemaChoiceSchema = v.object({ subject: text(1000), version: text(20), messageType: text(1000) });

const propertyFields = v.object({
  contentType: v.optional(text(1000)),
  contentEncoding: v.optional(text(1000)),
  deliveryMode: v.optional(text(10)),
  priority: v.optional(text(20)),
  expiration: v.optional(text(40)),
  messageId: v.optional(text(1000)),
  correlationId: v.optional(text(1000)),
  replyTo: v.optional(text(1000)),
  type: v.optional(text(1000)),
  userId: v.optional(text(1000)),
  appId: v.optional(text(1000)),
  timestamp: v.optional(text(60)),
});

/** The form as typed. Mirrors core's PublishDraft (the host checks the two agree at compile time). */
export const draftSchema = v.object({
  broker: v.picklist(['kafka', 'rabbitmq']),
  destination: text(1000),
  routingKey: text(1000),
  partition: text(20),
  key: text(64 * 1024),
  headers: v.pipe(v.array(v.object({ name: text(1000), value: text(64 * 1024) })), v.maxLength(1000), v.readonly()),
  payloadMode: payloadModeSchema,
  payload: text(PUBLISH_MAX_PAYLOAD_CHARS),
  timestamp: text(60),
  compression: v.picklist(['none', 'gzip', 'snappy', 'lz4']),
  mandatory: v.boolean(),
  properties: propertyFields,
  /** Kafka: the schemas that encode the value (payloadMode 'schema') and/or the key. */
  schema: v.optional(v.object({ value: v.optional(schemaChoiceSchema), key: v.optional(schemaChoiceSchema) })),
});

/** A destination the panel offers. RabbitMQ: exchanges (built-in amq.* marked) and queues (sent through the default exchange). */
const destinationSchema = v.object({
  name: text(1000),
  kind: v.picklist(['topic', 'exchange', 'queue']),
  /** The default exchange and amq.* exchanges, which RabbitMQ declares itself. */
  builtin: v.boolean(),
  /** Exchange type, queue type, or the topic's partition count as text. */
  detail: text(200),
});

const problemSchema = v.object({ field: text(200), message: text(2000), line: v.optional(int(1, 1e9)), column: v.optional(int(1, 1e9)) });

const bindingSchema = v.object({ destination: text(1000), destinationType: v.picklist(['queue', 'exchange']), routingKey: text(1000), arguments: text(2000) });

/** Where the draft would go. */
const routeSchema = v.variant('kind', [
  /** Kafka: `partition` is undefined for a keyless record (the producer's sticky partitioner picks at send time). */
  v.object({ kind: v.literal('partition'), partition: v.optional(int(0, 1e6)), partitions: int(0, 1e6), reason: v.picklist(['explicit', 'key', 'keyless']) }),
  v.object({
    kind: v.literal('route'),
    queues: v.pipe(v.array(text(1000)), v.maxLength(10_000)),
    unroutable: v.boolean(),
    steps: v.pipe(
      v.array(v.object({ exchange: text(1000), exchangeType: text(100), matched: v.pipe(v.array(bindingSchema), v.maxLength(10_000)), unmatched: int(0, 1e6), alternateExchange: v.optional(text(1000)) })),
      v.maxLength(100),
    ),
  }),
  /** The route cannot be shown (no management API, exchange missing): the sentence says why. */
  v.object({ kind: v.literal('unknown'), message: text(2000) }),
]);

const historySchema = v.object({
  at: v.pipe(v.number(), v.integer()),
  summary: text(300),
  draft: draftSchema,
});

/** Host → webview after every ready handshake. */
export const PublishInitNotification = notification(
  'publish/init',
  v.object({
    /** Saved in the webview's state, so a window reload can reopen the panel on the same connection. */
    connectionId: text(200),
    connectionName: text(500),
    broker: v.picklist(['kafka', 'rabbitmq']),
    simulated: v.boolean(),
    destinations: v.pipe(v.array(destinationSchema), v.maxLength(100_000)),
    /** The form to show: the restored one, a prefilled republish, or an empty one for the destination. */
    draft: draftSchema,
    history: v.pipe(v.array(historySchema), v.maxLength(PUBLISH_HISTORY_LIMIT)),
    /** Problems listing destinations (the form still works by typing a name). */
    notes: v.pipe(v.array(text(2000)), v.maxLength(10)),
    /** The connection names a schema registry, so the form offers payload mode 'schema'. */
    schemaRegistry: v.optional(v.boolean()),
  }),
);

/** Webview → host: check the draft and say where it would go (sent as the user types, debounced). */
export const PublishPreviewRequest = request(
  'publish/preview',
  draftSchema,
  v.object({ problems: v.pipe(v.array(problemSchema), v.maxLength(2000)), route: v.optional(routeSchema) }),
);

const tallySchema = v.object({
  requested: int(0, PUBLISH_MAX_COUNT),
  confirmed: int(0, PUBLISH_MAX_COUNT),
  returned: int(0, PUBLISH_MAX_COUNT),
  nacked: int(0, PUBLISH_MAX_COUNT),
  failed: int(0, PUBLISH_MAX_COUNT),
  notSent: int(0, PUBLISH_MAX_COUNT),
  cancelled: v.boolean(),
});

/** Where "Open in Browse" goes after a send. */
const browseLinkSchema = v.object({ destination: text(1000), partition: v.optional(int(0, 1e6)), offset: v.optional(int(0, Number.MAX_SAFE_INTEGER)) });

/** Result of a send (single or ×N): the exact tally, one sentence, and where to look. */
const sendResultSchema = v.variant('status', [
  v.object({ status: v.literal('invalid'), problems: v.pipe(v.array(problemSchema), v.maxLength(2000)) }),
  v.object({
    status: v.literal('done'),
    tally: tallySchema,
    /** The one-line result: partition and offset, or confirmed/returned/nacked, and which queues got it. */
    sentence: text(4000),
    ok: v.boolean(),
    /** RabbitMQ: the queues that received it (from the routing explainer at send time). */
    queues: v.optional(v.pipe(v.array(text(1000)), v.maxLength(10_000))),
    links: v.pipe(v.array(browseLinkSchema), v.maxLength(20)),
  }),
]);

/** Webview → host: send the draft `count` times (templates expanded per message). */
export const PublishSendRequest = request('publish/send', v.object({ draft: draftSchema, count: int(1, PUBLISH_MAX_COUNT) }), sendResultSchema);

/** Host → webview while a Send ×N runs. */
export const PublishProgressNotification = notification('publish/progress', v.object({ done: int(0, PUBLISH_MAX_COUNT), tally: tallySchema }));

/** Webview → host: stop the run in flight (what was sent stays sent; the rest is counted as not sent). */
export const PublishCancelCommand = command('publish/cancel', v.object({}));

/** Webview → host: open Browse at a record or on a queue. */
export const PublishOpenBrowseCommand = command('publish/openBrowse', browseLinkSchema);

/** Webview → host: read a payload from a file (open dialog) or the active editor. */
export const PublishLoadPayloadRequest = request(
  'publish/loadPayload',
  v.object({ from: v.picklist(['file', 'editor']) }),
  v.variant('status', [
    v.object({ status: v.literal('loaded'), payload: text(PUBLISH_MAX_PAYLOAD_CHARS), payloadMode: payloadModeSchema, source: text(2000) }),
    v.object({ status: v.literal('none'), message: text(2000) }),
  ]),
);

/** Webview → host: save the form as .brokerlens/messages/<name>.json. */
export const PublishSaveMessageRequest = request('publish/saveMessage', draftSchema, v.object({ saved: v.optional(text(2000)) }));

/** Webview → host: pick a saved message; its draft comes back (undefined when the user cancelled). */
export const PublishOpenMessageRequest = request('publish/openMessage', v.object({}), v.object({ draft: v.optional(draftSchema), source: v.optional(text(2000)) }));

/** Webview → host: send every line of an NDJSON file (Export… format) to the form's destination. */
export const PublishImportRequest = request('publish/import', v.object({ draft: draftSchema }), sendResultSchema);

/** Host → webview: history changed (after a send). */
export const PublishHistoryNotification = notification('publish/history', v.object({ history: v.pipe(v.array(historySchema), v.maxLength(PUBLISH_HISTORY_LIMIT)) }));

/** Webview → host: the registry's subjects, and for a chosen subject its versions, type and Protobuf message types. */
export const PublishSchemaInfoRequest = request(
  'publish/schemaInfo',
  v.object({ subject: text(1000), version: text(20) }),
  v.object({
    subjects: v.pipe(v.array(text(1000)), v.maxLength(100_000)),
    versions: v.pipe(v.array(int(0, 1e9)), v.maxLength(100_000)),
    schemaType: v.optional(v.picklist(['AVRO', 'PROTOBUF', 'JSON'])),
    version: v.optional(int(0, 1e9)),
    schemaId: v.optional(int(0, Number.MAX_SAFE_INTEGER)),
    typeName: v.optional(text(1000)),
    messageTypes: v.pipe(v.array(text(1000)), v.maxLength(10_000)),
    problem: v.optional(text(2000)),
  }),
);

/** Result of {@link PublishSchemaInfoRequest}. */
export type PublishSchemaInfo = v.InferOutput<typeof PublishSchemaInfoRequest.result>;
/** A subject's schema chosen in the form. */
export type PublishSchemaChoice = v.InferOutput<typeof schemaChoiceSchema>;

/** The draft as sent. */
export type PublishDraftWire = v.InferOutput<typeof draftSchema>;
/** Params of {@link PublishInitNotification}. */
export type PublishInit = v.InferOutput<typeof PublishInitNotification.params>;
/** A destination offered. */
export type PublishDestination = v.InferOutput<typeof destinationSchema>;
/** Result of {@link PublishPreviewRequest}. */
export type PublishPreview = v.InferOutput<typeof PublishPreviewRequest.result>;
/** A route preview. */
export type PublishRoute = v.InferOutput<typeof routeSchema>;
/** One problem of the draft. */
export type PublishProblem = v.InferOutput<typeof problemSchema>;
/** Result of a send. */
export type PublishSendResult = v.InferOutput<typeof sendResultSchema>;
/** The exact tally. */
export type PublishTally = v.InferOutput<typeof tallySchema>;
/** One history entry. */
export type PublishHistoryEntry = v.InferOutput<typeof historySchema>;
/** An "Open in Browse" link. */
export type PublishBrowseLink = v.InferOutput<typeof browseLinkSchema>;
/** Params of {@link PublishProgressNotification}. */
export type PublishProgress = v.InferOutput<typeof PublishProgressNotification.params>;
