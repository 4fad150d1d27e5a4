import { css, html, LitElement, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type { SimulatorViewState } from './state.js';

/** Renders the simulator panel; raises `refresh` when the user asks for fresh figures. */
export class SimulatorView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: SimulatorViewState;

  static override styles = css`
    :host { display: block; padding: 12px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); }
    h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; }
    p.lead { margin: 0 0 16px; color: var(--vscode-descriptionForeground); }
    .models { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; margin-bottom: 16px; }
    .model { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); border-radius: 4px; padding: 12px; background: var(--vscode-editorWidget-background); }
    .model h2 { font-size: 1.05em; margin: 0 0 8px; display: flex; gap: 6px; align-items: center; }
    .model dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
    .model dt { color: var(--vscode-descriptionForeground); }
    .model dd { margin: 0; font-variant-numeric: tabular-nums; }
    .muted { color: var(--vscode-descriptionForeground); }
    .actions { display: flex; gap: 12px; align-items: center; }
  `;

  override render(): TemplateResult {
    const s = this.state;
    return html`
      <h1>BrokerLens Simulator</h1>
      <p class="lead">A RabbitMQ model and a Kafka model in memory: no broker needed.</p>
      <section class="models" aria-label="Simulator models">
        ${s.models.length === 0 && !s.loading ? html`<p class="muted">The simulator has no models loaded.</p>` : ''}
        ${s.models.map(
          (m) => html`<article class="model" data-kind=${m.kind}>
            <h2><vscode-icon name=${m.kind === 'kafka' ? 'list-ordered' : 'inbox'}></vscode-icon>${m.title}</h2>
            <dl>
              <dt>${m.kind === 'kafka' ? 'Topics' : 'Queues'}</dt><dd>${m.destinations}</dd>
              <dt>Messages</dt><dd>${m.messages}</dd>
            </dl>
          </article>`,
        )}
      </section>
      <div class="actions">
      <vscode-button @click=${() => this.dispatchEvent(new CustomEvent('refresh'))} ?disabled=${s.loading}>
        ${s.loading ? 'Loading…' : 'Refresh'}
      </vscode-button>
      ${s.updatedAt ? html`<span class="muted" role="status">updated ${new Date(s.updatedAt).toLocaleTimeString()}</span>` : ''}
      </div>
    `;
  }
}
customElements.define('brokerlens-simulator', SimulatorView);
