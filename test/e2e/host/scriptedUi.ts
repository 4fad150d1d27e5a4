// Answers the extension's QuickPicks and InputBoxes from a script, so the real command flows (the
// Add Connection wizard, its connection test, saving to settings and SecretStorage) run unchanged.
// Each extension gets its own `vscode` API object, cached per extension; these test files load from
// the extension's own folder, so patching it here patches what the extension calls.
import * as vscode from 'vscode';

/** One scripted answer: a label to pick (substring), text to type, or undefined to press Escape. */
export type Answer = string | undefined;

type Window = typeof vscode.window & Record<string, unknown>;

/** Runs `body` with the window's prompts answered from `answers`, in order; restores them after. */
export async function withScriptedUi<T>(answers: Answer[], body: () => Thenable<T> | Promise<T>): Promise<{ result: T; messages: string[] }> {
  const w = vscode.window as Window;
  const saved = {
    showQuickPick: w.showQuickPick,
    showInputBox: w.showInputBox,
    showInformationMessage: w.showInformationMessage,
    showWarningMessage: w.showWarningMessage,
    showErrorMessage: w.showErrorMessage,
  };
  const queue = [...answers];
  const messages: string[] = [];
  const next = (what: string): Answer => {
    if (queue.length === 0) throw new Error(`the script has no answer left for ${what}`);
    return queue.shift();
  };
  w.showQuickPick = (async (items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    const answer = next(`QuickPick "${options?.title ?? ''}"`);
    if (answer === undefined) return undefined;
    const found = list.find((i) => (typeof i === 'string' ? i : i.label).includes(answer));
    if (!found) throw new Error(`QuickPick "${options?.title}" has no item "${answer}": ${list.map((i) => (typeof i === 'string' ? i : i.label)).join(' | ')}`);
    return options?.canPickMany ? [found] : found;
  }) as typeof vscode.window.showQuickPick;
  w.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    const answer = next(`InputBox "${options?.title ?? ''}"`);
    if (answer === undefined) return undefined;
    const problem = await options?.validateInput?.(answer);
    if (problem) throw new Error(`InputBox "${options?.title}" refused "${answer}": ${typeof problem === 'string' ? problem : problem.message}`);
    return answer;
  }) as typeof vscode.window.showInputBox;
  const record = (kind: string) =>
    (async (message: string, ...rest: unknown[]) => {
      messages.push(`${kind}: ${message}`);
      const choices = rest.filter((r): r is string => typeof r === 'string');
      if (choices.length === 0) return undefined;
      const answer = next(`${kind} message "${message}"`);
      return answer === undefined ? undefined : choices.find((c) => c === answer);
    }) as typeof vscode.window.showInformationMessage;
  w.showInformationMessage = record('info');
  w.showWarningMessage = record('warning');
  w.showErrorMessage = record('error');
  try {
    const result = await body();
    if (queue.length > 0) throw new Error(`the script had ${queue.length} unused answer(s): ${JSON.stringify(queue)}`);
    return { result, messages };
  } finally {
    Object.assign(w, saved);
  }
}
