/**
 * Google's Timestamp and Duration as people read them, following the Protobuf JSON mapping
 * (protobuf.dev, "JSON Mapping"): a Timestamp is RFC 3339 text in UTC ("2026-12-05T06:00:00.250Z",
 * 0, 3, 6 or 9 fractional digits), a Duration is seconds with an "s" ("90s", "-1.500s"). Decoded
 * records show them so; on encode the same text is accepted (and the {seconds, nanos} object still is).
 */
import protobuf from 'protobufjs';
import { SchemaValueError } from './codec.js';

const TIMESTAMP = '.google.protobuf.Timestamp';
const DURATION = '.google.protobuf.Duration';
const MAX_DEPTH = 64;

/** The fraction of a second in the mapping's style: none, or 3, 6 or 9 digits. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(Math.abs(nanos)).padStart(9, '0');
  return `.${digits.endsWith('000000') ? digits.slice(0, 3) : digits.endsWith('000') ? digits.slice(0, 6) : digits}`;
}

/** RFC 3339 text of a Timestamp, or undefined when its seconds are outside years 1 to 9999. */
export function timestampText(seconds: string | number, nanos: number): string | undefined {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s < -62_135_596_800 || s > 253_402_300_799 || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) return undefined;
  return `${new Date(s * 1000).toISOString().slice(0, 19)}${fraction(nanos)}Z`;
}

/** "90s", "-1.500s". */
export function durationText(seconds: string | number, nanos: number): string | undefined {
  const s = BigInt(String(seconds));
  if (!Number.isInteger(nanos) || Math.abs(nanos) > 999_999_999) return undefined;
  const negative = s < 0n || nanos < 0;
  const whole = s < 0n ? -s : s;
  return `${negative ? '-' : ''}${whole}${fraction(nanos)}s`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;
const DURATION_TEXT = /^(-)?(\d{1,12})(?:\.(\d{1,9}))?s$/;

/** {seconds, nanos} of RFC 3339 text, or undefined. */
export function parseTimestamp(text: string): { seconds: string; nanos: number } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]!.replace(/[t ]/, 'T')}${m[3]!.toUpperCase()}`);
  if (!Number.isFinite(ms)) return undefined;
  return { seconds: String(Math.floor(ms / 1000)), nanos: Number((m[2] ?? '').padEnd(9, '0') || '0') };
}

/** {seconds, nanos} of "90s" / "-1.5s", or undefined. */
export function parseDuration(text: string): { seconds: string; nanos: number } | undefined {
  const m = DURATION_TEXT.exec(text);
  if (!m) return undefined;
  const sign = m[1] ? -1 : 1;
  const nanos = Number((m[3] ?? '').padEnd(9, '0') || '0');
  return { seconds: `${m[1] && m[2] !== '0' ? '-' : ''}${m[2]}`, nanos: nanos === 0 ? 0 : sign * nanos };
}

type Obj = Record<string, unknown>;

function wellKnown(type: protobuf.Type): 'timestamp' | 'duration' | undefined {
  return type.fullName === TIMESTAMP ? 'timestamp' : type.fullName === DURATION ? 'duration' : undefined;
}

/** Applies `fix` to every value of a message field (one, each of a repeated field, each of a map). */
function eachValue(field: protobuf.Field, value: unknown, fix: (v: unknown, at: string) => unknown, at: string): unknown {
  if (value === null || value === undefined) return value;
  if (field.map) {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value as Obj).map(([k, v]) => [k, fix(v, `${at}.${k}`)]));
  }
  if (field.repeated) return Array.isArray(value) ? value.map((v, i) => fix(v, `${at}[${i}]`)) : value;
  return fix(value, at);
}

/** A decoded object (protobufjs toObject, longs as text) with Timestamps and Durations as text. */
export function readableWellKnown(type: protobuf.Type, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > MAX_DEPTH) return value;
  const kind = wellKnown(type);
  if (kind) {
    const { seconds = 0, nanos = 0 } = value as { seconds?: string | number; nanos?: number };
    return (kind === 'timestamp' ? timestampText(seconds, nanos) : durationText(seconds, nanos)) ?? value;
  }
  let out: Obj | undefined;
  for (const field of type.fieldsArray) {
    const resolved = field.resolve().resolvedType;
    if (!(resolved instanceof protobuf.Type)) continue;
    const current = (value as Obj)[field.name];
    if (current === undefined || current === null) continue;
    const next = eachValue(field, current, (v) => readableWellKnown(resolved, v, depth + 1), field.name);
    if (next !== current) (out ??= { ...(value as Obj) })[field.name] = next;
  }
  return out ?? value;
}

/**
 * A JSON value to encode, with Timestamp and Duration text turned into {seconds, nanos}. Text that is
 * neither throws a SchemaValueError at the field; anything else is left for the message check.
 */
export function fromReadableWellKnown(type: protobuf.Type, value: unknown, path = '', depth = 0): unknown {
  const kind = wellKnown(type);
  if (kind && typeof value === 'string') {
    const parsed = kind === 'timestamp' ? parseTimestamp(value) : parseDuration(value);
    if (!parsed) {
      throw new SchemaValueError(path || '(root)', kind === 'timestamp'
        ? 'expected a timestamp such as 2026-12-05T06:00:00Z (RFC 3339)'
        : 'expected a duration such as 90s or 1.5s');
    }
    return parsed;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > MAX_DEPTH) return value;
  let out: Obj | undefined;
  for (const [key, current] of Object.entries(value as Obj)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => f.options?.json_name === key);
    const resolved = field?.resolve().resolvedType;
    if (!field || !(resolved instanceof protobuf.Type)) continue;
    const at = path ? `${path}.${key}` : key;
    const next = eachValue(field, current, (v, p) => fromReadableWellKnown(resolved, v, p, depth + 1), at);
    if (next !== current) (out ??= { ...(value as Obj) })[key] = next;
  }
  return out ?? value;
}
