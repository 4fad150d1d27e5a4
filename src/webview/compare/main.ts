/**
 * Entry of the compare panel: wires the host channel, the reducer and the view, and keeps the
 * workload and the moment with setState (the host reruns the deterministic comparison after a
 * window reload from the same state).
 */
import '../shared/l10n.js';
import {
  CompareLoadRequest,
  CompareOpenInSimulatorCommand,
  CompareRealRunNotification,
  CompareRunOnRealBrokersCommand,
  CompareSaveScenarioCommand,
  CompareSceneNotification,
  CompareSeekRequest,
  CompareStateNotification,
} from '../../extension/protocol/comparePanel.js';
import { HostChannel } from '../shared/hostChannel.js';
import { initialState, persisted, reduce, type CompareAction, type CompareViewState } from './state.js';
import { CompareView, type CompareIntent } from './view.js';

const host = HostChannel.acquire();
const view = new CompareView();
let state: CompareViewState = initialState;

function dispatch(action: CompareAction): void {
  state = reduce(state, action);
  view.state = state;
  host.setState(persisted(state));
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function onIntent(intent: CompareIntent): void {
  dispatch({ type: 'note', text: undefined });
  switch (intent.type) {
    case 'load':
      if (intent.id) host.request(CompareLoadRequest, { id: intent.id }).catch((error: unknown) => dispatch({ type: 'note', text: message(error) }));
      break;
    case 'seek':
      dispatch({ type: 'seek', timeMs: intent.timeMs, ...(intent.row ? { row: intent.row } : {}) });
      host.request(CompareSeekRequest, { timeMs: intent.timeMs, ...(intent.row ? { row: intent.row } : {}) }).catch((error: unknown) => dispatch({ type: 'note', text: message(error) }));
      break;
    case 'save':
      host.send(CompareSaveScenarioCommand, {});
      break;
    case 'openInSimulator':
      host.send(CompareOpenInSimulatorCommand, {});
      break;
    case 'runOnRealBrokers':
      host.send(CompareRunOnRealBrokersCommand, {});
      break;
  }
}

view.state = state;
view.addEventListener('intent', (e) => onIntent((e as CustomEvent<CompareIntent>).detail));
host.on(CompareStateNotification, (s) => dispatch({ type: 'state', state: s }));
host.on(CompareSceneNotification, (scene) => dispatch({ type: 'scene', scene }));
host.on(CompareRealRunNotification, (run) => dispatch({ type: 'realRun', run }));
document.getElementById('app')!.append(view);
window.addEventListener('error', (e) => host.reportError(e.error ?? e.message));
host.ready();
