/**
 * The export format of browsed records (Browse → Export…) and its inverse (Publish → Import NDJSON).
 * One record is one JSON object; bytes are written as text when they are valid text and as base64
 * otherwise (or always as base64 when asked), so an export re-imports to the exact same bytes:
 *
 *   {"destination":"orders","partition":0,"offset":41,"timestamp":1733378400000,
 *    "key":{"text":"o-1"},"value":{"base64":"AAEC"},"headers":[{"name":"trace","text":"a"}],
 *    "exchange":"shop","routingKey":"order.paid","properties":{"contentType":"application/json"}}
 *
 * NDJSON is one such object per line; JSON is an array of them; CSV flattens them to columns.
 * Writers produce one line (or row) at a time so an export streams, never builds the file in memory.
 */
import * as l10n from '@vscode/l10n';
import type { AmqpProperties, BrokerRecord, HeaderValue, OutgoingMessage } from '../model/message.js';
import { fromBase64, isText, toBase64 } from '../model/payload.js';

/** Bytes as exported. */
export type ExportedBytes = { readonly text: string } | { readonly base64: string };

/** One exported header (names may repeat: Kafka allows it). */
export type ExportedHeader = { readonly name: string } & ExportedBytes;

/** One exported record. */
export interface ExportedRecord {
  readonly destination: string;
  readonly partition?: number;
  readonly offset?: number;
  readonly timestamp?: number;
  readonly key?: ExportedBytes | null;
  readonly value: ExportedBytes | null;
  readonly headers: readonly ExportedHeader[];
  readonly exchange?: string;
  readonly routingKey?: string;
  readonly redelivered?: boolean;
  readonly properties?: AmqpProperties;
}

/** How values are written: as text where they are text ('auto'), or always base64. */
export type BytesEncoding = 'auto' | 'base64';

/** Export file formats. */
export type ExportFormat = 'ndjson' | 'json' | 'csv';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function bytesOut(bytes: Uint8Array, encoding: BytesEncoding): ExportedBytes {
  return encoding === 'auto' && isText(bytes) ? { text: decoder.decode(bytes) } : { base64: toBase64(bytes) };
}

function headerOut(name: string, value: HeaderValue, encoding: BytesEncoding, out: ExportedHeader[]): void {
  if (value instanceof Uint8Array) out.push({ name, ...bytesOut(value, encoding) });
  else if (Array.isArray(value)) for (const v of value as readonly HeaderValue[]) headerOut(name, v, encoding, out);
  else if (value === null) out.push({ name, text: '' });
  else out.push({ name, text: typeof value === 'object' ? JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? toBase64(v) : v)) : String(value) });
}

/** A browsed record as exported. */
export function exportRecord(r: BrokerRecord, encoding: BytesEncoding = 'auto'): ExportedRecord {
  const headers: ExportedHeader[] = [];
  for (const [name, value] of Object.entries(r.headers)) headerOut(name, value, encoding, headers);
  return {
    destination: r.destination,
    ...(r.partition !== undefined ? { partition: r.partition } : {}),
    ...(r.offset !== undefined ? { offset: r.offset } : {}),
    ...(r.timestamp !== undefined ? { timestamp: r.timestamp } : {}),
    ...(r.key !== undefined ? { key: r.key === null ? null : bytesOut(r.key, encoding) } : {}),
    value: r.value === null ? null : bytesOut(r.value, encoding),
    headers,
    ...(r.exchange !== undefined ? { exchange: r.exchange } : {}),
    ...(r.routingKey !== undefined ? { routingKey: r.routingKey } : {}),
    ...(r.redelivered !== undefined ? { redelivered: r.redelivered } : {}),
    ...(r.properties && Object.keys(r.properties).length > 0 ? { properties: r.properties } : {}),
  };
}

const CSV_COLUMNS = ['destination', 'partition', 'offset', 'timestamp', 'exchange', 'routingKey', 'keyEncoding', 'key', 'valueEncoding', 'value', 'headers', 'properties'] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const encodingOf = (b: ExportedBytes | null | undefined): string => (b === null || b === undefined ? '' : 'text' in b ? 'text' : 'base64');
const bytesText = (b: ExportedBytes | null | undefined): string | undefined => (b === null || b === undefined ? undefined : 'text' in b ? b.text : b.base64);

/** Streams a format: the text before the first record, each record, the text after the last. */
export interface ExportWriter {
  readonly head: string;
  record(r: ExportedRecord, first: boolean): string;
  readonly tail: string;
}

/** The writer of a format (RFC 4180 CSV with a header row; JSON as an array, one record per line). */
export function exportWriter(format: ExportFormat): ExportWriter {
  switch (format) {
    case 'ndjson':
      return { head: '', record: (r) => `${JSON.stringify(r)}\n`, tail: '' };
    case 'json':
      return { head: '[\n', record: (r, first) => `${first ? '' : ',\n'}${JSON.stringify(r)}`, tail: '\n]\n' };
    case 'csv':
      return {
        head: `${CSV_COLUMNS.join(',')}\r\n`,
        record: (r) => `${[
          r.destination, r.partition, r.offset, r.timestamp === undefined ? undefined : new Date(r.timestamp).toISOString(), r.exchange, r.routingKey,
          encodingOf(r.key), bytesText(r.key), encodingOf(r.value), bytesText(r.value),
          r.headers.length ? r.headers : undefined, r.properties,
        ].map(csvCell).join(',')}\r\n`,
        tail: '',
      };
  }
}

function bytesIn(value: unknown, what: string): Uint8Array | string | null {
  if (value === null) return null;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o['text'] === 'string') return o['text'];
    if (typeof o['base64'] === 'string') {
      try {
        return fromBase64(o['base64']);
      } catch {
        throw new Error(l10n.t('{0} has "base64" that is not valid base64', what));
      }
    }
  }
  throw new Error(l10n.t('{0} must be {1}, {2} or null', what, '{"text": …}', '{"base64": …}'));
}

const PROPERTY_TYPES: Readonly<Record<keyof AmqpProperties, 'string' | 'number'>> = {
  contentType: 'string', contentEncoding: 'string', deliveryMode: 'number', priority: 'number', expiration: 'string', correlationId: 'string',
  replyTo: 'string', messageId: 'string', timestamp: 'number', type: 'string', appId: 'string', userId: 'string',
};

/**
 * One exported record (a parsed NDJSON line) as a message to publish: key, value, headers and
 * timestamp for Kafka; value, headers and AMQP properties for RabbitMQ. The partition is not kept
 * (the target topic may have other partitions): the key decides, as it did originally.
 */
export function importRecord(line: unknown, broker: 'kafka' | 'rabbitmq'): OutgoingMessage {
  if (typeof line !== 'object' || line === null || Array.isArray(line)) throw new Error(l10n.t('a record must be a JSON object'));
  const o = line as Record<string, unknown>;
  if (!('value' in o)) throw new Error(l10n.t('the record has no "value"'));
  const value = bytesIn(o['value'], '"value"');
  const headersIn = o['headers'] ?? [];
  if (!Array.isArray(headersIn)) throw new Error(l10n.t('"headers" must be a list of {0}', '{"name", "text"|"base64"}'));
  const headerList: [string, string | Uint8Array][] = headersIn.map((h: unknown, i) => {
    const name = (h as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw new Error(l10n.t('header {0} has no "name"', i + 1));
    return [name, bytesIn(h, `header "${name}"`) ?? ''];
  });
  if (broker === 'kafka') {
    const key = o['key'] === undefined ? undefined : bytesIn(o['key'], '"key"');
    const timestamp = typeof o['timestamp'] === 'number' && Number.isFinite(o['timestamp']) ? o['timestamp'] : undefined;
    return { value, ...(key !== undefined && key !== null ? { key } : {}), ...(headerList.length ? { headerList } : {}), ...(timestamp !== undefined ? { timestamp } : {}) };
  }
  const headers: Record<string, string | Uint8Array> = {};
  for (const [name, v] of headerList) headers[name] = v;
  const properties: Record<string, string | number> = {};
  const p = o['properties'];
  if (p !== undefined && (typeof p !== 'object' || p === null)) throw new Error(l10n.t('"properties" must be an object'));
  for (const [name, type] of Object.entries(PROPERTY_TYPES)) {
    const v = (p as Record<string, unknown> | undefined)?.[name];
    if (v !== undefined && v !== null && typeof v === type) properties[name] = v as string | number;
  }
  return { value, ...(headerList.length ? { headers } : {}), ...(Object.keys(properties).length ? { properties: properties as AmqpProperties } : {}) };
}

/** Bytes of a value, for comparing an import with its export. */
export function exportedBytes(b: ExportedBytes | null | undefined): Uint8Array | null {
  if (b === null || b === undefined) return null;
  return 'text' in b ? encoder.encode(b.text) : fromBase64(b.base64);
}
