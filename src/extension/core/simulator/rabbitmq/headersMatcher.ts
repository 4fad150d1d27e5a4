/**
 * Headers-exchange matching as RabbitMQ 3.10 does it (rabbit_exchange_type_headers.erl).
 *
 * - `x-match` is 'all' (also when absent), 'any', 'all-with-x' or 'any-with-x'; any other value, or
 *   a value that is not a string, is refused at bind time with 406.
 * - 'all' and 'any' skip every binding argument whose name starts with 'x-'; the '-with-x' forms
 *   compare them too (only 'x-match' itself is never compared).
 * - A binding argument with no value (AMQP void: null or undefined here) matches the mere presence
 *   of the header.
 * - Values compare with Erlang's `==`: the AMQP type tag is ignored, numbers compare numerically
 *   (1 == 1.0), a string equals bytes with the same UTF-8 content (both are Erlang binaries), but
 *   a string never equals a number or a boolean ('1' != 1, 'true' != true).
 * - 'all' with no comparable arguments matches every message; 'any' with none matches nothing.
 * Checked against RabbitMQ 3.10.8 (see headersMatcher.test.ts).
 */
import type { HeaderValue } from '../../model/message.js';
import { amqpTypeName } from './amqpValues.js';

/** The four x-match modes. */
export type XMatchMode = 'all' | 'any' | 'all-with-x' | 'any-with-x';

/** A headers binding compiled once at bind time. */
export interface CompiledHeadersBinding {
  readonly all: boolean;
  readonly keys: readonly string[];
  /** `undefined` = presence only (AMQP void). */
  readonly values: readonly unknown[];
}

const MODES: readonly string[] = ['all', 'any', 'all-with-x', 'any-with-x'];
const encoder = new TextEncoder();

/** RabbitMQ's refusal text for a bad x-match, or undefined when the arguments can be bound. */
export function validateHeadersBindingArgs(args: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!args || !('x-match' in args)) return undefined;
  const mode = args['x-match'];
  if (typeof mode === 'string') {
    return MODES.includes(mode) ? undefined : `Invalid x-match field value <<"${mode}">>; expected all, any, all-with-x, or any-with-x`;
  }
  return `Invalid x-match field type ${amqpTypeName(mode)} (value ${String(mode)}); expected longstr`;
}

/** Compiles binding arguments; call {@link validateHeadersBindingArgs} first. */
export function compileHeadersBinding(args: Readonly<Record<string, unknown>> | undefined): CompiledHeadersBinding {
  const raw = args?.['x-match'];
  const mode: XMatchMode = typeof raw === 'string' && MODES.includes(raw) ? (raw as XMatchMode) : 'all';
  const withX = mode === 'all-with-x' || mode === 'any-with-x';
  const keys: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(args ?? {})) {
    if (key === 'x-match') continue;
    if (!withX && key.startsWith('x-')) continue;
    keys.push(key);
    values.push(value === null ? undefined : value);
  }
  return { all: mode === 'all' || mode === 'all-with-x', keys, values };
}

/** True when the message headers satisfy the compiled binding. */
export function matchHeaders(binding: CompiledHeadersBinding, headers: Readonly<Record<string, HeaderValue>> | undefined): boolean {
  const { keys, values, all } = binding;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const present = headers !== undefined && Object.prototype.hasOwnProperty.call(headers, key);
    const expected = values[i];
    const ok = present && (expected === undefined || amqpValueEquals(expected, headers![key]));
    if (all && !ok) return false;
    if (!all && ok) return true;
  }
  return all;
}

/** Erlang `==` over AMQP field values as JS carries them. */
export function amqpValueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? undefined) === (b ?? undefined);
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' && a === b;
  if (typeof a === 'bigint' || typeof b === 'bigint') return Number(a) === Number(b);
  const ab = asBinary(a);
  const bb = asBinary(b);
  if (ab && bb) return bytesEqual(ab, bb);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => amqpValueEquals(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && !ab && !bb) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k)
      && amqpValueEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function asBinary(v: unknown): Uint8Array | undefined {
  if (typeof v === 'string') return encoder.encode(v);
  if (v instanceof Uint8Array) return v;
  return undefined;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
