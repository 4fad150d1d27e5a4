/**
 * Entry of the simulator panel: wires the host channel, the reducer and the view.
 */
import '../shared/l10n.js';
import { SimulatorRefreshCommand, SimulatorRunPresetRequest, SimulatorShowResultNotification, SimulatorStateNotification } from '../../extension/protocol/simulatorPanel.js';
import { HostChannel } from '../shared/hostChannel.js';
import { initialState, reduce, type SimulatorAction, type SimulatorViewState } from './state.js';
import { SimulatorView } from './view.js';

const host = HostChannel.acquire();
const view = new SimulatorView();
let state: SimulatorViewState = initialState;

function dispatch(action: SimulatorAction): void {
  state = reduce(state, action);
  view.state = state;
}

view.state = state;
view.addEventListener('refresh', () => {
  dispatch({ type: 'refreshRequested' });
  host.send(SimulatorRefreshCommand, {});
});
view.addEventListener('select-preset', (e) => dispatch({ type: 'presetSelected', id: (e as CustomEvent<string>).detail }));
view.addEventListener('run-preset', (e) => {
  const id = (e as CustomEvent<string>).detail;
  dispatch({ type: 'runStarted', id });
  host.request(SimulatorRunPresetRequest, { id }).then(
    (comparison) => dispatch({ type: 'runFinished', comparison }),
    (error: unknown) => dispatch({ type: 'runFailed', message: error instanceof Error ? error.message : String(error) }),
  );
});
host.on(SimulatorStateNotification, (s) => dispatch({ type: 'stateReceived', state: s }));
host.on(SimulatorShowResultNotification, (comparison) => dispatch({ type: 'resultShown', comparison }));
document.getElementById('app')!.append(view);
window.addEventListener('error', (e) => host.reportError(e.error ?? e.message));
host.ready();
