/**
 * The Browse panel: header, read/peek notice, toolbar and filter bar, the virtualized list beside the
 * detail pane, and the status line with progress and Cancel. Colours come only from VS Code's theme
 * variables, so the panel follows light, dark and high-contrast themes.
 */
import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { BrowseInit } from '../../extension/protocol/browsePanel.js';
import './detailPane.js';
import { count, statusLine, tailStatusLine } from './format.js';
import { columnsFor, type Column } from './recordList.js';
import type { BrowseViewState } from './state.js';
import { renderFilterBar, renderTailSwitch, renderToolbar, toolbarStyles, type BrowseActions } from './toolbar.js';

function describe(init: BrowseInit): string {
  switch (init.destinationType) {
    case 'topic':
      return init.partitions.length === 1 ? l10n.t('Kafka topic · 1 partition') : l10n.t('Kafka topic · {0} partitions', init.partitions.length);
    case 'stream':
      return l10n.t('RabbitMQ stream');
    case 'classic':
    case 'quorum':
      return l10n.t('RabbitMQ {0} queue', init.destinationType);
    case 'unknown':
      return init.broker === 'kafka' ? l10n.t('Kafka topic') : l10n.t('RabbitMQ queue');
  }
}

/** Renders the panel from the state; user actions go to `actions`. */
export class BrowseView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: BrowseViewState;
  actions!: BrowseActions;
  /** The same columns array between renders, so typing in the toolbar does not re-render the list. */
  private columns: { key: string; value: Column[] } | undefined;

  private columnsOf(init: BrowseInit, queueTimes: boolean): Column[] {
    const key = `${init.broker}|${init.destinationType}|${queueTimes}`;
    if (this.columns?.key !== key) this.columns = { key, value: columnsFor(init, queueTimes) };
    return this.columns.value;
  }

  static override styles = [
    toolbarStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; color: var(--vscode-foreground);
        font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); background: var(--vscode-editor-background); }
      .title { display: flex; align-items: center; gap: 10px; padding: 8px 12px 2px; flex-wrap: wrap; min-height: 28px; }
      .grow { flex: 1; }
      .actions { display: inline-flex; gap: 6px; flex-wrap: wrap; }
      h1 { font-size: 1.25em; font-weight: 600; margin: 0; }
      .sub { color: var(--vscode-descriptionForeground); }
      .badge { padding: 0 6px; border-radius: 8px; font-size: 11px; line-height: 16px; align-self: center;
        background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
      .notice { display: flex; align-items: center; gap: 6px; margin: 4px 12px 0; color: var(--vscode-descriptionForeground); }
      .peek { margin: 8px 12px; padding: 10px 12px; border-radius: 3px;
        border: 1px solid var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground));
        background: var(--vscode-inputValidation-warningBackground, var(--vscode-editorWidget-background)); }
      .peek h2 { font-size: 1em; margin: 0 0 4px; display: flex; gap: 6px; align-items: center; }
      .peek p { margin: 0 0 10px; line-height: 1.45; max-width: 900px; }
      .peek .actions { display: flex; gap: 8px; }
      .warn-icon { color: var(--vscode-editorWarning-foreground); }
      .main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr);
        border-top: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); }
      /* The detail pane opens with a selection: beside the list where there is room, below it otherwise. */
      .main.detail { grid-template-rows: minmax(0, 1fr) minmax(0, 1.1fr); }
      .main.detail brokerlens-record-detail { border-top: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); }
      @media (min-width: 1100px) {
        .main.detail { grid-template-rows: none; grid-template-columns: minmax(0, 1fr) minmax(360px, 38%); }
        .main.detail brokerlens-record-detail { border-top: none; border-left: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); }
      }
      .listwrap { position: relative; display: flex; min-height: 0; min-width: 0; }
      brokerlens-record-list { flex: 1; }
      .placeholder { position: absolute; inset: 40px 16px auto; text-align: center; color: var(--vscode-descriptionForeground); }
      .placeholder.error { color: var(--vscode-errorForeground); }
      .status { display: flex; align-items: center; gap: 8px; min-height: 26px; padding: 2px 12px; flex-wrap: wrap;
        border-top: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); color: var(--vscode-descriptionForeground); }
      .status .error { color: var(--vscode-errorForeground); display: inline-flex; gap: 4px; align-items: center; }
      .status .tail-status { display: inline-flex; gap: 4px; align-items: center; }
      .status .tail-status.waiting { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
      .status .tail-status.resumed { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
      .status .capped { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); display: inline-flex; gap: 4px; align-items: center; }
      vscode-progress-ring { width: 16px; height: 16px; }
    `,
  ];

  override render(): TemplateResult {
    const s = this.state;
    const init = s.init;
    if (!init) {
      return html`<div class="status" role="status"><vscode-progress-ring></vscode-progress-ring>${l10n.t('Connecting to the destination…')}</div>`;
    }
    const selected = s.selected >= 0 ? s.rows[s.selected] : undefined;
    // Only queue pages (at most BROWSE_MAX_PAGE_SIZE rows, no tail) are scanned for timestamps.
    const queueTimes = init.access.mode === 'peek' && s.rows.some((r) => r.timestamp !== undefined);
    return html`
      <div class="title">
        <h1>${init.destination}</h1>
        <span class="sub">${describe(init)} · ${init.connectionName}</span>
        ${init.simulated ? html`<span class="badge">${l10n.t('simulator')}</span>` : nothing}
        <span class="grow"></span>
        ${this.messageActions(s, selected !== undefined)}
        ${renderTailSwitch(s, this.actions)}
      </div>
      ${this.access(s, init)}
      ${s.stale
        ? html`<div class="notice stale" role="status"><vscode-icon name="history" class="warn-icon"></vscode-icon>${s.stale}
            <vscode-button secondary class="stale-refresh" @click=${() => this.actions.load('fresh')}>${l10n.t('Refresh')}</vscode-button></div>`
        : nothing}
      ${renderToolbar(s, this.actions)}
      ${renderFilterBar(s, this.actions)}
      <div class="main ${selected ? 'detail' : ''}">
        <div class="listwrap">
          <brokerlens-record-list .rows=${s.rows} .columns=${this.columnsOf(init, queueTimes)} .selected=${s.selected} .page=${s.page}
            .marked=${this.markedSet(s.marked)}
            ?follow=${s.tail === 'on'} @select=${(e: CustomEvent<{ index: number }>) => this.actions.select(e.detail.index)}
            @mark=${(e: CustomEvent<{ index: number; mode: 'toggle' | 'range' }>) => this.actions.mark(e.detail.index, e.detail.mode)}></brokerlens-record-list>
          ${this.placeholder(s)}
        </div>
        ${selected
          ? html`<brokerlens-record-detail .row=${selected} .detail=${s.detail} .init=${init}
              @copy=${(e: CustomEvent<{ what: 'value' | 'record' }>) => this.actions.copy(e.detail.what)}
              @open=${() => this.actions.openInEditor()} @close=${() => this.actions.select(-1)}></brokerlens-record-detail>`
          : nothing}
      </div>
      ${this.status(s)}
    `;
  }

  /** The same Set while the marked ids are the same array, so the list re-renders only when they change. */
  private marked: { ids: readonly string[]; set: ReadonlySet<string> } = { ids: [], set: new Set() };
  private markedSet(ids: readonly string[]): ReadonlySet<string> {
    if (this.marked.ids !== ids) this.marked = { ids, set: new Set(ids) };
    return this.marked.set;
  }

  /** Republish…, Retry to original queue (when a shown message was dead-lettered) and Export…. */
  private messageActions(s: BrowseViewState, selected: boolean): TemplateResult | typeof nothing {
    if (s.rows.length === 0) return nothing;
    const many = s.marked.length > 1;
    const which = many ? l10n.t('the {0} selected messages', s.marked.length) : selected ? l10n.t('the selected message') : l10n.t('all shown messages');
    const marked = this.markedSet(s.marked);
    const dead = many ? s.rows.some((r) => r.dead && marked.has(r.id)) : selected ? s.rows[s.selected]?.dead === true : s.rows.some((r) => r.dead);
    return html`<span class="actions">
      ${many ? html`<span class="sub marked-count">${l10n.t('{0} selected', s.marked.length)}</span>` : nothing}
      <vscode-button secondary icon="send" class="republish" title=${l10n.t('Republish {0}', which)} @click=${() => this.actions.messageAction('republish')}>${l10n.t('Republish…')}</vscode-button>
      ${dead ? html`<vscode-button secondary icon="debug-restart" class="retry" title=${l10n.t('Move {0} back to the queue it died in (x-death)', which)}
          @click=${() => this.actions.messageAction('retry')}>${l10n.t('Retry to original queue')}</vscode-button>` : nothing}
      <vscode-button secondary icon="export" class="export" title=${l10n.t('Export {0} to NDJSON, JSON or CSV', which)} @click=${() => this.actions.messageAction('export')}>${l10n.t('Export…')}</vscode-button>
    </span>`;
  }

  private access(s: BrowseViewState, init: BrowseInit): TemplateResult {
    if (init.access.mode === 'read') {
      return html`<div class="notice read"><vscode-icon name="eye"></vscode-icon>${init.access.notice}</div>`;
    }
    if (s.consent === 'pending') {
      return html`<section class="peek" role="alertdialog" aria-labelledby="peek-title" aria-describedby="peek-text">
        <h2 id="peek-title"><vscode-icon name="warning" class="warn-icon"></vscode-icon>${init.destinationType === 'classic' || init.destinationType === 'quorum' ? l10n.t('Peeking a {0} queue requeues its messages', init.destinationType) : l10n.t('Peeking this queue requeues its messages')}</h2>
        <p id="peek-text">${init.access.warning}</p>
        <div class="actions">
          <vscode-button class="peek-anyway" @click=${() => this.actions.grantConsent()}>${l10n.t('Peek anyway')}</vscode-button>
          <vscode-button secondary class="peek-cancel" @click=${() => this.actions.declineConsent()}>${l10n.t('Cancel')}</vscode-button>
        </div>
      </section>`;
    }
    if (s.consent === 'declined') {
      return html`<div class="notice"><vscode-icon name="info"></vscode-icon>${l10n.t('Nothing was read: the queue is untouched.')}
        <vscode-button secondary class="peek-again" @click=${() => this.actions.askConsent()}>${l10n.t('Peek…')}</vscode-button></div>`;
    }
    return html`<div class="notice peeked"><vscode-icon name="warning" class="warn-icon"></vscode-icon>${l10n.t('Peek mode: each read takes messages and requeues them (marked redelivered).')}</div>`;
  }

  private placeholder(s: BrowseViewState): TemplateResult | typeof nothing {
    if (s.rows.length > 0 || s.loading) return nothing;
    if (s.error && !s.page) return html`<p class="placeholder error">${s.error}</p>`;
    if (s.consent === 'pending' || s.consent === 'declined') return html`<p class="placeholder">${l10n.t('Nothing read yet.')}</p>`;
    if (!s.page) return nothing;
    const filtered = s.shown?.filter !== undefined;
    return html`<p class="placeholder">${filtered
      ? l10n.t('No message matched the filter among the {0} scanned.', count(s.page.scanned))
      : l10n.t('No messages here. Try Earliest, another partition, or Live tail.')}</p>`;
  }

  private status(s: BrowseViewState): TemplateResult {
    return html`<div class="status" role="status" aria-live="polite">
      ${s.loading
        ? html`<vscode-progress-ring aria-label=${l10n.t('Loading')}></vscode-progress-ring><span>${l10n.t('Loading…')}</span>
            <vscode-button secondary class="cancel" @click=${() => this.actions.cancel()}>${l10n.t('Cancel')}</vscode-button>`
        : s.page || s.rows.length > 0 ? html`<span class="summary">${statusLine(s)}</span>` : nothing}
      ${s.page?.scanCapped && !s.loading
        ? html`<span class="capped"><vscode-icon name="warning"></vscode-icon>${l10n.t('The scan stopped at {0} records before the page was full; Older/Newer scan further.', count(s.page.scanned))}</span>`
        : nothing}
      ${s.tailStatus && s.tail !== 'off'
        ? html`<span class="tail-status ${s.tailStatus.kind}"><vscode-icon name=${s.tailStatus.kind === 'waiting' ? 'sync' : 'pass'}
            ?spin=${s.tailStatus.kind === 'waiting'}></vscode-icon>${tailStatusLine(s.tailStatus)}</span>`
        : nothing}
      ${s.error && !s.loading ? html`<span class="error" role="alert"><vscode-icon name="error"></vscode-icon>${s.error}</span>` : nothing}
      ${s.notice && !s.loading ? html`<span class="notice-text">${s.notice}</span>` : nothing}
    </div>`;
  }
}
customElements.define('brokerlens-browse', BrowseView);
