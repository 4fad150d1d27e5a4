import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { CompareRow, CompareRowId } from '../../extension/protocol/comparePanel.js';
import '../shared/studio/chart.js';
import type { ChartSeries } from '../shared/studio/chart.js';
import '../shared/studio/diagram.js';
import { eventLine, modelName } from '../shared/studio/figures.js';
import { realRunSection } from './realRunView.js';
import { cellText, rowHeading } from './rowText.js';
import type { CompareViewState } from './state.js';

/** What the view asks for. */
export type CompareIntent =
  | { readonly type: 'load'; readonly id: string }
  | { readonly type: 'seek'; readonly timeMs: number; readonly row?: CompareRowId }
  | { readonly type: 'save' }
  | { readonly type: 'openInSimulator' }
  | { readonly type: 'runOnRealBrokers' };

const secs = (ms: number): string => (ms / 1000).toFixed(2);

/**
 * Renders the compare panel: the workload and what to look for, the outcome table (a row per line
 * of the RabbitMQ/Kafka contrast, each linking to its moment), both models' backlog on one
 * timeline with the moment marked, and both diagrams at that moment side by side. Raises `intent`.
 */
export class CompareView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: CompareViewState;

  static override styles = css`
    :host { display: block; padding: 12px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
    h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; }
    h2 { font-size: 1.1em; font-weight: 600; margin: 20px 0 8px; }
    h3 { font-size: 1em; font-weight: 600; margin: 8px 0 6px; }
    p.lead { margin: 0 0 12px; color: var(--vscode-descriptionForeground); }
    .pick { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
    label { display: inline-flex; gap: 6px; align-items: center; }
    select, input { font: inherit; color: var(--vscode-input-foreground, var(--vscode-foreground)); background: var(--vscode-input-background, transparent); border: 1px solid var(--vscode-contrastBorder, var(--vscode-input-border, var(--vscode-widget-border, #8884))); border-radius: 2px; padding: 2px 4px; }
    select:focus-visible, input:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
    .look-for { max-width: 90ch; line-height: 1.5; margin: 10px 0; padding: 6px 10px; border-left: 3px solid var(--vscode-textLink-foreground); background: var(--vscode-textBlockQuote-background, transparent); }
    table.outcome { border-collapse: collapse; width: 100%; margin-top: 6px; }
    table.outcome th, table.outcome td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); }
    table.outcome thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
    table.outcome tbody th { font-weight: 600; min-width: 14em; }
    table.outcome .contrast { display: block; font-weight: normal; color: var(--vscode-descriptionForeground); font-size: 0.9em; margin-top: 2px; }
    table.outcome td.cell { max-width: 34ch; line-height: 1.4; }
    table.outcome td.cell.quiet { color: var(--vscode-descriptionForeground); }
    tr.differs td.cell { color: var(--vscode-textLink-foreground); }
    tr.selected { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
    .marker, .swatch { color: var(--vscode-textLink-foreground); font-weight: 700; margin-right: 6px; }
    .legend-note { color: var(--vscode-descriptionForeground); font-size: 0.9em; margin: 6px 0 10px; max-width: 90ch; }
    button.moment, button.chip { font: inherit; color: var(--vscode-textLink-foreground); background: transparent; border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, transparent)); border-radius: 10px; padding: 1px 8px; cursor: pointer; white-space: nowrap; }
    button.moment:hover, button.chip:hover { background: var(--vscode-list-hoverBackground); }
    button.chip[aria-pressed='true'] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
    .timeline { display: grid; gap: 6px; }
    .scrub { display: flex; gap: 10px; align-items: center; }
    .scrub input[type='range'] { flex: 1; }
    .clock { font-variant-numeric: tabular-nums; font-weight: 600; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; }
    .scene { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; }
    @media (max-width: 900px) { .scene { grid-template-columns: 1fr; } }
    ol.events { list-style: none; margin: 0; padding: 0; font-family: var(--vscode-editor-font-family, monospace); font-size: 0.85em; max-height: 240px; overflow: auto; }
    ol.events li { padding: 1px 0; border-bottom: 1px dotted var(--vscode-widget-border, transparent); word-break: break-word; }
    .model-tag { color: var(--vscode-descriptionForeground); }
    .error { color: var(--vscode-errorForeground); }
    .muted { color: var(--vscode-descriptionForeground); }
    td.real-differs { color: var(--vscode-editorWarning-foreground, var(--vscode-textLink-foreground)); font-weight: 600; }
    td.real-differs .contrast { font-weight: normal; display: block; margin-top: 2px; }
    .real-progress { display: flex; gap: 8px; align-items: center; }
    ul.notes { color: var(--vscode-descriptionForeground); max-width: 90ch; line-height: 1.4; }
  `;

  private emit(intent: CompareIntent): void {
    this.dispatchEvent(new CustomEvent('intent', { detail: intent }));
  }

  private table(rows: readonly CompareRow[]): TemplateResult {
    const selected = this.state.row;
    return html`<table class="outcome" aria-label=${l10n.t('Outcome on each model, counted from the run')}>
        <thead><tr>
          <th scope="col">${l10n.t('Contrast')}</th><th scope="col">${l10n.t('RabbitMQ (queue)')}</th><th scope="col">${l10n.t('Kafka (log)')}</th><th scope="col">${l10n.t('Moment')}</th>
        </tr></thead>
        <tbody>
          ${rows.map((r) => {
            const h = rowHeading(r.id);
            return html`<tr class="${r.differs ? 'differs' : ''} ${selected === r.id ? 'selected' : ''}" data-row=${r.id}>
              <th scope="row">${r.differs ? html`<span class="marker" aria-label=${l10n.t('differs')}>≠</span>` : nothing}${h.title}<span class="contrast">${h.contrast}</span></th>
              <td class="cell ${r.rabbitmq.shown ? '' : 'quiet'}" data-model="rabbitmq">${cellText(r.id, 'rabbitmq', r.rabbitmq)}</td>
              <td class="cell ${r.kafka.shown ? '' : 'quiet'}" data-model="kafka">${cellText(r.id, 'kafka', r.kafka)}</td>
              <td>${r.moment
                ? html`<button class="moment" title=${l10n.t('Show both models at this moment')} @click=${() => this.emit({ type: 'seek', timeMs: r.moment!.timeMs, row: r.id })}>${l10n.t('{0} s', secs(r.moment.timeMs))}</button>`
                : html`<span class="muted">—</span>`}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      <p class="legend-note">${l10n.t('Rows marked ≠ came out differently on the two models for the same workload. Every sentence is counted from this run; a moment button shows both models at the time the row is about.')}</p>`;
  }

  private timeline(): TemplateResult | typeof nothing {
    const result = this.state.host?.result;
    if (!result) return nothing;
    const { stepMs } = result.timeline;
    const len = Math.max(result.timeline.rabbitmq.length, result.timeline.kafka.length);
    const xs = Array.from({ length: len }, (_, i) => (i * stepMs) / 1000);
    const data = [xs, xs.map((_, i) => result.timeline.rabbitmq[i] ?? null), xs.map((_, i) => result.timeline.kafka[i] ?? null)];
    const series: ChartSeries[] = [
      { label: l10n.t('RabbitMQ queue depth'), color: ['--vscode-charts-orange', '#d18616'] },
      { label: l10n.t('Kafka consumer lag'), color: ['--vscode-charts-blue', '#1a85ff'], dash: [6, 4] },
    ];
    const now = this.state.pendingMs ?? this.state.scene?.timeMs ?? 0;
    const rows = result.rows.filter((r) => r.moment);
    return html`<section class="timeline" aria-label=${l10n.t('Timeline')}>
      <h2>${l10n.t('One timeline, both models')}</h2>
      <brokerlens-chart .heading=${l10n.t('Backlog: the highest in each {0} ms of simulated time', stepMs)} .unit=${l10n.t('messages')} .series=${series} .data=${data} .marker=${now / 1000}></brokerlens-chart>
      <div class="scrub">
        <input type="range" name="moment" min="0" max=${result.endMs} step=${stepMs} .value=${String(now)} aria-label=${l10n.t('Moment of the run')}
          @change=${(e: Event) => this.emit({ type: 'seek', timeMs: Number((e.target as HTMLInputElement).value) })}>
        <span class="clock" role="status">${l10n.t('{0} s of {1} s', secs(now), secs(result.endMs))}</span>
      </div>
      <div class="chips" role="group" aria-label=${l10n.t('Moments of the table')}>
        ${rows.map((r) => html`<button class="chip" aria-pressed=${this.state.row === r.id ? 'true' : 'false'} @click=${() => this.emit({ type: 'seek', timeMs: r.moment!.timeMs, row: r.id })}>${l10n.t('{0} s', secs(r.moment!.timeMs))} · ${rowHeading(r.id).title}</button>`)}
      </div>
    </section>`;
  }

  private scene(): TemplateResult | typeof nothing {
    const scene = this.state.scene;
    if (!scene) return nothing;
    return html`<section aria-label=${l10n.t('Both models at this moment')}>
      <h2>${l10n.t('Both models at {0} s', secs(scene.timeMs))}</h2>
      <div class="scene">
        ${scene.models.map((m) => html`<div class="model" data-model=${m.model}>
          <h3>${modelName(m.model)}</h3>
          <brokerlens-diagram .graph=${m.graph} .figures=${m.figures}></brokerlens-diagram>
        </div>`)}
      </div>
      <h3>${l10n.t('Events up to this moment, newest first')}</h3>
      <ol class="events">
        ${[...scene.events].reverse().map((e) => html`<li><span class="model-tag">${e.model === 'rabbitmq' ? 'RabbitMQ' : 'Kafka'}</span> ${eventLine(e)}</li>`)}
      </ol>
    </section>`;
  }

  override render(): TemplateResult {
    const host = this.state.host;
    const source = host?.source;
    const result = host?.result;
    return html`
      <h1>${l10n.t('BrokerLens Compare')}</h1>
      <p class="lead">${l10n.t('One workload on a RabbitMQ queue and on a Kafka log, side by side on one timeline.')}</p>
      <div class="pick">
        <label>${l10n.t('Workload')}
          <select name="preset" @change=${(e: Event) => this.emit({ type: 'load', id: (e.target as HTMLSelectElement).value })}>
            ${source?.kind === 'file' ? html`<option value="" selected>${source.title}</option>` : nothing}
            ${source ? nothing : html`<option value="" selected>${l10n.t('Pick a preset…')}</option>`}
            ${(host?.presets ?? []).map((p) => html`<option value=${p.id} ?selected=${source?.kind === 'preset' && source.id === p.id}>${p.title}</option>`)}
          </select>
        </label>
        <vscode-button secondary class="save" ?disabled=${!source} @click=${() => this.emit({ type: 'save' })}>
          <vscode-icon slot="content-before" name="save"></vscode-icon>${l10n.t('Save as scenario file')}
        </vscode-button>
        <vscode-button secondary class="studio" ?disabled=${!source} @click=${() => this.emit({ type: 'openInSimulator' })}>
          <vscode-icon slot="content-before" name="eye"></vscode-icon>${l10n.t('Open in the simulator studio')}
        </vscode-button>
        ${host?.status === 'running' ? html`<vscode-progress-ring aria-label=${l10n.t('Running')}></vscode-progress-ring>` : nothing}
      </div>
      ${source ? html`<p class="look-for">${source.lookFor}</p>` : html`<p class="muted">${l10n.t('Pick a preset above, or use Compare on a .scenario.json file.')}</p>`}
      ${host?.error ? html`<p class="error" role="alert">${host.error}</p>` : nothing}
      ${this.state.note ? html`<p class="error" role="alert">${this.state.note}</p>` : nothing}
      ${result ? this.table(result.rows) : nothing}
      ${source ? realRunSection(this.state.realRun, host?.status === 'done', () => this.emit({ type: 'runOnRealBrokers' })) : nothing}
      ${this.timeline()}
      ${this.scene()}
    `;
  }
}
customElements.define('brokerlens-compare', CompareView);
