/**
 * The toolbar (start, partition, page size, Refresh, Older/Newer, Live tail) and the filter bar,
 * as templates rendered inside the panel view.
 */
import * as l10n from '@vscode/l10n';
import { css, html, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { datetimeLocal } from './format.js';
import { PAGE_SIZES, type FilterForm, type QueryForm, type StartKind } from './query.js';
import type { BrowseViewState, Nav } from './state.js';

/** What the user can do; the controller implements it. */
export interface BrowseActions {
  setForm(patch: Partial<QueryForm>): void;
  /** Sets the form and reads again at once where reading changes nothing (a queue waits for Refresh). */
  apply(patch: Partial<QueryForm>): void;
  load(nav: Nav): void;
  grantConsent(): void;
  declineConsent(): void;
  askConsent(): void;
  cancel(): void;
  setTail(on: boolean): void;
  select(index: number): void;
  copy(what: 'value' | 'record'): void;
  openInEditor(): void;
  /** Republish…, Retry to original queue, Export…: on the selected record, or on all shown when none is selected. */
  messageAction(kind: 'republish' | 'retry' | 'export'): void;
  /** Ctrl/Cmd-click (toggle) or Shift-click (range) on a row. */
  mark(index: number, mode: 'toggle' | 'range'): void;
}

/** Styles of the toolbar and filter bar. */
export const toolbarStyles = css`
  .toolbar, .filterbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; padding: 6px 12px; }
  .filterbar { padding-top: 0; }
  .field { display: inline-flex; align-items: center; gap: 6px; color: var(--vscode-descriptionForeground); }
  vscode-single-select.start { width: 130px; }
  vscode-single-select.partition { width: 150px; }
  vscode-single-select.limit { width: 76px; }
  vscode-single-select.filter-field { width: 120px; }
  vscode-textfield.offset { width: 110px; }
  vscode-textfield.timestamp { width: 210px; }
  vscode-textfield.header-name { width: 140px; }
  vscode-textfield.filter { flex: 1; min-width: 200px; max-width: 640px; }
  .sep { width: 1px; align-self: stretch; margin: 2px 4px; background: var(--vscode-panel-border, var(--vscode-widget-border)); }
  .spacer { flex: 1; }
  .filter-error { margin: 0 12px 6px; padding: 4px 8px; color: var(--vscode-errorForeground);
    border-left: 2px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
`;

const value = (e: Event): string => (e.target as HTMLInputElement).value;

function startField(state: BrowseViewState, a: BrowseActions): TemplateResult | typeof nothing {
  const { form } = state;
  if (form.startKind === 'offset') {
    return html`<vscode-textfield class="offset" aria-label=${l10n.t('Offset to start from')} placeholder=${l10n.t('offset')} .value=${form.offset}
      @input=${(e: Event) => a.setForm({ offset: value(e) })} @keydown=${enter(() => a.load('fresh'))}></vscode-textfield>`;
  }
  if (form.startKind === 'timestamp') {
    return html`<vscode-textfield class="timestamp" type="datetime-local" step="1" aria-label=${l10n.t('Date and time to start from')} .value=${form.timestamp}
      @input=${(e: Event) => a.setForm({ timestamp: value(e) })} @keydown=${enter(() => a.load('fresh'))}></vscode-textfield>`;
  }
  return nothing;
}

/** Earliest and latest read at once; offset and time wait for a value, prefilled with something sensible. */
function startChanged(startKind: StartKind, form: QueryForm, a: BrowseActions): void {
  if (startKind === 'earliest' || startKind === 'latest') return a.apply({ startKind });
  // An hour ago is where "what happened lately" usually starts.
  const timestamp = startKind === 'timestamp' && !form.timestamp ? datetimeLocal(Date.now() - 3_600_000) : form.timestamp;
  a.setForm({ startKind, timestamp });
}

function enter(run: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      run();
    }
  };
}

function partitionField(state: BrowseViewState, a: BrowseActions): TemplateResult | typeof nothing {
  const init = state.init;
  if (!init || init.broker !== 'kafka' || init.partitions.length === 0) return nothing;
  const current = state.form.partition === 'all' ? 'all' : String(state.form.partition);
  return html`<label class="field">${l10n.t('Partition')}
    <vscode-single-select class="partition" aria-label=${l10n.t('Partition')} .value=${current}
      @change=${(e: Event) => a.apply({ partition: value(e) === 'all' ? 'all' : Number(value(e)) })}>
      <vscode-option value="all" ?selected=${current === 'all'}>${l10n.t('All ({0})', init.partitions.length)}</vscode-option>
      ${init.partitions.map((p) => html`<vscode-option value=${String(p.partition)} ?selected=${current === String(p.partition)}
        description=${l10n.t('offsets {0}…{1}', p.logStart, Math.max(p.logStart, p.highWatermark - 1))}>${p.partition}</vscode-option>`)}
    </vscode-single-select></label>`;
}

/** The Live tail switch, where capabilities.liveTail allows it. */
export function renderTailSwitch(state: BrowseViewState, a: BrowseActions): TemplateResult | typeof nothing {
  if (!state.init?.liveTail) return nothing;
  return html`<vscode-checkbox toggle class="tail" .checked=${state.tail !== 'off'} ?disabled=${state.tail === 'starting'}
    title=${l10n.t('Append new messages as they arrive')} @change=${(e: Event) => a.setTail((e.target as HTMLInputElement).checked)}>${l10n.t('Live tail')}</vscode-checkbox>`;
}

/** Start, partition, page size, Refresh and Older/Newer. */
export function renderToolbar(state: BrowseViewState, a: BrowseActions): TemplateResult {
  const { form, init } = state;
  const busy = state.loading !== undefined;
  const tailing = state.tail !== 'off';
  // A queue is read from its head: "latest" would take (and requeue) every message before the last ones.
  const starts: [StartKind, string][] = init?.access.mode === 'peek'
    ? [['earliest', l10n.t('From the head')], ['offset', l10n.t('From position')]]
    : [['latest', l10n.t('Newest')], ['earliest', l10n.t('Earliest')], ['offset', l10n.t('From offset')], ['timestamp', l10n.t('From time')]];
  return html`<div class="toolbar" role="toolbar" aria-label=${l10n.t('Browse options')}>
    <label class="field">${l10n.t('Start')}
      <vscode-single-select class="start" aria-label=${l10n.t('Start')} .value=${form.startKind}
        @change=${(e: Event) => startChanged(value(e) as StartKind, form, a)}>
        ${starts.map(([kind, label]) => html`<vscode-option value=${kind} ?selected=${form.startKind === kind}>${label}</vscode-option>`)}
      </vscode-single-select></label>
    ${startField(state, a)}
    ${partitionField(state, a)}
    <label class="field">${l10n.t('Page size')}
      <vscode-single-select class="limit" aria-label=${l10n.t('Page size')} .value=${String(form.limit)}
        @change=${(e: Event) => a.apply({ limit: Number(value(e)) })}>
        ${PAGE_SIZES.map((n) => html`<vscode-option value=${String(n)} ?selected=${form.limit === n}>${n}</vscode-option>`)}
      </vscode-single-select></label>
    <vscode-button class="refresh" icon="refresh" ?disabled=${busy || !init} @click=${() => a.load('fresh')}>${l10n.t('Refresh')}</vscode-button>
    <span class="sep"></span>
    <vscode-button secondary class="older" icon="chevron-left" title=${l10n.t('The page before this one')}
      ?disabled=${busy || tailing || !state.page?.previous} @click=${() => a.load('older')}>${l10n.t('Older')}</vscode-button>
    <vscode-button secondary class="newer" icon-after="chevron-right" title=${l10n.t('The page after this one')}
      ?disabled=${busy || tailing || !state.page?.next} @click=${() => a.load('newer')}>${l10n.t('Newer')}</vscode-button>
  </div>`;
}

const fields = (): [string, string][] => [['value', l10n.t('Value')], ['key', l10n.t('Key')], ['header', l10n.t('Header')], ['expression', l10n.t('Expression')]];

/** The field's name inside the filter placeholder. */
function fieldName(field: string, rabbit: boolean): string {
  if (field === 'key') return rabbit ? l10n.t('routing key') : l10n.t('key');
  if (field === 'header') return l10n.t('header');
  return l10n.t('value');
}

/** The filter bar: field, pattern with regex and case toggles, or an expression; errors inline. */
export function renderFilterBar(state: BrowseViewState, a: BrowseActions): TemplateResult {
  const f = state.form.filter;
  const set = (patch: Partial<FilterForm>): void => a.setForm({ filter: { ...f, ...patch } });
  const current = f.mode === 'expression' ? 'expression' : f.field;
  const rabbit = state.init?.broker === 'rabbitmq';
  const placeholder = f.mode === 'expression'
    ? l10n.t('e.g. {0}   (Enter to apply)', 'value.total > 50 && headers.source == "shop"')
    : f.regex
      ? l10n.t('Filter {0} (regex)   (Enter to apply)', fieldName(current, rabbit))
      : l10n.t('Filter {0}   (Enter to apply)', fieldName(current, rabbit));
  return html`<div class="filterbar">
      <label class="field">${l10n.t('Filter')}
        <vscode-single-select class="filter-field" aria-label=${l10n.t('Filter on')} .value=${current}
          @change=${(e: Event) => {
            const v = value(e);
            set(v === 'expression' ? { mode: 'expression' } : { mode: 'text', field: v as FilterForm['field'] });
          }}>
          ${fields().map(([v, label]) => html`<vscode-option value=${v} ?selected=${current === v}>${v === 'key' && rabbit ? l10n.t('Routing key') : label}</vscode-option>`)}
        </vscode-single-select></label>
      ${f.mode === 'text' && f.field === 'header'
        ? html`<vscode-textfield class="header-name" aria-label=${l10n.t('Header name')} placeholder=${l10n.t('header (any)')} .value=${f.header}
            @input=${(e: Event) => set({ header: value(e) })} @keydown=${enter(() => a.load('fresh'))}></vscode-textfield>`
        : nothing}
      <vscode-textfield class="filter" aria-label=${f.mode === 'expression' ? l10n.t('Filter expression') : l10n.t('Filter text')} placeholder=${placeholder}
        .value=${f.mode === 'expression' ? f.expression : f.pattern} ?invalid=${state.filterError !== undefined}
        @input=${(e: Event) => set(f.mode === 'expression' ? { expression: value(e) } : { pattern: value(e) })}
        @keydown=${enter(() => a.load('fresh'))}></vscode-textfield>
      ${f.mode === 'text'
        ? html`<vscode-toolbar-button class="regex" toggleable icon="regex" label=${l10n.t('Use regular expression')} title=${l10n.t('Use regular expression')}
              .checked=${f.regex} @change=${(e: Event) => set({ regex: (e.target as HTMLInputElement).checked })}></vscode-toolbar-button>
            <vscode-toolbar-button class="case" toggleable icon="case-sensitive" label=${l10n.t('Match case')} title=${l10n.t('Match case')}
              .checked=${f.caseSensitive} @change=${(e: Event) => set({ caseSensitive: (e.target as HTMLInputElement).checked })}></vscode-toolbar-button>`
        : nothing}
    </div>
    ${state.filterError ? html`<div class="filter-error" role="alert">${state.filterError}</div>` : nothing}`;
}
