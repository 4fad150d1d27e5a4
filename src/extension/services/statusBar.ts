import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ConnectionState } from '../core/model/adapter.js';
import { CommandIds } from '../commands/commandIds.js';
import type { ConnectionStore } from './connectionStore.js';
import type { SessionManager } from './sessions.js';
import { stateText } from './stateText.js';

const ICONS: Record<ConnectionState, string> = {
  connected: '$(vm-running)',
  connecting: '$(loading~spin)',
  reconnecting: '$(loading~spin)',
  failed: '$(error)',
  disconnected: '$(vm-outline)',
};

/** Shows the connection used last and its state; clicking it opens the log. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('brokerlens.connection', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(sessions: SessionManager, store: ConnectionStore) {
    this.item.name = l10n.t('BrokerLens connection');
    this.item.command = CommandIds.showLog;
    this.subscription = sessions.onDidChangeState(({ connectionId, state, error }) => {
      const entry = store.get(connectionId);
      if (!entry) return;
      const summary = sessions.state(connectionId);
      const shown: ConnectionState = state === 'failed' ? 'failed' : summary;
      this.item.text = `${ICONS[shown]} ${entry.config.name}`;
      this.item.tooltip = error
        ? l10n.t('BrokerLens: {0} is {1}: {2} Click for the log.', entry.config.name, stateText(shown), error.message)
        : l10n.t('BrokerLens: {0} is {1}. Click for the log.', entry.config.name, stateText(shown));
      this.item.backgroundColor = shown === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      this.item.show();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
