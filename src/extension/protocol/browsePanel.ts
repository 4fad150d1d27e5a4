/**
 * Messages of the Browse Messages panel.
 *
 * The list travels as light rows (one-line previews, sizes, positions), so 100,000 of them fit in a
 * webview; the decoded views of one record (text, pretty JSON, hex, base64, at most a 64 KB preview
 * each) travel only when that record is shown in the detail pane. Raw bytes never cross: the host
 * decodes them.
 */
import * as v from 'valibot';
import { command, notification, request } from './ipc.js';

/** Page size the panel starts with. */
export const BROWSE_DEFAULT_PAGE_SIZE = 100;
/** Largest page the panel asks for. */
export const BROWSE_MAX_PAGE_SIZE = 1000;
/** Rows the list keeps while live tailing appends; the oldest go first. */
export const BROWSE_ROW_LIMIT = 100_000;
/** Rows one tail notification carries at most (the host splits bigger batches). */
export const BROWSE_TAIL_BATCH = 1000;
/** Bytes of a value the detail pane receives; the rest is fetched by "Open in editor". */
export const BROWSE_PREVIEW_LIMIT = 64 * 1024;
/** Characters of the one-line key and value previews in the list. */
export const BROWSE_SUMMARY_CHARS = 200;

const MAX_PARTITION = 99_999;
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const offsetNumber = int(0, Number.MAX_SAFE_INTEGER);
/** Milliseconds since the epoch, within what Date can represent. */
const epochMs = v.pipe(v.number(), v.integer(), v.minValue(-8.64e15), v.maxValue(8.64e15));

const cursorSchema = v.object({
  direction: v.picklist(['forward', 'backward']),
  // JSON turns numeric keys into strings; only partition numbers are accepted.
  positions: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^(0|[1-9]\d{0,4})$/)), offsetNumber),
    v.check((p) => Object.keys(p).length <= MAX_PARTITION + 1, 'too many partitions'),
  ),
});

const startSchema = v.variant('kind', [
  v.object({ kind: v.literal('earliest') }),
  v.object({ kind: v.literal('latest') }),
  v.object({ kind: v.literal('offset'), offset: offsetNumber }),
  v.object({ kind: v.literal('timestamp'), timestamp: epochMs }),
  v.object({ kind: v.literal('cursor'), cursor: cursorSchema }),
]);

const filterSchema = v.variant('kind', [
  v.object({
    kind: v.literal('text'),
    field: v.picklist(['key', 'value', 'header']),
    header: v.optional(v.pipe(v.string(), v.maxLength(256))),
    pattern: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)),
    regex: v.boolean(),
    caseSensitive: v.boolean(),
  }),
  v.object({ kind: v.literal('expression'), expression: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)) }),
]);

/** What one load asks for. */
const loadParams = v.object({
  start: startSchema,
  /** Kafka: one partition; omitted = all. */
  partition: v.optional(int(0, MAX_PARTITION)),
  limit: int(1, BROWSE_MAX_PAGE_SIZE),
  filter: v.optional(filterSchema),
  /** Set only after the user chose "Peek anyway" (classic and quorum queues). */
  acceptRequeue: v.boolean(),
});

const payloadKind = v.picklist(['empty', 'text', 'json', 'binary']);

/** A schema-decoded key or value in the list: which schema, or that it could not be decoded. */
const rowSchemaMark = v.object({ status: v.picklist(['decoded', 'failed']), schemaId: int(0, 2 ** 31 - 1) });

/** A key or value decoded with a schema (a registry's, or a local schema file's), or why it could not be. */
const decodedSchema = v.object({
  status: v.picklist(['decoded', 'failed']),
  /** The registry schema id (0 for a local schema file). */
  schemaId: int(0, 2 ** 31 - 1),
  /** 'registry' or the local schema file's name. */
  source: text(1000),
  schemaType: v.optional(v.picklist(['AVRO', 'PROTOBUF', 'JSON'])),
  subject: v.optional(text(1000)),
  version: v.optional(int(1, 2 ** 31 - 1)),
  /** Avro record name or Protobuf message type. */
  typeName: v.optional(text(1000)),
  /** The decoded value, pretty JSON. */
  json: v.optional(text(16 * BROWSE_PREVIEW_LIMIT)),
  /** One sentence: why it could not be decoded. */
  reason: v.optional(text(2000)),
});

/** One row of the list: enough to show and sort, nothing heavy. */
const rowSchema = v.object({
  id: text(200),
  partition: v.optional(int(0, MAX_PARTITION)),
  offset: v.optional(offsetNumber),
  timestamp: v.optional(epochMs),
  size: int(0, Number.MAX_SAFE_INTEGER),
  /** 'null' when the record has no key (a Kafka null key); RabbitMQ messages have none. */
  keyKind: v.picklist(['null', 'empty', 'text', 'json', 'binary']),
  keyPreview: text(BROWSE_SUMMARY_CHARS + 1),
  valueKind: v.picklist(['null', 'empty', 'text', 'json', 'binary']),
  valuePreview: text(BROWSE_SUMMARY_CHARS + 1),
  valueSize: int(0, Number.MAX_SAFE_INTEGER),
  headerCount: int(0, 100_000),
  /** Set when the key or value is schema-framed: its preview is then the decoded JSON. */
  keySchema: v.optional(rowSchemaMark),
  valueSchema: v.optional(rowSchemaMark),
  exchange: v.optional(text(1000)),
  routingKey: v.optional(text(1000)),
  redelivered: v.optional(v.boolean()),
  /** RabbitMQ: the message carries x-death (it was dead-lettered), so it can be retried to its original queue. */
  dead: v.optional(v.boolean()),
});

const pageSchema = v.object({
  records: v.pipe(v.array(rowSchema), v.maxLength(BROWSE_MAX_PAGE_SIZE)),
  next: v.optional(cursorSchema),
  previous: v.optional(cursorSchema),
  scanned: int(0, Number.MAX_SAFE_INTEGER),
  scanCapped: v.boolean(),
  sideEffect: v.picklist(['none', 'requeued']),
});

/** Decoded views of a key or value, each covering at most BROWSE_PREVIEW_LIMIT bytes. */
const payloadSchema = v.object({
  kind: payloadKind,
  size: int(0, Number.MAX_SAFE_INTEGER),
  text: v.optional(text(4 * BROWSE_PREVIEW_LIMIT)),
  json: v.optional(text(16 * BROWSE_PREVIEW_LIMIT)),
  hex: text(2 * BROWSE_PREVIEW_LIMIT),
  base64: text(2 * BROWSE_PREVIEW_LIMIT),
  truncated: v.boolean(),
  /** The schema-decoded view; the bytes above stay available beside it. */
  schema: v.optional(decodedSchema),
});

const nameValue = v.object({ name: text(1000), value: text(64 * 1024) });

/** Which record: its id, plus its position so a record no longer held can be read again. */
const recordRef = v.object({ id: text(200), partition: v.optional(int(0, MAX_PARTITION)), offset: v.optional(offsetNumber) });

/** How reading this destination behaves, decided by the host from the capabilities. */
const accessSchema = v.variant('mode', [
  /** Reading changes nothing; `notice` says so. */
  v.object({ mode: v.literal('read'), notice: text(500) }),
  /** A classic or quorum queue: reading takes and requeues; `warning` is shown before the first read. */
  v.object({ mode: v.literal('peek'), warning: text(1000) }),
]);

/**
 * The live tail's connection state, sent when it changes: some partitions stopped answering (a broker
 * went away, a leader moved) and the tail is retrying them from the offset shown, or every partition
 * answers again. One message per change, never one per retry.
 */
const tailStatusSchema = v.variant('kind', [
  v.object({
    kind: v.literal('waiting'),
    /** The partitions not answering, with the offset the tail resumes them from. */
    partitions: v.pipe(v.array(v.object({ partition: int(0, MAX_PARTITION), offset: offsetNumber })), v.minLength(1), v.maxLength(MAX_PARTITION + 1)),
    /** Why, in one sentence (the first partition's reason). */
    message: text(2000),
  }),
  v.object({
    kind: v.literal('resumed'),
    /** The partitions that answer again, with the offset each resumed from. */
    partitions: v.pipe(v.array(v.object({ partition: int(0, MAX_PARTITION), offset: offsetNumber })), v.minLength(1), v.maxLength(MAX_PARTITION + 1)),
  }),
]);

/** Host → webview after every ready handshake: what is browsed and how. */
export const BrowseInitNotification = notification(
  'browse/init',
  v.object({
    destination: text(1000),
    connectionName: text(500),
    broker: v.picklist(['kafka', 'rabbitmq']),
    destinationType: v.picklist(['topic', 'classic', 'quorum', 'stream', 'unknown']),
    simulated: v.boolean(),
    access: accessSchema,
    liveTail: v.boolean(),
    /** Kafka: the topic's partitions with their offsets; empty otherwise. */
    partitions: v.pipe(
      v.array(v.object({ partition: int(0, MAX_PARTITION), logStart: offsetNumber, highWatermark: offsetNumber })),
      v.maxLength(MAX_PARTITION + 1),
    ),
    /** The partition the panel was opened on. */
    partition: v.optional(int(0, MAX_PARTITION)),
    /** The first load starts at this offset (opened from a publish result). */
    startOffset: v.optional(offsetNumber),
    /** Saved in the webview's state so a window reload reopens the panel on the same connection. */
    connectionId: v.optional(text(200)),
    /** True when the host already holds a page and sends it next (a webview reload): do not read again. */
    restoring: v.boolean(),
    /** True when a live tail is running. */
    tailing: v.boolean(),
    /** A running tail's state when it is waiting for partitions (a webview reload shows it again). */
    tailStatus: v.optional(tailStatusSchema),
  }),
);

/** Webview → host: read one page. Filter mistakes come back as `filterError`, not as a failure. */
export const BrowseLoadRequest = request(
  'browse/load',
  loadParams,
  v.variant('status', [
    v.object({ status: v.literal('page'), page: pageSchema }),
    v.object({ status: v.literal('filterError'), message: text(2000) }),
  ]),
);

/** Webview → host: the decoded views of one record for the detail pane. */
export const BrowseDetailRequest = request(
  'browse/detail',
  recordRef,
  v.object({
    id: text(200),
    key: v.nullable(payloadSchema),
    value: v.nullable(payloadSchema),
    headers: v.pipe(v.array(nameValue), v.maxLength(10_000)),
    /** AMQP properties that are set, in a stable order. */
    properties: v.pipe(v.array(nameValue), v.maxLength(100)),
  }),
);

/** Webview → host: start streaming new records (with the current filter) into browse/tailRecords. */
export const BrowseTailStartRequest = request(
  'browse/tailStart',
  v.object({ partition: v.optional(int(0, MAX_PARTITION)), filter: v.optional(filterSchema) }),
  v.object({}),
);

/** Webview → host: stop the live tail. */
export const BrowseTailStopRequest = request('browse/tailStop', v.object({}), v.object({}));

/** Webview → host: copy the whole value (`value`) or the record as JSON (`record`) to the clipboard. */
export const BrowseCopyCommand = command(
  'browse/copy',
  v.object({ ...recordRef.entries, what: v.picklist(['value', 'record']) }),
);

/** Webview → host: open the whole value in an untitled editor. */
export const BrowseOpenInEditorCommand = command('browse/openInEditor', recordRef);

/** Webview → host: abort the load in flight. */
export const BrowseCancelCommand = command('browse/cancel', v.object({}));

/** Host → webview: the page the host holds, re-sent after a webview reload so nothing is read twice. */
export const BrowsePageNotification = notification('browse/page', v.object({ query: loadParams, page: pageSchema }));

/** Host → webview: records that arrived while tailing, oldest first. */
export const BrowseTailRecordsNotification = notification(
  'browse/tailRecords',
  v.object({ records: v.pipe(v.array(rowSchema), v.maxLength(BROWSE_TAIL_BATCH)) }),
);

/** Host → webview: the live tail is waiting for partitions that stopped answering, or has resumed. */
export const BrowseTailStatusNotification = notification('browse/tailStatus', tailStatusSchema);

/** Host → webview: a failure not tied to a request (the live tail stopped, the partitions could not be listed). */
export const BrowseErrorNotification = notification(
  'browse/error',
  v.object({ source: v.picklist(['init', 'tail']), message: text(2000) }),
);

/** What a message action works on: the selected record, or every record the list shows. */
const actionScope = v.object({
  scope: v.picklist(['selected', 'shown']),
  ref: v.optional(recordRef),
  /** Several selected records (Ctrl/Cmd-click, Shift-click). */
  refs: v.optional(v.pipe(v.array(recordRef), v.maxLength(BROWSE_MAX_PAGE_SIZE * 100))),
});

/** Webview → host: open Publish prefilled with the record (or send all shown ones to a destination the user picks). */
export const BrowseRepublishCommand = command('browse/republish', actionScope);

/** Webview → host: move dead-lettered messages back to the queue they died in (x-death), reporting exactly what moved. */
export const BrowseRetryCommand = command('browse/retry', actionScope);

/** Webview → host: export records to NDJSON, JSON or CSV through a save dialog (the host asks what and how). */
export const BrowseExportCommand = command('browse/export', actionScope);

/** Host → webview: BrokerLens published to or purged this destination since the page was read. */
export const BrowseStaleNotification = notification('browse/stale', v.object({ message: text(500) }));

/** Params of {@link BrowseInitNotification}. */
export type BrowseInit = v.InferOutput<typeof BrowseInitNotification.params>;
/** How reading behaves (read or peek). */
export type BrowseAccess = BrowseInit['access'];
/** Params of {@link BrowseLoadRequest}. */
export type BrowseLoadParams = v.InferOutput<typeof loadParams>;
/** Result of {@link BrowseLoadRequest}. */
export type BrowseLoadResult = v.InferOutput<typeof BrowseLoadRequest.result>;
/** Where a load starts. */
export type BrowseStartWire = v.InferOutput<typeof startSchema>;
/** A filter as sent. */
export type BrowseFilterWire = v.InferOutput<typeof filterSchema>;
/** A paging cursor as sent. */
export type BrowseCursorWire = v.InferOutput<typeof cursorSchema>;
/** One page as sent. */
export type BrowsePageWire = v.InferOutput<typeof pageSchema>;
/** One list row. */
export type BrowseRow = v.InferOutput<typeof rowSchema>;
/** A schema-decoded key or value. */
export type DecodedSchemaWire = v.InferOutput<typeof decodedSchema>;
/** Decoded views of a key or value. */
export type PayloadWire = v.InferOutput<typeof payloadSchema>;
/** Result of {@link BrowseDetailRequest}. */
export type BrowseDetail = v.InferOutput<typeof BrowseDetailRequest.result>;
/** Which record a detail, copy or open asks for. */
export type BrowseRecordRef = v.InferOutput<typeof recordRef>;
/** Params of {@link BrowseTailStartRequest}. */
export type BrowseTailParams = v.InferOutput<typeof BrowseTailStartRequest.params>;
/** Params of {@link BrowseTailStatusNotification}. */
export type BrowseTailStatus = v.InferOutput<typeof tailStatusSchema>;
/** Params of {@link BrowseCopyCommand}. */
export type BrowseCopyParams = v.InferOutput<typeof BrowseCopyCommand.params>;
