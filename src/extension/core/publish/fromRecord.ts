/**
 * "Republish…": a browsed record as a Publish form, every field editable. Text stays text (JSON as
 * JSON), binary values become base64 so no byte changes. Kafka header and key bytes that are not text
 * cannot be typed in the form; they are left out and named, so the user knows.
 */
import type { BrokerRecord, HeaderValue } from '../model/message.js';
import { isText, toBase64 } from '../model/payload.js';
import { emptyDraft, type AmqpPropertyField, type DraftHeader, type PublishDraft } from './draft.js';
import { findJsonError } from './jsonCheck.js';

const decoder = new TextDecoder();
/** Templates are a feature of the form: a literal "{{" in a record must stay literal. */
const literal = (text: string): string => text.replace(/\{\{/g, '\\{{');

function headerText(value: HeaderValue): string | undefined {
  if (value instanceof Uint8Array) return isText(value) ? decoder.decode(value) : undefined;
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? toBase64(v) : v));
  return String(value);
}

/** The form for a record, and what could not be carried over. */
export function draftFromRecord(record: BrokerRecord, broker: 'kafka' | 'rabbitmq'): { draft: PublishDraft; dropped: string[] } {
  const dropped: string[] = [];
  const base = broker === 'kafka' ? emptyDraft('kafka', record.destination) : emptyDraft('rabbitmq', record.exchange ?? '', record.exchange === undefined ? record.destination : record.routingKey ?? '');
  const headers: DraftHeader[] = [];
  for (const [name, value] of Object.entries(record.headers)) {
    // x-death belongs to the dead-lettering broker; sending it again would fake a history.
    if (broker === 'rabbitmq' && name === 'x-death') continue;
    const values = Array.isArray(value) && broker === 'kafka' ? (value as readonly HeaderValue[]) : [value];
    for (const v of values) {
      const text = headerText(v);
      if (text === undefined) dropped.push(`header ${name}`);
      else headers.push({ name, value: literal(text) });
    }
  }
  let key = '';
  if (broker === 'kafka' && record.key) {
    if (isText(record.key)) key = literal(decoder.decode(record.key));
    else dropped.push('key');
  }
  const value = record.value ?? new Uint8Array();
  const text = isText(value) ? decoder.decode(value) : undefined;
  const payloadMode = text === undefined ? 'base64' : text.trim() !== '' && findJsonError(text) === undefined ? 'json' : 'text';
  const properties: Partial<Record<AmqpPropertyField, string>> = { ...base.properties };
  for (const [name, v] of Object.entries(record.properties ?? {})) {
    if (v === undefined) continue;
    properties[name as AmqpPropertyField] = name === 'timestamp' ? String(Number(v) * 1000) : String(v);
  }
  return {
    draft: {
      ...base,
      key,
      headers,
      payloadMode,
      payload: text === undefined ? toBase64(value) : literal(text),
      properties: broker === 'rabbitmq' ? properties : {},
    },
    dropped,
  };
}
