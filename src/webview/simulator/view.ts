import { css, html, LitElement, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { presetResults } from './presetResults.js';
import type { SimulatorViewState } from './state.js';

/**
 * Renders the simulator panel. Raises `refresh`, `select-preset` (detail: id) and `run-preset`
 * (detail: id); all state comes in through `state`.
 */
export class SimulatorView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: SimulatorViewState;

  static override styles = css`
    :host { display: block; padding: 12px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
    h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; }
    h2.section { font-size: 1.1em; font-weight: 600; margin: 20px 0 8px; }
    p.lead { margin: 0 0 16px; color: var(--vscode-descriptionForeground); }
    .models { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; margin-bottom: 12px; }
    .card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); border-radius: 4px; padding: 12px; background: var(--vscode-editorWidget-background); }
    .card h3 { font-size: 1.05em; margin: 0 0 8px; display: flex; gap: 6px; align-items: center; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
    dt { color: var(--vscode-descriptionForeground); }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    .muted { color: var(--vscode-descriptionForeground); }
    .actions { display: flex; gap: 12px; align-items: center; }
    .presets { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; }
    .preset { font: inherit; color: var(--vscode-foreground); background: transparent; border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 12px; padding: 3px 10px; cursor: pointer; }
    .preset:hover { background: var(--vscode-list-hoverBackground); }
    .preset[aria-pressed='true'] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border-color: var(--vscode-button-background); }
    .preset:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
    .explanation { max-width: 80ch; line-height: 1.5; margin: 0 0 10px; }
    .contrast { text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); }
    table.results { border-collapse: collapse; margin-top: 12px; min-width: 420px; }
    table.results th, table.results td { text-align: left; padding: 4px 12px; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); }
    table.results td { font-variant-numeric: tabular-nums; text-align: right; }
    table.results thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
    table.results thead th:not(:first-child) { text-align: right; }
    table.results tbody th { font-weight: normal; cursor: help; }
    tr.differs td { color: var(--vscode-textLink-foreground); font-weight: 600; }
    .sparks { display: flex; gap: 24px; flex-wrap: wrap; margin-top: 12px; }
    .spark { margin: 0; color: var(--vscode-charts-blue, var(--vscode-textLink-foreground)); }
    .spark figcaption { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
    .error { color: var(--vscode-errorForeground); }
  `;

  private emit(name: string, detail?: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  override render(): TemplateResult {
    const s = this.state;
    const preset = s.presets.find((p) => p.id === s.selectedPreset);
    return html`
      <h1>BrokerLens Simulator</h1>
      <p class="lead">A RabbitMQ model and a Kafka model in memory: no broker needed.</p>
      <section class="models" aria-label="Simulator models">
        ${s.models.length === 0 && !s.loading ? html`<p class="muted">The simulator has no models loaded.</p>` : ''}
        ${s.models.map(
          (m) => html`<article class="card model" data-kind=${m.kind}>
            <h3><vscode-icon name=${m.kind === 'kafka' ? 'list-ordered' : 'inbox'}></vscode-icon>${m.title}</h3>
            <dl>
              <dt>${m.kind === 'kafka' ? 'Topics' : 'Queues'}</dt><dd>${m.destinations}</dd>
              <dt>Messages</dt><dd>${m.messages}</dd>
            </dl>
          </article>`,
        )}
      </section>
      <div class="actions">
        <vscode-button secondary @click=${() => this.emit('refresh')} ?disabled=${s.loading}>${s.loading ? 'Loading…' : 'Refresh'}</vscode-button>
        ${s.updatedAt ? html`<span class="muted" role="status">updated ${new Date(s.updatedAt).toLocaleTimeString()}</span>` : ''}
      </div>

      <h2 class="section">Same workload, queue and log</h2>
      <div class="presets" role="group" aria-label="Preset scenarios">
        ${s.presets.map(
          (p) => html`<button class="preset" aria-pressed=${p.id === s.selectedPreset ? 'true' : 'false'} @click=${() => this.emit('select-preset', p.id)}>${p.title}</button>`,
        )}
      </div>
      ${preset
        ? html`<p class="contrast">${preset.contrast}</p>
            <p class="explanation">${preset.explanation}</p>
            <div class="actions">
              <vscode-button @click=${() => this.emit('run-preset', preset.id)} ?disabled=${s.running !== undefined}>
                <vscode-icon slot="content-before" name="play"></vscode-icon>Run on both models
              </vscode-button>
              ${s.running ? html`<vscode-progress-ring aria-label="Running"></vscode-progress-ring>` : ''}
            </div>`
        : ''}
      ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : ''}
      ${s.comparison && s.comparison.id === s.selectedPreset ? presetResults(s.comparison) : ''}
    `;
  }
}
customElements.define('brokerlens-simulator', SimulatorView);
