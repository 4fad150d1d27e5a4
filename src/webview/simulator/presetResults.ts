/**
 * The side-by-side outcome of a preset: a table of figures and each model's backlog over time.
 */
import { html, svg, type TemplateResult } from 'lit';
import type { PresetComparison, PresetOutcome } from '../../extension/protocol/simulatorPanel.js';

interface Row {
  readonly label: string;
  readonly hint: string;
  readonly value: (o: PresetOutcome) => number;
  readonly unit?: string;
}

const ROWS: readonly Row[] = [
  { label: 'Published', hint: 'messages the producers sent', value: (o) => o.published },
  { label: 'Delivered', hint: 'deliveries to consumers, redeliveries included', value: (o) => o.delivered },
  { label: 'Redeliveries', hint: 'RabbitMQ: requeued or unacked at a crash; Kafka: re-read after an uncommitted crash', value: (o) => o.redeliveries },
  { label: 'Duplicates', hint: 'a consumer handled the same message twice', value: (o) => o.duplicates },
  { label: 'Lost', hint: 'owed to a consumer and never handled', value: (o) => o.lost },
  { label: 'Dead-lettered', hint: 'moved to a dead-letter exchange', value: (o) => o.deadLettered },
  { label: 'Left after consumption', hint: 'still stored once consumed: Kafka keeps the log, RabbitMQ deletes on ack', value: (o) => o.leftAfterConsumption },
  { label: 'Order violations', hint: 'a consumer saw a key out of order', value: (o) => o.orderViolations },
  { label: 'Peak backlog', hint: 'RabbitMQ: queue depth; Kafka: consumer lag', value: (o) => o.peakBacklog },
  { label: 'Latency p50', hint: 'send to handled', value: (o) => o.latencyP50, unit: 'ms' },
  { label: 'Latency p95', hint: 'send to handled', value: (o) => o.latencyP95, unit: 'ms' },
  { label: 'Latency p99', hint: 'send to handled', value: (o) => o.latencyP99, unit: 'ms' },
  { label: 'Simulated time', hint: 'until the scenario ended', value: (o) => o.timeMs, unit: 'ms' },
];

const fmt = (n: number, unit?: string): string => `${Math.round(n).toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;

/** A small line chart of backlog per simulated second. */
function sparkline(points: readonly number[], label: string): TemplateResult {
  const w = 240;
  const h = 48;
  const max = Math.max(1, ...points);
  const step = points.length > 1 ? w / (points.length - 1) : w;
  const path = points.map((p, i) => `${(i * step).toFixed(1)},${(h - (p / max) * (h - 4) - 2).toFixed(1)}`).join(' ');
  return html`<figure class="spark">
    <svg viewBox="0 0 ${w} ${h}" width=${w} height=${h} role="img" aria-label=${`${label} backlog over time, peak ${max}`}>
      ${svg`<polyline points=${path} fill="none" stroke="currentColor" stroke-width="1.5"></polyline>`}
    </svg>
    <figcaption>${label}: backlog per simulated second (peak ${fmt(max)})</figcaption>
  </figure>`;
}

/** The results table and both backlog curves. */
export function presetResults(c: PresetComparison): TemplateResult {
  return html`
    <table class="results" aria-label="Outcome on each model">
      <thead><tr><th scope="col">Figure</th><th scope="col">RabbitMQ (queue)</th><th scope="col">Kafka (log)</th></tr></thead>
      <tbody>
        ${ROWS.map((r) => {
          const a = r.value(c.rabbitmq);
          const b = r.value(c.kafka);
          return html`<tr class=${a !== b ? 'differs' : ''}>
            <th scope="row" title=${r.hint}>${r.label}</th>
            <td>${fmt(a, r.unit)}</td>
            <td>${fmt(b, r.unit)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <div class="sparks">${sparkline(c.rabbitmq.backlog, 'RabbitMQ')}${sparkline(c.kafka.backlog, 'Kafka')}</div>
  `;
}
