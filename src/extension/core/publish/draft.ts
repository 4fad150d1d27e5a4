/**
 * The Publish panel's form, as the user typed it (every field a string, so a half-typed priority is
 * still a draft), and its one validation: what is wrong, field by field, or a plan that builds the
 * outgoing message number i of a run (templates expanded). The panel, the quick-input path, Send ×N,
 * Import NDJSON and the benchmark all go through `planDraft`, so they accept and refuse the same input.
 */
import * as l10n from '@vscode/l10n';
import { BrokerError } from '../model/errors.js';
import { fromBase64 } from '../model/payload.js';
import { findJsonError, lineColumn } from './jsonCheck.js';
import type { AmqpProperties, OutgoingMessage, PublishTarget } from '../model/message.js';
import { parseTemplate, TemplateError, type Template, type TemplateRandom } from './template.js';

/**
 * How the payload text becomes bytes. The seam for encoders: a schema-registry encoding adds a mode
 * here (and its own fields), and `planDraft` dispatches on it.
 */
export type PayloadMode = 'text' | 'json' | 'base64' | 'schema';
/** Every payload mode, in the order the panel offers them. */
export const PAYLOAD_MODES: readonly PayloadMode[] = ['text', 'json', 'base64', 'schema'];

/** A subject's schema chosen in the form (Kafka, payload mode 'schema'; or the key's). */
export interface DraftSchemaChoice {
  readonly subject: string;
  /** '' = the latest version (looked up at send time), or a version number as text. */
  readonly version: string;
  /** Protobuf: the message type; '' = the file's first message. */
  readonly messageType: string;
}

/** Which schemas encode the value (used when payloadMode is 'schema') and the key (when set). */
export interface DraftSchemas {
  readonly value?: DraftSchemaChoice;
  readonly key?: DraftSchemaChoice;
}

/**
 * Encodes one JSON value to bytes (for a schema: validation, then the Confluent wire format). Throws
 * an Error whose message is the one sentence the user sees, naming the field that does not fit.
 */
export interface DraftEncoder {
  encode(value: unknown): Uint8Array;
}

/** An encoder, or why there is none (the subject could not be fetched, no registry). */
export type DraftEncoderSlot = DraftEncoder | { readonly problem: string };

/** Kafka compression codecs the panel offers. */
export type CompressionName = NonNullable<PublishTarget['compression']>;

/** AMQP properties as typed in the form. */
export const AMQP_PROPERTY_FIELDS = [
  'contentType', 'contentEncoding', 'deliveryMode', 'priority', 'expiration', 'messageId',
  'correlationId', 'replyTo', 'type', 'userId', 'appId', 'timestamp',
] as const;
/** One AMQP property field. */
export type AmqpPropertyField = (typeof AMQP_PROPERTY_FIELDS)[number];

/** One header row of the form. */
export interface DraftHeader {
  readonly name: string;
  readonly value: string;
}

/** The form. Kafka uses destination (topic), partition, key, timestamp, compression; RabbitMQ destination (exchange), routingKey, mandatory, properties. */
export interface PublishDraft {
  readonly broker: 'kafka' | 'rabbitmq';
  /** Kafka topic, or RabbitMQ exchange ('' = the default exchange, which routes by queue name). */
  readonly destination: string;
  readonly routingKey: string;
  /** '' = the partitioner decides. */
  readonly partition: string;
  /** '' = no key. */
  readonly key: string;
  readonly headers: readonly DraftHeader[];
  readonly payloadMode: PayloadMode;
  readonly payload: string;
  /** Kafka record timestamp: '' (the producer's clock), milliseconds since the epoch, or an ISO date. */
  readonly timestamp: string;
  readonly compression: CompressionName;
  readonly mandatory: boolean;
  readonly properties: Readonly<Partial<Record<AmqpPropertyField, string>>>;
  /** Kafka: the schemas that encode the value and/or key (absent: none). */
  readonly schema?: DraftSchemas | undefined;
}

/** What `planDraft` checks against (facts the host knows). */
export interface DraftContext {
  /** Kafka: partitions of the topic, when known. */
  readonly partitions?: number;
  /** Largest payload the broker takes, when known. */
  readonly maxPayloadBytes?: number;
  /**
   * Schema encoders the host prepared for the draft's `schema` choices (fetching a schema is async,
   * checking a draft is not). Payload mode 'schema' needs `value`; a key choice needs `key`.
   */
  readonly encoders?: { readonly value?: DraftEncoderSlot; readonly key?: DraftEncoderSlot };
}

/** One problem, on one field. JSON problems carry the 1-based line and column. */
export interface DraftProblem {
  readonly field: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** A valid draft: where it goes, and how to build message i. */
export interface DraftPlan {
  readonly target: PublishTarget;
  /** True when some field has a placeholder, so messages of a run differ. */
  readonly dynamic: boolean;
  build(index: number, random?: TemplateRandom, now?: number): OutgoingMessage;
}

/** The outcome of checking a draft. */
export type DraftCheck = { readonly ok: true; readonly plan: DraftPlan } | { readonly ok: false; readonly problems: readonly DraftProblem[] };

/** An empty form for a destination. */
export function emptyDraft(broker: PublishDraft['broker'], destination: string, routingKey = ''): PublishDraft {
  return {
    broker, destination, routingKey, partition: '', key: '', headers: [], payloadMode: 'json', payload: '', timestamp: '',
    compression: 'none', mandatory: true, properties: broker === 'rabbitmq' ? { deliveryMode: '2' } : {},
  };
}

const UINT = /^\d{1,15}$/;
const encoder = new TextEncoder();

/** The first JSON error with its 1-based line and column, or undefined for valid JSON. */
export function jsonProblem(text: string): { message: string; line: number; column: number } | undefined {
  const error = findJsonError(text);
  if (!error) return undefined;
  const { line, column } = lineColumn(text, error.offset);
  const found = error.offset < text.length ? JSON.stringify(text.slice(error.offset, error.offset + 1)) : l10n.t('the end');
  return { message: l10n.t('The payload is not valid JSON at line {0}, column {1}: expected {2}, found {3}.', line, column, error.expected, found), line, column };
}

/** Checks the draft; on success the plan builds each message of a run. */
export function planDraft(draft: PublishDraft, context: DraftContext = {}): DraftCheck {
  const problems: DraftProblem[] = [];
  const templates = new Map<string, Template>();
  const template = (field: string, source: string): Template | undefined => {
    try {
      const t = parseTemplate(source);
      templates.set(field, t);
      return t;
    } catch (error) {
      problems.push({ field, message: error instanceof TemplateError ? error.message : String(error) });
      return undefined;
    }
  };

  // Destination.
  if (draft.broker === 'kafka' && draft.destination.trim() === '') problems.push({ field: 'destination', message: l10n.t('Choose the topic to publish to.') });

  // Kafka partition.
  let partition: number | undefined;
  if (draft.broker === 'kafka' && draft.partition.trim() !== '') {
    const p = draft.partition.trim();
    if (!UINT.test(p)) problems.push({ field: 'partition', message: l10n.t('The partition must be a whole number from 0, or empty to let the key decide.') });
    else if (context.partitions !== undefined && Number(p) >= context.partitions) {
      problems.push({ field: 'partition', message: l10n.t('Topic "{0}" has no partition {1}: it has {2} (0 to {3}).', draft.destination, p, context.partitions, context.partitions - 1) });
    } else partition = Number(p);
  }

  // Kafka timestamp.
  let timestamp: number | undefined;
  if (draft.broker === 'kafka' && draft.timestamp.trim() !== '') {
    timestamp = parseTime(draft.timestamp.trim());
    if (timestamp === undefined) problems.push({ field: 'timestamp', message: l10n.t('The timestamp must be milliseconds since 1970 or a date such as 2026-12-05T06:00:00Z, or empty for now.') });
  }

  // Headers.
  const seen = new Set<string>();
  draft.headers.forEach((h, i) => {
    const field = `headers.${i}.name`;
    if (h.name === '') problems.push({ field, message: l10n.t('Header {0} has no name; name it or remove the row.', i + 1) });
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(h.name)) problems.push({ field, message: l10n.t('Header name "{0}" contains a control character; use printable characters.', h.name.replace(/[\u0000-\u001f\u007f]/g, '?')) });
    else if (draft.broker === 'rabbitmq' && encoder.encode(h.name).length > 255) problems.push({ field, message: l10n.t('Header name "{0}…" is longer than the 255 bytes AMQP allows.', h.name.slice(0, 20)) });
    else if (draft.broker === 'rabbitmq' && seen.has(h.name)) problems.push({ field, message: l10n.t('Header "{0}" appears twice; an AMQP header table holds each name once.', h.name) });
    seen.add(h.name);
    template(`headers.${i}.value`, h.value);
  });

  // AMQP properties.
  const props = draft.properties;
  const fixed: Record<string, string | number> = {};
  if (draft.broker === 'rabbitmq') {
    const value = (f: AmqpPropertyField): string => (props[f] ?? '').trim();
    if (value('deliveryMode') !== '' && value('deliveryMode') !== '1' && value('deliveryMode') !== '2') {
      problems.push({ field: 'properties.deliveryMode', message: l10n.t('Delivery mode is 1 (transient) or 2 (persistent).') });
    } else if (value('deliveryMode') !== '') fixed['deliveryMode'] = Number(value('deliveryMode'));
    if (value('priority') !== '') {
      const n = Number(value('priority'));
      if (!/^\d{1,3}$/.test(value('priority')) || n > 255) problems.push({ field: 'properties.priority', message: l10n.t('Priority must be a whole number from 0 to 255.') });
      else fixed['priority'] = n;
    }
    if (value('expiration') !== '') {
      if (!UINT.test(value('expiration'))) problems.push({ field: 'properties.expiration', message: l10n.t('Expiration must be a whole number of milliseconds (0 or more), or empty for none.') });
      else fixed['expiration'] = String(Number(value('expiration')));
    }
    if (value('timestamp') !== '') {
      const ms = parseTime(value('timestamp'));
      if (ms === undefined) problems.push({ field: 'properties.timestamp', message: l10n.t('The timestamp must be milliseconds since 1970 or a date such as 2026-12-05T06:00:00Z, or empty for none.') });
      else fixed['timestamp'] = Math.floor(ms / 1000);
    }
    for (const f of ['contentType', 'contentEncoding', 'replyTo', 'type', 'userId', 'appId'] as const) {
      if (value(f) === '') continue;
      if (encoder.encode(value(f)).length > 255) problems.push({ field: `properties.${f}`, message: l10n.t('{0} is longer than the 255 bytes AMQP allows.', f) });
      else fixed[f] = value(f);
    }
    for (const f of ['messageId', 'correlationId'] as const) {
      if (value(f) !== '') template(`properties.${f}`, value(f));
    }
  }

  // Key and payload.
  const keyEncoder = draft.broker === 'kafka' && draft.schema?.key ? encoderOf(context.encoders?.key, 'schema.key', problems, l10n.t('Choose the subject whose schema encodes the key.')) : undefined;
  let keyBytes: Uint8Array | undefined;
  if (draft.broker === 'kafka' && draft.key !== '') {
    const t = template('key', draft.key);
    if (t && keyEncoder) keyBytes = encodeFirst(keyEncoder, t.expand(0), 'key', problems);
  }
  let payloadBytes: Uint8Array | undefined;
  let schemaBytes: Uint8Array | undefined;
  const valueEncoder = draft.payloadMode === 'schema'
    ? draft.broker === 'kafka'
      ? encoderOf(context.encoders?.value, 'schema.value', problems, l10n.t('Choose the subject whose schema encodes the value.'))
      : (problems.push({ field: 'payloadMode', message: l10n.t('Schema encoding is for Kafka topics; choose JSON, text or base64.') }), undefined)
    : undefined;
  if (draft.payloadMode === 'schema') {
    const t = template('payload', draft.payload);
    if (t && valueEncoder) schemaBytes = encodeFirst(valueEncoder, t.expand(0), 'payload', problems);
  } else if (draft.payloadMode === 'base64') {
    const compact = draft.payload.replace(/\s+/g, '');
    try {
      payloadBytes = fromBase64(compact);
      if (compact.length % 4 !== 0) throw new Error('length');
    } catch {
      problems.push({ field: 'payload', message: l10n.t('The payload is not valid base64: use A-Z, a-z, 0-9, + and / with = padding to a multiple of 4 characters.') });
    }
  } else {
    const t = template('payload', draft.payload);
    if (t && draft.payloadMode === 'json') {
      const first = t.expand(0);
      const problem = first.trim() === '' ? { message: l10n.t('The payload is empty; JSON needs a value such as {0} or {1}.', '{}', '"text"'), line: 1, column: 1 } : jsonProblem(first);
      if (problem) problems.push({ field: 'payload', ...problem });
    }
  }
  if (context.maxPayloadBytes !== undefined && problems.every((p) => p.field !== 'payload')) {
    const size = payloadBytes?.length ?? schemaBytes?.length ?? encoder.encode(templates.get('payload')?.expand(0) ?? '').length;
    if (size > context.maxPayloadBytes) {
      problems.push({ field: 'payload', message: l10n.t('The payload is {0} bytes, above the {1} bytes this broker accepts; send a smaller one or raise the broker limit.', size, context.maxPayloadBytes) });
    }
  }

  if (problems.length > 0) return { ok: false, problems };

  const target: PublishTarget = draft.broker === 'kafka'
    ? { destination: draft.destination, ...(draft.compression !== 'none' ? { compression: draft.compression } : {}) }
    : { destination: draft.destination, routingKey: draft.routingKey, mandatory: draft.mandatory };
  const dynamic = [...templates.values()].some((t) => t.dynamic);
  const headerTemplates = draft.headers.map((h, i) => [h.name, templates.get(`headers.${i}.value`)!] as const);
  const payload = templates.get('payload');
  const key = templates.get('key');
  const messageId = templates.get('properties.messageId');
  const correlationId = templates.get('properties.correlationId');
  // Schema encoding: a payload (or key) without placeholders is encoded once; a templated one per message.
  const valueOf = valueEncoder
    ? payload!.dynamic ? (i: number, random?: TemplateRandom, now?: number) => encodeAt(valueEncoder, payload!.expand(i, random, now), i, 'value') : () => schemaBytes!
    : undefined;
  const keyOf = keyEncoder && key
    ? key.dynamic ? (i: number, random?: TemplateRandom, now?: number) => encodeAt(keyEncoder, key.expand(i, random, now), i, 'key') : () => keyBytes!
    : undefined;
  const fixedProps = fixed as AmqpProperties;
  const hasFixedProps = Object.keys(fixedProps).length > 0;

  return {
    ok: true,
    plan: {
      target,
      dynamic,
      build(index, random, now = Date.now()) {
        // Built field by field (no spreads): Send ×N calls this once per message.
        const value = payloadBytes ?? (valueOf ? valueOf(index, random, now) : payload!.expand(index, random, now));
        if (draft.broker === 'kafka') {
          const m: { value: string | Uint8Array; key?: string | Uint8Array; headerList?: (readonly [string, string])[]; partition?: number; timestamp?: number } = { value };
          if (keyOf) m.key = keyOf(index, random, now);
          else if (key) m.key = key.expand(index, random, now);
          if (headerTemplates.length > 0) m.headerList = headerTemplates.map(([name, t]) => [name, t.expand(index, random, now)] as const);
          if (partition !== undefined) m.partition = partition;
          if (timestamp !== undefined) m.timestamp = timestamp;
          return m;
        }
        const m: { value: string | Uint8Array; headers?: Record<string, string>; properties?: AmqpProperties } = { value };
        if (headerTemplates.length > 0) {
          const headers: Record<string, string> = {};
          for (const [name, t] of headerTemplates) headers[name] = t.expand(index, random, now);
          m.headers = headers;
        }
        if (messageId || correlationId) {
          m.properties = {
            ...fixedProps,
            ...(messageId ? { messageId: messageId.expand(index, random, now) } : {}),
            ...(correlationId ? { correlationId: correlationId.expand(index, random, now) } : {}),
          };
        } else if (hasFixedProps) m.properties = fixedProps;
        return m;
      },
    },
  };
}

/** The encoder of a slot, or undefined with the slot's problem (or `missing`) recorded on `field`. */
function encoderOf(slot: DraftEncoderSlot | undefined, field: string, problems: DraftProblem[], missing: string): DraftEncoder | undefined {
  if (slot && 'encode' in slot) return slot;
  problems.push({ field, message: slot?.problem ?? missing });
  return undefined;
}

/** Encodes the first message's JSON text, or records the problem on `field` (JSON position first, then the schema's field). */
function encodeFirst(encoder: DraftEncoder, text: string, field: string, problems: DraftProblem[]): Uint8Array | undefined {
  const empty = field === 'key' ? l10n.t('The key is empty; type the JSON value its schema describes, such as {0}.', '{}') : l10n.t('The payload is empty; type the JSON value the schema describes, such as {0}.', '{}');
  const problem = text.trim() === '' ? { message: empty, line: 1, column: 1 } : jsonProblem(text);
  if (problem) {
    problems.push({ field, ...problem });
    return undefined;
  }
  try {
    return encoder.encode(JSON.parse(text));
  } catch (error) {
    problems.push({ field, message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/** Encodes message `index` of a templated run; a message whose placeholders make it not fit stops the run with its number. */
function encodeAt(encoder: DraftEncoder, text: string, index: number, what: 'value' | 'key'): Uint8Array {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BrokerError('invalidInput', what === 'key'
      ? l10n.t('Message {0} of the run: its key is not valid JSON once the placeholders are filled in. The run stopped there.', index + 1)
      : l10n.t('Message {0} of the run: its value is not valid JSON once the placeholders are filled in. The run stopped there.', index + 1));
  }
  try {
    return encoder.encode(value);
  } catch (error) {
    throw new BrokerError('invalidInput', l10n.t('Message {0} of the run: {1} The run stopped there.', index + 1, error instanceof Error ? error.message.replace(/ Nothing was published\.$/, '') : String(error)));
  }
}

/** Milliseconds from "1733378400000" or an ISO date; undefined when neither. */
function parseTime(text: string): number | undefined {
  if (UINT.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
