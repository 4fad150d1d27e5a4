import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import { emptyDraft, type PublishDraft } from '../core/publish/draft.js';
import { findJsonError } from '../core/publish/jsonCheck.js';
import type { PublishSession } from '../panels/publish/session.js';
import { parseHeaders } from './commandText.js';

/**
 * Asks where to publish. Kafka: the topic. RabbitMQ: an exchange (the same set the explorer shows,
 * built-in ones marked; the default exchange routes by queue name) and a routing key; started from a
 * queue, that queue via the default exchange.
 */
export async function promptPublishTarget(
  adapter: BrokerAdapter,
  session: PublishSession,
  preset: { topic?: string; queue?: string; exchange?: string },
  showInternal: boolean,
): Promise<PublishDraft | undefined> {
  if (adapter.capabilities.partitions) {
    if (preset.topic) return emptyDraft('kafka', preset.topic);
    const { destinations } = await session.destinations(showInternal);
    const picked = await vscode.window.showQuickPick(
      destinations.map((t) => ({ label: t.name, description: [t.detail, t.builtin ? l10n.t('internal') : ''].filter(Boolean).join(' · ') })),
      { title: l10n.t('Publish Message: topic'), ignoreFocusOut: true },
    );
    return picked && emptyDraft('kafka', picked.label);
  }
  if (preset.queue) return emptyDraft('rabbitmq', '', preset.queue);
  let exchange = preset.exchange;
  if (exchange === undefined) {
    const { destinations } = await session.destinations(showInternal);
    const picked = await vscode.window.showQuickPick(
      destinations.filter((d) => d.kind === 'exchange').map((e) => ({
        label: e.name === '' ? l10n.t('(default exchange)') : e.name,
        description: [e.name === '' ? l10n.t('routing key = queue name') : e.detail, e.builtin ? l10n.t('built-in') : ''].filter(Boolean).join(' · '),
        name: e.name,
      })),
      { title: l10n.t('Publish Message: exchange'), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    exchange = picked.name;
  }
  const routingKey = await vscode.window.showInputBox({
    title: l10n.t('Publish Message: routing key'),
    prompt: exchange === '' ? l10n.t('The default exchange delivers to the queue of this name') : l10n.t("Routing key for the exchange's bindings (the Publish panel shows where each key goes)"),
    ignoreFocusOut: true,
  });
  return routingKey === undefined ? undefined : emptyDraft('rabbitmq', exchange, routingKey);
}

/** What the message prompts produced: a draft to send, or "open the panel with this destination". */
export type MessageChoice = { readonly kind: 'send'; readonly draft: PublishDraft } | { readonly kind: 'panel' } | undefined;

/**
 * Asks for the message: typed in (prefilled with the last message sent to this destination, never a
 * placeholder an early Enter would send), the active editor's selection (or whole text), or "Open in
 * panel"; then the key (Kafka) and headers.
 */
export async function promptMessage(adapter: BrokerAdapter, base: PublishDraft, last: PublishDraft | undefined): Promise<MessageChoice> {
  const editor = vscode.window.activeTextEditor;
  const source = await vscode.window.showQuickPick(
    [
      { label: `$(edit) ${l10n.t('Type the value')}`, value: 'type' as const },
      ...(editor
        ? [{ label: `$(file) ${editor.selection.isEmpty ? l10n.t('Use the active editor') : l10n.t('Use the selection in the active editor')}`, description: vscode.workspace.asRelativePath(editor.document.uri), value: 'editor' as const }]
        : []),
      { label: `$(compose) ${l10n.t('Open in panel')}`, description: l10n.t('route preview, properties, Send ×N, history'), value: 'panel' as const },
    ],
    { title: l10n.t('Publish Message: value'), ignoreFocusOut: true },
  );
  if (!source) return undefined;
  if (source.value === 'panel') return { kind: 'panel' };
  let value: string | undefined;
  if (source.value === 'editor' && editor) value = editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection);
  else {
    value = await vscode.window.showInputBox({
      title: l10n.t('Publish Message: value'),
      prompt: last ? l10n.t('Text or JSON, sent as UTF-8. Prefilled with the last message sent here.') : l10n.t('Text or JSON, sent as UTF-8'),
      value: last?.payload ?? '',
      ignoreFocusOut: true,
    });
  }
  if (value === undefined) return undefined;
  let key = '';
  if (adapter.capabilities.partitions) {
    const typed = await vscode.window.showInputBox({
      title: l10n.t('Publish Message: key'),
      prompt: l10n.t('Records with the same key go to the same partition, in order. Leave empty for none.'),
      value: last?.key ?? '',
      ignoreFocusOut: true,
    });
    if (typed === undefined) return undefined;
    key = typed;
  }
  const headerText = await vscode.window.showInputBox({
    title: l10n.t('Publish Message: headers'),
    prompt: l10n.t('name=value pairs separated by commas; leave empty for none'),
    ignoreFocusOut: true,
    validateInput: (v) => (parseHeaders(v) ? undefined : l10n.t('Use name=value, separated by commas.')),
  });
  if (headerText === undefined) return undefined;
  const headers = Object.entries(parseHeaders(headerText) ?? {}).map(([name, v]) => ({ name, value: String(v) }));
  const isJson = value.trim() !== '' && findJsonError(value) === undefined;
  return {
    kind: 'send',
    draft: {
      ...base,
      key,
      headers,
      payloadMode: isJson ? 'json' : 'text',
      payload: value,
      ...(adapter.capabilities.exchanges ? { properties: { contentType: isJson ? 'application/json' : 'text/plain', deliveryMode: '2' } } : {}),
    },
  };
}
