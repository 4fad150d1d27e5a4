/**
 * Entry of the Browse Messages panel: wires the host channel, the controller (state and effects) and
 * the view.
 */
import '../shared/l10n.js';
import { HostChannel } from '../shared/hostChannel.js';
import { BrowseController } from './controller.js';
import { BrowseView } from './view.js';

const host = HostChannel.acquire();
const view = new BrowseView();
const controller = new BrowseController(host, (state) => {
  view.state = state;
});
view.actions = controller;
view.state = controller.current;
document.getElementById('app')!.append(view);
window.addEventListener('error', (e) => host.reportError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => host.reportError(e.reason));
host.ready();
