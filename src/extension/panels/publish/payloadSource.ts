/**
 * Where a payload can be loaded from: a file (text as text or JSON, anything else as base64, so
 * binary survives) or the active editor (its selection, or all of it).
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { isText, toBase64 } from '../../core/model/payload.js';
import { findJsonError } from '../../core/publish/jsonCheck.js';
import { PUBLISH_MAX_PAYLOAD_CHARS, type ResultOfLoad } from './payloadTypes.js';

const decoder = new TextDecoder();

/** Reads the payload; `none` with a sentence when there is nothing to read. */
export async function loadPayloadFrom(from: 'file' | 'editor'): Promise<ResultOfLoad> {
  if (from === 'editor') {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return { status: 'none', message: l10n.t('No editor is active: open the file or text to send, then try again.') };
    const text = editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection);
    return loaded(text, vscode.workspace.asRelativePath(editor.document.uri));
  }
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: l10n.t('Load payload'), title: l10n.t('Load the payload from a file') });
  const file = picked?.[0];
  if (!file) return { status: 'none', message: '' };
  const bytes = await vscode.workspace.fs.readFile(file);
  const source = vscode.workspace.asRelativePath(file);
  if (!isText(bytes)) {
    const base64 = toBase64(bytes);
    if (base64.length > PUBLISH_MAX_PAYLOAD_CHARS) return { status: 'none', message: l10n.t('{0} is too large to publish from the panel ({1} bytes).', source, bytes.length) };
    return { status: 'loaded', payload: base64, payloadMode: 'base64', source };
  }
  return loaded(decoder.decode(bytes), source);
}

function loaded(text: string, source: string): ResultOfLoad {
  if (text.length > PUBLISH_MAX_PAYLOAD_CHARS) return { status: 'none', message: l10n.t('{0} is too large to publish from the panel ({1} characters).', source, text.length) };
  return { status: 'loaded', payload: text, payloadMode: text.trim() !== '' && findJsonError(text) === undefined ? 'json' : 'text', source };
}
