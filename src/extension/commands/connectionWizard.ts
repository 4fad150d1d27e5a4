import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ConnectionConfig, ConnectionSecrets } from '../core/model/connection.js';
import { runWizardFlow, type WizardResult, type WizardUi } from './connectionWizardFlow.js';

export type { WizardResult } from './connectionWizardFlow.js';

/** VS Code's QuickPick and InputBox behind the wizard's prompts; every prompt survives a focus change. */
export const vscodeWizardUi: WizardUi = {
  async pick(items, options) {
    // When editing, the saved choice says so (showQuickPick cannot pre-select in single-pick mode).
    const entries = items.map((item) => ({
      label: item.label,
      description: item.value === options.activeValue && options.activeValue !== undefined ? [item.description, l10n.t('current')].filter(Boolean).join(' · ') : item.description,
      detail: item.detail,
      value: item.value,
    }));
    const picked = await vscode.window.showQuickPick(entries, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true });
    return picked?.value;
  },
  input(options) {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: options.title,
        prompt: options.prompt,
        value: options.value,
        password: options.password,
        placeHolder: options.placeHolder,
        ignoreFocusOut: true,
        validateInput: options.validate,
      }),
    );
  },
  info(message) {
    void vscode.window.showInformationMessage(message);
  },
};

/**
 * The guided Add/Edit Connection flow (questions in connectionWizardFlow.ts). Every input is
 * validated as it is typed; Escape at any step cancels with nothing saved.
 */
export function runConnectionWizard(
  existing?: ConnectionConfig,
  existingSecrets?: ConnectionSecrets,
  existingScope?: 'user' | 'workspace',
  ui: WizardUi = vscodeWizardUi,
): Promise<WizardResult | undefined> {
  return runWizardFlow(ui, {
    ...(existing ? { existing } : {}),
    ...(existingSecrets ? { existingSecrets } : {}),
    ...(existingScope ? { existingScope } : {}),
    hasWorkspace: (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
  });
}
