import * as l10n from '@vscode/l10n';
import type { ConnectionState } from '../core/model/adapter.js';

/** A connection state in the display language (the tree and the status bar say it to the user). */
export function stateText(state: ConnectionState): string {
  switch (state) {
    case 'connected':
      return l10n.t('connected');
    case 'connecting':
      return l10n.t('connecting');
    case 'reconnecting':
      return l10n.t('reconnecting');
    case 'failed':
      return l10n.t('failed');
    case 'disconnected':
      return l10n.t('disconnected');
  }
}
