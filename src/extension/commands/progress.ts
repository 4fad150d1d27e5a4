import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { BrokerError } from '../core/model/errors.js';

/**
 * Runs a broker call under a progress notification whose Cancel aborts it. The AbortSignal goes to
 * the adapter; when the adapter cannot stop mid-call, the command still returns at once and says so.
 */
export function withCancellableProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: (message: string, increment?: number) => void) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancelled = new Promise<never>((_, reject) => {
        token.onCancellationRequested(() => {
          abort.abort();
          reject(new BrokerError('cancelled', l10n.t('{0} was cancelled.', title.replace(/…$/, ''))));
        });
      });
      return Promise.race([work(abort.signal, (message, increment) => progress.report({ message, increment })), cancelled]);
    }),
  );
}
