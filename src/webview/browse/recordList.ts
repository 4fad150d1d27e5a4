/**
 * The message list: a virtualized grid. Rows have one fixed height, a spacer as tall as all rows gives
 * the scrollbar its length, and only the rows in view (plus an overscan) exist in the DOM, so 100,000
 * rows cost what 50 do. Heights and offsets are set through the CSSOM after each render: the panel's
 * CSP refuses style attributes (styleMap, too, writes one on its first render).
 */
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as l10n from '@vscode/l10n';
import type { BrowseInit, BrowseRow } from '../../extension/protocol/browsePanel.js';
import { bytes, isoTime, localTime } from './format.js';
import { keyTarget } from './state.js';

/** Height of one row in pixels (VS Code's list rows are 22). */
export const ROW_HEIGHT = 22;
/** The sticky column header's height. */
const HEAD_HEIGHT = ROW_HEIGHT + 2;
/** Rows rendered above and below the visible ones, so fast scrolling shows no blank band. */
const OVERSCAN = 10;

/** One column of the list. */
export interface Column {
  readonly id: string;
  readonly label: string;
  /** A grid track, e.g. '80px' or 'minmax(200px, 1fr)'. */
  readonly width: string;
  readonly numeric?: boolean;
  readonly cell: (row: BrowseRow, index: number) => TemplateResult | string | number;
  readonly title?: (row: BrowseRow) => string;
}

const muted = (text: string): TemplateResult => html`<span class="muted">${text}</span>`;

function payloadCell(kind: BrowseRow['valueKind'], preview: string, nullText: string, schema?: BrowseRow['valueSchema']): TemplateResult | string {
  if (kind === 'null') return muted(nullText);
  if (kind === 'empty') return muted('(empty)');
  const mark = schema ? schemaMark(schema) : nothing;
  if (kind === 'binary') return html`${mark}<span class="bin">${preview}</span>`;
  return schema ? html`${mark}${preview}` : preview;
}

/** A schema-framed key or value: the schema id it was decoded with, or a warning that it could not be. */
function schemaMark(schema: NonNullable<BrowseRow['valueSchema']>): TemplateResult {
  const id = schema.schemaId > 0 ? String(schema.schemaId) : '';
  return schema.status === 'decoded'
    ? html`<span class="badge schema" title=${id ? l10n.t('Decoded with schema id {0}', id) : l10n.t('Decoded with a local schema file')}>${id ? l10n.t('schema {0}', id) : l10n.t('schema')}</span> `
    : html`<span class="badge schema-failed" title=${l10n.t('Not decoded: select the message to see why')}>${l10n.t('not decoded')}</span> `;
}

const COL = {
  partition: { id: 'partition', get label() { return l10n.t('Partition'); }, width: '92px', numeric: true, cell: (r) => r.partition ?? '' },
  offset: { id: 'offset', get label() { return l10n.t('Offset'); }, width: '88px', numeric: true, cell: (r) => r.offset ?? '' },
  position: { id: 'position', label: '#', width: '52px', numeric: true, cell: (_r, i) => i + 1 },
  timestamp: {
    id: 'timestamp', get label() { return l10n.t('Timestamp'); }, width: '184px',
    cell: (r) => (r.timestamp !== undefined ? localTime(r.timestamp) : muted('—')),
    title: (r) => (r.timestamp !== undefined ? isoTime(r.timestamp) : l10n.t('No timestamp')),
  },
  key: { id: 'key', get label() { return l10n.t('Key'); }, width: 'minmax(80px, 0.3fr)', cell: (r) => payloadCell(r.keyKind, r.keyPreview, l10n.t('null'), r.keySchema), title: (r) => r.keyPreview },
  routingKey: { id: 'routingKey', get label() { return l10n.t('Routing key'); }, width: 'minmax(110px, 0.35fr)', cell: (r) => r.routingKey ?? '', title: (r) => r.routingKey ?? '' },
  exchange: {
    id: 'exchange', get label() { return l10n.t('Exchange'); }, width: 'minmax(110px, 0.3fr)',
    cell: (r) => (r.exchange === '' ? muted(l10n.t('(default)')) : r.exchange ?? ''), title: (r) => r.exchange ?? '',
  },
  value: { id: 'value', get label() { return l10n.t('Value'); }, width: 'minmax(160px, 1fr)', cell: (r) => payloadCell(r.valueKind, r.valuePreview, l10n.t('null (tombstone)'), r.valueSchema), title: (r) => r.valuePreview },
  size: { id: 'size', get label() { return l10n.t('Size'); }, width: '72px', numeric: true, cell: (r) => bytes(r.size), title: (r) => l10n.t('{0} bytes', r.size) },
  headers: { id: 'headers', get label() { return l10n.t('Headers'); }, width: '84px', numeric: true, cell: (r) => (r.headerCount > 0 ? r.headerCount : '') },
  redelivered: { id: 'redelivered', get label() { return l10n.t('Redelivered'); }, width: '112px', cell: (r) => (r.redelivered ? html`<span class="badge">${l10n.t('redelivered')}</span>` : '') },
} satisfies Record<string, Column>;

/**
 * The columns for what is browsed: Kafka shows positions and keys, RabbitMQ routing and redelivery.
 * Queue messages carry a time only when the producer set the timestamp property, so that column
 * appears only when some row has one.
 */
export function columnsFor(init: BrowseInit | undefined, queueTimestamps = false): Column[] {
  if (!init || init.broker === 'kafka') return [COL.partition, COL.offset, COL.timestamp, COL.key, COL.value, COL.size, COL.headers];
  if (init.destinationType === 'stream') return [COL.offset, COL.timestamp, COL.routingKey, COL.exchange, COL.value, COL.size, COL.headers];
  return [COL.position, COL.routingKey, COL.exchange, ...(queueTimestamps ? [COL.timestamp] : []), COL.value, COL.size, COL.headers, COL.redelivered];
}

/** Raises `select` ({ index }) on click and arrow/Home/End/Page keys. */
export class RecordList extends LitElement {
  static override properties = {
    rows: { attribute: false },
    columns: { attribute: false },
    selected: { type: Number },
    /** Ids of the rows marked with Ctrl/Cmd-click or Shift-click, for actions on several messages. */
    marked: { attribute: false },
    /** A new object here (a new page) scrolls back to the top. */
    page: { attribute: false },
    /** Keep the newest row in view as rows are appended (live tail), unless the user scrolled up. */
    follow: { type: Boolean },
    scrollTop: { state: true },
    viewportHeight: { state: true },
  };
  declare rows: readonly BrowseRow[];
  declare columns: readonly Column[];
  declare selected: number;
  declare marked: ReadonlySet<string>;
  declare page: unknown;
  declare follow: boolean;
  declare scrollTop: number;
  declare viewportHeight: number;
  private atBottom = false;
  /** Index of the first rendered row, for positioning in updated(). */
  private first = 0;
  private resize?: ResizeObserver;

  constructor() {
    super();
    this.rows = [];
    this.columns = [];
    this.selected = -1;
    this.marked = new Set();
    this.follow = false;
    this.scrollTop = 0;
    this.viewportHeight = 600;
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; min-width: 0; font-size: var(--vscode-font-size, 13px); }
    .head, .row { display: grid; grid-template-columns: var(--cols); column-gap: 0; }
    .head { position: sticky; top: 0; z-index: 1; height: ${HEAD_HEIGHT - 1}px; line-height: ${HEAD_HEIGHT - 1}px; font-weight: 600; color: var(--vscode-foreground);
      border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); background: var(--vscode-editorWidget-background); }
    .viewport { flex: 1; min-height: 0; overflow: auto; position: relative; outline: none; }
    .viewport:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
    .spacer { position: relative; }
    .window { position: absolute; left: 0; right: 0; top: 0; }
    .row { height: ${ROW_HEIGHT}px; line-height: ${ROW_HEIGHT}px; cursor: default; }
    .row:hover { background: var(--vscode-list-hoverBackground); }
    .row[aria-selected='true'] { background: var(--vscode-list-inactiveSelectionBackground); color: var(--vscode-list-inactiveSelectionForeground, inherit); }
    .viewport:focus .row[aria-selected='true'] { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
    /* High Contrast themes have no selection background: the selected row gets their active border. */
    .row[aria-selected='true'] { outline: 1px solid var(--vscode-contrastActiveBorder, transparent); outline-offset: -1px; }
    .viewport:focus .row[aria-selected='true'] { outline-style: dashed; }
    .cell { padding: 0 8px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .cell.numeric { text-align: right; font-variant-numeric: tabular-nums; }
    .cell.key, .cell.value, .cell.offset { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 12px); }
    .muted { color: var(--vscode-descriptionForeground); }
    .row[aria-selected='true'] .muted { color: inherit; opacity: 0.8; }
    .bin { color: var(--vscode-debugTokenExpression-number, var(--vscode-descriptionForeground)); }
    .badge { display: inline-block; padding: 0 6px; line-height: 16px; border-radius: 8px; font-size: 11px;
      background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
    .badge.schema-failed { background: transparent; color: var(--vscode-errorForeground); border: 1px solid var(--vscode-errorForeground); line-height: 14px; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver((entries) => {
      const height = entries[0]?.contentRect.height;
      if (height !== undefined && height > 0) this.viewportHeight = height;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  protected override firstUpdated(): void {
    this.resize?.observe(this.viewport());
  }

  private viewport(): HTMLElement {
    return this.renderRoot.querySelector('.viewport') as HTMLElement;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('columns')) this.style.setProperty('--cols', this.columns.map((c) => c.width).join(' '));
    if (changed.has('rows') && this.hasUpdated) {
      const v = this.viewport();
      this.atBottom = v.scrollTop + v.clientHeight >= v.scrollHeight - ROW_HEIGHT;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const v = this.viewport();
    (this.renderRoot.querySelector('.spacer') as HTMLElement).style.height = `${this.rows.length * ROW_HEIGHT}px`;
    (this.renderRoot.querySelector('.window') as HTMLElement).style.transform = `translateY(${this.first * ROW_HEIGHT}px)`;
    if (changed.has('page') && changed.get('page') !== undefined) {
      v.scrollTop = 0;
    } else if (changed.has('rows') && this.follow && this.atBottom) {
      v.scrollTop = v.scrollHeight;
    }
    if (changed.has('selected') && this.selected >= 0) this.reveal(this.selected);
  }

  /** Scrolls the least needed to show row `index`. */
  reveal(index: number): void {
    const v = this.viewport();
    // Rows start below the sticky header, which covers the top HEAD_HEIGHT pixels of the viewport.
    const top = HEAD_HEIGHT + index * ROW_HEIGHT;
    if (top - HEAD_HEIGHT < v.scrollTop) v.scrollTop = top - HEAD_HEIGHT;
    else if (top + ROW_HEIGHT > v.scrollTop + v.clientHeight) v.scrollTop = top + ROW_HEIGHT - v.clientHeight;
  }

  private onScroll(e: Event): void {
    this.scrollTop = (e.target as HTMLElement).scrollTop;
  }

  private onKey(e: KeyboardEvent): void {
    const pageRows = Math.max(1, Math.floor((this.viewportHeight - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
    const index = keyTarget(e.key, this.selected, this.rows.length, pageRows);
    if (index === undefined) return;
    e.preventDefault();
    this.emit(index);
  }

  private onClick(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
    if (row?.dataset['index'] === undefined) return;
    const index = Number(row.dataset['index']);
    // As in VS Code's lists: Ctrl/Cmd-click adds or removes one row, Shift-click a range.
    if (e.ctrlKey || e.metaKey || e.shiftKey) {
      this.dispatchEvent(new CustomEvent('mark', { detail: { index, mode: e.shiftKey ? 'range' : 'toggle' } }));
      return;
    }
    this.emit(index);
  }

  private emit(index: number): void {
    this.dispatchEvent(new CustomEvent('select', { detail: { index } }));
  }

  override render(): TemplateResult {
    const total = this.rows.length;
    const first = Math.max(0, Math.floor((this.scrollTop - HEAD_HEIGHT) / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, Math.ceil((this.scrollTop + this.viewportHeight) / ROW_HEIGHT) + OVERSCAN);
    const visible = this.rows.slice(first, last);
    this.first = first;
    return html`
      <div class="viewport" role="grid" aria-label=${l10n.t('Messages')} aria-rowcount=${total + 1} tabindex="0"
        @scroll=${this.onScroll} @keydown=${this.onKey} @click=${this.onClick}>
        <div class="head" role="row" aria-rowindex="1">
          ${this.columns.map((c) => html`<div class="cell ${c.numeric ? 'numeric' : ''}" role="columnheader" title=${c.label}>${c.label}</div>`)}
        </div>
        <div class="spacer">
          <div class="window">
            ${visible.map((row, i) => this.renderRow(row, first + i))}
          </div>
        </div>
      </div>
    `;
  }

  private renderRow(row: BrowseRow, index: number): TemplateResult {
    return html`<div class="row record" role="row" data-index=${index} data-id=${row.id} aria-rowindex=${index + 2}
      aria-selected=${index === this.selected || this.marked.has(row.id) ? 'true' : 'false'}>
      ${this.columns.map((c) => html`<div class="cell ${c.id} ${c.numeric ? 'numeric' : ''}" role="gridcell" title=${c.title ? c.title(row) : nothing}>${c.cell(row, index)}</div>`)}
    </div>`;
  }
}
customElements.define('brokerlens-record-list', RecordList);
