/**
 * The panel for a RabbitMQ queue's consumers: ready and unacked, single active consumer, each
 * consumer's tag, channel, prefetch, ack mode and activity status, and the broker's publish, deliver
 * and ack rates over time (the real broker's management samples; the simulator keeps none).
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, type TemplateResult } from 'lit';
import type { ChartSeries } from '../shared/studio/chart.js';
import { count, rate } from './format.js';
import type { GroupsViewState } from './state.js';

// Module constants with l10n.t are safe here: main.ts imports ../shared/l10n.js (which configures
// the bundle) before this module is evaluated, and one array keeps the chart's series stable.
const DEPTH: readonly ChartSeries[] = [
  { label: l10n.t('ready'), color: ['--vscode-charts-orange', '#d18616'] },
  { label: l10n.t('unacked'), color: ['--vscode-charts-purple', '#b180d7'], dash: [5, 3] },
];
const RATES: readonly ChartSeries[] = [
  { label: l10n.t('publish/s'), color: ['--vscode-charts-blue', '#3794ff'] },
  { label: l10n.t('deliver/s'), color: ['--vscode-charts-green', '#388a34'], dash: [5, 3] },
  { label: l10n.t('ack/s'), color: ['--vscode-charts-yellow', '#cca700'], dash: [2, 2] },
];

const status = (s: string | undefined, active: boolean): string => {
  switch (s) {
    case 'single_active': return l10n.t('active (single active consumer)');
    case 'waiting': return l10n.t('waiting (single active consumer)');
    case 'up': return l10n.t('up');
    default: return active ? l10n.t('up') : l10n.t('waiting');
  }
};

/** The queue part of the panel. */
export function queueView(s: GroupsViewState): TemplateResult {
  const q = s.queue;
  if (!q) return html`<p class="muted">${l10n.t('Loading…')}</p>`;
  const t0 = s.queueHistory[0]?.at ?? 0;
  const xs = s.queueHistory.map((p) => (p.at - t0) / 1000);
  const last = s.queueHistory.at(-1);
  const hasRates = s.queueHistory.some((p) => p.publishRate !== null);
  return html`
    <dl class="header" aria-label=${l10n.t('Queue')}>
      <div><dt>${l10n.t('Type')}</dt><dd>${q.type ?? '–'}</dd></div>
      <div><dt>${l10n.t('Ready')}</dt><dd class="ready">${count(q.ready)}</dd></div>
      <div><dt>${l10n.t('Unacked')}</dt><dd class="unacked">${count(q.unacked)}</dd></div>
      <div><dt>${l10n.t('Consumers')}</dt><dd class="consumer-count">${q.consumers.length}</dd></div>
      <div><dt>${l10n.t('Single active consumer')}</dt><dd>${q.singleActiveConsumer ? l10n.t('yes') : l10n.t('no')}</dd></div>
    </dl>
    <h2 class="section">${l10n.t('Consumers')}</h2>
    ${q.consumers.length === 0
      ? html`<p class="muted no-consumers">${l10n.t('No consumers: messages wait in the queue until one subscribes.')}</p>`
      : html`<table class="consumers">
          <thead><tr><th>${l10n.t('Consumer tag')}</th><th>${l10n.t('Channel')}</th><th class="num">${l10n.t('Prefetch')}</th><th>${l10n.t('Ack mode')}</th><th>${l10n.t('Status')}</th></tr></thead>
          <tbody>${q.consumers.map(
            (c) => html`<tr data-active=${c.active ? 'true' : 'false'}><td class="id">${c.tag}</td><td>${c.channel}</td><td class="num">${c.prefetch === 0 ? l10n.t('unlimited') : c.prefetch}</td><td>${c.ackMode === 'manual' ? l10n.t('manual ack') : l10n.t('auto ack')}</td><td class="status">${status(c.activityStatus, c.active)}</td></tr>`,
          )}</tbody>
        </table>`}
    <h2 class="section">${l10n.t('Charts')}</h2>
    <p class="muted">${l10n.t('Every {0} s while this panel is open (setting brokerlens.groups.refreshSeconds).', s.target?.refreshSeconds ?? 5)}</p>
    <div class="charts">
      <brokerlens-chart class="depth-chart" .heading=${l10n.t('Ready and unacked')} .unit=${l10n.t('messages')} .series=${DEPTH} .data=${[xs, s.queueHistory.map((p) => p.ready), s.queueHistory.map((p) => p.unacked)]}></brokerlens-chart>
      ${hasRates
        ? html`<brokerlens-chart class="rate-chart" .heading=${l10n.t('Publish, deliver and ack rate')} .unit=${l10n.t('messages/s')} .series=${RATES}
            .data=${[xs, s.queueHistory.map((p) => p.publishRate), s.queueHistory.map((p) => p.deliverRate), s.queueHistory.map((p) => p.ackRate)]}></brokerlens-chart>`
        : nothing}
    </div>
    ${hasRates && last
      ? html`<p class="muted rates">${l10n.t('Now: publish {0}/s, deliver {1}/s, ack {2}/s', rate(last.publishRate), rate(last.deliverRate), rate(last.ackRate))}</p>`
      : html`<p class="muted rates">${l10n.t('The simulator keeps no rate samples per queue; the studio charts its rates over simulated time.')}</p>`}
  `;
}
