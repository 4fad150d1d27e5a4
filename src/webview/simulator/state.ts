/**
 * The simulator panel's state and its pure reducer: every change the view shows goes through here.
 */
import type { PresetComparison, SimulatorState } from '../../extension/protocol/simulatorPanel.js';

/** What the panel renders. */
export interface SimulatorViewState {
  readonly loading: boolean;
  readonly models: SimulatorState['models'];
  readonly presets: SimulatorState['presets'];
  readonly selectedPreset?: string;
  /** The preset being run, while it runs. */
  readonly running?: string;
  readonly comparison?: PresetComparison;
  readonly error?: string;
  readonly updatedAt?: number;
}

/** Events the view reacts to. */
export type SimulatorAction =
  | { readonly type: 'refreshRequested' }
  | { readonly type: 'stateReceived'; readonly state: SimulatorState }
  | { readonly type: 'presetSelected'; readonly id: string }
  | { readonly type: 'runStarted'; readonly id: string }
  | { readonly type: 'runFinished'; readonly comparison: PresetComparison }
  | { readonly type: 'runFailed'; readonly message: string }
  | { readonly type: 'resultShown'; readonly comparison: PresetComparison };

export const initialState: SimulatorViewState = { loading: true, models: [], presets: [] };

export function reduce(state: SimulatorViewState, action: SimulatorAction): SimulatorViewState {
  switch (action.type) {
    case 'refreshRequested':
      return { ...state, loading: true };
    case 'stateReceived': {
      const selected = state.selectedPreset ?? action.state.presets[0]?.id;
      return { ...state, loading: false, models: action.state.models, presets: action.state.presets, updatedAt: action.state.updatedAt, ...(selected ? { selectedPreset: selected } : {}) };
    }
    case 'presetSelected':
      // A result belongs to its preset: switching presets clears it rather than mislabel it.
      return { ...state, selectedPreset: action.id, comparison: state.comparison?.id === action.id ? state.comparison : undefined, error: undefined };
    case 'runStarted':
      return { ...state, running: action.id, error: undefined };
    case 'runFinished':
      return { ...state, running: undefined, comparison: action.comparison.id === state.selectedPreset ? action.comparison : state.comparison };
    case 'runFailed':
      return { ...state, running: undefined, error: action.message };
    case 'resultShown':
      return { ...state, selectedPreset: action.comparison.id, comparison: action.comparison, running: undefined, error: undefined };
  }
}
