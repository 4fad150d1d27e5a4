/**
 * The Publish panel: destination, the message (key, headers, payload in text, JSON or base64, Kafka
 * options or AMQP properties), where it will go (updated as the user types), Send and Send ×N with
 * progress and Cancel, the exact result with links into Browse, and the history. Colours come only
 * from VS Code's theme variables, so the panel follows light, dark and high-contrast themes.
 */
import * as l10n from '@vscode/l10n';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { PublishDestination, PublishDraftWire, PublishRoute, PublishSendResult, PublishTally } from '../../extension/protocol/publishPanel.js';
import type { PublishActions } from './controller.js';
import { draftIsValid, problemsOf, schemaChoiceOf, type PublishViewState, type SchemaSlot } from './state.js';

const value = (e: Event): string => (e.target as HTMLInputElement).value;
const checked = (e: Event): boolean => (e.target as HTMLInputElement).checked;
const n = (x: number): string => x.toLocaleString('en-US');

type PropertyField = keyof PublishDraftWire['properties'];

/** The AMQP properties, in the order the management UI lists them. */
const PROPERTIES: readonly [PropertyField, () => string, string][] = [
  ['contentType', () => l10n.t('Content type'), 'application/json'],
  ['contentEncoding', () => l10n.t('Content encoding'), 'utf-8'],
  ['deliveryMode', () => l10n.t('Delivery mode'), '2'],
  ['priority', () => l10n.t('Priority'), '0-255'],
  ['expiration', () => l10n.t('Expiration (ms)'), '60000'],
  ['messageId', () => l10n.t('Message id'), 'm-{{seq}}'],
  ['correlationId', () => l10n.t('Correlation id'), '{{uuid}}'],
  ['replyTo', () => l10n.t('Reply to'), 'amq.rabbitmq.reply-to'],
  ['type', () => l10n.t('Type'), 'order.created'],
  ['userId', () => l10n.t('User id'), 'guest'],
  ['appId', () => l10n.t('App id'), 'my-service'],
  ['timestamp', () => l10n.t('Timestamp'), '2026-12-05T06:00:00Z'],
];

/** Select value of a destination: the kind and the name (a queue is sent through the default exchange). */
const destKey = (d: Pick<PublishDestination, 'kind' | 'name'>): string => `${d.kind}:${d.name}`;

function currentDestKey(draft: PublishDraftWire): string {
  if (draft.broker === 'kafka') return destKey({ kind: 'topic', name: draft.destination });
  return draft.destination === '' && draft.routingKey !== '' ? destKey({ kind: 'queue', name: draft.routingKey }) : destKey({ kind: 'exchange', name: draft.destination });
}

/** Renders the panel from the state; user actions go to `actions`. */
export class PublishView extends LitElement {
  static override properties = { state: { attribute: false } };
  declare state: PublishViewState;
  actions!: PublishActions;

  static override styles = css`
    :host { display: block; box-sizing: border-box; min-height: 100vh; padding: 10px 16px 24px; color: var(--vscode-foreground);
      font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); background: var(--vscode-editor-background); }
    .title { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 8px; }
    h1 { font-size: 1.25em; font-weight: 600; margin: 0; }
    h2 { font-size: 1em; font-weight: 600; margin: 14px 0 6px; }
    .sub, .muted { color: var(--vscode-descriptionForeground); }
    .grow { flex: 1; }
    .badge { padding: 0 6px; border-radius: 8px; font-size: 11px; line-height: 16px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px 24px; }
    @media (min-width: 1000px) { .layout { grid-template-columns: minmax(0, 1.4fr) minmax(300px, 1fr); } }
    .grid { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 10px; align-items: center; }
    .grid label { color: var(--vscode-descriptionForeground); }
    .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    vscode-single-select.destination { width: 100%; }
    .schema-choice { margin: 6px 0; }
    vscode-single-select.schema-subject { min-width: 260px; flex: 1; }
    vscode-progress-ring.schema-loading { width: 16px; height: 16px; }
    vscode-textfield, vscode-textarea { width: 100%; }
    vscode-textarea.payload { font-family: var(--vscode-editor-font-family, monospace); }
    .headers { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr) max-content; gap: 4px 6px; align-items: center; }
    .problem { color: var(--vscode-errorForeground); margin: 2px 0 0; display: flex; gap: 4px; align-items: baseline; }
    .properties { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 12px; padding: 6px 0; }
    .properties label { display: flex; flex-direction: column; gap: 2px; color: var(--vscode-descriptionForeground); }
    .box { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 3px; padding: 8px 10px; margin: 6px 0;
      background: var(--vscode-editorWidget-background); }
    .route.unroutable { border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground)); }
    .route ul { margin: 4px 0 0; padding-left: 18px; }
    .route li { margin: 2px 0; }
    .queue { font-weight: 600; }
    code { font-family: var(--vscode-editor-font-family, monospace); }
    .send { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 12px; }
    vscode-textfield.count { width: 110px; }
    progress { width: 220px; accent-color: var(--vscode-progressBar-background); }
    .result.ok { border-color: var(--vscode-charts-green, var(--vscode-widget-border)); }
    .result.bad { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
    .tally { display: grid; grid-template-columns: repeat(5, max-content); gap: 2px 14px; margin-top: 6px; }
    .tally span:nth-child(-n+5) { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
    .tally span { font-variant-numeric: tabular-nums; }
    .error { color: var(--vscode-errorForeground); display: flex; gap: 6px; align-items: baseline; }
    .notice { color: var(--vscode-descriptionForeground); }
    .history { list-style: none; margin: 0; padding: 0; }
    .history li { display: flex; gap: 6px; align-items: center; padding: 2px 0; border-bottom: 1px solid var(--vscode-widget-border, transparent); }
    .history .summary { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--vscode-editor-font-family, monospace); }
    a { color: var(--vscode-textLink-foreground); cursor: pointer; }
    a:hover { color: var(--vscode-textLink-activeForeground); }
    a:focus-visible, vscode-button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    // Ctrl/Cmd+Enter sends from anywhere in the form, as in VS Code's commit box.
    this.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || !draftIsValid(this.state) || this.state.sending) return;
      e.preventDefault();
      this.actions.send('one');
    });
  }

  override render(): TemplateResult {
    const s = this.state;
    const init = s.init;
    const draft = s.draft;
    if (!init || !draft) {
      return html`<div class="row" role="status"><vscode-progress-ring></vscode-progress-ring>${l10n.t('Loading destinations…')}</div>`;
    }
    const kafka = draft.broker === 'kafka';
    return html`
      <div class="title">
        <h1>${l10n.t('Publish')}</h1>
        <span class="sub">${kafka ? 'Kafka' : 'RabbitMQ'} · ${init.connectionName}</span>
        ${init.simulated ? html`<span class="badge">${l10n.t('simulator')}</span>` : nothing}
        <span class="grow"></span>
        <vscode-button secondary icon="folder-opened" class="open-saved" @click=${() => this.actions.openSaved()}>${l10n.t('Open…')}</vscode-button>
        <vscode-button secondary icon="save" class="save" @click=${() => this.actions.save()}>${l10n.t('Save…')}</vscode-button>
        <vscode-button secondary icon="cloud-upload" class="import" ?disabled=${s.sending !== undefined} @click=${() => this.actions.importNdjson()}>${l10n.t('Import NDJSON…')}</vscode-button>
      </div>
      ${init.notes.map((note) => html`<div class="notice">${note}</div>`)}
      <div class="layout">
        <section aria-label=${l10n.t('Message')}>
          ${this.destination(s, draft, init.destinations)}
          ${this.headers(s, draft)}
          ${this.payload(s, draft)}
          ${kafka ? this.kafkaOptions(s, draft) : this.amqpProperties(s, draft)}
        </section>
        <section aria-label=${l10n.t('Route and result')}>
          <h2>${l10n.t('Where it goes')}</h2>
          ${this.route(s)}
          ${this.sendBar(s)}
          ${this.outcome(s)}
          ${this.history(s)}
        </section>
      </div>
    `;
  }

  private problems(s: PublishViewState, field: string): TemplateResult | typeof nothing {
    const list = problemsOf(s, field);
    if (list.length === 0) return nothing;
    return html`${list.map((m) => html`<div class="problem" role="alert" data-field=${field}><vscode-icon name="error"></vscode-icon><span>${m}</span></div>`)}`;
  }

  private destination(s: PublishViewState, draft: PublishDraftWire, destinations: readonly PublishDestination[]): TemplateResult {
    const kafka = draft.broker === 'kafka';
    const current = currentDestKey(draft);
    const known = destinations.some((d) => destKey(d) === current);
    const label = (d: PublishDestination): string => (d.kind === 'exchange' && d.name === '' ? l10n.t('(default exchange)') : d.name);
    const describe = (d: PublishDestination): string => [d.kind === 'queue' ? l10n.t('queue') : d.kind === 'exchange' ? l10n.t('exchange') : '', d.detail, d.builtin ? l10n.t('built-in') : ''].filter(Boolean).join(' · ');
    const choose = (key: string): void => {
      const [kind, ...rest] = key.split(':');
      const name = rest.join(':');
      if (kind === 'topic') this.actions.edit({ destination: name, partition: '' });
      else if (kind === 'queue') this.actions.edit({ destination: '', routingKey: name });
      else this.actions.edit({ destination: name });
    };
    const viaQueue = !kafka && draft.destination === '';
    return html`<div class="grid">
      <label for="destination">${kafka ? l10n.t('Topic') : l10n.t('Exchange or queue')}</label>
      <vscode-single-select id="destination" class="destination" combobox aria-label=${kafka ? l10n.t('Topic') : l10n.t('Exchange or queue')} .value=${current}
        @change=${(e: Event) => choose(value(e))}>
        ${known ? nothing : html`<vscode-option value=${current} selected>${kafka ? draft.destination : draft.destination || draft.routingKey}</vscode-option>`}
        ${destinations.map((d) => html`<vscode-option value=${destKey(d)} ?selected=${destKey(d) === current} description=${describe(d)}>${label(d)}${d.builtin ? ' ◆' : ''}</vscode-option>`)}
      </vscode-single-select>
      ${this.problemsRow(s, 'destination')}
      ${kafka
        ? html`<label for="partition">${l10n.t('Partition')}</label>
            <vscode-textfield id="partition" class="partition" placeholder=${l10n.t('any (the key decides)')} .value=${draft.partition}
              ?invalid=${problemsOf(s, 'partition').length > 0} @input=${(e: Event) => this.actions.edit({ partition: value(e) })}></vscode-textfield>
            ${this.problemsRow(s, 'partition')}
            <label for="key">${l10n.t('Key')}</label>
            <vscode-textfield id="key" class="key" placeholder=${l10n.t('none (e.g. order-{{seq}})')} .value=${draft.key}
              ?invalid=${problemsOf(s, 'key').length > 0} @input=${(e: Event) => this.actions.edit({ key: value(e) })}></vscode-textfield>
            ${this.problemsRow(s, 'key')}
            ${this.keySchema(s, draft)}`
        : html`<label for="routingKey">${viaQueue ? l10n.t('Queue') : l10n.t('Routing key')}</label>
            <vscode-textfield id="routingKey" class="routing-key" placeholder=${viaQueue ? l10n.t('queue name') : l10n.t('e.g. order.created')} .value=${draft.routingKey}
              @input=${(e: Event) => this.actions.edit({ routingKey: value(e) })}></vscode-textfield>
            <span></span>
            <vscode-checkbox class="mandatory" .checked=${draft.mandatory} @change=${(e: Event) => this.actions.edit({ mandatory: checked(e) })}
              title=${l10n.t('Return the message if no queue receives it, instead of dropping it silently')}>${l10n.t('Mandatory (return if unroutable)')}</vscode-checkbox>`}
    </div>`;
  }

  private problemsRow(s: PublishViewState, field: string): TemplateResult | typeof nothing {
    const p = this.problems(s, field);
    return p === nothing ? nothing : html`<span></span><div>${p}</div>`;
  }

  private headers(s: PublishViewState, draft: PublishDraftWire): TemplateResult {
    const set = (i: number, patch: Partial<{ name: string; value: string }>): void =>
      this.actions.edit({ headers: draft.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
    return html`<h2>${l10n.t('Headers')}</h2>
      ${draft.headers.length > 0
        ? html`<div class="headers">
            ${draft.headers.map((h, i) => html`
              <vscode-textfield class="header-name" aria-label=${l10n.t('Header {0} name', i + 1)} placeholder=${l10n.t('name')} .value=${h.name}
                ?invalid=${problemsOf(s, `headers.${i}.name`).length > 0} @input=${(e: Event) => set(i, { name: value(e) })}></vscode-textfield>
              <vscode-textfield class="header-value" aria-label=${l10n.t('Header {0} value', i + 1)} placeholder=${l10n.t('value')} .value=${h.value}
                @input=${(e: Event) => set(i, { value: value(e) })}></vscode-textfield>
              <vscode-button secondary icon="close" class="remove-header" aria-label=${l10n.t('Remove header {0}', i + 1)}
                @click=${() => this.actions.edit({ headers: draft.headers.filter((_, j) => j !== i) })}></vscode-button>
              ${[...problemsOf(s, `headers.${i}.name`), ...problemsOf(s, `headers.${i}.value`)].map((m) => html`<div class="problem" role="alert"><vscode-icon name="error"></vscode-icon><span>${m}</span></div><span></span><span></span>`)}`)}
          </div>`
        : html`<div class="muted">${l10n.t('No headers.')}</div>`}
      <vscode-button secondary icon="add" class="add-header" @click=${() => this.actions.edit({ headers: [...draft.headers, { name: '', value: '' }] })}>${l10n.t('Add header')}</vscode-button>`;
  }

  private payload(s: PublishViewState, draft: PublishDraftWire): TemplateResult {
    const modes: [PublishDraftWire['payloadMode'], string][] = [['json', 'JSON'], ['text', l10n.t('Text')], ['base64', l10n.t('Base64 (binary)')]];
    // Offered on a Kafka connection that names a registry (and kept on screen for a draft that already uses it).
    if ((draft.broker === 'kafka' && s.init?.schemaRegistry) || draft.payloadMode === 'schema') modes.push(['schema', l10n.t('Schema (registry)')]);
    const schemaMode = draft.payloadMode === 'schema';
    return html`<h2>${l10n.t('Payload')}</h2>
      <div class="row">
        <vscode-single-select class="payload-mode" aria-label=${l10n.t('Payload format')} .value=${draft.payloadMode}
          @change=${(e: Event) => this.actions.edit({ payloadMode: value(e) as PublishDraftWire['payloadMode'] })}>
          ${modes.map(([m, label]) => html`<vscode-option value=${m} ?selected=${draft.payloadMode === m}>${label}</vscode-option>`)}
        </vscode-single-select>
        ${draft.payloadMode === 'json' || schemaMode ? html`<vscode-button secondary icon="json" class="format" @click=${() => this.actions.formatJson()}>${l10n.t('Format')}</vscode-button>` : nothing}
        <vscode-button secondary icon="file" class="from-file" @click=${() => this.actions.loadPayload('file')}>${l10n.t('From file…')}</vscode-button>
        <vscode-button secondary icon="go-to-file" class="from-editor" @click=${() => this.actions.loadPayload('editor')}>${l10n.t('From editor')}</vscode-button>
      </div>
      ${this.problems(s, 'payloadMode')}
      ${schemaMode ? html`<div class="grid schema-choice schema-value">${this.schemaRows(s, draft, 'value')}</div>` : nothing}
      <vscode-textarea class="payload" rows="9" aria-label=${l10n.t('Payload')} resize="vertical" spellcheck="false"
        placeholder=${draft.payloadMode === 'base64' ? 'AAECAw==' : schemaMode ? l10n.t('The value as JSON, e.g. {0}; it is checked against the schema as you type', '{"id": "o-{{seq}}"}') : draft.payloadMode === 'json' ? '{"orderId": "o-{{seq}}", "total": {{int:1:500}}}' : l10n.t('Text to send')}
        .value=${draft.payload} ?invalid=${problemsOf(s, 'payload').length > 0} @input=${(e: Event) => this.actions.edit({ payload: value(e) })}></vscode-textarea>
      ${this.problems(s, 'payload')}
      <div class="muted">${l10n.t('Placeholders for Send ×N: {0}', '{{seq}} {{index}} {{uuid}} {{now}} {{nowMs}} {{int:MIN:MAX}} {{pick:a|b|c}}')}</div>`;
  }

  /** The key's schema: off (the key is text) or a subject whose schema encodes the key typed as JSON. */
  private keySchema(s: PublishViewState, draft: PublishDraftWire): TemplateResult | typeof nothing {
    if (!s.init?.schemaRegistry && !draft.schema?.key) return nothing;
    const on = draft.schema?.key !== undefined;
    return html`<span></span>
      <vscode-checkbox class="key-schema" .checked=${on} title=${l10n.t('The key is typed as JSON and encoded with the subject\'s schema (Confluent wire format)')}
        @change=${(e: Event) => this.actions.editSchema('key', checked(e) ? { subject: '', version: '', messageType: '' } : undefined)}>${l10n.t('Encode the key with a schema')}</vscode-checkbox>
      ${on ? html`<span></span><div class="grid schema-choice schema-key">${this.schemaRows(s, draft, 'key')}</div>` : nothing}`;
  }

  /** Subject, version and (Protobuf) message type of one schema, with what the registry said about it. */
  private schemaRows(s: PublishViewState, draft: PublishDraftWire, slot: SchemaSlot): TemplateResult {
    const choice = schemaChoiceOf(draft, slot) ?? { subject: '', version: '', messageType: '' };
    const state = s.schemaInfo?.[slot];
    const info = state?.subject === choice.subject && state.version === choice.version ? state.info : undefined;
    const loading = state !== undefined && state.info === undefined;
    const set = (patch: Partial<typeof choice>): void => this.actions.editSchema(slot, { ...choice, ...patch });
    const subjects = info?.subjects ?? s.schemaInfo?.[slot]?.info?.subjects ?? [];
    const latest = info?.versions.at(-1);
    const subjectLabel = slot === 'value' ? l10n.t('Value subject') : l10n.t('Key subject');
    return html`
      <label for=${`schema-${slot}-subject`}>${subjectLabel}</label>
      <div class="row">
        <vscode-single-select id=${`schema-${slot}-subject`} class="schema-subject" combobox aria-label=${subjectLabel} .value=${choice.subject}
          ?invalid=${problemsOf(s, `schema.${slot}`).length > 0} @change=${(e: Event) => set({ subject: value(e), version: '', messageType: '' })}>
          ${choice.subject === '' ? html`<vscode-option value="" selected>${l10n.t('Choose a subject…')}</vscode-option>` : nothing}
          ${choice.subject !== '' && !subjects.includes(choice.subject) ? html`<vscode-option value=${choice.subject} selected>${choice.subject}</vscode-option>` : nothing}
          ${subjects.map((subject) => html`<vscode-option value=${subject} ?selected=${subject === choice.subject}>${subject}</vscode-option>`)}
        </vscode-single-select>
        ${loading ? html`<vscode-progress-ring class="schema-loading"></vscode-progress-ring>` : nothing}
      </div>
      ${choice.subject !== ''
        ? html`<label for=${`schema-${slot}-version`}>${l10n.t('Version')}</label>
          <vscode-single-select id=${`schema-${slot}-version`} class="schema-version" .value=${choice.version} @change=${(e: Event) => set({ version: value(e) })}>
            <vscode-option value="" ?selected=${choice.version === ''}>${latest === undefined ? l10n.t('latest') : l10n.t('latest (v{0})', latest)}</vscode-option>
            ${choice.version !== '' && !(info?.versions ?? []).includes(Number(choice.version)) ? html`<vscode-option value=${choice.version} selected>v${choice.version}</vscode-option>` : nothing}
            ${(info?.versions ?? []).slice().reverse().map((v) => html`<vscode-option value=${String(v)} ?selected=${choice.version === String(v)}>v${v}</vscode-option>`)}
          </vscode-single-select>`
        : nothing}
      ${info?.schemaType === 'PROTOBUF'
        ? html`<label for=${`schema-${slot}-type`}>${l10n.t('Message type')}</label>
          <vscode-single-select id=${`schema-${slot}-type`} class="schema-message-type" .value=${choice.messageType} @change=${(e: Event) => set({ messageType: value(e) })}>
            <vscode-option value="" ?selected=${choice.messageType === ''}>${l10n.t('{0} (first message)', info.messageTypes[0] ?? '')}</vscode-option>
            ${info.messageTypes.slice(1).map((t) => html`<vscode-option value=${t} ?selected=${choice.messageType === t}>${t}</vscode-option>`)}
          </vscode-single-select>`
        : nothing}
      ${info?.schemaType
        ? html`<span></span><div class="muted schema-summary">${[info.schemaType === 'JSON' ? 'JSON Schema' : info.schemaType === 'AVRO' ? 'Avro' : 'Protobuf', info.typeName, info.version !== undefined ? `v${info.version}` : '', info.schemaId !== undefined ? l10n.t('schema id {0}', info.schemaId) : ''].filter(Boolean).join(' · ')}</div>`
        : nothing}
      ${info?.problem && problemsOf(s, `schema.${slot}`).length === 0 ? html`<span></span><div class="problem" role="alert"><vscode-icon name="error"></vscode-icon><span>${info.problem}</span></div>` : nothing}
      ${this.problemsRow(s, `schema.${slot}`)}`;
  }

  private kafkaOptions(s: PublishViewState, draft: PublishDraftWire): TemplateResult {
    return html`<h2>${l10n.t('Record')}</h2>
      <div class="grid">
        <label for="timestamp">${l10n.t('Timestamp')}</label>
        <vscode-textfield id="timestamp" class="timestamp" placeholder=${l10n.t('now (ms since 1970 or ISO date)')} .value=${draft.timestamp}
          ?invalid=${problemsOf(s, 'timestamp').length > 0} @input=${(e: Event) => this.actions.edit({ timestamp: value(e) })}></vscode-textfield>
        ${this.problemsRow(s, 'timestamp')}
        <label for="compression">${l10n.t('Compression')}</label>
        <vscode-single-select id="compression" class="compression" .value=${draft.compression}
          @change=${(e: Event) => this.actions.edit({ compression: value(e) as PublishDraftWire['compression'] })}>
          ${(['none', 'gzip', 'snappy', 'lz4'] as const).map((c) => html`<vscode-option value=${c} ?selected=${draft.compression === c}>${c}</vscode-option>`)}
        </vscode-single-select>
      </div>`;
  }

  private amqpProperties(s: PublishViewState, draft: PublishDraftWire): TemplateResult {
    const set = (field: PropertyField, text: string): void => this.actions.edit({ properties: { ...draft.properties, [field]: text } });
    return html`<vscode-collapsible class="properties-box" title=${l10n.t('AMQP properties')} open>
      <div class="properties">
        ${PROPERTIES.map(([field, label, example]) => html`<label>${label()}
          <vscode-textfield class=${`prop-${field}`} placeholder=${example} .value=${draft.properties[field] ?? ''}
            ?invalid=${problemsOf(s, `properties.${field}`).length > 0} @input=${(e: Event) => set(field, value(e))}></vscode-textfield>
          ${this.problems(s, `properties.${field}`)}</label>`)}
      </div>
    </vscode-collapsible>`;
  }

  private route(s: PublishViewState): TemplateResult {
    const preview = s.preview;
    if (!preview || preview.revision !== s.revision) {
      return html`<div class="box route pending muted" role="status"><vscode-progress-ring></vscode-progress-ring></div>`;
    }
    const route = preview.route;
    if (!route) return html`<div class="box route muted">${preview.problems.length ? l10n.t('Fix the problems on the left to see where the message goes.') : l10n.t('Choose a destination.')}</div>`;
    return html`<div class="box route ${route.kind === 'route' && route.unroutable ? 'unroutable' : ''}" role="status" aria-live="polite">${this.routeBody(route)}</div>`;
  }

  private routeBody(route: PublishRoute): TemplateResult {
    switch (route.kind) {
      case 'unknown':
        return html`<span class="muted">${route.message}</span>`;
      case 'partition':
        if (route.reason === 'explicit') return html`${l10n.t('Partition {0} of {1}, as chosen.', route.partition ?? 0, route.partitions)}`;
        if (route.reason === 'key') return html`${l10n.t('Partition {0} of {1}: where this key always goes (murmur2 of the key, as the Java client and kafkajs place it).', route.partition ?? 0, route.partitions)}`;
        return html`${l10n.t('No key: the producer picks one of the {0} partitions when it sends (sticky partitioning).', route.partitions)}`;
      case 'route': {
        const steps = route.steps.flatMap((step) => step.matched.map((b) => html`<li>
          <code>${step.exchange || l10n.t('(default exchange)')}</code> (${step.exchangeType}) → ${b.destinationType === 'queue' ? l10n.t('queue') : l10n.t('exchange')}
          <code class=${b.destinationType === 'queue' ? 'queue' : ''}>${b.destination}</code>
          <span class="muted">${l10n.t('binding key "{0}"', b.routingKey)}${b.arguments ? ` ${b.arguments}` : ''}</span></li>`));
        if (route.unroutable) {
          const checkedBindings = route.steps.reduce((sum, step) => sum + step.unmatched, 0);
          const alternate = route.steps.find((step) => step.alternateExchange !== undefined)?.alternateExchange;
          return html`<strong class="unroutable-title"><vscode-icon name="warning"></vscode-icon> ${l10n.t('Unroutable: no queue receives this message.')}</strong>
            <div>${checkedBindings > 0
              ? l10n.t('None of the {0} bindings matches this routing key and these headers.', checkedBindings)
              : l10n.t('The exchange has no binding that could match (for the default exchange: no queue has this name).')}
              ${alternate ? l10n.t('The alternate exchange {0} takes nothing either.', alternate) : ''}</div>`;
        }
        return html`<strong class="queues">${route.queues.length === 1 ? l10n.t('1 queue receives it:') : l10n.t('{0} queues receive it:', route.queues.length)}</strong>
          <ul>${steps}</ul>`;
      }
    }
  }

  private sendBar(s: PublishViewState): TemplateResult {
    const sending = s.sending;
    const valid = draftIsValid(s);
    return html`<div class="send">
      <vscode-button class="send-one" icon="send" title=${l10n.t('Send (Ctrl+Enter)')} ?disabled=${!valid || sending !== undefined} @click=${() => this.actions.send('one')}>${l10n.t('Send')}</vscode-button>
      <vscode-button secondary class="send-many" ?disabled=${!valid || sending !== undefined} @click=${() => this.actions.send('many')}>${l10n.t('Send ×N')}</vscode-button>
      <vscode-textfield class="count" aria-label=${l10n.t('How many messages Send ×N sends')} .value=${s.count} @input=${(e: Event) => this.actions.setCount(value(e))}></vscode-textfield>
      ${sending
        ? html`<span class="progress" role="status">
            ${sending.count > 1 ? html`<progress max=${sending.count} .value=${sending.done}></progress> ${l10n.t('{0} of {1}', n(sending.done), n(sending.count))}` : html`<vscode-progress-ring></vscode-progress-ring>${sending.what === 'import' ? l10n.t('Importing…') : l10n.t('Sending…')}`}
            <vscode-button secondary class="cancel" ?disabled=${sending.cancelling} @click=${() => this.actions.cancel()}>${sending.cancelling ? l10n.t('Cancelling…') : l10n.t('Cancel')}</vscode-button>
          </span>`
        : nothing}
    </div>
    ${s.error ? html`<div class="error" role="alert"><vscode-icon name="error"></vscode-icon><span>${s.error}</span></div>` : nothing}
    ${s.notice ? html`<div class="notice" role="status">${s.notice}</div>` : nothing}`;
  }

  private outcome(s: PublishViewState): TemplateResult | typeof nothing {
    const r: PublishSendResult | undefined = s.result;
    if (!r) return nothing;
    if (r.status === 'invalid') {
      const general = r.problems.filter((p) => p.field === 'import');
      return general.length ? html`<div class="box result bad" role="alert">${general.map((p) => p.message)}</div>` : nothing;
    }
    return html`<div class="box result ${r.ok ? 'ok' : 'bad'}" role="status">
      <div class="sentence">${r.sentence}</div>
      ${r.tally.requested > 1 ? this.tally(r.tally) : nothing}
      ${r.links.length
        ? html`<div class="row links">${r.links.map((link) => html`<a class="open-browse" tabindex="0" @click=${() => this.actions.openBrowse(link)}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.actions.openBrowse(link)}>${link.offset !== undefined
              ? l10n.t('Open in Browse: {0} partition {1} offset {2}', link.destination, link.partition ?? 0, link.offset)
              : l10n.t('Browse queue {0}', link.destination)}</a>`)}</div>`
        : nothing}
    </div>`;
  }

  private tally(t: PublishTally): TemplateResult {
    return html`<div class="tally" aria-label=${l10n.t('Exact counts')}>
      <span>${l10n.t('confirmed')}</span><span>${l10n.t('returned')}</span><span>${l10n.t('nacked')}</span><span>${l10n.t('failed')}</span><span>${l10n.t('not sent')}</span>
      <span class="t-confirmed">${n(t.confirmed)}</span><span class="t-returned">${n(t.returned)}</span><span class="t-nacked">${n(t.nacked)}</span>
      <span class="t-failed">${n(t.failed)}</span><span class="t-notsent">${n(t.notSent)}</span>
    </div>`;
  }

  private history(s: PublishViewState): TemplateResult {
    return html`<h2>${l10n.t('History')}</h2>
      ${s.history.length === 0
        ? html`<div class="muted">${l10n.t('Messages you send here appear here (the last 50 for this destination).')}</div>`
        : html`<ul class="history">${s.history.map((entry) => html`<li>
            <span class="summary" title=${entry.summary}>${entry.summary || l10n.t('(empty payload)')}</span>
            <span class="muted">${new Date(entry.at).toLocaleTimeString()}</span>
            <vscode-button secondary class="history-load" @click=${() => this.actions.useHistory(entry, false)}>${l10n.t('Load')}</vscode-button>
            <vscode-button secondary icon="send" class="history-resend" ?disabled=${s.sending !== undefined} @click=${() => this.actions.useHistory(entry, true)}>${l10n.t('Resend')}</vscode-button>
          </li>`)}</ul>`}`;
  }
}
customElements.define('brokerlens-publish', PublishView);
