/**
 * The selected record: its value as pretty JSON, text, hex or base64 (tabs), its key, headers and
 * metadata, with Copy value, Copy as JSON and Open in editor. The views arrive decoded from the host;
 * this pane only chooses which to show and remembers the user's choice from record to record.
 */
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import * as l10n from '@vscode/l10n';
import type { BrowseInit, BrowseRow, DecodedSchemaWire, PayloadWire } from '../../extension/protocol/browsePanel.js';
import { bytes, isoTime, localTime } from './format.js';
import type { DetailState } from './state.js';

/** A way to show a value. */
export type ValueView = 'decoded' | 'json' | 'text' | 'hex' | 'base64';

const label = (view: ValueView): string => ({ decoded: l10n.t('Decoded'), json: 'JSON', text: l10n.t('Text'), hex: 'Hex', base64: 'Base64' })[view];

const SCHEMA_TYPES: Record<string, string> = { AVRO: 'Avro', PROTOBUF: 'Protobuf', JSON: 'JSON Schema' };

/** One line naming the schema a payload was decoded with: type, id or file, subject and version, record type. */
export function schemaLine(schema: DecodedSchemaWire): string {
  const parts: string[] = [];
  if (schema.schemaType) parts.push(SCHEMA_TYPES[schema.schemaType] ?? schema.schemaType);
  parts.push(schema.source === 'registry' ? l10n.t('schema id {0}', String(schema.schemaId)) : schema.source);
  if (schema.subject) parts.push(schema.version !== undefined ? `${schema.subject} v${schema.version}` : schema.subject);
  if (schema.typeName) parts.push(schema.typeName);
  return parts.join(' · ');
}

/** The views a payload offers, best first. */
export function viewsOf(payload: PayloadWire): ValueView[] {
  const views: ValueView[] = [];
  if (payload.schema?.status === 'decoded' && payload.schema.json !== undefined) views.push('decoded');
  if (payload.json !== undefined) views.push('json');
  if (payload.text !== undefined) views.push('text');
  views.push('hex', 'base64');
  return views;
}

/** Hex as byte pairs, 16 to a line, so it reads like a hex editor. */
function hexLines(hex: string): string {
  const lines: string[] = [];
  for (let at = 0; at < hex.length; at += 32) lines.push(hex.slice(at, at + 32).replace(/(..)(?!$)/g, '$1 '));
  return lines.join('\n');
}

function viewText(payload: PayloadWire, view: ValueView): string {
  switch (view) {
    case 'decoded':
      return payload.schema?.json ?? '';
    case 'json':
      return payload.json ?? '';
    case 'text':
      return payload.text ?? '';
    case 'hex':
      return hexLines(payload.hex);
    case 'base64':
      return payload.base64;
  }
}

/** Raises `copy` ({ what: 'value' | 'record' }), `open` and `close`. */
export class RecordDetail extends LitElement {
  static override properties = {
    row: { attribute: false },
    detail: { attribute: false },
    init: { attribute: false },
    preferred: { state: true },
  };
  declare row: BrowseRow | undefined;
  declare detail: DetailState | undefined;
  declare init: BrowseInit | undefined;
  declare preferred: ValueView;

  constructor() {
    super();
    this.preferred = 'json';
  }

  static override styles = css`
    :host { display: block; min-height: 0; min-width: 0; overflow: auto; padding: 8px 12px; box-sizing: border-box; }
    header { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
    header h2 { font-size: 1em; font-weight: 600; margin: 0; flex: 1; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .actions { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 4px; }
    h3 { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; margin: 14px 0 4px;
      color: var(--vscode-descriptionForeground); }
    pre { margin: 0; padding: 8px; white-space: pre-wrap; word-break: break-all; overflow: auto; max-height: 50vh;
      font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 12px);
      background: var(--vscode-textCodeBlock-background, var(--vscode-editorWidget-background)); border-radius: 3px; }
    pre.key { max-height: 6em; }
    vscode-tabs { --vscode-panel-background: transparent; }
    .note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
    .error { color: var(--vscode-errorForeground); }
    .schema-line { color: var(--vscode-descriptionForeground); margin: 2px 0 6px; font-size: 12px; }
    .schema-error { color: var(--vscode-errorForeground); margin: 2px 0 6px; }
    table { border-collapse: collapse; width: 100%; table-layout: fixed; }
    th, td { text-align: left; padding: 2px 6px; vertical-align: top; border-bottom: 1px solid var(--vscode-widget-border, transparent);
      overflow-wrap: anywhere; font-size: 12px; }
    .muted { color: var(--vscode-descriptionForeground); }
    th { width: 30%; font-weight: normal; color: var(--vscode-descriptionForeground); }
    td { font-family: var(--vscode-editor-font-family, monospace); }
    .loading { display: flex; align-items: center; gap: 8px; color: var(--vscode-descriptionForeground); }
  `;

  override render(): TemplateResult {
    const row = this.row;
    if (!row) return html``;
    return html`
      <header>
        <h2 title=${row.id}>${this.heading(row)}</h2>
        <vscode-toolbar-button class="close" icon="close" label=${l10n.t('Close the detail pane')} title=${l10n.t('Close')} @click=${() => this.emit('close', {})}></vscode-toolbar-button>
      </header>
      <div class="actions">
        <vscode-button secondary icon="copy" @click=${() => this.emit('copy', { what: 'value' })} title=${l10n.t('Copy the whole value')}>${l10n.t('Copy value')}</vscode-button>
        <vscode-button secondary icon="json" @click=${() => this.emit('copy', { what: 'record' })} title=${l10n.t('Copy the message as JSON')}>${l10n.t('Copy as JSON')}</vscode-button>
        <vscode-button secondary icon="go-to-file" @click=${() => this.emit('open', {})} title=${l10n.t('Open the whole value in an editor')}>${l10n.t('Open in editor')}</vscode-button>
      </div>
      ${this.body(row)}
      <h3>${l10n.t('Metadata')}</h3>
      ${this.metadata(row)}
    `;
  }

  private heading(row: BrowseRow): string {
    if (row.partition !== undefined && row.offset !== undefined) return l10n.t('Partition {0} · offset {1}', row.partition, row.offset);
    if (row.offset !== undefined) return l10n.t('Offset {0}', row.offset);
    return row.routingKey ? l10n.t('Message · {0}', row.routingKey) : l10n.t('Message');
  }

  private body(row: BrowseRow): TemplateResult {
    const d = this.detail;
    if (!d || d.id !== row.id || d.status === 'loading') {
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${l10n.t('Decoding the message…')}</div>`;
    }
    if (d.status === 'error' || !d.data) return html`<p class="error" role="alert">${d.error ?? l10n.t('The message could not be shown.')}</p>`;
    const { data } = d;
    return html`
      <h3>${l10n.t('Value')}</h3>
      ${this.value(data.value)}
      ${data.key || this.init?.broker === 'kafka'
        ? html`<h3>${l10n.t('Key')}</h3>${data.key ? this.key(data.key) : html`<p class="note">${l10n.t('null')}</p>`}`
        : nothing}
      <h3>${l10n.t('Headers ({0})', data.headers.length)}</h3>
      ${data.headers.length === 0
        ? html`<p class="note">${l10n.t('No headers.')}</p>`
        : html`<table class="headers"><tbody>${data.headers.map((h) => html`<tr><th>${h.name}</th><td>${h.value}</td></tr>`)}</tbody></table>`}
      ${data.properties.length > 0
        ? html`<h3>${l10n.t('AMQP properties')}</h3><table class="properties"><tbody>${data.properties.map((p) => html`<tr><th>${p.name}</th><td>${p.value}</td></tr>`)}</tbody></table>`
        : nothing}
    `;
  }

  private key(key: PayloadWire): TemplateResult {
    const schema = key.schema;
    if (schema?.status === 'decoded' && schema.json !== undefined) {
      return html`${this.schemaNote(schema)}<pre class="key decoded">${schema.json}</pre>`;
    }
    return html`${schema ? this.schemaNote(schema) : nothing}<pre class="key">${key.text ?? hexLines(key.hex)}</pre>`;
  }

  /** The schema a payload was decoded with, or why it could not be (the bytes stay shown below). */
  private schemaNote(schema: DecodedSchemaWire): TemplateResult {
    if (schema.status === 'failed' || schema.json === undefined) {
      return html`<p class="schema-error" role="status">${l10n.t('Not decoded: {0}', schema.reason ?? '')}</p>`;
    }
    return html`<p class="schema-line">${schemaLine(schema)}</p>`;
  }

  private value(payload: PayloadWire | null): TemplateResult {
    if (payload === null) {
      return html`<p class="note">${this.init?.broker === 'kafka' ? l10n.t('null: a tombstone (compaction deletes this key)') : l10n.t('No body.')}</p>`;
    }
    if (payload.kind === 'empty') return html`<p class="note">${l10n.t('Empty (0 bytes).')}</p>`;
    const views = viewsOf(payload);
    const selected = Math.max(0, views.indexOf(this.preferred));
    const truncated = payload.truncated
      ? html`<p class="note">${l10n.t('Showing the first {0} of {1}; Open in editor shows all of it.', bytes(payload.hex.length / 2), bytes(payload.size))}</p>`
      : nothing;
    // A fresh tabs element per record and set of views: vscode-tabs indexes its headers once.
    return html`${payload.schema ? this.schemaNote(payload.schema) : nothing}${truncated}${keyed(`${this.detail?.id}|${views.join()}`, html`
      <vscode-tabs selected-index=${selected} @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) => {
        this.preferred = views[e.detail.selectedIndex] ?? this.preferred;
      }}>
        ${views.map((v) => html`<vscode-tab-header slot="header" data-view=${v}>${label(v)}</vscode-tab-header>`)}
        ${views.map((v) => html`<vscode-tab-panel data-view=${v}><pre class="value ${v}">${viewText(payload, v)}</pre></vscode-tab-panel>`)}
      </vscode-tabs>`)}`;
  }

  private metadata(row: BrowseRow): TemplateResult {
    const items: [string, TemplateResult | string][] = [];
    if (row.partition !== undefined) items.push([l10n.t('Partition'), String(row.partition)]);
    if (row.offset !== undefined) items.push([l10n.t('Offset'), String(row.offset)]);
    if (row.timestamp !== undefined) items.push([l10n.t('Timestamp'), html`${localTime(row.timestamp)}<br><span class="muted">${isoTime(row.timestamp)}</span>`]);
    items.push([l10n.t('Value size'), row.valueSize >= 1024 ? l10n.t('{0} bytes ({1})', row.valueSize, bytes(row.valueSize)) : l10n.t('{0} bytes', row.valueSize)]);
    items.push([l10n.t('Message size'), l10n.t('{0} bytes (key, value and headers)', row.size)]);
    if (row.exchange !== undefined) items.push([l10n.t('Exchange'), row.exchange === '' ? l10n.t('(default exchange)') : row.exchange]);
    if (row.routingKey !== undefined) items.push([l10n.t('Routing key'), row.routingKey]);
    if (row.redelivered !== undefined) items.push([l10n.t('Redelivered'), row.redelivered ? l10n.t('yes') : l10n.t('no')]);
    return html`<table class="metadata"><tbody>${items.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
  }

  private emit(type: 'copy' | 'open' | 'close', detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
customElements.define('brokerlens-record-detail', RecordDetail);
