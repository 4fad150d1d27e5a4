/**
 * The reset form of the Consumer group panel: every mode the Reset Offsets command has, for a topic
 * or chosen partitions, the refusal for a group with members stated before anything is filled in,
 * the preview table (current → new, replayed or skipped per partition), Apply behind a confirm step,
 * and Revert of the last reset (itself a preview first).
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, type TemplateResult } from 'lit';
import { count } from './format.js';
import { partitionsOf, type GroupsViewState, type ResetForm, type ResetMode } from './state.js';

/** What the form asks of the panel. */
export type FormIntent =
  | { type: 'patch'; patch: Partial<ResetForm> }
  | { type: 'preview' }
  | { type: 'previewRevert' }
  | { type: 'apply' }
  | { type: 'confirm' }
  | { type: 'cancel' }
  | { type: 'loadGroups' };

const MODES: readonly [ResetMode, () => string][] = [
  ['earliest', () => l10n.t('Earliest')],
  ['latest', () => l10n.t('Latest')],
  ['timestamp', () => l10n.t('Timestamp')],
  ['offsets', () => l10n.t('Exact offset per partition')],
  ['shift', () => l10n.t('Shift by N')],
  ['group', () => l10n.t("Another group's offsets")],
];

/** The sentence for a field the user must fix before a preview. */
export function problemText(problem: string): string {
  switch (problem) {
    case 'topic': return l10n.t('Pick a topic.');
    case 'partitions': return l10n.t('Tick at least one partition.');
    case 'timestamp': return l10n.t('Use an ISO time like 2026-11-24T09:00:00Z or epoch milliseconds.');
    case 'shift': return l10n.t('Enter a whole number, e.g. -100.');
    case 'offsets': return l10n.t('Enter a whole offset for at least one partition.');
    case 'group': return l10n.t('Pick the group to copy from.');
    default: return problem;
  }
}

function modeFields(s: GroupsViewState, emit: (i: FormIntent) => void): TemplateResult | typeof nothing {
  const f = s.form;
  const value = (e: Event): string => (e.target as HTMLInputElement).value;
  switch (f.mode) {
    case 'timestamp':
      return html`<label>${l10n.t('Time')} <input class="timestamp" .value=${f.timestamp} placeholder="2026-11-24T09:00:00Z" @input=${(e: Event) => emit({ type: 'patch', patch: { timestamp: value(e) } })} /></label>`;
    case 'shift':
      return html`<label>${l10n.t('Shift by')} <input class="shift" type="number" .value=${f.shift} @input=${(e: Event) => emit({ type: 'patch', patch: { shift: value(e) } })} /></label>
        <span class="muted">${l10n.t('negative replays, positive skips')}</span>`;
    case 'offsets': {
      const ids = f.scope === 'some' ? [...f.partitions].sort((a, b) => a - b) : partitionsOf(s, f.topic);
      return html`<div class="offset-grid">${ids.map(
        (p) => html`<label>${l10n.t('partition {0}', p)} <input class="offset" data-partition=${p} type="number" min="0" .value=${f.offsets[p] ?? ''}
          @input=${(e: Event) => emit({ type: 'patch', patch: { offsets: { ...f.offsets, [p]: value(e) } } })} /></label>`,
      )}</div>`;
    }
    case 'group':
      return html`<label>${l10n.t('Copy from group')}
        <select class="from-group" @focus=${() => emit({ type: 'loadGroups' })} @change=${(e: Event) => emit({ type: 'patch', patch: { fromGroup: value(e) } })}>
          <option value="" ?selected=${f.fromGroup === ''}>${l10n.t('choose…')}</option>
          ${[...new Set([...s.otherGroups, ...(f.fromGroup ? [f.fromGroup] : [])])].map((g) => html`<option .value=${g} ?selected=${g === f.fromGroup}>${g}</option>`)}
        </select></label>`;
    default:
      return nothing;
  }
}

function previewTable(s: GroupsViewState, emit: (i: FormIntent) => void, active: number): TemplateResult | typeof nothing {
  const p = s.preview;
  if (!p) return nothing;
  const replay = p.rows.reduce((n, r) => n + r.replayed, 0);
  const skip = p.rows.reduce((n, r) => n + r.skipped, 0);
  return html`<section class="preview" aria-label=${l10n.t('Preview')}>
    <h3>${p.revert ? l10n.t('Preview of the revert on {0}', p.topic) : l10n.t('Preview on {0}', p.topic)}</h3>
    <table class="preview-table">
      <thead><tr><th>${l10n.t('Partition')}</th><th>${l10n.t('Current')}</th><th>${l10n.t('New')}</th><th>${l10n.t('Replayed')}</th><th>${l10n.t('Skipped')}</th></tr></thead>
      <tbody>${p.rows.map(
        (r) => html`<tr data-partition=${r.partition}><th>${r.partition}</th><td>${r.current ?? l10n.t('none')}</td><td>${r.cleared ? l10n.t('none') : r.next}</td><td>${count(r.replayed)}</td><td>${count(r.skipped)}</td></tr>`,
      )}</tbody>
      <tfoot><tr><th>${l10n.t('Total')}</th><td></td><td></td><td>${count(replay)}</td><td>${count(skip)}</td></tr></tfoot>
    </table>
    ${s.confirming
      ? html`<p class="confirm" role="alert">${l10n.t('Commit these offsets for group {0}? The group replays {1} records and skips {2}.', s.group?.groupId ?? '', count(replay), count(skip))}</p>
          <div class="buttons">
            <vscode-button class="confirm-apply" @click=${() => emit({ type: 'apply' })} ?disabled=${s.busy || active > 0}>${l10n.t('Yes, commit')}</vscode-button>
            <vscode-button class="cancel" secondary @click=${() => emit({ type: 'cancel' })}>${l10n.t('Cancel')}</vscode-button>
          </div>`
      : html`<div class="buttons">
          <vscode-button class="apply" @click=${() => emit({ type: 'confirm' })} ?disabled=${s.busy || active > 0 || p.rows.length === 0}>${p.revert ? l10n.t('Apply the revert…') : l10n.t('Apply…')}</vscode-button>
        </div>`}
  </section>`;
}

/** The whole reset section. */
export function resetForm(s: GroupsViewState, emit: (i: FormIntent) => void): TemplateResult {
  const g = s.group;
  const active = g?.members.length ?? 0;
  const f = s.form;
  const ids = partitionsOf(s, f.topic);
  const value = (e: Event): string => (e.target as HTMLSelectElement).value;
  return html`<section class="reset" aria-label=${l10n.t('Reset offsets')}>
    <h2 class="section">${l10n.t('Reset offsets')}</h2>
    ${active > 0
      ? html`<p class="notice refusal" role="note">${l10n.t('This group has {0} active member(s) (state {1}). Kafka accepts a reset only for a group with no members: stop its consumers first. You can still preview; Apply waits until the group is empty.', active, g?.state ?? '')}</p>`
      : nothing}
    <form class="controls" @submit=${(e: Event) => { e.preventDefault(); emit({ type: 'preview' }); }}>
      <label>${l10n.t('Topic')}
        <select class="topic" @change=${(e: Event) => emit({ type: 'patch', patch: { topic: value(e), partitions: [], offsets: {} } })}>
          ${s.topics.map((t) => html`<option .value=${t} ?selected=${t === f.topic}>${t}</option>`)}
        </select></label>
      <label>${l10n.t('Partitions')}
        <select class="scope" @change=${(e: Event) => emit({ type: 'patch', patch: { scope: value(e) as 'all' | 'some' } })}>
          <option value="all" ?selected=${f.scope === 'all'}>${l10n.t('all')}</option>
          <option value="some" ?selected=${f.scope === 'some'}>${l10n.t('chosen')}</option>
        </select></label>
      ${f.scope === 'some'
        ? html`<span class="partition-picks" role="group" aria-label=${l10n.t('Partitions')}>${ids.map(
            (p) => html`<label><input type="checkbox" class="pick" data-partition=${p} .checked=${f.partitions.includes(p)}
              @change=${(e: Event) => emit({ type: 'patch', patch: { partitions: (e.target as HTMLInputElement).checked ? [...f.partitions, p] : f.partitions.filter((x) => x !== p) } })} />${p}</label>`,
          )}</span>`
        : nothing}
      <label>${l10n.t('To')}
        <select class="mode" @change=${(e: Event) => emit({ type: 'patch', patch: { mode: value(e) as ResetMode } })}>
          ${MODES.map(([m, label]) => html`<option .value=${m} ?selected=${m === f.mode}>${label()}</option>`)}
        </select></label>
      ${modeFields(s, emit)}
      <vscode-button class="preview-button" @click=${() => emit({ type: 'preview' })} ?disabled=${s.busy}>${l10n.t('Preview')}</vscode-button>
      ${s.canRevert ? html`<vscode-button class="revert" secondary @click=${() => emit({ type: 'previewRevert' })} ?disabled=${s.busy}>${l10n.t('Revert the last reset…')}</vscode-button>` : nothing}
    </form>
    ${s.formError ? html`<p class="error form-error" role="alert">${s.formError}</p>` : nothing}
    ${previewTable(s, emit, active)}
    ${s.applied
      ? html`<p class="applied" role="status">${s.applied.revert
          ? l10n.t('Reverted {0} partition(s) of {1}.', s.applied.rows.length, s.applied.topic)
          : l10n.t('Committed {0} partition(s) of {1}. Revert the last reset puts the old offsets back.', s.applied.rows.length, s.applied.topic)}</p>`
      : nothing}
  </section>`;
}
