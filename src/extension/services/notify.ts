import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { isBrokerError } from '../core/model/errors.js';
import { redactSecrets } from '../core/util/redact.js';
import { CommandIds } from '../commands/commandIds.js';
import type { ScopedLogger } from './logger.js';


/** The one sentence shown for any failure: the adapter's sentence, or a generic one for a bug. */
export function userSentence(error: unknown, action: string): string {
  if (isBrokerError(error)) return redactSecrets(error.message);
  if (error instanceof Error && error.name === 'Canceled') return l10n.t('{0} was cancelled.', action);
  return l10n.t('{0} failed because of an unexpected error; the BrokerLens log has the details.', action);
}

/**
 * Shows a failure as one sentence with a "Show Log" action and writes the full detail to the log.
 * `action` names what the user tried, e.g. "Connecting to Local Kafka".
 */
export async function reportError(log: ScopedLogger, action: string, error: unknown): Promise<void> {
  const sentence = userSentence(error, action);
  log.error(`${action}: ${sentence}`, error);
  const showLog = l10n.t('Show Log');
  const choice = await vscode.window.showErrorMessage(sentence, showLog);
  if (choice === showLog) await vscode.commands.executeCommand(CommandIds.showLog);
}

/** Shows a result as one sentence; the log gets the same line. */
export function reportInfo(log: ScopedLogger, sentence: string): void {
  log.info(sentence);
  void vscode.window.showInformationMessage(redactSecrets(sentence));
}
