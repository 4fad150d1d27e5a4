/**
 * Host messages for the Browse panel's webview tests, and helpers that answer requests like the host.
 */
import type { PanelPage } from '../support/webviewHarness.js';

/** Colours VS Code sets that the shared harness does not (Dark Modern / Light Modern values). */
export const THEME_EXTRAS = {
  dark: {
    'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-inactiveSelectionBackground': '#37373d',
    'list-hoverBackground': '#2a2d2e', 'panel-border': '#2b2b2b', 'focusBorder': '#0078d4', 'errorForeground': '#f85149',
    'editorWarning-foreground': '#cca700', 'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
    'inputValidation-errorBorder': '#be1100', 'inputValidation-errorBackground': '#5a1d1d', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'textCodeBlock-background': '#2b2b2b',
    'editor-font-family': 'monospace', 'editor-font-size': '12px', 'font-size': '13px', 'input-background': '#313131', 'input-foreground': '#cccccc',
    'input-border': '#3c3c3c', 'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    'button-border': '#ffffff12', 'debugTokenExpression-number': '#b5cea8', 'settings-headerBorder': '#2b2b2b', 'panelTitle-activeBorder': '#0078d4',
    'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d', 'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c',
    'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c', 'settings-dropdownBackground': '#313131',
    'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownForeground': '#cccccc', 'settings-checkboxBackground': '#313131',
    'settings-checkboxBorder': '#3c3c3c', 'panel-background': '#181818', 'input-placeholderForeground': '#989898', 'list-focusOutline': '#0078d4',
    'toolbar-hoverBackground': '#5a5d5e50', 'inputOption-activeBackground': '#2489db82', 'inputOption-activeBorder': '#2488db', 'icon-foreground': '#cccccc',
  },
  light: {
    'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-inactiveSelectionBackground': '#e4e6f1',
    'list-hoverBackground': '#f2f2f2', 'panel-border': '#e5e5e5', 'focusBorder': '#005fb8', 'errorForeground': '#f85149',
    'editorWarning-foreground': '#bf8803', 'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
    'inputValidation-errorBorder': '#be1100', 'inputValidation-errorBackground': '#f2dede', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'textCodeBlock-background': '#f2f2f2',
    'editor-font-family': 'monospace', 'editor-font-size': '12px', 'font-size': '13px', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b',
    'input-border': '#cecece', 'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    'button-border': '#0000001a', 'debugTokenExpression-number': '#098658', 'settings-headerBorder': '#e5e5e5', 'panelTitle-activeBorder': '#005fb8',
    'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b', 'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece',
    'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece', 'settings-dropdownBackground': '#ffffff',
    'settings-dropdownBorder': '#cecece', 'settings-dropdownForeground': '#3b3b3b', 'settings-checkboxBackground': '#f8f8f8',
    'settings-checkboxBorder': '#cecece', 'panel-background': '#f8f8f8', 'input-placeholderForeground': '#767676', 'list-focusOutline': '#005fb8',
    'toolbar-hoverBackground': '#b8b8b850', 'inputOption-activeBackground': '#bed6ed', 'inputOption-activeBorder': '#005fb8', 'icon-foreground': '#3b3b3b',
  },
} as const;

/** Adds the extra theme colours to the page. */
export async function applyTheme(panel: PanelPage, theme: 'light' | 'dark'): Promise<void> {
  const vars = Object.entries(THEME_EXTRAS[theme]).map(([k, v]) => `--vscode-${k}:${v}`).join(';');
  // A constructed stylesheet: the page runs under the extension's CSP, which refuses a <style> without its nonce.
  await panel.page.evaluate(`(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(${JSON.stringify(`body{${vars}}`)});
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  })()`);
}

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const EVENTS = ['placed', 'placed', 'paid', 'placed', 'paid', 'shipped'] as const;

/** A Kafka row of topic "orders". */
export function kafkaRow(i: number, partition = i % 3): Record<string, unknown> {
  const value = JSON.stringify({ event: `order.${EVENTS[i % EVENTS.length]}`, orderId: `o-${1001 + (i % 3)}`, total: 42.5 + i, seq: i + 1 });
  return {
    id: `${partition}:${i}`, partition, offset: i, timestamp: T0 + i * 1000, size: value.length + 16,
    keyKind: 'text', keyPreview: `o-${1001 + (i % 3)}`, valueKind: 'json', valuePreview: value, valueSize: value.length, headerCount: 1,
  };
}

/** browse/init for the "orders" topic. */
export function kafkaInit(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'notification', method: 'browse/init',
    params: {
      destination: 'orders', connectionName: 'Simulator', broker: 'kafka', destinationType: 'topic', simulated: true,
      access: { mode: 'read', notice: 'Reading does not consume: no consumer group, nothing committed.' },
      liveTail: true,
      partitions: [0, 1, 2].map((p) => ({ partition: p, logStart: 0, highWatermark: 40 + p })),
      restoring: false, tailing: false, ...extra,
    },
  };
}

/** browse/init for the classic queue "email.confirmations". */
export function queueInit(): Record<string, unknown> {
  return {
    kind: 'notification', method: 'browse/init',
    params: {
      destination: 'email.confirmations', connectionName: 'Simulator', broker: 'rabbitmq', destinationType: 'classic', simulated: true,
      access: { mode: 'peek', warning: 'Peeking this queue takes messages and puts them back: they are marked redelivered, their order can change, live consumers may receive them meanwhile, and on a quorum queue each peek counts toward the delivery limit.' },
      liveTail: false, partitions: [], restoring: false, tailing: false,
    },
  };
}

/** A queue row. */
export function queueRow(i: number): Record<string, unknown> {
  const value = JSON.stringify({ event: 'order.placed', orderId: `o-${1001 + i}`, total: 18 + i });
  return {
    id: String(i + 1), size: value.length, keyKind: 'null', keyPreview: '', valueKind: 'json', valuePreview: value, valueSize: value.length,
    headerCount: 0, exchange: 'shop.events', routingKey: 'order.placed', redelivered: true,
  };
}

/** The index in the posted log of the next message with `method` at or after `from`, and the message. */
export async function nextPosted(panel: PanelPage, method: string, from: number, timeoutMs = 5000): Promise<{ index: number; message: Record<string, unknown> }> {
  const handle = await panel.page.waitForFunction(
    ([m, start]) => {
      const posted = (globalThis as unknown as { __posted: { method?: string }[] }).__posted;
      for (let i = start as number; i < posted.length; i++) if (posted[i]!.method === m) return { index: i, message: posted[i] };
      return undefined;
    },
    [method, from] as const,
    { timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as { index: number; message: Record<string, unknown> };
}

/** How many messages the webview posted so far. */
export async function postedCount(panel: PanelPage): Promise<number> {
  return (await panel.posted()).length;
}

/** Answers request `message` with `result`. */
export async function reply(panel: PanelPage, message: Record<string, unknown>, result: unknown): Promise<void> {
  await panel.send({ kind: 'reply', id: message['id'], ok: true, result });
}

/** A page reply. */
export function pageResult(records: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'page', page: { records, scanned: records.length, scanCapped: false, sideEffect: 'none', ...extra } };
}
