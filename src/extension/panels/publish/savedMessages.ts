/**
 * Messages saved in the workspace as `.brokerlens/messages/<name>.json`: the Publish form as a file a
 * team can commit and review. package.json points VS Code's JSON language service at
 * schemas/message.schema.json for these files, so they are completed and checked as they are edited.
 */
import * as l10n from '@vscode/l10n';
import * as v from 'valibot';
import * as vscode from 'vscode';
import { emptyDraft, type PublishDraft } from '../../core/publish/draft.js';
import { draftSchema } from '../../protocol/publishPanel.js';

/** Folder of saved messages, relative to the first workspace folder. */
export const MESSAGES_FOLDER = '.brokerlens/messages';
const SCHEMA_HINT = 'https://brokerlens.dev/schemas/message.schema.json';

/** A file's content: the form, with a $schema hint for editors outside VS Code. Missing fields take the empty form's values. */
const fileSchema = v.looseObject({ broker: v.picklist(['kafka', 'rabbitmq']) });

/** Writes the draft to a file the user names; the workspace-relative path, or undefined when cancelled. */
export async function saveMessage(draft: PublishDraft): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage(l10n.t('Open a folder first: saved messages live in its {0} folder.', MESSAGES_FOLDER));
    return undefined;
  }
  const suggested = (draft.destination || draft.routingKey || 'message').replace(/[^A-Za-z0-9._-]+/g, '-');
  const name = await vscode.window.showInputBox({
    title: l10n.t('Save Message'),
    prompt: l10n.t('File name in {0}', MESSAGES_FOLDER),
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (text) => (/^[A-Za-z0-9._-]{1,100}$/.test(text.replace(/\.json$/, '')) ? undefined : l10n.t('Use letters, digits, dot, dash and underscore.')),
  });
  if (!name) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, MESSAGES_FOLDER, `${name.replace(/\.json$/, '')}.json`);
  const content = `${JSON.stringify({ $schema: SCHEMA_HINT, ...draft }, null, 2)}\n`;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return vscode.workspace.asRelativePath(uri);
}

/** Lets the user pick a saved message for this broker; its form, or undefined. */
export async function openSavedMessage(broker: PublishDraft['broker']): Promise<{ draft: PublishDraft; source: string } | undefined> {
  const files = await vscode.workspace.findFiles(`${MESSAGES_FOLDER}/*.json`, undefined, 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('There is no saved message yet: use Save in the Publish panel, which writes {0}/<name>.json.', MESSAGES_FOLDER));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri).replace(`${MESSAGES_FOLDER}/`, ''), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: l10n.t('Open Saved Message'), ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  const source = vscode.workspace.asRelativePath(picked.uri);
  const draft = parseSavedMessage(new TextDecoder().decode(await vscode.workspace.fs.readFile(picked.uri)), broker);
  if ('problem' in draft) {
    void vscode.window.showErrorMessage(l10n.t('{0} is not a saved message: {1}. Fix it (the editor checks it against its schema) or save it again from the panel.', source, draft.problem));
    return undefined;
  }
  return { draft: draft.draft, source };
}

/** Parses a saved file into a form for `broker` (fields of the other broker are kept but unused). */
export function parseSavedMessage(text: string, broker: PublishDraft['broker']): { draft: PublishDraft } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: l10n.t('it is not valid JSON') };
  }
  const head = v.safeParse(fileSchema, json);
  if (!head.success) return { problem: l10n.t('"broker" must be "kafka" or "rabbitmq"') };
  const { $schema: _ignored, ...fields } = json as Record<string, unknown>;
  const merged = { ...emptyDraft(broker, ''), ...fields, broker };
  const checked = v.safeParse(draftSchema, merged);
  if (!checked.success) return { problem: checked.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ') };
  return { draft: checked.output };
}
