/**
 * The studio's read-outs: the diagram with its model tabs, the inspector of the selected element,
 * the event list and the charts over simulated time.
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, type TemplateResult } from 'lit';
import type { StudioBucket } from '../../extension/protocol/simulatorPanel.js';
import type { ChartSeries } from '../shared/studio/chart.js';
import type { Emit } from './studioControls.js';
import { eventLine, figureName, figureValue, modelName, nodeTitle } from '../shared/studio/figures.js';
import type { Model, SimulatorViewState } from './state.js';

/** The model tabs and the diagram of the shown model. */
export function diagramSection(s: SimulatorViewState, emit: Emit): TemplateResult {
  const st = s.studio;
  const shown = st.models[st.shown];
  const tab = (m: Model): TemplateResult => {
    const mv = st.models[m];
    return html`<button type="button" role="tab" class="tab" aria-selected=${st.shown === m ? 'true' : 'false'} @click=${() => emit({ type: 'show', model: m })}>
      ${modelName(m)}${mv ? html` <span class="muted">${l10n.t('{0} delivered', mv.delivered.toLocaleString('en-US'))}</span>` : nothing}
    </button>`;
  };
  return html`<div class="tabs" role="tablist" aria-label=${l10n.t('Model')}>${tab('rabbitmq')}${tab('kafka')}</div>
    <brokerlens-diagram .graph=${shown?.graph} .figures=${shown?.figures ?? {}} .selected=${st.selected?.model === st.shown ? st.selected.nodeId : undefined}
      @select-node=${(e: CustomEvent<string>) => emit({ type: 'select', nodeId: e.detail })}></brokerlens-diagram>`;
}

/** The selected element's figures and its recent events. */
export function inspector(s: SimulatorViewState, emit: Emit): TemplateResult {
  const sel = s.studio.selected;
  if (!sel) return html`<aside class="inspector muted">${l10n.t('Click an element of the diagram for its state and recent events.')}</aside>`;
  const node = s.studio.models[sel.model]?.graph?.nodes.find((n) => n.id === sel.nodeId);
  const live = s.studio.models[sel.model]?.figures[sel.nodeId];
  const figures = live ?? s.studio.inspection?.figures;
  const events = s.studio.inspection?.events;
  return html`<aside class="inspector" aria-label=${l10n.t('Selected element')}>
    <header><h3>${node ? nodeTitle(node.kind, node.label) : sel.nodeId}</h3>
      <button type="button" class="icon" aria-label=${l10n.t('Close')} title=${l10n.t('Close')} @click=${() => emit({ type: 'closeInspector' })}><vscode-icon name="close"></vscode-icon></button></header>
    ${node?.sub ? html`<p class="muted">${node.sub}</p>` : nothing}
    ${figures ? html`<dl>${Object.entries(figures).map(([k, v]) => html`<dt>${figureName(k)}</dt><dd>${figureValue(v)}</dd>`)}</dl>` : nothing}
    <h4>${l10n.t('Recent events')}</h4>
    ${events === undefined
      ? html`<p class="muted">${l10n.t('Loading…')}</p>`
      : events.length === 0
        ? html`<p class="muted">${l10n.t('No event of this element among those the simulator still holds.')}</p>`
        : html`<ol class="events">${events.map((e) => html`<li>${eventLine(e)}</li>`)}</ol>`}
  </aside>`;
}

/** The latest events of both models. */
export function eventList(s: SimulatorViewState): TemplateResult {
  const events = s.studio.events.slice(-40);
  return html`<section class="event-log" aria-label=${l10n.t('Events')}>
    <h3>${l10n.t('Events')} <span class="muted">${l10n.t('{0} since the start', s.studio.eventsTotal.toLocaleString('en-US'))}</span></h3>
    ${events.length === 0 ? html`<p class="muted">${l10n.t('No events yet.')}</p>` : html`<ol class="events">
      ${events.map((e) => html`<li class=${e.model}><span class="model">${e.model === 'rabbitmq' ? 'RabbitMQ' : 'Kafka'}</span> ${eventLine(e)}</li>`)}
    </ol>`}
  </section>`;
}

const RABBIT: readonly [string, string] = ['--vscode-charts-orange', '#d18616'];
const KAFKA: readonly [string, string] = ['--vscode-charts-blue', '#1a85ff'];
const PUBLISH: readonly [string, string] = ['--vscode-charts-green', '#388a34'];

/** x (simulated seconds, both runs' closed seconds) and one array per series, with gaps as null. */
function align(a: readonly StudioBucket[], b: readonly StudioBucket[], pick: readonly ((x: StudioBucket | undefined, y: StudioBucket | undefined) => number | null)[]): (number | null)[][] {
  const ra = new Map(a.map((x) => [x.endMs, x]));
  const rb = new Map(b.map((x) => [x.endMs, x]));
  const xs = [...new Set([...ra.keys(), ...rb.keys()])].sort((p, q) => p - q);
  return [xs.map((x) => x / 1000), ...pick.map((f) => xs.map((x) => f(ra.get(x), rb.get(x))))];
}

/** Rates, backlog and latency over simulated time. */
export function charts(s: SimulatorViewState): TemplateResult {
  const r = s.studio.models.rabbitmq?.buckets ?? [];
  const k = s.studio.models.kafka?.buckets ?? [];
  if (r.length === 0 && k.length === 0) return html`<p class="muted charts-empty">${l10n.t('The charts fill in as simulated seconds pass.')}</p>`;
  const rates: ChartSeries[] = [
    { label: l10n.t('published/s'), color: PUBLISH },
    { label: l10n.t('RabbitMQ delivered/s'), color: RABBIT },
    { label: l10n.t('Kafka delivered/s'), color: KAFKA, dash: [6, 4] },
  ];
  const rateData = align(r, k, [(x, y) => (x ?? y)?.publishRate ?? null, (x) => x?.deliveryRate ?? null, (_x, y) => y?.deliveryRate ?? null]);
  const backlog: ChartSeries[] = [
    { label: l10n.t('RabbitMQ queue depth'), color: RABBIT },
    { label: l10n.t('Kafka consumer lag'), color: KAFKA, dash: [6, 4] },
  ];
  const backlogData = align(r, k, [(x) => x?.queueDepth ?? null, (_x, y) => y?.consumerLag ?? null]);
  const shown = s.studio.shown;
  const mine = shown === 'rabbitmq' ? r : k;
  const latency: ChartSeries[] = [
    { label: 'p50', color: ['--vscode-charts-green', '#388a34'] },
    { label: 'p95', color: ['--vscode-charts-yellow', '#bf8803'] },
    { label: 'p99', color: ['--vscode-charts-red', '#e51400'] },
  ];
  const latencyData = [mine.map((b) => b.endMs / 1000), mine.map((b) => b.latencyP50), mine.map((b) => b.latencyP95), mine.map((b) => b.latencyP99)];
  return html`<div class="charts">
    <brokerlens-chart .heading=${l10n.t('Publish and consume rates')} .unit=${l10n.t('messages/s')} .series=${rates} .data=${rateData}></brokerlens-chart>
    <brokerlens-chart .heading=${l10n.t('Backlog: queue depth and consumer lag')} .unit=${l10n.t('messages')} .series=${backlog} .data=${backlogData}></brokerlens-chart>
    <brokerlens-chart .heading=${l10n.t('End-to-end latency, {0}', modelName(shown))} .unit=${'ms'} .series=${latency} .data=${latencyData}></brokerlens-chart>
  </div>`;
}
