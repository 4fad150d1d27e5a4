/**
 * BrokerRecords as the Browse panel receives them. Bytes are decoded here, on the host, so the webview
 * only ever gets text: one-line previews for the list, bounded text/JSON/hex/base64 views for the
 * detail pane. Binary is never passed through a text decoder that would mangle it; it is shown as hex
 * and base64, which round-trip exactly.
 */
import * as l10n from '@vscode/l10n';
import type { BrowsePage } from '../../core/model/browse.js';
import type { LensResult, SchemaLens } from '../../core/schema/recordLens.js';
import type { AmqpProperties, BrokerRecord, HeaderValue } from '../../core/model/message.js';
import { decodePayload, isText, toBase64, toHex } from '../../core/model/payload.js';
import {
  BROWSE_PREVIEW_LIMIT,
  BROWSE_SUMMARY_CHARS,
  type BrowseDetail,
  type BrowsePageWire,
  type BrowseRow,
  type DecodedSchemaWire,
  type PayloadWire,
} from '../../protocol/browsePanel.js';

/** Bytes read for a one-line preview: enough for BROWSE_SUMMARY_CHARS characters of any script. */
const SUMMARY_BYTES = 4 * BROWSE_SUMMARY_CHARS;
/** A text value up to this size is parsed to tell JSON from text for the list's kind marker. */
const JSON_SNIFF_LIMIT = 64 * 1024;
/** Header values and property values are shown up to this many characters. */
const FIELD_CHARS = 64 * 1024;
const utf8 = new TextDecoder('utf-8');

/** Collapses whitespace to single spaces and cuts to `max` characters with an ellipsis. */
export function oneLine(text: string, max = BROWSE_SUMMARY_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Kind and one-line preview of a key or value; `null` when there is none (a Kafka null key or tombstone). */
export function summarize(bytes: Uint8Array | null | undefined): { kind: BrowseRow['valueKind']; preview: string } {
  if (bytes === null || bytes === undefined) return { kind: 'null', preview: '' };
  const view = decodePayload(bytes, SUMMARY_BYTES);
  switch (view.kind) {
    case 'empty':
      return { kind: 'empty', preview: '' };
    case 'binary': {
      // Hex pairs, so the list shows the bytes themselves rather than replacement characters.
      const pairs = view.hex.slice(0, 64).replace(/(..)(?!$)/g, '$1 ');
      return { kind: 'binary', preview: bytes.length > 32 ? `${pairs} …` : pairs };
    }
    case 'json':
      return { kind: 'json', preview: oneLine(view.text ?? '') };
    case 'text': {
      const preview = oneLine(view.text ?? '');
      return { kind: view.truncated && looksLikeJson(bytes) ? 'json' : 'text', preview };
    }
  }
}

function looksLikeJson(bytes: Uint8Array): boolean {
  if (bytes.length > JSON_SNIFF_LIMIT) return false;
  const text = utf8.decode(bytes).trim();
  if (!(text.startsWith('{') || text.startsWith('['))) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The list's view of a schema-decoded key or value: the decoded JSON as the preview, and a mark. */
function schemaSummary(found: LensResult | undefined): { kind: BrowseRow['valueKind']; preview: string } | undefined {
  if (found?.result.status !== 'decoded') return undefined;
  return { kind: 'json', preview: oneLine(JSON.stringify(found.result.value) ?? '') };
}

/** One list row; with a schema lens, framed keys and values are previewed decoded. */
export function toRow(record: BrokerRecord, lens?: SchemaLens): BrowseRow {
  const keyFound = lens?.decodeKey(record);
  const valueFound = lens?.decodeValue(record);
  const keyDecoded = schemaSummary(keyFound);
  const valueDecoded = schemaSummary(valueFound);
  const key = keyDecoded ?? summarize(record.key);
  const value = valueDecoded ?? summarize(record.value);
  return {
    id: record.id,
    ...(record.partition !== undefined ? { partition: record.partition } : {}),
    ...(record.offset !== undefined ? { offset: record.offset } : {}),
    // Kafka reports -1 for "no timestamp".
    ...(record.timestamp !== undefined && record.timestamp >= 0 ? { timestamp: record.timestamp } : {}),
    size: record.size,
    keyKind: key.kind,
    keyPreview: key.preview,
    valueKind: value.kind,
    valuePreview: value.preview,
    valueSize: record.value?.length ?? 0,
    headerCount: Object.keys(record.headers).length,
    ...(keyFound ? { keySchema: { status: keyFound.result.status, schemaId: keyFound.result.schemaId } } : {}),
    ...(valueFound ? { valueSchema: { status: valueFound.result.status, schemaId: valueFound.result.schemaId } } : {}),
    ...(record.exchange !== undefined ? { exchange: record.exchange } : {}),
    ...(record.routingKey !== undefined ? { routingKey: record.routingKey } : {}),
    ...(record.redelivered !== undefined ? { redelivered: record.redelivered } : {}),
    ...(record.exchange !== undefined && record.headers['x-death'] !== undefined ? { dead: true } : {}),
  };
}

/** A page as sent: rows instead of records. */
export function toPageWire(page: BrowsePage, lens?: SchemaLens): BrowsePageWire {
  return {
    records: page.records.map((r) => toRow(r, lens)),
    ...(page.next ? { next: { direction: page.next.direction, positions: positionsWire(page.next.positions) } } : {}),
    ...(page.previous ? { previous: { direction: page.previous.direction, positions: positionsWire(page.previous.positions) } } : {}),
    scanned: page.scanned,
    scanCapped: page.scanCapped,
    sideEffect: page.sideEffect,
  };
}

function positionsWire(positions: Readonly<Record<number, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(positions).map(([p, o]) => [String(p), o]));
}

/** The detail pane's schema view of a key or value. */
export function decodedWire(found: LensResult, previewLimit = BROWSE_PREVIEW_LIMIT): DecodedSchemaWire {
  const r = found.result;
  if (r.status === 'failed') return { status: 'failed', schemaId: r.schemaId, source: found.source, reason: r.reason.slice(0, 2000) };
  const json = JSON.stringify(r.value, null, 2) ?? 'null';
  return {
    status: 'decoded',
    schemaId: r.schemaId,
    source: found.source,
    schemaType: r.schemaType,
    ...(r.subject !== undefined ? { subject: r.subject } : {}),
    ...(r.version !== undefined ? { version: r.version } : {}),
    ...(r.typeName !== undefined ? { typeName: r.typeName.slice(0, 1000) } : {}),
    // A decoded value too large to send is still in "Open in editor"; the pane says so.
    ...(json.length <= 16 * previewLimit ? { json } : { reason: l10n.t('The decoded value is too large to show here; Open in editor shows all of it.') }),
  };
}

/** Decoded views of a key or value, each at most `previewLimit` bytes long. */
export function toPayloadWire(bytes: Uint8Array, previewLimit = BROWSE_PREVIEW_LIMIT, schema?: LensResult): PayloadWire {
  const view = decodePayload(bytes, previewLimit);
  // Pretty-printing deeply nested JSON can grow far beyond the bytes; the text view still shows it.
  const json = view.json !== undefined && view.json.length <= 16 * previewLimit ? view.json : undefined;
  return {
    kind: json === undefined && view.kind === 'json' ? 'text' : view.kind,
    size: view.size,
    ...(view.text !== undefined ? { text: view.text } : {}),
    ...(json !== undefined ? { json } : {}),
    hex: view.hex,
    base64: view.base64,
    truncated: view.truncated,
    ...(schema ? { schema: decodedWire(schema, previewLimit) } : {}),
  };
}

/** A header value as text: text bytes as text, other bytes as 0x-hex, lists and tables as JSON. */
export function headerValueText(value: HeaderValue): string {
  const text = ((): string => {
    if (value === null) return 'null';
    if (value instanceof Uint8Array) return isText(value) ? utf8.decode(value) : `0x${toHex(value.subarray(0, FIELD_CHARS / 2))}`;
    if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? headerValueText(v) : v));
    return String(value);
  })();
  return text.length > FIELD_CHARS ? `${text.slice(0, FIELD_CHARS)}…` : text;
}

const PROPERTY_LABELS: readonly [keyof AmqpProperties, string][] = [
  ['contentType', 'content_type'],
  ['contentEncoding', 'content_encoding'],
  ['deliveryMode', 'delivery_mode'],
  ['priority', 'priority'],
  ['expiration', 'expiration'],
  ['correlationId', 'correlation_id'],
  ['replyTo', 'reply_to'],
  ['messageId', 'message_id'],
  ['timestamp', 'timestamp'],
  ['type', 'type'],
  ['appId', 'app_id'],
  ['userId', 'user_id'],
];

/** The AMQP properties that are set, named as the management UI names them. */
export function propertiesWire(properties: AmqpProperties | undefined): { name: string; value: string }[] {
  if (!properties) return [];
  const out: { name: string; value: string }[] = [];
  for (const [field, name] of PROPERTY_LABELS) {
    const raw = properties[field];
    if (raw === undefined) continue;
    let value = String(raw);
    if (field === 'deliveryMode') value = raw === 2 ? '2 (persistent)' : '1 (transient)';
    // AMQP timestamps are seconds since the epoch.
    if (field === 'timestamp' && typeof raw === 'number') value = `${raw} (${new Date(raw * 1000).toISOString()})`;
    out.push({ name, value: value.slice(0, FIELD_CHARS) });
  }
  return out;
}

/** What the detail pane shows of one record. */
export function toDetail(record: BrokerRecord, previewLimit = BROWSE_PREVIEW_LIMIT, lens?: SchemaLens): BrowseDetail {
  return {
    id: record.id,
    key: record.key === null || record.key === undefined ? null : toPayloadWire(record.key, previewLimit, lens?.decodeKey(record)),
    value: record.value === null ? null : toPayloadWire(record.value, previewLimit, lens?.decodeValue(record)),
    headers: Object.entries(record.headers).map(([name, value]) => ({ name: name.slice(0, 1000), value: headerValueText(value) })),
    properties: propertiesWire(record.properties),
  };
}

/** The whole value as an editor shows it: pretty JSON, text, or a hex dump for binary. */
export function valueDocument(value: Uint8Array | null): { content: string; language: 'json' | 'plaintext' } {
  if (value === null || value.length === 0) return { content: '', language: 'plaintext' };
  if (!isText(value)) return { content: hexDump(value), language: 'plaintext' };
  const text = utf8.decode(value);
  const json = parseJson(text);
  return json.ok ? { content: JSON.stringify(json.value, null, 2), language: 'json' } : { content: text, language: 'plaintext' };
}

/** The whole value for the clipboard: the exact text, or base64 when the bytes are not text. */
export function valueClipboardText(value: Uint8Array | null): string {
  if (value === null) return '';
  return isText(value) ? utf8.decode(value) : toBase64(value);
}

/**
 * The record as JSON for the clipboard. Text stays text, JSON values are embedded as JSON, and
 * binary becomes `{ "base64": ... }` so nothing is lost.
 */
export function recordJson(record: BrokerRecord): string {
  const bytes = (b: Uint8Array | null | undefined, parse: boolean): unknown => {
    if (b === null || b === undefined) return null;
    if (!isText(b)) return { base64: toBase64(b) };
    const text = utf8.decode(b);
    const json = parse ? parseJson(text) : undefined;
    return json?.ok && typeof json.value === 'object' && json.value !== null ? json.value : text;
  };
  const out: Record<string, unknown> = {
    destination: record.destination,
    ...(record.partition !== undefined ? { partition: record.partition } : {}),
    ...(record.offset !== undefined ? { offset: record.offset } : {}),
    ...(record.timestamp !== undefined && record.timestamp >= 0 ? { timestamp: new Date(record.timestamp).toISOString() } : {}),
    ...(record.key !== undefined ? { key: bytes(record.key, false) } : {}),
    value: bytes(record.value, true),
    headers: Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, headerValueText(v)])),
    size: record.size,
    ...(record.exchange !== undefined ? { exchange: record.exchange } : {}),
    ...(record.routingKey !== undefined ? { routingKey: record.routingKey } : {}),
    ...(record.redelivered !== undefined ? { redelivered: record.redelivered } : {}),
    ...(record.properties ? { properties: record.properties } : {}),
  };
  return JSON.stringify(out, null, 2);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}

/** Classic 16-bytes-per-line hex dump with an ASCII column, as hex editors show binary. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}
