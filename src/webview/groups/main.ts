/**
 * Entry of the Consumer group panel: wires the host channel, the reducer and the view. The page
 * keeps which group it shows and the reset form across hide and reload (setState); the host polls
 * and sends a fresh snapshot after every ready handshake.
 */
import '../shared/l10n.js';
import {
  GroupsApplyRequest,
  GroupsErrorNotification,
  GroupsInitNotification,
  GroupsListRequest,
  GroupsPreviewRequest,
  GroupsPreviewRevertRequest,
  GroupsRefreshCommand,
  GroupsSnapshotNotification,
  QueueSnapshotNotification,
} from '../../extension/protocol/groupsPanel.js';
import { HostChannel } from '../shared/hostChannel.js';
import { problemText, type FormIntent } from './resetForm.js';
import { initialState, persisted, previewRequest, reduce, type GroupsAction, type GroupsViewState, type PersistedGroupsPage } from './state.js';
import { GroupsView } from './view.js';

const host = HostChannel.acquire();
const view = new GroupsView();
let state: GroupsViewState = initialState;

function dispatch(action: GroupsAction): void {
  state = reduce(state, action);
  view.state = state;
  host.setState(persisted(state));
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function onForm(intent: FormIntent): void {
  switch (intent.type) {
    case 'patch':
      dispatch({ type: 'form', patch: intent.patch });
      break;
    case 'preview': {
      const req = previewRequest(state);
      if (!req.ok) {
        dispatch({ type: 'failed', message: problemText(req.problem) });
        return;
      }
      dispatch({ type: 'busy' });
      host.request(GroupsPreviewRequest, { topic: req.topic, target: req.target, ...(req.partitions ? { partitions: req.partitions } : {}) }).then(
        (preview) => dispatch({ type: 'previewed', preview }),
        (error: unknown) => dispatch({ type: 'failed', message: message(error) }),
      );
      break;
    }
    case 'previewRevert':
      dispatch({ type: 'busy' });
      host.request(GroupsPreviewRevertRequest, {}).then(
        (preview) => dispatch({ type: 'previewed', preview }),
        (error: unknown) => dispatch({ type: 'failed', message: message(error) }),
      );
      break;
    case 'confirm':
      dispatch({ type: 'confirm' });
      break;
    case 'cancel':
      dispatch({ type: 'cancel' });
      break;
    case 'apply':
      dispatch({ type: 'busy' });
      host.request(GroupsApplyRequest, {}).then(
        (applied) => dispatch({ type: 'applied', preview: applied }),
        (error: unknown) => dispatch({ type: 'failed', message: message(error) }),
      );
      break;
    case 'loadGroups':
      host.request(GroupsListRequest, {}).then(
        ({ groupIds }) => dispatch({ type: 'otherGroups', groupIds }),
        (error: unknown) => dispatch({ type: 'failed', message: message(error) }),
      );
      break;
  }
}

const saved = host.getState<PersistedGroupsPage>();
if (saved && typeof saved === 'object') dispatch({ type: 'restored', page: saved });
view.state = state;
view.addEventListener('refresh', () => host.send(GroupsRefreshCommand, {}));
view.addEventListener('form', (e) => onForm((e as CustomEvent<FormIntent>).detail));
host.on(GroupsInitNotification, (init) => dispatch({ type: 'init', target: init }));
host.on(GroupsSnapshotNotification, (snap) => dispatch({ type: 'snapshot', ...snap, at: Date.now() }));
host.on(QueueSnapshotNotification, (snap) => dispatch({ type: 'queueSnapshot', ...snap, at: Date.now() }));
host.on(GroupsErrorNotification, ({ message: text }) => dispatch({ type: 'error', message: text }));
document.getElementById('app')!.append(view);
window.addEventListener('error', (e) => host.reportError(e.error ?? e.message));
host.ready();
