/**
 * The "On the real brokers" section of the Compare panel: per row of the outcome table and per
 * broker, the simulator's prediction beside what the real broker did (the same sentences as the
 * table above, from rowText.ts), differences marked ≠ with the figures that differ, then each
 * broker's measured publish and consume throughput and the run's notes.
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, type TemplateResult } from 'lit';
import type { CompareRealRun } from '../../extension/protocol/comparePanel.js';
import { cellText, rowHeading } from './rowText.js';

type Model = 'rabbitmq' | 'kafka';
const modelName = (m: Model): string => (m === 'rabbitmq' ? 'RabbitMQ' : 'Kafka');
const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The section, or nothing before any run. */
export function realRunSection(run: CompareRealRun | undefined, canRun: boolean, onRun: () => void): TemplateResult {
  const running = run?.status === 'running';
  const models = (['rabbitmq', 'kafka'] as const).filter((m) => run?.connections[m] !== undefined);
  const differing = (run?.rows ?? []).reduce((k, r) => k + models.filter((m) => (r[m]?.differing.length ?? 0) > 0).length, 0);
  return html`<section class="real-run" aria-label=${l10n.t('On the real brokers')}>
    <h2>${l10n.t('On the real brokers')}</h2>
    <p class="real-note">${l10n.t('Runs this workload in real time on a RabbitMQ and a Kafka connection that allow scratch runs, in brokerlens.scratch.* resources deleted afterwards, and puts what each broker did beside the simulator\'s prediction.')}</p>
    <vscode-button class="run-real" ?disabled=${!canRun || running} @click=${onRun}>
      <vscode-icon slot="content-before" name="server-process"></vscode-icon>${l10n.t('Run on Real Brokers…')}
    </vscode-button>
    ${run ? html`<p class="muted">${models.map((m) => `${modelName(m)}: ${run.connections[m]!}`).join(' · ')}${run.runId ? html` · <span class="run-id">${l10n.t('run {0}', run.runId)}</span>` : nothing}</p>` : nothing}
    ${running ? html`<p role="status" class="real-progress"><vscode-progress-ring aria-label=${l10n.t('Running')}></vscode-progress-ring> ${run.progress ?? ''}</p>` : nothing}
    ${run?.status === 'error' || run?.status === 'cancelled' ? html`<p class="error" role="alert">${run.error ?? ''}</p>` : nothing}
    ${run?.status === 'done' && run.rows ? html`
      <p class="summary" role="status">${differing === 0
        ? l10n.t('Every row came out on the real brokers as the simulator predicted.')
        : l10n.t('{0} cell(s) came out differently on the real brokers than the simulator predicted; they are marked ≠.', differing)}</p>
      <table class="outcome real" aria-label=${l10n.t('The simulator\'s prediction beside what the real brokers did')}>
        <thead><tr>
          <th scope="col">${l10n.t('Contrast')}</th>
          ${models.map((m) => html`<th scope="col">${l10n.t('{0}: simulator predicted', modelName(m))}</th><th scope="col">${l10n.t('{0}: observed on {1}', modelName(m), run.connections[m]!)}</th>`)}
        </tr></thead>
        <tbody>
          ${run.rows.map((r) => html`<tr data-row=${r.id}>
            <th scope="row">${rowHeading(r.id).title}</th>
            ${models.map((m) => {
              const c = r[m];
              if (!c) return html`<td></td><td></td>`;
              const differs = c.differing.length > 0;
              return html`<td class="cell ${c.predicted.shown ? '' : 'quiet'}" data-model=${m} data-side="predicted">${cellText(r.id, m, c.predicted)}</td>
                <td class="cell observed ${differs ? 'real-differs' : ''} ${c.observed.shown ? '' : 'quiet'}" data-model=${m} data-side="observed">${differs ? html`<span class="marker" aria-label=${l10n.t('differs')}>≠</span>` : nothing}${cellText(r.id, m, c.observed)}${differs ? html`<span class="contrast">${l10n.t('differs in: {0}', c.differing.join(', '))}</span>` : nothing}</td>`;
            })}
          </tr>`)}
        </tbody>
      </table>
      ${run.throughput?.length ? html`<h3>${l10n.t('Measured throughput')}</h3>
        <table class="outcome throughput" aria-label=${l10n.t('Measured throughput')}>
          <thead><tr><th scope="col">${l10n.t('Broker')}</th><th scope="col">${l10n.t('Messages')}</th><th scope="col">${l10n.t('Publish (messages/s)')}</th><th scope="col">${l10n.t('Consume (messages/s)')}</th></tr></thead>
          <tbody>${run.throughput.map((t) => html`<tr data-model=${t.model}><th scope="row">${modelName(t.model)} (${run.connections[t.model] ?? ''})</th><td>${n(t.messages)}</td><td>${n(t.publishPerSec)}</td><td>${n(t.consumePerSec)}</td></tr>`)}</tbody>
        </table>` : nothing}
      ${run.notes?.length ? html`<ul class="notes">${run.notes.map((t) => html`<li>${t}</li>`)}</ul>` : nothing}
    ` : nothing}
  </section>`;
}
