/**
 * Small helpers over AMQP field values as JS carries them (what amqplib decodes and encodes).
 */

/** The AMQP type name a client library (amqplib) would pick for a JS value; used in RabbitMQ-style error texts. */
export function amqpTypeName(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'double';
    if (v >= -128 && v < 128) return 'byte';
    if (v >= -32768 && v < 32768) return 'short';
    return v >= -2147483648 && v < 2147483648 ? 'signedint' : 'long';
  }
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'void';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return 'binary';
  if (v instanceof Date) return 'timestamp';
  return typeof v === 'object' ? 'table' : 'longstr';
}

/** An AMQP timestamp (seconds since the epoch) in the shape amqplib decodes it: `{ '!': 'timestamp', value }`. */
export interface AmqpTimestamp {
  readonly '!': 'timestamp';
  readonly value: number;
}

/** Builds an {@link AmqpTimestamp} from milliseconds. */
export function amqpTimestamp(ms: number): AmqpTimestamp {
  return { '!': 'timestamp', value: Math.floor(ms / 1000) };
}

/** Reads a timestamp given as Date, {'!':'timestamp', value: seconds}; returns ms or undefined. */
export function readTimestampMs(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'object' && v !== null && (v as { '!'?: unknown })['!'] === 'timestamp') {
    const value = (v as { value?: unknown }).value;
    if (typeof value === 'number') return value * 1000;
  }
  return undefined;
}

/** A printable form of a value for RabbitMQ-style error texts. */
export function printValue(v: unknown): string {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** Deep equality of two argument tables (binding identity, redeclare checks). */
export function argsEqual(a: Readonly<Record<string, unknown>> | undefined, b: Readonly<Record<string, unknown>> | undefined): boolean {
  return canonicalArgs(a) === canonicalArgs(b);
}

/** A canonical string of an argument table: keys sorted, bytes as hex. */
export function canonicalArgs(args: Readonly<Record<string, unknown>> | undefined): string {
  if (!args) return '{}';
  return JSON.stringify(sortDeep(args));
}

function sortDeep(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $bytes: Array.from(v) };
  if (v instanceof Date) return { $ts: v.getTime() };
  if (Array.isArray(v)) return v.map(sortDeep);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep((v as Record<string, unknown>)[k]);
    return out;
  }
  return v === undefined ? null : v;
}
