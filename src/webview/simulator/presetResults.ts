/**
 * The side-by-side outcome of a preset or scenario file: a table of figures (rows where the two
 * models differ are marked, and a legend says so) and both models' backlog per simulated second in
 * one chart with axes, units and a legend. The chart draws exactly the points whose highest value is
 * the table's peak backlog (see presetOutcome.ts): one source for both.
 */
import * as l10n from '@vscode/l10n';
import { html, type TemplateResult } from 'lit';
import type { PresetComparison, PresetOutcome } from '../../extension/protocol/simulatorPanel.js';
import type { ChartSeries } from '../shared/studio/chart.js';

interface Row {
  readonly label: string;
  readonly hint: string;
  readonly value: (o: PresetOutcome) => number;
  readonly unit?: string;
}

function rows(): readonly Row[] {
  return [
    { label: l10n.t('Published'), hint: l10n.t('messages the producers sent'), value: (o) => o.published },
    { label: l10n.t('Delivered'), hint: l10n.t('deliveries to consumers, redeliveries included'), value: (o) => o.delivered },
    { label: l10n.t('Redeliveries'), hint: l10n.t('RabbitMQ: requeued or unacked at a crash; Kafka: re-read after an uncommitted crash'), value: (o) => o.redeliveries },
    { label: l10n.t('Duplicates'), hint: l10n.t('a consumer handled the same message twice'), value: (o) => o.duplicates },
    { label: l10n.t('Lost'), hint: l10n.t('owed to a consumer and never handled'), value: (o) => o.lost },
    { label: l10n.t('Dead-lettered'), hint: l10n.t('moved to a dead-letter exchange'), value: (o) => o.deadLettered },
    { label: l10n.t('Left after consumption'), hint: l10n.t('still stored once consumed: Kafka keeps the log, RabbitMQ deletes on ack'), value: (o) => o.leftAfterConsumption },
    { label: l10n.t('Order violations'), hint: l10n.t('a consumer saw a key out of order'), value: (o) => o.orderViolations },
    { label: l10n.t('Peak backlog'), hint: l10n.t('RabbitMQ: queue depth; Kafka: consumer lag; the highest point of the chart below'), value: (o) => o.peakBacklog, unit: l10n.t('messages') },
    { label: l10n.t('Latency p50'), hint: l10n.t('send to handled'), value: (o) => o.latencyP50, unit: 'ms' },
    { label: l10n.t('Latency p95'), hint: l10n.t('send to handled'), value: (o) => o.latencyP95, unit: 'ms' },
    { label: l10n.t('Latency p99'), hint: l10n.t('send to handled'), value: (o) => o.latencyP99, unit: 'ms' },
    { label: l10n.t('Simulated time'), hint: l10n.t('until the scenario ended'), value: (o) => o.timeMs, unit: 'ms' },
  ];
}

const fmt = (n: number, unit?: string): string => `${Math.round(n).toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;

/** The backlog chart's series (x in simulated seconds). */
function backlogData(c: PresetComparison): (number | null)[][] {
  const len = Math.max(c.rabbitmq.backlog.length, c.kafka.backlog.length);
  const step = (o: PresetOutcome): number => o.backlogStepSeconds ?? 1;
  const xs = Array.from({ length: len }, (_, i) => (i + 1) * Math.max(step(c.rabbitmq), step(c.kafka)));
  return [xs, xs.map((_, i) => c.rabbitmq.backlog[i] ?? null), xs.map((_, i) => c.kafka.backlog[i] ?? null)];
}

/** The results table and the backlog chart. */
export function presetResults(c: PresetComparison): TemplateResult {
  const series: ChartSeries[] = [
    { label: l10n.t('RabbitMQ queue depth'), color: ['--vscode-charts-orange', '#d18616'] },
    { label: l10n.t('Kafka consumer lag'), color: ['--vscode-charts-blue', '#1a85ff'], dash: [6, 4] },
  ];
  const stepSeconds = Math.max(c.rabbitmq.backlogStepSeconds ?? 1, c.kafka.backlogStepSeconds ?? 1);
  return html`
    <table class="results" aria-label=${l10n.t('Outcome on each model')}>
      <thead><tr><th scope="col">${l10n.t('Figure')}</th><th scope="col">${l10n.t('RabbitMQ (queue)')}</th><th scope="col">${l10n.t('Kafka (log)')}</th></tr></thead>
      <tbody>
        ${rows().map((r) => {
          const a = r.value(c.rabbitmq);
          const b = r.value(c.kafka);
          const differs = a !== b;
          return html`<tr class=${differs ? 'differs' : ''}>
            <th scope="row" title=${r.hint}>${differs ? html`<span class="marker" aria-label=${l10n.t('differs')}>≠</span>` : ''}${r.label}</th>
            <td>${fmt(a, r.unit)}</td>
            <td>${fmt(b, r.unit)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <p class="legend-note"><span class="swatch" aria-hidden="true">≠</span> ${l10n.t('Highlighted rows: the two models gave different figures for the same workload. Hover a figure\'s name for what it counts.')}</p>
    <brokerlens-chart class="backlog-chart" .heading=${stepSeconds > 1 ? l10n.t('Backlog, highest per {0} simulated seconds', stepSeconds) : l10n.t('Backlog at the end of each simulated second')}
      .unit=${l10n.t('messages')} .series=${series} .data=${backlogData(c)}></brokerlens-chart>
  `;
}
