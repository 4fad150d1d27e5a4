/**
 * The Publish panel's effects: host requests and notifications in, reducer actions out. The draft is
 * saved with setState on every change (a hidden panel or a window reload keeps what was typed), and
 * the preview is asked for a moment after typing stops.
 */
import * as l10n from '@vscode/l10n';
import { validate } from '../../extension/protocol/ipc.js';
import {
  draftSchema,
  PublishCancelCommand,
  PublishHistoryNotification,
  PublishImportRequest,
  PublishInitNotification,
  PublishLoadPayloadRequest,
  PublishOpenBrowseCommand,
  PublishOpenMessageRequest,
  PublishPreviewRequest,
  PublishProgressNotification,
  PublishSaveMessageRequest,
  PublishSchemaInfoRequest,
  PublishSendRequest,
  type PublishBrowseLink,
  type PublishDraftWire,
  type PublishHistoryEntry,
  type PublishSchemaChoice,
} from '../../extension/protocol/publishPanel.js';
import type { HostChannel } from '../shared/hostChannel.js';
import { initialState, parseCount, reduce, schemaChoiceOf, type PublishAction, type PublishViewState, type SavedState, type SchemaSlot } from './state.js';

/** Wait after the last keystroke before asking for the preview. */
const PREVIEW_DELAY_MS = 150;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What the view can ask for. */
export interface PublishActions {
  edit(patch: Partial<PublishDraftWire>): void;
  setCount(count: string): void;
  send(times: 'one' | 'many'): void;
  cancel(): void;
  openBrowse(link: PublishBrowseLink): void;
  loadPayload(from: 'file' | 'editor'): void;
  formatJson(): void;
  save(): void;
  openSaved(): void;
  importNdjson(): void;
  useHistory(entry: PublishHistoryEntry, resend: boolean): void;
  /** Sets (or, with undefined, removes) the schema of the value or the key. */
  editSchema(slot: SchemaSlot, choice: PublishSchemaChoice | undefined): void;
}

/** Owns the state; `render` is called after every change. */
export class PublishController implements PublishActions {
  private state: PublishViewState = initialState;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: HostChannel,
    private readonly render: (state: PublishViewState) => void,
  ) {
    host.on(PublishInitNotification, (init) => {
      this.dispatch({ type: 'init', init, ...this.saved() });
      this.schedulePreview(0);
      this.refreshSchemaInfo();
    });
    host.on(PublishProgressNotification, ({ done, tally }) => this.dispatch({ type: 'progress', done, tally }));
    host.on(PublishHistoryNotification, ({ history }) => this.dispatch({ type: 'history', history }));
  }

  get current(): PublishViewState {
    return this.state;
  }

  dispatch(action: PublishAction): void {
    this.state = reduce(this.state, action);
    if (this.state.init && this.state.draft) {
      this.host.setState<SavedState>({ connectionId: this.state.init.connectionId, draft: this.state.draft, count: this.state.count });
    }
    this.render(this.state);
  }

  edit(patch: Partial<PublishDraftWire>): void {
    this.dispatch({ type: 'edit', patch });
    this.schedulePreview(PREVIEW_DELAY_MS);
    if ('payloadMode' in patch || 'schema' in patch || 'destination' in patch) this.refreshSchemaInfo();
  }

  editSchema(slot: SchemaSlot, choice: PublishSchemaChoice | undefined): void {
    const draft = this.state.draft;
    if (!draft) return;
    const schema = { ...draft.schema };
    if (choice) schema[slot] = choice;
    else delete schema[slot];
    this.edit({ schema });
  }

  /**
   * Asks the registry about each schema the draft uses, when its subject or version changed. With no
   * subject chosen yet, the topic's own subject (<topic>-value, <topic>-key) is chosen when it exists.
   */
  private refreshSchemaInfo(): void {
    const draft = this.state.draft;
    if (!draft || !this.state.init?.schemaRegistry) return;
    for (const slot of ['value', 'key'] as const) {
      const choice = schemaChoiceOf(draft, slot);
      if (!choice) continue;
      const known = this.state.schemaInfo?.[slot];
      if (known && known.subject === choice.subject && known.version === choice.version) continue;
      const { subject, version } = choice;
      this.dispatch({ type: 'schemaInfo', slot, subject, version });
      this.host.request(PublishSchemaInfoRequest, { subject, version }).then(
        (info) => {
          this.dispatch({ type: 'schemaInfo', slot, subject, version, info });
          const current = this.state.draft && schemaChoiceOf(this.state.draft, slot);
          const own = `${this.state.draft?.destination ?? ''}-${slot}`;
          if (subject === '' && current?.subject === '' && info.subjects.includes(own)) this.editSchema(slot, { ...current, subject: own });
        },
        (error: unknown) => this.dispatch({ type: 'schemaInfo', slot, subject, version, info: { subjects: [], versions: [], messageTypes: [], problem: message(error) } }),
      );
    }
  }

  setCount(count: string): void {
    this.dispatch({ type: 'count', count });
  }

  send(times: 'one' | 'many'): void {
    const draft = this.state.draft;
    if (!draft || this.state.sending) return;
    let count = 1;
    if (times === 'many') {
      const parsed = parseCount(this.state.count);
      if ('invalid' in parsed) {
        this.dispatch({ type: 'notice', error: l10n.t('Type how many messages to send: a whole number from 1 to 1,000,000.') });
        return;
      }
      count = parsed.count;
    }
    this.dispatch({ type: 'sendStarted', count, what: 'send' });
    this.host.request(PublishSendRequest, { draft, count }).then(
      (result) => this.dispatch({ type: 'sendFinished', result }),
      (error: unknown) => this.dispatch({ type: 'sendFailed', message: message(error) }),
    );
  }

  cancel(): void {
    if (!this.state.sending || this.state.sending.cancelling) return;
    this.host.send(PublishCancelCommand, {});
    this.dispatch({ type: 'cancelling' });
  }

  openBrowse(link: PublishBrowseLink): void {
    this.host.send(PublishOpenBrowseCommand, link);
  }

  loadPayload(from: 'file' | 'editor'): void {
    this.host.request(PublishLoadPayloadRequest, { from }).then(
      (loaded) => {
        if (loaded.status === 'none') {
          if (loaded.message) this.dispatch({ type: 'notice', error: loaded.message });
          return;
        }
        this.edit({ payload: loaded.payload, payloadMode: loaded.payloadMode });
        this.dispatch({ type: 'notice', message: l10n.t('Payload loaded from {0}.', loaded.source) });
      },
      (error: unknown) => this.dispatch({ type: 'notice', error: message(error) }),
    );
  }

  formatJson(): void {
    const draft = this.state.draft;
    if (!draft) return;
    try {
      this.edit({ payload: JSON.stringify(JSON.parse(draft.payload), null, 2), payloadMode: draft.payloadMode === 'schema' ? 'schema' : 'json' });
    } catch {
      // The problem under the payload already says where the JSON breaks.
    }
  }

  save(): void {
    const draft = this.state.draft;
    if (!draft) return;
    this.host.request(PublishSaveMessageRequest, draft).then(
      ({ saved }) => saved && this.dispatch({ type: 'notice', message: l10n.t('Saved as {0}.', saved) }),
      (error: unknown) => this.dispatch({ type: 'notice', error: message(error) }),
    );
  }

  openSaved(): void {
    this.host.request(PublishOpenMessageRequest, {}).then(
      ({ draft, source }) => {
        if (!draft) return;
        this.dispatch({ type: 'setDraft', draft, notice: l10n.t('Opened {0}.', source ?? '') });
        this.schedulePreview(0);
        this.refreshSchemaInfo();
      },
      (error: unknown) => this.dispatch({ type: 'notice', error: message(error) }),
    );
  }

  importNdjson(): void {
    const draft = this.state.draft;
    if (!draft || this.state.sending) return;
    this.dispatch({ type: 'sendStarted', count: 0, what: 'import' });
    this.host.request(PublishImportRequest, { draft }).then(
      (result) => this.dispatch({ type: 'sendFinished', result }),
      (error: unknown) => this.dispatch({ type: 'sendFailed', message: message(error) }),
    );
  }

  useHistory(entry: PublishHistoryEntry, resend: boolean): void {
    this.dispatch({ type: 'setDraft', draft: entry.draft });
    this.schedulePreview(0);
    this.refreshSchemaInfo();
    if (resend) this.send('one');
  }

  private saved(): { saved?: SavedState } {
    const saved = this.host.getState<Partial<SavedState>>();
    // The saved state is ours, but it survives upgrades: a draft of an older shape is dropped, not trusted.
    if (!saved || typeof saved.connectionId !== 'string' || typeof saved.count !== 'string') return {};
    const draft = validate(draftSchema, saved.draft);
    return draft.ok ? { saved: { connectionId: saved.connectionId, count: saved.count, draft: draft.value } } : {};
  }

  private schedulePreview(delay: number): void {
    if (this.previewTimer !== undefined) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      this.previewTimer = undefined;
      const { draft, revision } = this.state;
      if (!draft) return;
      this.host.request(PublishPreviewRequest, draft).then(
        (preview) => this.dispatch({ type: 'preview', revision, preview }),
        (error: unknown) => this.dispatch({ type: 'previewFailed', revision, message: message(error) }),
      );
    }, delay);
  }
}
