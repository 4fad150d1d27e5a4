/**
 * The Browse panel's state and its pure reducer: every change the view shows goes through here.
 * Paging never mixes queries: Older/Newer reuse the query of the page shown (its partition, filter and
 * page size) with that page's cursor, whatever the toolbar holds meanwhile.
 */
import * as l10n from '@vscode/l10n';
import {
  BROWSE_ROW_LIMIT,
  type BrowseDetail,
  type BrowseInit,
  type BrowseLoadParams,
  type BrowseLoadResult,
  type BrowsePageWire,
  type BrowseRow,
  type BrowseTailStatus,
} from '../../extension/protocol/browsePanel.js';
import { defaultForm, formFromFilter, freshParams, type QueryForm } from './query.js';

/**
 * Consent to peek a classic or quorum queue: 'pending' shows the warning (nothing read yet),
 * 'declined' keeps it closed with nothing read, 'granted' lets loads carry acceptRequeue.
 */
export type Consent = 'notNeeded' | 'pending' | 'granted' | 'declined';

/** Which way a load goes: a fresh query from the toolbar, or a page before/after the one shown. */
export type Nav = 'fresh' | 'older' | 'newer';

/** Offsets spanned by the rows: overall, and how many partitions. */
export interface RowRange {
  readonly min?: number;
  readonly max?: number;
  readonly partitions: number;
}

/** The detail pane's record. */
export interface DetailState {
  readonly id: string;
  readonly status: 'loading' | 'ready' | 'error';
  readonly data?: BrowseDetail;
  readonly error?: string;
}

/** What the panel renders. */
export interface BrowseViewState {
  readonly init?: BrowseInit;
  readonly form: QueryForm;
  readonly consent: Consent;
  readonly rows: readonly BrowseRow[];
  readonly range: RowRange;
  /** Cursors and counts of the page shown. */
  readonly page?: Omit<BrowsePageWire, 'records'>;
  /** The query of the page shown: Older/Newer repeat it with a cursor. */
  readonly shown?: BrowseLoadParams;
  readonly loading?: { readonly token: number; readonly nav: Nav };
  readonly tail: 'off' | 'starting' | 'on';
  /** The running tail waits for partitions that stopped answering, or resumed them (cleared when the tail stops). */
  readonly tailStatus?: BrowseTailStatus;
  /** Rows the live tail appended, and how many of the oldest rows the bound dropped. */
  readonly tailed: number;
  readonly dropped: number;
  readonly rowLimit: number;
  /** Index into rows, or -1. */
  readonly selected: number;
  /** Ids of rows marked for an action on several messages (Ctrl/Cmd-click, Shift-click); empty for one. */
  readonly marked: readonly string[];
  readonly detail?: DetailState;
  /** One sentence: the last failure. */
  readonly error?: string;
  /** One sentence shown under the filter bar. */
  readonly filterError?: string;
  /** One sentence about something that is not a failure (a cancelled load). */
  readonly notice?: string;
  /** Set when BrokerLens changed the destination after this page was read (cleared by the next page). */
  readonly stale?: string;
}

/** Events the view and the host raise. */
export type BrowseAction =
  | { readonly type: 'init'; readonly init: BrowseInit }
  | { readonly type: 'formChanged'; readonly patch: Partial<QueryForm> }
  | { readonly type: 'consentGranted' }
  | { readonly type: 'consentDeclined' }
  | { readonly type: 'consentAsked' }
  | { readonly type: 'invalidQuery'; readonly message: string }
  | { readonly type: 'loadStarted'; readonly token: number; readonly nav: Nav }
  | { readonly type: 'loadFinished'; readonly token: number; readonly params: BrowseLoadParams; readonly result: BrowseLoadResult }
  | { readonly type: 'loadFailed'; readonly token: number; readonly message: string }
  | { readonly type: 'loadCancelled' }
  | { readonly type: 'pageRestored'; readonly query: BrowseLoadParams; readonly page: BrowsePageWire }
  | { readonly type: 'tailRequested' }
  | { readonly type: 'tailStarted' }
  | { readonly type: 'tailStopped' }
  | { readonly type: 'tailRecords'; readonly records: readonly BrowseRow[] }
  | { readonly type: 'tailStatus'; readonly status: BrowseTailStatus }
  | { readonly type: 'hostError'; readonly source: 'init' | 'tail' | 'detail'; readonly message: string }
  | { readonly type: 'select'; readonly index: number }
  | { readonly type: 'detailReceived'; readonly detail: BrowseDetail }
  | { readonly type: 'detailFailed'; readonly id: string; readonly message: string }
  | { readonly type: 'stale'; readonly message: string }
  | { readonly type: 'mark'; readonly index: number; readonly mode: 'toggle' | 'range' };

/** Before the host said anything. */
export const initialState: BrowseViewState = {
  form: defaultForm,
  consent: 'notNeeded',
  rows: [],
  range: { partitions: 0 },
  tail: 'off',
  tailed: 0,
  dropped: 0,
  rowLimit: BROWSE_ROW_LIMIT,
  selected: -1,
  marked: [],
};

/** Offsets spanned by `rows`. */
export function rangeOf(rows: readonly BrowseRow[]): RowRange {
  let min: number | undefined;
  let max: number | undefined;
  const seen = new Set<number>();
  for (const r of rows) {
    if (r.offset !== undefined) {
      if (min === undefined || r.offset < min) min = r.offset;
      if (max === undefined || r.offset > max) max = r.offset;
    }
    if (r.partition !== undefined) seen.add(r.partition);
  }
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), partitions: seen.size };
}

/** What a load should send, or why it cannot be sent now. */
export type LoadPlan =
  | { readonly kind: 'send'; readonly params: BrowseLoadParams }
  | { readonly kind: 'needsConsent' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'none' };

/** The load for `nav`: from the toolbar (fresh) or from the page shown and its cursor (older/newer). */
export function planLoad(state: BrowseViewState, nav: Nav): LoadPlan {
  if (!state.init) return { kind: 'none' };
  if (state.init.access.mode === 'peek' && state.consent !== 'granted') return { kind: 'needsConsent' };
  const acceptRequeue = state.consent === 'granted';
  if (nav === 'fresh') {
    const fresh = freshParams(state.form, acceptRequeue);
    return 'invalid' in fresh ? { kind: 'invalid', message: fresh.invalid } : { kind: 'send', params: fresh.params };
  }
  const cursor = nav === 'older' ? state.page?.previous : state.page?.next;
  if (!cursor || !state.shown) return { kind: 'none' };
  return { kind: 'send', params: { ...state.shown, start: { kind: 'cursor', cursor }, acceptRequeue } };
}

function showPage(state: BrowseViewState, query: BrowseLoadParams, page: BrowsePageWire): BrowseViewState {
  const { records, ...meta } = page;
  return {
    ...state,
    rows: records,
    range: rangeOf(records),
    page: meta,
    shown: query,
    loading: undefined,
    selected: -1,
    marked: [],
    detail: undefined,
    error: undefined,
    filterError: undefined,
    notice: undefined,
    stale: undefined,
    tailed: 0,
    dropped: 0,
  };
}

function appendRows(state: BrowseViewState, records: readonly BrowseRow[]): BrowseViewState {
  const all = state.rows.concat(records);
  const drop = Math.max(0, all.length - state.rowLimit);
  const rows = drop > 0 ? all.slice(drop) : all;
  const selected = state.selected < 0 ? -1 : state.selected - drop;
  return {
    ...state,
    rows,
    // A full pass over at most BROWSE_ROW_LIMIT rows per batch is cheap, and exact after drops.
    range: rangeOf(rows),
    tailed: state.tailed + records.length,
    dropped: state.dropped + drop,
    selected: selected < 0 ? -1 : selected,
    detail: selected < 0 ? undefined : state.detail,
  };
}

/** Selects row `index` (clamped); a negative index clears the selection and closes the detail pane. */
function select(state: BrowseViewState, index: number): BrowseViewState {
  if (index < 0) return state.selected < 0 ? state : { ...state, selected: -1, detail: undefined };
  if (state.rows.length === 0) return state;
  const selected = Math.min(Math.max(index, 0), state.rows.length - 1);
  const id = state.rows[selected]!.id;
  if (selected === state.selected && state.detail?.id === id) return state;
  const detail: DetailState = state.detail?.id === id ? state.detail : { id, status: 'loading' };
  return { ...state, selected, detail };
}

/** Ctrl/Cmd-click toggles one row in the marked set (starting from the selected one); Shift-click marks a range from it. */
function mark(state: BrowseViewState, index: number, mode: 'toggle' | 'range'): BrowseViewState {
  const row = state.rows[index];
  if (!row) return state;
  const anchor = state.selected >= 0 ? state.selected : index;
  if (mode === 'range') {
    const [from, to] = anchor <= index ? [anchor, index] : [index, anchor];
    return { ...state, marked: state.rows.slice(from, to + 1).map((r) => r.id) };
  }
  const current = state.marked.length ? state.marked : state.selected >= 0 ? [state.rows[state.selected]!.id] : [];
  const marked = current.includes(row.id) ? current.filter((id) => id !== row.id) : [...current, row.id];
  return { ...state, marked };
}

/** The next state. */
export function reduce(state: BrowseViewState, action: BrowseAction): BrowseViewState {
  switch (action.type) {
    case 'init': {
      const { init } = action;
      const peek = init.access.mode === 'peek';
      // A queue is read from its head; a log's newest records are what a developer looks for first.
      // Opened at a record (a publish result): the first page starts at its offset.
      const at = !state.init && !peek && init.startOffset !== undefined;
      const startKind = peek ? 'earliest' : state.init ? state.form.startKind : at ? 'offset' : 'latest';
      const offset = at ? String(init.startOffset) : state.form.offset;
      const partition = state.init ? state.form.partition : init.partition ?? 'all';
      const consent: Consent = !peek ? 'notNeeded' : state.consent === 'granted' ? 'granted' : 'pending';
      // A reloaded webview shows a waiting tail's line again; a tail that is not running has none.
      const tailStatus = init.tailing ? init.tailStatus : undefined;
      return { ...state, init, form: { ...state.form, startKind, offset, partition }, consent, tail: init.tailing ? 'on' : 'off', tailStatus };
    }
    case 'formChanged': {
      const form = { ...state.form, ...action.patch };
      return { ...state, form, filterError: action.patch.filter ? undefined : state.filterError };
    }
    case 'consentGranted':
      return { ...state, consent: 'granted' };
    case 'consentDeclined':
      return { ...state, consent: 'declined' };
    case 'consentAsked':
      return state.consent === 'granted' || state.consent === 'notNeeded' ? state : { ...state, consent: 'pending', notice: undefined };
    case 'invalidQuery':
      return { ...state, error: action.message };
    case 'loadStarted':
      return { ...state, loading: { token: action.token, nav: action.nav }, error: undefined, notice: undefined };
    case 'loadFinished':
      if (state.loading?.token !== action.token) return state;
      if (action.result.status === 'filterError') return { ...state, loading: undefined, filterError: action.result.message };
      return showPage(state, action.params, action.result.page);
    case 'loadFailed':
      return state.loading?.token === action.token ? { ...state, loading: undefined, error: action.message } : state;
    case 'loadCancelled':
      return state.loading ? { ...state, loading: undefined, notice: l10n.t('Loading cancelled: the list still shows the previous page.') } : state;
    case 'pageRestored': {
      const restored = showPage(state, action.query, action.page);
      const consent = state.init?.access.mode === 'peek' ? (action.query.acceptRequeue ? 'granted' : state.consent) : state.consent;
      const form: QueryForm = {
        ...state.form,
        partition: action.query.partition ?? 'all',
        limit: action.query.limit,
        filter: formFromFilter(action.query.filter),
      };
      return { ...restored, consent, form };
    }
    case 'tailRequested':
      return { ...state, tail: 'starting', error: undefined, tailStatus: undefined };
    case 'tailStarted':
      return state.tail === 'starting' ? { ...state, tail: 'on' } : state;
    case 'tailStopped':
      return { ...state, tail: 'off', tailStatus: undefined };
    case 'tailStatus':
      // A status that arrives after the user switched the tail off belongs to the tail that was stopped.
      return state.tail === 'off' ? state : { ...state, tailStatus: action.status };
    case 'tailRecords':
      return state.tail === 'off' || action.records.length === 0 ? state : appendRows(state, action.records);
    case 'hostError':
      // A failed tail is off: its error replaces the waiting line.
      return action.source === 'tail' ? { ...state, error: action.message, tail: 'off', tailStatus: undefined } : { ...state, error: action.message };
    case 'select':
      return state.marked.length ? { ...select(state, action.index), marked: [] } : select(state, action.index);
    case 'mark':
      return mark(state, action.index, action.mode);
    case 'detailReceived':
      return state.detail?.id === action.detail.id ? { ...state, detail: { id: action.detail.id, status: 'ready', data: action.detail } } : state;
    case 'detailFailed':
      return state.detail?.id === action.id ? { ...state, detail: { id: action.id, status: 'error', error: action.message } } : state;
    case 'stale':
      // A live tail shows new records as they come; only a page read before the change is stale.
      return state.page && state.tail === 'off' ? { ...state, stale: action.message } : state;
  }
}

/** The row index a key moves the selection to (-1: none), or undefined for keys the list does not handle. */
export function keyTarget(key: string, current: number, count: number, pageRows: number): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(current + 1, last);
    case 'ArrowUp':
      return current < 0 ? 0 : Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(Math.max(current, 0) + pageRows, last);
    case 'PageUp':
      return Math.max(current - pageRows, 0);
    case 'Escape':
      // Clears the selection, which closes the detail pane.
      return current >= 0 ? -1 : undefined;
    default:
      return undefined;
  }
}
