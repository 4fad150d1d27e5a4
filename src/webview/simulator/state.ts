/**
 * The simulator panel's state and its pure reducer: every change the view shows goes through here.
 */
import type { SimulatorState } from '../../extension/protocol/simulatorPanel.js';

/** What the panel renders. */
export interface SimulatorViewState {
  readonly loading: boolean;
  readonly models: SimulatorState['models'];
  readonly updatedAt?: number;
}

/** Events the view reacts to. */
export type SimulatorAction = { readonly type: 'refreshRequested' } | { readonly type: 'stateReceived'; readonly state: SimulatorState };

export const initialState: SimulatorViewState = { loading: true, models: [] };

export function reduce(state: SimulatorViewState, action: SimulatorAction): SimulatorViewState {
  switch (action.type) {
    case 'refreshRequested':
      return { ...state, loading: true };
    case 'stateReceived':
      return { loading: false, models: action.state.models, updatedAt: action.state.updatedAt };
  }
}
