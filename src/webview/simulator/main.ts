/**
 * Entry of the simulator panel: wires the host channel, the reducer and the view, and keeps the
 * page's own choices (selected preset, shown model, selected element) across hide and reload with
 * setState; the host sends everything else again after every ready handshake.
 */
import '../shared/l10n.js';
import {
  SimulatorComparePresetCommand,
  SimulatorRefreshCommand,
  SimulatorRunPresetRequest,
  SimulatorShowResultNotification,
  SimulatorStateNotification,
  StudioBreakpointsCommand,
  StudioControlCommand,
  StudioFrameNotification,
  StudioInjectRequest,
  StudioInspectRequest,
  StudioLoadRequest,
  StudioSourceNotification,
  StudioSpeedCommand,
} from '../../extension/protocol/simulatorPanel.js';
import { HostChannel } from '../shared/hostChannel.js';
import { initialState, persisted, reduce, type PersistedView, type SimulatorAction, type SimulatorViewState } from './state.js';
import type { StudioIntent } from './studioControls.js';
import { SimulatorView } from './view.js';

const host = HostChannel.acquire();
const view = new SimulatorView();
let state: SimulatorViewState = initialState;
let lastFrameAt = performance.now();

function dispatch(action: SimulatorAction): void {
  state = reduce(state, action);
  view.state = state;
  host.setState(persisted(state));
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Asks the host for the selected element's figures and recent events. */
function inspectSelected(): void {
  const sel = state.studio.selected;
  if (!sel) return;
  host.request(StudioInspectRequest, sel).then(
    (inspection) => dispatch({ type: 'inspected', model: sel.model, nodeId: sel.nodeId, inspection }),
    (error: unknown) => host.reportError(error),
  );
}

function onIntent(intent: StudioIntent): void {
  switch (intent.type) {
    case 'load':
      host.request(StudioLoadRequest, { id: intent.id }).catch((error: unknown) => dispatch({ type: 'injectNoted', ok: false, text: message(error) }));
      break;
    case 'control':
      host.send(StudioControlCommand, { action: intent.action, ...(intent.seed !== undefined ? { seed: intent.seed } : {}) });
      break;
    case 'speed':
      host.send(StudioSpeedCommand, { speed: intent.speed });
      break;
    case 'breakpoints':
      dispatch({ type: 'breakpointsChanged', breakpoints: intent.breakpoints });
      host.send(StudioBreakpointsCommand, { breakpoints: [...intent.breakpoints] });
      break;
    case 'inject':
      host.request(StudioInjectRequest, { injection: intent.injection }).then(
        ({ applied }) => dispatch({ type: 'injectNoted', ok: true, text: applied }),
        (error: unknown) => dispatch({ type: 'injectNoted', ok: false, text: message(error) }),
      );
      break;
    case 'show':
      dispatch({ type: 'modelShown', model: intent.model });
      break;
    case 'select':
      dispatch({ type: 'nodeSelected', model: state.studio.shown, nodeId: intent.nodeId });
      inspectSelected();
      break;
    case 'closeInspector':
      dispatch({ type: 'selectionCleared' });
      break;
  }
}

const saved = host.getState<PersistedView>();
if (saved && typeof saved === 'object') dispatch({ type: 'restored', view: saved });
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
    (error: unknown) => dispatch({ type: 'runFailed', message: message(error) }),
  );
});
view.addEventListener('compare-preset', (e) => host.send(SimulatorComparePresetCommand, { id: (e as CustomEvent<string>).detail }));
view.addEventListener('studio', (e) => onIntent((e as CustomEvent<StudioIntent>).detail));
host.on(SimulatorStateNotification, (s) => dispatch({ type: 'stateReceived', state: s }));
host.on(SimulatorShowResultNotification, (comparison) => dispatch({ type: 'resultShown', comparison }));
host.on(StudioSourceNotification, (source) => dispatch({ type: 'source', source }));
host.on(StudioFrameNotification, (frame) => {
  const now = performance.now();
  const interval = Math.min(1000, Math.max(16, now - lastFrameAt));
  lastFrameAt = now;
  dispatch({ type: 'frame', frame });
  // Dots for the traffic of this frame, spread over about the time until the next one.
  void view.updateComplete.then(() => {
    const shown = frame.models.find((m) => m.model === state.studio.shown);
    if (shown) view.diagram?.pushFlows(shown.flows, frame.state === 'running' ? interval : 400);
  });
  // Keep the open inspector's events current while the run moves (not on every frame).
  if (state.studio.selected && frame.state !== 'running') inspectSelected();
});
document.getElementById('app')!.append(view);
window.addEventListener('error', (e) => host.reportError(e.error ?? e.message));
host.ready();
