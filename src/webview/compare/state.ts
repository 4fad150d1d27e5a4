/**
 * The compare panel's state and its pure reducer. The host holds the comparison; the page keeps
 * only what it was showing (the workload and the moment), which setState saves across hide and
 * reload and the serializer hands back after a window reload.
 */
import type { CompareRealRun, CompareRowId, CompareScene, CompareState } from '../../extension/protocol/comparePanel.js';

/** What the panel renders. */
export interface CompareViewState {
  readonly host?: CompareState;
  readonly scene?: CompareScene;
  /** The moment the page asked for last (the scene follows once the host answers). */
  readonly pendingMs?: number;
  readonly row?: CompareRowId;
  readonly note?: string;
  /** A run of this workload on real brokers. */
  readonly realRun?: CompareRealRun;
}

/** What the page saves with setState (the host's serializer reads the same shape). */
export interface PersistedCompare {
  readonly source?: { readonly kind: 'preset' | 'file'; readonly id: string; readonly uri?: string };
  readonly timeMs?: number;
  readonly row?: CompareRowId;
  /** A finished run on real brokers: it cannot be run again from the state, so it is kept. */
  readonly realRun?: CompareRealRun;
}

/** Everything that changes the page. */
export type CompareAction =
  | { readonly type: 'state'; readonly state: CompareState }
  | { readonly type: 'scene'; readonly scene: CompareScene }
  | { readonly type: 'seek'; readonly timeMs: number; readonly row?: CompareRowId }
  | { readonly type: 'note'; readonly text: string | undefined }
  | { readonly type: 'realRun'; readonly run: CompareRealRun };

export const initialState: CompareViewState = {};

export function reduce(state: CompareViewState, action: CompareAction): CompareViewState {
  switch (action.type) {
    case 'state': {
      const changed = action.state.source?.id !== state.host?.source?.id || action.state.status === 'running';
      // A new workload: the old scene belongs to another run (a real run of the same workload stays).
      const sameSource = action.state.source?.id === state.host?.source?.id;
      return changed ? { host: action.state, ...(sameSource && state.realRun ? { realRun: state.realRun } : {}) } : { ...state, host: action.state };
    }
    case 'scene':
      return { ...state, scene: action.scene, row: action.scene.row, pendingMs: undefined };
    case 'seek':
      return { ...state, pendingMs: action.timeMs, row: action.row };
    case 'note':
      return { ...state, note: action.text };
    case 'realRun':
      return { ...state, realRun: action.run };
  }
}

/** What setState keeps. */
export function persisted(state: CompareViewState): PersistedCompare {
  const src = state.host?.source;
  return {
    ...(src ? { source: { kind: src.kind, id: src.id, ...(src.uri ? { uri: src.uri } : {}) } } : {}),
    ...(state.scene ? { timeMs: state.scene.timeMs } : {}),
    ...(state.row ? { row: state.row } : {}),
    ...(state.realRun?.status === 'done' ? { realRun: state.realRun } : {}),
  };
}
