import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '../shared/studio/chart.js';
import type { ChartSeries } from '../shared/studio/chart.js';
import type { GroupView } from '../../extension/protocol/groupsPanel.js';
import { age, count, rate } from './format.js';
import './lagBars.js';
import { queueView } from './queueView.js';
import { resetForm, type FormIntent } from './resetForm.js';
import { topicTotals, type GroupsViewState } from './state.js';

// Module constants with l10n.t are safe here: main.ts imports ../shared/l10n.js (which configures
// the bundle) before this module is evaluated, and one array keeps the chart's series stable.
const TOTAL_LAG: readonly ChartSeries[] = [{ label: l10n.t('total lag'), color: ['--vscode-charts-orange', '#d18616'] }];
const RATES: readonly ChartSeries[] = [
  { label: l10n.t('consumed/s'), color: ['--vscode-charts-green', '#388a34'] },
  { label: l10n.t('produced/s'), color: ['--vscode-charts-blue', '#3794ff'], dash: [5, 3] },
];

const assignmentText = (a: readonly { topic: string; partitions: readonly number[] }[] | undefined): string =>
  (a ?? []).map((x) => `${x.topic}: ${x.partitions.join(', ')}`).join('; ') || '–';

/**
 * Renders the Consumer group panel: header (state, type, protocol, coordinator, members, total lag),
 * members with assignments, partitions with lag in records and in time and totals per topic, charts,
 * and the reset form. Raises `refresh` and `form` (detail: a FormIntent); all state comes in `state`.
 */
export class GroupsView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: GroupsViewState;

  static override styles = css`
    :host { display: block; padding: 12px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
    h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; word-break: break-all; }
    h2.section { font-size: 1.1em; font-weight: 600; margin: 22px 0 8px; }
    h3 { font-size: 1em; font-weight: 600; margin: 12px 0 6px; }
    .muted { color: var(--vscode-descriptionForeground); }
    .header { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 8px 0 4px; }
    .header div { display: flex; flex-direction: column; }
    .header dt { color: var(--vscode-descriptionForeground); font-size: 0.85em; }
    .header dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
    dl { margin: 0; }
    .state[data-state='Stable'] { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
    table { border-collapse: collapse; margin-top: 6px; min-width: 420px; }
    th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border))); vertical-align: top; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
    tr.total th, tr.total td { font-weight: 600; }
    td.id { font-family: var(--vscode-editor-font-family, monospace); font-size: 0.9em; word-break: break-all; max-width: 36ch; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 14px; margin-top: 10px; }
    .error, .form-error { color: var(--vscode-errorForeground); }
    .notice { border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700); padding: 4px 10px; margin: 8px 0; max-width: 90ch; }
    .actions, .buttons { display: flex; gap: 10px; align-items: center; margin: 8px 0; }
    form.controls { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; }
    label { display: inline-flex; gap: 6px; align-items: center; }
    select, input { font: inherit; color: var(--vscode-input-foreground, var(--vscode-foreground)); background: var(--vscode-input-background, transparent); border: 1px solid var(--vscode-contrastBorder, var(--vscode-input-border, var(--vscode-widget-border, #8884))); border-radius: 2px; padding: 2px 4px; }
    input[type='number'] { width: 8em; }
    input.timestamp { width: 18em; }
    select:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
    .offset-grid { display: flex; flex-wrap: wrap; gap: 6px 14px; }
    .preview { margin-top: 10px; }
    .confirm { font-weight: 600; }
    .applied { color: var(--vscode-descriptionForeground); }
    .table-wrap { max-height: 50vh; overflow: auto; }
  `;

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  private header(g: GroupView): TemplateResult {
    const type = g.type ?? (g.protocolType === 'consumer' ? 'classic' : g.protocolType ?? '–');
    const item = (label: string, value: string | number, cls = ''): TemplateResult => html`<div><dt>${label}</dt><dd class=${cls} data-state=${cls === 'state' ? String(value) : nothing}>${value}</dd></div>`;
    return html`<dl class="header" aria-label=${l10n.t('Group')}>
      ${item(l10n.t('State'), g.state, 'state')}
      ${item(l10n.t('Protocol'), type)}
      ${g.assignor ? item(l10n.t('Server-side assignor'), g.assignor) : g.protocol ? item(l10n.t('Assignor'), g.protocol) : nothing}
      ${g.groupEpoch !== undefined ? item(l10n.t('Group epoch'), g.groupEpoch) : nothing}
      ${g.coordinator ? item(l10n.t('Coordinator'), g.coordinator) : nothing}
      ${item(l10n.t('Members'), g.members.length, 'members')}
      ${item(l10n.t('Total lag'), count(g.totalLag), 'total-lag')}
      ${g.partitionsWithoutCommit ? html`<div><dt>${l10n.t('Not committed yet')}</dt><dd class="lag-without-commit"
          title=${l10n.t('Records on partitions where the group has no committed offset, counted from the log start. They are not in the total lag, as in kafka-consumer-groups; where the group starts reading them depends on its auto.offset.reset.')}>${l10n.t('{0} on {1} partition(s)', count(g.lagWithoutCommit ?? 0), g.partitionsWithoutCommit)}</dd></div>` : nothing}
    </dl>`;
  }

  private members(g: GroupView): TemplateResult {
    const consumerProtocol = g.type === 'consumer';
    return html`<h2 class="section">${l10n.t('Members')}</h2>
      ${g.members.length === 0
        ? html`<p class="muted no-members">${l10n.t('No active members: nobody consumes for this group right now.')}</p>`
        : html`<table class="members">
            <thead><tr><th>${l10n.t('Member id')}</th><th>${l10n.t('Client id')}</th><th>${l10n.t('Host')}</th><th>${l10n.t('Assigned partitions')}</th>${consumerProtocol ? html`<th>${l10n.t('Target assignment')}</th><th class="num">${l10n.t('Epoch')}</th>` : nothing}</tr></thead>
            <tbody>${g.members.map(
              (m) => html`<tr><td class="id">${m.memberId}</td><td>${m.clientId}</td><td>${m.host}</td><td class="assigned">${assignmentText(m.assignments)}</td>${consumerProtocol
                ? html`<td class="target">${assignmentText(m.targetAssignments)}</td><td class="num">${m.memberEpoch ?? '–'}</td>`
                : nothing}</tr>`,
            )}</tbody>
          </table>`}`;
  }

  private partitions(g: GroupView): TemplateResult {
    const totals = topicTotals(g);
    return html`<h2 class="section">${l10n.t('Partitions')}</h2>
      ${g.offsets.length === 0
        ? html`<p class="muted">${l10n.t('No committed offsets and no assigned partitions yet.')}</p>`
        : html`<div class="table-wrap"><table class="partitions">
            <thead><tr><th>${l10n.t('Topic')}</th><th class="num">${l10n.t('Partition')}</th><th class="num">${l10n.t('Committed')}</th><th class="num">${l10n.t('Log end')}</th><th class="num">${l10n.t('Lag (records)')}</th><th class="num">${l10n.t('Lag (time)')}</th></tr></thead>
            <tbody>${g.offsets.map(
              (o) => html`<tr data-topic=${o.topic} data-partition=${o.partition}><td>${o.topic}</td><td class="num">${o.partition}</td><td class="num committed">${o.committed ?? l10n.t('none')}</td><td class="num">${count(o.highWatermark)}</td><td class="num lag${o.committed === undefined ? ' muted' : ''}" title=${o.committed === undefined ? l10n.t('No committed offset: records from the log start, not in the total lag') : nothing}>${count(o.lag)}</td><td class="num lag-time" title=${l10n.t('Age of the oldest unconsumed record')}>${o.lag === 0 ? '–' : o.lagMs !== undefined ? age(o.lagMs) : '?'}</td></tr>`,
            )}</tbody>
            <tfoot>${totals.map(
              (t) => html`<tr class="total" data-topic=${t.topic}><th>${l10n.t('{0} total', t.topic)}</th><td class="num">${t.partitions}</td><td></td><td></td><td class="num lag">${count(t.lag)}${t.lagWithoutCommit > 0 ? html`<span class="muted lag-without-commit" title=${l10n.t('Records on partitions where the group has no committed offset, counted from the log start. They are not in the total lag, as in kafka-consumer-groups; where the group starts reading them depends on its auto.offset.reset.')}> ${l10n.t('+ {0} not committed yet', count(t.lagWithoutCommit))}</span>` : nothing}</td><td class="num">${t.oldestMs !== undefined && t.lag > 0 ? age(t.oldestMs) : '–'}</td></tr>`,
            )}</tfoot>
          </table></div>`}`;
  }

  private charts(g: GroupView): TemplateResult {
    const s = this.state;
    const t0 = s.history[0]?.at ?? 0;
    const xs = s.history.map((p) => (p.at - t0) / 1000);
    const several = new Set(g.offsets.map((o) => o.topic)).size > 1;
    return html`<h2 class="section">${l10n.t('Charts')}</h2>
      <p class="muted">${l10n.t('Every {0} s while this panel is open (setting brokerlens.groups.refreshSeconds).', s.target?.refreshSeconds ?? 5)}</p>
      <div class="charts">
        <brokerlens-lag-bars .bars=${g.offsets.map((o) => ({ label: several ? `${o.topic}:${o.partition}` : String(o.partition), lag: o.lag }))}></brokerlens-lag-bars>
        <brokerlens-chart class="lag-chart" .heading=${l10n.t('Total lag')} .unit=${l10n.t('records')} .series=${TOTAL_LAG} .data=${[xs, s.history.map((p) => p.totalLag)]}></brokerlens-chart>
        <brokerlens-chart class="rate-chart" .heading=${l10n.t('Consume and produce rate')} .unit=${l10n.t('records/s')} .series=${RATES}
          .data=${[xs, s.history.map((p) => p.consumeRate), s.history.map((p) => p.produceRate)]}></brokerlens-chart>
      </div>
      <p class="muted rates">${l10n.t('Now: consumed {0}/s, produced {1}/s', rate(s.history.at(-1)?.consumeRate ?? null), rate(s.history.at(-1)?.produceRate ?? null))}</p>`;
  }

  override render(): TemplateResult {
    const s = this.state;
    const g = s.group;
    const queue = s.target?.subject === 'queue';
    return html`
      <h1>${queue ? l10n.t('Consumers of queue {0}', s.target?.groupId ?? '') : l10n.t('Consumer group {0}', s.target?.groupId ?? g?.groupId ?? '')}</h1>
      <p class="muted">${s.target ? (s.target.simulated ? l10n.t('{0} (simulator)', s.target.connectionName) : s.target.connectionName) : ''}</p>
      <div class="actions">
        <vscode-button secondary class="refresh" @click=${() => this.emit('refresh')}>${l10n.t('Refresh')}</vscode-button>
        ${s.updatedAt ? html`<span class="muted" role="status">${l10n.t('updated {0}', new Date(s.updatedAt).toLocaleTimeString())}</span>` : nothing}
      </div>
      ${s.error ? html`<p class="error poll-error" role="alert">${s.error}</p>` : nothing}
      ${queue
        ? queueView(s)
        : !g
        ? html`<p class="muted">${l10n.t('Loading…')}</p>`
        : g.unsupported === 'shareGroup'
          ? html`${this.header(g)}<p class="notice unsupported" role="note">${l10n.t('This is a share group (KIP-932). BrokerLens lists share groups but does not support them yet: their members, acknowledgements and lag are not shown, and they have no offsets to reset.')}</p>`
          : html`${this.header(g)}${this.members(g)}${this.partitions(g)}${this.charts(g)}${resetForm(s, (i: FormIntent) => this.emit('form', i))}`}
    `;
  }
}
customElements.define('brokerlens-groups', GroupsView);
