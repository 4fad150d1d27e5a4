import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '../shared/studio/chart.js';
import '../shared/studio/diagram.js';
import type { StudioDiagram } from '../shared/studio/diagram.js';
import { presetResults } from './presetResults.js';
import type { SimulatorViewState } from './state.js';
import { breakpointList, controlBar, injectBar, type StudioIntent } from './studioControls.js';
import { charts, diagramSection, eventList, inspector } from './studioPanels.js';

/**
 * Renders the simulator panel. Raises `refresh`, `select-preset` (detail: id), `run-preset`
 * (detail: id), `compare-preset` (detail: id) and `studio` (detail: a StudioIntent); all state comes
 * in through `state`.
 */
export class SimulatorView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: SimulatorViewState;

  static override styles = css`
    :host { display: block; padding: 12px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
    h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; }
    h2.section { font-size: 1.1em; font-weight: 600; margin: 22px 0 8px; }
    h3 { font-size: 1em; font-weight: 600; margin: 12px 0 6px; }
    h4 { font-size: 0.95em; font-weight: 600; margin: 10px 0 4px; }
    p.lead { margin: 0 0 16px; color: var(--vscode-descriptionForeground); }
    .models { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; margin-bottom: 12px; }
    .card { border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, var(--vscode-widget-border))); border-radius: 4px; padding: 12px; background: var(--vscode-editorWidget-background); }
    .card h3 { font-size: 1.05em; margin: 0 0 8px; display: flex; gap: 6px; align-items: center; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
    dt { color: var(--vscode-descriptionForeground); }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    .muted { color: var(--vscode-descriptionForeground); }
    .actions { display: flex; gap: 12px; align-items: center; }
    .presets { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; }
    .preset { font: inherit; color: var(--vscode-foreground); background: transparent; border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); border-radius: 12px; padding: 3px 10px; cursor: pointer; }
    .preset:hover { background: var(--vscode-list-hoverBackground); }
    .preset[aria-pressed='true'] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border-color: var(--vscode-contrastActiveBorder, var(--vscode-button-background)); }
    .preset .done { margin-left: 4px; }
    .preset:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
    .explanation { max-width: 80ch; line-height: 1.5; margin: 0 0 10px; }
    .contrast { text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); }
    table.results { border-collapse: collapse; margin-top: 12px; min-width: 420px; }
    table.results th, table.results td { text-align: left; padding: 4px 12px; border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); }
    table.results td { font-variant-numeric: tabular-nums; text-align: right; }
    table.results thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
    table.results thead th:not(:first-child) { text-align: right; }
    table.results tbody th { font-weight: normal; cursor: help; }
    tr.differs td { color: var(--vscode-textLink-foreground); font-weight: 600; }
    .marker, .swatch { color: var(--vscode-textLink-foreground); font-weight: 700; margin-right: 6px; }
    .legend-note { color: var(--vscode-descriptionForeground); font-size: 0.9em; margin: 6px 0 10px; max-width: 80ch; }
    .backlog-chart { max-width: 720px; margin-top: 8px; }
    .error, .note.error { color: var(--vscode-errorForeground); }
    .notice { border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700); padding: 4px 10px; margin: 8px 0; }
    form.controls, fieldset.inject, .add-breakpoint { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; }
    fieldset.inject { border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); border-radius: 4px; padding: 6px 10px 10px; margin: 10px 0; }
    fieldset.inject legend { color: var(--vscode-descriptionForeground); padding: 0 4px; }
    .buttons { display: inline-flex; gap: 6px; }
    .burst { display: inline-flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    label { display: inline-flex; gap: 6px; align-items: center; }
    select, input { font: inherit; color: var(--vscode-input-foreground, var(--vscode-foreground)); background: var(--vscode-input-background, transparent); border: 1px solid var(--vscode-contrastBorder, var(--vscode-input-border, var(--vscode-widget-border, #8884))); border-radius: 2px; padding: 2px 4px; }
    input[type='number'] { width: 7em; }
    button:not(.preset):not(.tab) { font: inherit; color: var(--vscode-button-secondaryForeground, var(--vscode-foreground)); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-contrastBorder, var(--vscode-button-border, transparent)); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
    button:not(.preset):not(.tab):hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-list-hoverBackground)); }
    button.icon { padding: 0 4px; background: transparent; border-color: transparent; }
    .status { margin: 8px 0; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    .status .clock { font-variant-numeric: tabular-nums; font-weight: 600; }
    .status.at-breakpoint .paused-reason { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); font-weight: 600; }
    .tabs { display: flex; gap: 2px; margin: 6px 0 0; }
    .tab { font: inherit; color: var(--vscode-foreground); background: transparent; border: 1px solid transparent; border-bottom: none; padding: 4px 12px; cursor: pointer; border-radius: 4px 4px 0 0; }
    .tab[aria-selected='true'] { border-color: var(--vscode-contrastActiveBorder, var(--vscode-widget-border, var(--vscode-panel-border))); background: var(--vscode-editorWidget-background); font-weight: 600; }
    .studio-grid { display: grid; grid-template-columns: minmax(0, 1fr) 280px; gap: 12px; align-items: start; }
    @media (max-width: 820px) { .studio-grid { grid-template-columns: 1fr; } }
    .inspector { border: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); border-radius: 4px; padding: 8px 10px; max-height: 62vh; overflow: auto; background: var(--vscode-editorWidget-background); }
    .inspector header { display: flex; justify-content: space-between; align-items: center; }
    .inspector h3 { margin: 0; word-break: break-all; }
    ol.events { list-style: none; margin: 0; padding: 0; font-family: var(--vscode-editor-font-family, monospace); font-size: 0.85em; }
    ol.events li { padding: 1px 0; border-bottom: 1px dotted var(--vscode-widget-border, transparent); word-break: break-word; }
    .event-log ol.events { max-height: 220px; overflow: auto; }
    .event-log .model { color: var(--vscode-descriptionForeground); }
    .breakpoints ul { list-style: none; padding: 0; margin: 0 0 6px; }
    .breakpoints li { display: flex; gap: 6px; align-items: center; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 14px; margin-top: 10px; }
  `;

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** The diagram element, for flows (moving dots). */
  get diagram(): StudioDiagram | null {
    return this.renderRoot.querySelector('brokerlens-diagram');
  }

  private studio(): TemplateResult {
    const s = this.state;
    const emit = (intent: StudioIntent): void => this.emit('studio', intent);
    const problem = s.studio.source?.restoreProblem;
    return html`<section class="studio" aria-label=${l10n.t('Studio')}>
      <h2 class="section">${l10n.t('Studio: watch one scenario on both models')}</h2>
      ${problem ? html`<p class="notice" role="alert">${l10n.t('The simulation saved before could not be restored: {0} The studio started fresh.', problem)}</p>` : nothing}
      ${controlBar(s, emit)}
      <div class="studio-grid">
        <div>${diagramSection(s, emit)}</div>
        ${inspector(s, emit)}
      </div>
      ${injectBar(s, emit)}
      ${breakpointList(s, emit)}
      ${charts(s)}
      ${eventList(s)}
    </section>`;
  }

  override render(): TemplateResult {
    const s = this.state;
    const preset = s.presets.find((p) => p.id === s.selectedPreset);
    const result = s.selectedPreset ? s.results[s.selectedPreset] : undefined;
    return html`
      <h1>${l10n.t('BrokerLens Simulator')}</h1>
      <p class="lead">${l10n.t('A RabbitMQ model and a Kafka model in memory: no broker needed.')}</p>
      <section class="models" aria-label=${l10n.t('Simulator models')}>
        ${s.models.length === 0 && !s.loading ? html`<p class="muted">${l10n.t('The simulator has no models loaded.')}</p>` : ''}
        ${s.models.map(
          (m) => html`<article class="card model" data-kind=${m.kind}>
            <h3><vscode-icon name=${m.kind === 'kafka' ? 'list-ordered' : 'inbox'}></vscode-icon>${m.title}</h3>
            <dl>
              <dt>${m.kind === 'kafka' ? l10n.t('Topics') : l10n.t('Queues')}</dt><dd>${m.destinations}</dd>
              <dt>${l10n.t('Messages')}</dt><dd>${m.messages}</dd>
            </dl>
          </article>`,
        )}
      </section>
      <div class="actions">
        <vscode-button secondary @click=${() => this.emit('refresh')} ?disabled=${s.loading}>${s.loading ? l10n.t('Loading…') : l10n.t('Refresh')}</vscode-button>
        ${s.updatedAt ? html`<span class="muted" role="status">${l10n.t('updated {0}', new Date(s.updatedAt).toLocaleTimeString())}</span>` : ''}
      </div>

      ${this.studio()}

      <h2 class="section">${l10n.t('Same workload, queue and log')}</h2>
      <div class="presets" role="group" aria-label=${l10n.t('Preset scenarios')}>
        ${s.presets.map(
          (p) => html`<button class="preset" aria-pressed=${p.id === s.selectedPreset ? 'true' : 'false'} @click=${() => this.emit('select-preset', p.id)}>${p.title}${s.results[p.id] ? html`<span class="done" title=${l10n.t('has a result')}>✓</span>` : ''}</button>`,
        )}
      </div>
      ${preset
        ? html`<p class="contrast">${preset.contrast}</p>
            <p class="explanation">${preset.explanation}</p>
            <div class="actions">
              <vscode-button @click=${() => this.emit('run-preset', preset.id)} ?disabled=${s.running !== undefined}>
                <vscode-icon slot="content-before" name="play"></vscode-icon>${l10n.t('Run on both models')}
              </vscode-button>
              <vscode-button secondary @click=${() => this.emit('studio', { type: 'load', id: preset.id } satisfies StudioIntent)}>
                <vscode-icon slot="content-before" name="eye"></vscode-icon>${l10n.t('Open in the studio')}
              </vscode-button>
              <vscode-button secondary class="compare" @click=${() => this.emit('compare-preset', preset.id)}>
                <vscode-icon slot="content-before" name="split-horizontal"></vscode-icon>${l10n.t('Compare side by side')}
              </vscode-button>
              ${s.running ? html`<vscode-progress-ring aria-label=${l10n.t('Running')}></vscode-progress-ring>` : ''}
            </div>`
        : ''}
      ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : ''}
      ${result ? presetResults(result) : ''}
    `;
  }
}
customElements.define('brokerlens-simulator', SimulatorView);
