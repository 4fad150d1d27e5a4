/**
 * Browse filters, shared by every adapter (simulator, real Kafka, real RabbitMQ): a filter is
 * compiled once per browse into a predicate over BrokerRecord.
 *  - text: substring (case-insensitive unless asked) or regular expression over the key, the value
 *    or a header, all read as UTF-8 text; with field 'header' and no header name, any header matches;
 *    a RabbitMQ message has no key, so 'key' falls back to its routing key.
 *  - expression: the safe little language of filterExpression.ts.
 * Invalid input (a bad regex, an expression that does not parse) is a BrokerError 'invalidInput'
 * naming what is wrong, raised before any record is read.
 */
import type { BrowseFilter } from '../model/browse.js';
import { BrokerError } from '../model/errors.js';
import type { BrokerRecord, HeaderValue } from '../model/message.js';
import { compileExpression, ExpressionError, type ExpressionScope } from './filterExpression.js';
import { compileUserRegex, type UserRegex } from './userRegex.js';

/** A compiled filter: true keeps the record. */
export type RecordPredicate = (record: BrokerRecord) => boolean;

const lossyUtf8 = new TextDecoder('utf-8', { fatal: false });

/** A header value as text: bytes as UTF-8, lists one item per line, tables as JSON. */
export function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (value instanceof Uint8Array) return lossyUtf8.decode(value);
  if (Array.isArray(value)) return value.map((v: HeaderValue) => headerText(v) ?? '').join('\n');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? lossyUtf8.decode(v) : v));
  return String(value);
}

function bytesText(bytes: Uint8Array | null | undefined): string | null {
  return bytes === null || bytes === undefined ? null : lossyUtf8.decode(bytes);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileText(filter: Extract<BrowseFilter, { kind: 'text' }>): RecordPredicate {
  let test: (text: string) => boolean;
  if (filter.regex) {
    // RE2, linear time: a user's pattern can never block the extension host (see userRegex.ts).
    let re: UserRegex;
    try {
      re = compileUserRegex(filter.pattern, { caseInsensitive: !filter.caseSensitive });
    } catch (cause) {
      throw new BrokerError('invalidInput', `Filtering failed: "${filter.pattern.slice(0, 100)}" is not a valid regular expression (${(cause as Error).message}). Fix the pattern or turn off regex.`, { cause });
    }
    test = (text) => re.test(text);
  } else if (filter.caseSensitive) {
    test = (text) => text.includes(filter.pattern);
  } else {
    // Lower-casing can change lengths for a few scripts; an escaped case-insensitive regex cannot.
    const re = new RegExp(escapeRegex(filter.pattern), 'i');
    test = (text) => re.test(text);
  }
  switch (filter.field) {
    case 'value':
      return (r) => r.value !== null && test(lossyUtf8.decode(r.value));
    case 'key':
      return (r) => {
        const key = r.key ? lossyUtf8.decode(r.key) : r.routingKey;
        return key !== undefined && test(key);
      };
    case 'header': {
      const name = filter.header;
      if (name !== undefined && name !== '') {
        return (r) => {
          const text = headerText(r.headers[name]);
          return text !== undefined && test(text);
        };
      }
      return (r) => Object.values(r.headers).some((v) => {
        const text = headerText(v);
        return text !== undefined && test(text);
      });
    }
  }
}

/** The view of a record an expression evaluates against; decoding and JSON parsing happen on demand. */
function scopeOf(r: BrokerRecord): ExpressionScope {
  let json: unknown;
  let parsed = false;
  let value: string | null | undefined;
  const text = (): string | null => (value === undefined ? (value = bytesText(r.value)) : value);
  return {
    get key(): string | null {
      return bytesText(r.key) ?? r.routingKey ?? null;
    },
    get value(): string | null {
      return text();
    },
    json(): unknown {
      if (!parsed) {
        parsed = true;
        const t = text();
        try {
          json = t === null ? undefined : JSON.parse(t);
        } catch {
          json = undefined;
        }
      }
      return json;
    },
    header: (name) => headerText(r.headers[name]) ?? null,
    partition: r.partition ?? null,
    offset: r.offset ?? null,
    timestamp: r.timestamp ?? null,
  };
}

function compileExpressionFilter(source: string): RecordPredicate {
  let compiled: (scope: ExpressionScope) => boolean;
  try {
    compiled = compileExpression(source);
  } catch (e) {
    const detail = e instanceof ExpressionError ? `${e.message} at column ${e.column}` : (e as Error).message;
    throw new BrokerError('invalidInput', `Filtering failed: the expression is not valid (${detail}). Fix the expression.`, { cause: e });
  }
  return (r) => compiled(scopeOf(r));
}

/** Compiles a filter once for a whole scan; no filter keeps everything. */
export function compileFilter(filter: BrowseFilter | undefined): RecordPredicate {
  if (!filter) return () => true;
  return filter.kind === 'text' ? compileText(filter) : compileExpressionFilter(filter.expression);
}

/** True when `record` passes `filter`. */
export function matchesFilter(record: BrokerRecord, filter: BrowseFilter | undefined): boolean {
  return compileFilter(filter)(record);
}
