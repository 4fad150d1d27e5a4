/**
 * Entry of the Publish panel: wires the host channel, the controller and the view.
 */
import '../shared/l10n.js';
import { HostChannel } from '../shared/hostChannel.js';
import { PublishController } from './controller.js';
import { PublishView } from './view.js';

const host = HostChannel.acquire();
const view = new PublishView();
const controller = new PublishController(host, (state) => {
  view.state = state;
});
view.actions = controller;
view.state = controller.current;
document.getElementById('app')!.append(view);
window.addEventListener('error', (e) => host.reportError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => host.reportError(e.reason));
host.ready();
