/**
 * The toolbar's form and what it turns into: load params (with cursors for Older/Newer), filters and
 * the timestamps typed by the user. Pure functions, tested in Node.
 */
import * as l10n from '@vscode/l10n';
import {
  BROWSE_DEFAULT_PAGE_SIZE,
  BROWSE_MAX_PAGE_SIZE,
  type BrowseFilterWire,
  type BrowseLoadParams,
  type BrowseStartWire,
} from '../../extension/protocol/browsePanel.js';

/** Where a fresh load starts. "latest" reads the newest page-size records. */
export type StartKind = 'earliest' | 'latest' | 'offset' | 'timestamp';

/** What the filter bar holds, as typed. */
export interface FilterForm {
  readonly mode: 'text' | 'expression';
  readonly field: 'value' | 'key' | 'header';
  /** For field 'header': which header; empty = any header. */
  readonly header: string;
  readonly pattern: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
  readonly expression: string;
}

/** What the toolbar holds, as typed. */
export interface QueryForm {
  readonly startKind: StartKind;
  /** Text of the offset field. */
  readonly offset: string;
  /** Value of the datetime-local field (local time), or an ISO string / epoch milliseconds. */
  readonly timestamp: string;
  /** Kafka: one partition or all. */
  readonly partition: number | 'all';
  readonly limit: number;
  readonly filter: FilterForm;
}

/** An empty filter bar. */
export const emptyFilter: FilterForm = { mode: 'text', field: 'value', header: '', pattern: '', regex: false, caseSensitive: false, expression: '' };

/** The toolbar before init. */
export const defaultForm: QueryForm = {
  startKind: 'latest',
  offset: '0',
  timestamp: '',
  partition: 'all',
  limit: BROWSE_DEFAULT_PAGE_SIZE,
  filter: emptyFilter,
};

/** Page sizes offered. */
export const PAGE_SIZES: readonly number[] = [1, 5, 10, 50, BROWSE_DEFAULT_PAGE_SIZE, 250, 500, BROWSE_MAX_PAGE_SIZE];

/** The filter to send, or undefined when the bar is empty (an empty pattern filters nothing). */
export function filterFromForm(form: FilterForm): BrowseFilterWire | undefined {
  if (form.mode === 'expression') {
    const expression = form.expression.trim();
    return expression ? { kind: 'expression', expression } : undefined;
  }
  if (form.pattern === '') return undefined;
  return {
    kind: 'text',
    field: form.field,
    ...(form.field === 'header' && form.header.trim() ? { header: form.header.trim() } : {}),
    pattern: form.pattern,
    regex: form.regex,
    caseSensitive: form.caseSensitive,
  };
}

/** The filter bar showing `filter` (a restored query). */
export function formFromFilter(filter: BrowseFilterWire | undefined): FilterForm {
  if (!filter) return emptyFilter;
  if (filter.kind === 'expression') return { ...emptyFilter, mode: 'expression', expression: filter.expression };
  return { ...emptyFilter, field: filter.field, header: filter.header ?? '', pattern: filter.pattern, regex: filter.regex, caseSensitive: filter.caseSensitive };
}

/**
 * Milliseconds since the epoch for what the user typed: a datetime-local value (local time), an ISO
 * date, or a number of milliseconds. Undefined when it is none of these.
 */
export function parseTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d{1,16}$/.test(trimmed)) return Number(trimmed);
  // A datetime-local value has no zone: Date.parse reads it as local time, which is what the user meant.
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The start of a fresh load, or a sentence saying what to fix. */
export function startFromForm(form: QueryForm): { start: BrowseStartWire } | { invalid: string } {
  switch (form.startKind) {
    case 'earliest':
    case 'latest':
      return { start: { kind: form.startKind } };
    case 'offset': {
      const text = form.offset.trim();
      if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) return { invalid: l10n.t('Type an offset: a whole number from 0.') };
      return { start: { kind: 'offset', offset: Number(text) } };
    }
    case 'timestamp': {
      const ms = parseTimestamp(form.timestamp);
      if (ms === undefined) return { invalid: l10n.t('Pick the date and time to start from.') };
      return { start: { kind: 'timestamp', timestamp: ms } };
    }
  }
}

/** A fresh load from the form. */
export function freshParams(form: QueryForm, acceptRequeue: boolean): { params: BrowseLoadParams } | { invalid: string } {
  const start = startFromForm(form);
  if ('invalid' in start) return start;
  const filter = filterFromForm(form.filter);
  const limit = Math.min(Math.max(1, Math.trunc(form.limit) || BROWSE_DEFAULT_PAGE_SIZE), BROWSE_MAX_PAGE_SIZE);
  return {
    params: {
      start: start.start,
      ...(form.partition !== 'all' ? { partition: form.partition } : {}),
      limit,
      ...(filter ? { filter } : {}),
      acceptRequeue,
    },
  };
}
