/**
 * Browse filters for the Kafka adapter. The shared evaluator (core/browse/filter.ts) did not exist when
 * this was written; this one implements the same BrowseFilter types and should give way to it.
 * Text filters match UTF-8 text of the key, the value or one header; expressions run in a separate
 * V8 context with no globals of the host and a per-record time limit.
 */
import vm from 'node:vm';
import type { BrowseFilter } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import type { BrokerRecord, HeaderValue } from '../../model/message.js';

/** A compiled filter: true when the record should be shown. */
export type RecordPredicate = (record: BrokerRecord) => boolean;

const utf8 = new TextDecoder('utf-8');
const EXPRESSION_TIME_LIMIT_MS = 50;

function textOf(value: HeaderValue | Uint8Array | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Uint8Array) return utf8.decode(value);
  if (Array.isArray(value)) return value.map((v) => textOf(v as HeaderValue) ?? '').join('\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileText(filter: Extract<BrowseFilter, { kind: 'text' }>): RecordPredicate {
  let regex: RegExp;
  try {
    regex = new RegExp(filter.regex ? filter.pattern : escapeRegex(filter.pattern), filter.caseSensitive ? 'u' : 'iu');
  } catch (e) {
    throw new BrokerError('invalidInput', `Filtering failed: "${filter.pattern}" is not a valid regular expression (${(e as Error).message}). Fix the pattern.`, { cause: e });
  }
  const pick = (r: BrokerRecord): string | undefined => {
    if (filter.field === 'key') return textOf(r.key);
    if (filter.field === 'value') return textOf(r.value);
    return filter.header === undefined ? undefined : textOf(r.headers[filter.header]);
  };
  return (r) => {
    const text = pick(r);
    return text !== undefined && regex.test(text);
  };
}

function compileExpression(expression: string): RecordPredicate {
  let script: vm.Script;
  try {
    script = new vm.Script(`(${expression})`, { filename: 'filter-expression' });
  } catch (e) {
    throw new BrokerError('invalidInput', `Filtering failed: the expression does not parse (${(e as Error).message}). Fix the expression.`, { cause: e });
  }
  const context = vm.createContext(Object.create(null) as object, { codeGeneration: { strings: false, wasm: false } });
  return (r) => {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(r.headers)) headers[name] = textOf(value);
    const scope = context as Record<string, unknown>;
    scope.key = textOf(r.key) ?? null;
    scope.value = textOf(r.value) ?? null;
    scope.headers = headers;
    scope.partition = r.partition;
    scope.offset = r.offset;
    scope.timestamp = r.timestamp;
    try {
      return Boolean(script.runInContext(context, { timeout: EXPRESSION_TIME_LIMIT_MS }));
    } catch {
      // An expression that throws on one record (e.g. JSON.parse of a non-JSON value) just does not match it.
      return false;
    }
  };
}

/** Compiles a filter once for a whole scan; no filter matches everything. */
export function compileFilter(filter: BrowseFilter | undefined): RecordPredicate {
  if (!filter) return () => true;
  return filter.kind === 'text' ? compileText(filter) : compileExpression(filter.expression);
}

/** True when `record` passes `filter`. */
export function matchesFilter(record: BrokerRecord, filter: BrowseFilter | undefined): boolean {
  return compileFilter(filter)(record);
}
