/**
 * The Publish panel's state and its pure reducer. The draft is the form as typed; problems and the
 * route come from the host (one validation for every path), and a reply older than the draft on
 * screen is dropped, so typing fast never shows the route of a key typed three characters ago.
 */
import type {
  PublishDraftWire,
  PublishHistoryEntry,
  PublishInit,
  PublishPreview,
  PublishSchemaInfo,
  PublishSendResult,
  PublishTally,
} from '../../extension/protocol/publishPanel.js';

/** A send in flight. */
export interface Sending {
  readonly count: number;
  readonly done: number;
  readonly tally?: PublishTally;
  readonly cancelling: boolean;
  readonly what: 'send' | 'import';
}

/** Which schema a choice row is about. */
export type SchemaSlot = 'value' | 'key';

/** The registry's answer for one slot's subject and version (info undefined while it is asked). */
export interface SchemaInfoState {
  readonly subject: string;
  readonly version: string;
  readonly info?: PublishSchemaInfo;
}

/** What the panel renders. */
export interface PublishViewState {
  readonly init?: PublishInit;
  readonly draft?: PublishDraftWire;
  /** The Send ×N count as typed. */
  readonly count: string;
  /** Bumped on every draft change; a preview reply carries the revision it answered. */
  readonly revision: number;
  readonly preview?: PublishPreview & { readonly revision: number };
  readonly sending?: Sending;
  readonly result?: PublishSendResult;
  readonly history: readonly PublishHistoryEntry[];
  /** One sentence: a failure that is not about a field (the host failed, a load found nothing). */
  readonly error?: string;
  /** One sentence that is not a failure (payload loaded from a file, message saved). */
  readonly notice?: string;
  /** The registry's subjects and the chosen subjects' versions and types (payload mode 'schema', key schema). */
  readonly schemaInfo?: Readonly<Partial<Record<SchemaSlot, SchemaInfoState>>>;
}

/** What the webview keeps across a hide or a window reload (setState). */
export interface SavedState {
  readonly connectionId: string;
  readonly draft: PublishDraftWire;
  readonly count: string;
}

/** Events of the panel. */
export type PublishAction =
  | { readonly type: 'init'; readonly init: PublishInit; readonly saved?: SavedState }
  | { readonly type: 'edit'; readonly patch: Partial<PublishDraftWire> }
  | { readonly type: 'setDraft'; readonly draft: PublishDraftWire; readonly notice?: string }
  | { readonly type: 'count'; readonly count: string }
  | { readonly type: 'preview'; readonly revision: number; readonly preview: PublishPreview }
  | { readonly type: 'previewFailed'; readonly revision: number; readonly message: string }
  | { readonly type: 'sendStarted'; readonly count: number; readonly what: Sending['what'] }
  | { readonly type: 'progress'; readonly done: number; readonly tally: PublishTally }
  | { readonly type: 'cancelling' }
  | { readonly type: 'sendFinished'; readonly result: PublishSendResult }
  | { readonly type: 'sendFailed'; readonly message: string }
  | { readonly type: 'history'; readonly history: readonly PublishHistoryEntry[] }
  | { readonly type: 'notice'; readonly message?: string; readonly error?: string }
  | { readonly type: 'schemaInfo'; readonly slot: SchemaSlot; readonly subject: string; readonly version: string; readonly info?: PublishSchemaInfo };

/** Before the host said anything. */
export const initialState: PublishViewState = { count: '100', revision: 0, history: [] };

/** Most messages one Send ×N takes (the protocol's bound). */
export const MAX_COUNT = 1_000_000;

/** The Send ×N count, or a sentence saying what to type. */
export function parseCount(text: string): { count: number } | { invalid: string } {
  const t = text.trim().replace(/[_,\s]/g, '');
  if (!/^\d{1,7}$/.test(t) || Number(t) < 1 || Number(t) > MAX_COUNT) return { invalid: 'count' };
  return { count: Number(t) };
}

/** The next state. */
export function reduce(state: PublishViewState, action: PublishAction): PublishViewState {
  switch (action.type) {
    case 'init': {
      // A reload (or a hidden panel shown again) keeps what the user typed; a new panel takes the host's draft.
      const keep = action.saved && action.saved.connectionId === action.init.connectionId && action.saved.draft.broker === action.init.broker;
      const draft = state.draft ?? (keep ? action.saved!.draft : action.init.draft);
      const count = keep ? action.saved!.count : state.count;
      return { ...state, init: action.init, draft, count, history: action.init.history, revision: state.revision + 1 };
    }
    case 'edit':
      if (!state.draft) return state;
      return { ...state, draft: { ...state.draft, ...action.patch }, revision: state.revision + 1, notice: undefined, error: undefined };
    case 'setDraft':
      return { ...state, draft: action.draft, revision: state.revision + 1, notice: action.notice, error: undefined, result: undefined };
    case 'count':
      return { ...state, count: action.count };
    case 'preview':
      if (action.revision !== state.revision) return state;
      return { ...state, preview: { ...action.preview, revision: action.revision } };
    case 'previewFailed':
      if (action.revision !== state.revision) return state;
      return { ...state, preview: { problems: [], route: { kind: 'unknown', message: action.message }, revision: action.revision } };
    case 'sendStarted':
      return { ...state, sending: { count: action.count, done: 0, cancelling: false, what: action.what }, result: undefined, error: undefined, notice: undefined };
    case 'progress':
      return state.sending ? { ...state, sending: { ...state.sending, done: action.done, tally: action.tally } } : state;
    case 'cancelling':
      return state.sending ? { ...state, sending: { ...state.sending, cancelling: true } } : state;
    case 'sendFinished':
      return { ...state, sending: undefined, result: action.result };
    case 'sendFailed':
      return { ...state, sending: undefined, error: action.message };
    case 'history':
      return { ...state, history: action.history };
    case 'notice':
      return { ...state, notice: action.message, error: action.error };
    case 'schemaInfo': {
      // A reply for a subject the user has since changed is dropped (the newer request answers).
      const asked = state.schemaInfo?.[action.slot];
      if (action.info && asked && (asked.subject !== action.subject || asked.version !== action.version)) return state;
      const entry: SchemaInfoState = { subject: action.subject, version: action.version, ...(action.info ? { info: action.info } : {}) };
      return { ...state, schemaInfo: { ...state.schemaInfo, [action.slot]: entry } };
    }
  }
}

/** Problems of one field (e.g. 'payload', 'headers.2.name', 'properties.priority'). */
export function problemsOf(state: PublishViewState, field: string): string[] {
  const fromSend = state.result?.status === 'invalid' ? state.result.problems : [];
  // An empty payload on a form nobody sent yet is not a mistake to shout about (Send stays disabled);
  // a fresh form used to open with a red "The payload is empty" under an untouched field.
  const pristineEmpty = field === 'payload' && fromSend.length === 0 && (state.draft?.payload ?? '').trim() === '';
  const fromPreview = state.preview?.revision === state.revision && !pristineEmpty ? state.preview.problems : [];
  return [...new Set([...fromPreview, ...fromSend].filter((p) => p.field === field).map((p) => p.message))];
}

/** The schema choice of a slot, when the draft uses one (value: payload mode 'schema'; key: a key schema set). */
export function schemaChoiceOf(draft: PublishDraftWire, slot: SchemaSlot): { subject: string; version: string; messageType: string } | undefined {
  if (slot === 'value' && draft.payloadMode !== 'schema') return undefined;
  return draft.schema?.[slot] ?? (slot === 'value' ? { subject: '', version: '', messageType: '' } : undefined);
}

/** True when the host said the current draft has no problem. */
export function draftIsValid(state: PublishViewState): boolean {
  return state.preview?.revision === state.revision && state.preview.problems.length === 0;
}
