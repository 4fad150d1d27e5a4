import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { OutgoingMessage, PublishTarget } from '../core/model/message.js';
import { parseHeaders } from './commandText.js';

/**
 * Asks where to publish. Kafka: the topic. RabbitMQ: an exchange (the default exchange routes by
 * queue name) and a routing key; started from a queue, that queue via the default exchange.
 */
export async function promptPublishTarget(adapter: BrokerAdapter, preset: { topic?: string; queue?: string; exchange?: string }): Promise<PublishTarget | undefined> {
  if (adapter.capabilities.partitions) {
    if (preset.topic) return { destination: preset.topic };
    const topics = await adapter.listDestinations();
    const picked = await vscode.window.showQuickPick(topics.map((t) => ({ label: t.name, description: `${t.partitions ?? '?'} partitions` })), { title: 'Publish Message: topic', ignoreFocusOut: true });
    return picked && { destination: picked.label };
  }
  if (preset.queue) return { destination: '', routingKey: preset.queue, mandatory: true };
  let exchange = preset.exchange;
  if (exchange === undefined) {
    const exchanges = (await adapter.exchanges?.listExchanges()) ?? [];
    const picked = await vscode.window.showQuickPick(
      exchanges.map((e) => ({ label: e.name === '' ? '(default exchange)' : e.name, description: e.name === '' ? 'routing key = queue name' : e.type, name: e.name })),
      { title: 'Publish Message: exchange', ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    exchange = picked.name;
  }
  const routingKey = await vscode.window.showInputBox({
    title: 'Publish Message: routing key',
    prompt: exchange === '' ? 'The default exchange delivers to the queue of this name' : 'Routing key for the exchange\'s bindings',
    ignoreFocusOut: true,
  });
  return routingKey === undefined ? undefined : { destination: exchange, routingKey, mandatory: true };
}

/**
 * Asks for the message: the value typed in, or the active editor's selection (or whole text); then
 * an optional key (Kafka) and headers.
 */
export async function promptMessage(adapter: BrokerAdapter): Promise<OutgoingMessage | undefined> {
  const editor = vscode.window.activeTextEditor;
  const source = editor
    ? await vscode.window.showQuickPick(
        [
          { label: '$(edit) Type the value', value: 'type' as const },
          { label: `$(file) Use ${editor.selection.isEmpty ? 'the active editor' : 'the selection in the active editor'}`, description: vscode.workspace.asRelativePath(editor.document.uri), value: 'editor' as const },
        ],
        { title: 'Publish Message: value', ignoreFocusOut: true },
      )
    : { value: 'type' as const };
  if (!source) return undefined;
  let value: string | undefined;
  if (source.value === 'editor' && editor) value = editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection);
  else value = await vscode.window.showInputBox({ title: 'Publish Message: value', prompt: 'Text or JSON; sent as UTF-8', value: '{"hello":"world"}', ignoreFocusOut: true });
  if (value === undefined) return undefined;
  let key: string | undefined;
  if (adapter.capabilities.partitions) {
    key = await vscode.window.showInputBox({ title: 'Publish Message: key', prompt: 'Records with the same key go to the same partition, in order. Leave empty for none.', ignoreFocusOut: true });
    if (key === undefined) return undefined;
  }
  const headerText = await vscode.window.showInputBox({
    title: 'Publish Message: headers',
    prompt: 'name=value pairs separated by commas; leave empty for none',
    ignoreFocusOut: true,
    validateInput: (v) => (parseHeaders(v) ? undefined : 'Use name=value, separated by commas.'),
  });
  if (headerText === undefined) return undefined;
  const headers = parseHeaders(headerText) ?? {};
  const isJson = (() => {
    try {
      JSON.parse(value);
      return true;
    } catch {
      return false;
    }
  })();
  return {
    value,
    ...(key ? { key } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(adapter.capabilities.exchanges ? { properties: { contentType: isJson ? 'application/json' : 'text/plain', deliveryMode: 2 as const } } : {}),
  };
}
