/**
 * The studio's controls: what to simulate, run / pause / step / reset, seed, speed, the paused
 * reason, events to inject and breakpoints. Pure templates: they raise intents through `emit` and
 * keep no state but the values of their own form fields.
 */
import * as l10n from '@vscode/l10n';
import { html, nothing, type TemplateResult } from 'lit';
import type { StudioBreakpoint, StudioInjection } from '../../extension/protocol/simulatorPanel.js';
import { pauseSentence } from '../shared/studio/figures.js';
import type { SimulatorViewState } from './state.js';

/** What the studio's controls ask for. */
export type StudioIntent =
  | { readonly type: 'load'; readonly id: string }
  | { readonly type: 'control'; readonly action: 'run' | 'pause' | 'step' | 'reset'; readonly seed?: number }
  | { readonly type: 'speed'; readonly speed: number | 'max' }
  | { readonly type: 'inject'; readonly injection: StudioInjection }
  | { readonly type: 'breakpoints'; readonly breakpoints: readonly StudioBreakpoint[] }
  | { readonly type: 'show'; readonly model: 'rabbitmq' | 'kafka' }
  | { readonly type: 'select'; readonly nodeId: string }
  | { readonly type: 'closeInspector' };

/** Raises an intent. */
export type Emit = (intent: StudioIntent) => void;

/** The paced speeds offered (simulated seconds per wall second), then "as fast as possible". */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

const field = (root: HTMLElement | null, name: string): string => (root?.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '').trim();

function formOf(e: Event): HTMLElement | null {
  return (e.target as HTMLElement).closest('form, fieldset, .inject, .add-breakpoint');
}

/** Scenario, run/pause/step/reset, seed, speed and the status line. */
export function controlBar(s: SimulatorViewState, emit: Emit): TemplateResult {
  const st = s.studio;
  const running = st.state === 'running';
  const finished = st.state === 'finished';
  const seed = st.source?.seed;
  const reset = (e: Event): void => {
    const raw = field(formOf(e), 'seed');
    const value = Number(raw);
    emit({ type: 'control', action: 'reset', ...(raw !== '' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff && value !== seed ? { seed: value } : {}) });
  };
  return html`<form class="controls" @submit=${(e: Event) => e.preventDefault()} aria-label=${l10n.t('Studio controls')}>
    <label>${l10n.t('Scenario')}
      <select name="scenario" @change=${(e: Event) => emit({ type: 'load', id: (e.target as HTMLSelectElement).value })}>
        ${s.presets.map((p) => html`<option value=${p.id} ?selected=${p.id === st.source?.id}>${p.title}</option>`)}
      </select>
    </label>
    <span class="buttons">
      ${running
        ? html`<vscode-button class="pause" @click=${() => emit({ type: 'control', action: 'pause' })}><vscode-icon slot="content-before" name="debug-pause"></vscode-icon>${l10n.t('Pause')}</vscode-button>`
        : html`<vscode-button class="run" ?disabled=${finished} @click=${() => emit({ type: 'control', action: 'run' })}><vscode-icon slot="content-before" name="play"></vscode-icon>${l10n.t('Run')}</vscode-button>`}
      <vscode-button class="step" secondary ?disabled=${finished} title=${l10n.t('Run until the next event (one scheduler entry: a publish, a delivery, a poll…)')}
        @click=${() => emit({ type: 'control', action: 'step' })}><vscode-icon slot="content-before" name="debug-step-over"></vscode-icon>${l10n.t('Step')}</vscode-button>
      <vscode-button class="reset" secondary @click=${reset}><vscode-icon slot="content-before" name="debug-restart"></vscode-icon>${l10n.t('Reset')}</vscode-button>
    </span>
    <label>${l10n.t('Seed')} <input name="seed" type="number" min="0" max="4294967295" step="1" .value=${seed === undefined ? '' : String(seed)}
      title=${l10n.t('The same seed gives the same run; Reset applies a new one.')}></label>
    <label>${l10n.t('Speed')}
      <select name="speed" @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        emit({ type: 'speed', speed: v === 'max' ? 'max' : Number(v) });
      }}>
        ${SPEEDS.map((x) => html`<option value=${String(x)} ?selected=${st.speed === x}>${l10n.t('{0}×', x)}</option>`)}
        <option value="max" ?selected=${st.speed === 'max'}>${l10n.t('As fast as possible')}</option>
      </select>
    </label>
  </form>
  <p class="status ${st.reason?.kind === 'breakpoint' ? 'at-breakpoint' : ''}" role="status" aria-live="polite">
    <span class="clock">${l10n.t('t = {0} s', (st.timeMs / 1000).toFixed(3))}</span>
    <span class="paused-reason">${pauseSentence(st.reason, st.state)}</span>
  </p>`;
}

/** Kill / restart / add consumers, restart the broker, publish a burst. */
export function injectBar(s: SimulatorViewState, emit: Emit): TemplateResult {
  const src = s.studio.source;
  if (!src) return html``;
  const over = s.studio.state === 'finished';
  const consumer = (e: Event): string => field(formOf(e), 'consumer');
  const instance = (e: Event): number | undefined => {
    const raw = field(formOf(e), 'instance');
    return raw === '' ? undefined : Number(raw);
  };
  const burst = (e: Event): void => {
    const f = formOf(e);
    emit({ type: 'inject', injection: { type: 'burst', producer: field(f, 'producer'), count: Number(field(f, 'count')) || 100, ratePerSec: Number(field(f, 'rate')) || 1000 } });
  };
  const note = s.studio.injectNote;
  return html`<fieldset class="inject" ?disabled=${over}>
    <legend>${l10n.t('Inject while it runs (both models)')}</legend>
    <label>${l10n.t('Consumer')} <select name="consumer">${src.consumers.map((c) => html`<option value=${c.id}>${c.id}</option>`)}</select></label>
    <label>${l10n.t('Instance')} <input name="instance" type="number" min="0" step="1" placeholder=${l10n.t('all')}></label>
    <button type="button" class="kill" @click=${(e: Event) => emit({ type: 'inject', injection: { type: 'consumerCrash', consumer: consumer(e), ...(instance(e) !== undefined ? { instance: instance(e)! } : {}) } })}>${l10n.t('Kill')}</button>
    <button type="button" class="restart" @click=${(e: Event) => emit({ type: 'inject', injection: { type: 'consumerRestart', consumer: consumer(e), ...(instance(e) !== undefined ? { instance: instance(e)! } : {}) } })}>${l10n.t('Restart')}</button>
    <button type="button" class="add-consumer" title=${l10n.t('One more consumer in the same group (Kafka) / on the same queue (RabbitMQ)')}
      @click=${(e: Event) => emit({ type: 'inject', injection: { type: 'addConsumer', like: consumer(e), newGroup: false } })}>${l10n.t('Add consumer')}</button>
    <button type="button" class="add-group" title=${l10n.t('Kafka: a new consumer group reading the topic from the start. RabbitMQ has no groups: the new consumer competes on the same queue.')}
      @click=${(e: Event) => emit({ type: 'inject', injection: { type: 'addConsumer', like: consumer(e), newGroup: true } })}>${l10n.t('Add consumer group')}</button>
    <button type="button" class="broker-restart" @click=${() => emit({ type: 'inject', injection: { type: 'brokerRestart' } })}>${l10n.t('Restart broker')}</button>
    <span class="burst">
      <label>${l10n.t('Producer')} <select name="producer">${src.producers.map((p) => html`<option value=${p.id}>${p.id}</option>`)}</select></label>
      <label>${l10n.t('Messages')} <input name="count" type="number" min="1" max="1000000" value="200"></label>
      <label>${l10n.t('per second')} <input name="rate" type="number" min="1" value="2000"></label>
      <button type="button" class="publish-burst" @click=${burst}>${l10n.t('Publish burst')}</button>
    </span>
    ${note ? html`<p class=${note.ok ? 'note' : 'note error'} role=${note.ok ? 'status' : 'alert'}>${note.text}</p>` : nothing}
  </fieldset>`;
}

/** A breakpoint in words. */
export function describeBreakpoint(b: StudioBreakpoint): string {
  switch (b.kind) {
    case 'deadLettered':
      return b.target ? l10n.t('a message is dead-lettered from queue {0}', b.target) : l10n.t('a message is dead-lettered');
    case 'rebalance':
      return b.target ? l10n.t('consumer group {0} rebalances', b.target) : l10n.t('a consumer group rebalances');
    case 'delivered':
      return b.header ? l10n.t('a message with header {0}={1} is delivered', b.header.name, b.header.value) : l10n.t('a message with key "{0}" is delivered', b.key ?? '');
    case 'depth':
      return b.target ? l10n.t('the depth of queue {0} rises above {1}', b.target, b.above) : l10n.t('the queue depth rises above {0}', b.above);
    case 'lag':
      return b.target ? l10n.t('the lag of group {0} rises above {1}', b.target, b.above) : l10n.t('the consumer lag rises above {0}', b.above);
  }
}

let nextBreakpoint = 1;

/** Reads the "add a breakpoint" form; undefined (with the field focused) when it is incomplete. */
function newBreakpoint(root: HTMLElement | null): StudioBreakpoint | undefined {
  const kind = field(root, 'bp-kind');
  const value = field(root, 'bp-value');
  const target = field(root, 'bp-target');
  const id = `bp-${Date.now().toString(36)}-${nextBreakpoint++}`;
  const scoped = target === '' ? {} : { target };
  switch (kind) {
    case 'deadLettered':
    case 'rebalance':
      return { id, enabled: true, kind, ...scoped };
    case 'key':
      return { id, enabled: true, kind: 'delivered', key: value };
    case 'header': {
      const eq = value.indexOf('=');
      if (eq <= 0) return undefined;
      return { id, enabled: true, kind: 'delivered', header: { name: value.slice(0, eq).trim(), value: value.slice(eq + 1).trim() } };
    }
    case 'depth':
    case 'lag': {
      const above = Number(value);
      if (value === '' || !Number.isInteger(above) || above < 0) return undefined;
      return { id, enabled: true, kind, above, ...scoped };
    }
    default:
      return undefined;
  }
}

/** The breakpoint list and the form to add one. */
export function breakpointList(s: SimulatorViewState, emit: Emit): TemplateResult {
  const list = s.studio.breakpoints;
  const set = (next: readonly StudioBreakpoint[]): void => emit({ type: 'breakpoints', breakpoints: next });
  const add = (e: Event): void => {
    const root = formOf(e);
    const b = newBreakpoint(root);
    if (!b) {
      root?.querySelector<HTMLInputElement>('[name="bp-value"]')?.focus();
      return;
    }
    set([...list, b]);
  };
  return html`<section class="breakpoints" aria-label=${l10n.t('Breakpoints')}>
    <h3>${l10n.t('Breakpoints')}</h3>
    ${list.length === 0 ? html`<p class="muted">${l10n.t('None: the run goes on until you pause it or it ends.')}</p>` : nothing}
    <ul>
      ${list.map((b) => html`<li data-breakpoint=${b.id}>
        <label><input type="checkbox" .checked=${b.enabled} @change=${(e: Event) => set(list.map((x) => (x.id === b.id ? { ...x, enabled: (e.target as HTMLInputElement).checked } : x)))}>
          ${l10n.t('Pause when {0}', describeBreakpoint(b))}</label>
        <button type="button" class="icon" title=${l10n.t('Remove')} aria-label=${l10n.t('Remove')} @click=${() => set(list.filter((x) => x.id !== b.id))}><vscode-icon name="close"></vscode-icon></button>
      </li>`)}
    </ul>
    <div class="add-breakpoint">
      <select name="bp-kind" aria-label=${l10n.t('Pause when')}>
        <option value="deadLettered">${l10n.t('a message is dead-lettered')}</option>
        <option value="rebalance">${l10n.t('a consumer group rebalances')}</option>
        <option value="key">${l10n.t('a message with key … is delivered')}</option>
        <option value="header">${l10n.t('a message with header name=value is delivered')}</option>
        <option value="depth">${l10n.t('queue depth rises above N')}</option>
        <option value="lag">${l10n.t('consumer lag rises above N')}</option>
      </select>
      <input name="bp-value" aria-label=${l10n.t('Key, header or N')} placeholder=${l10n.t('key, name=value or N')}>
      <input name="bp-target" aria-label=${l10n.t('Queue or group (optional)')} placeholder=${l10n.t('queue / group (optional)')}>
      <button type="button" class="add" @click=${add}>${l10n.t('Add breakpoint')}</button>
    </div>
  </section>`;
}
