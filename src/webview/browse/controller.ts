/**
 * The Browse panel's effects: it turns user actions and host messages into reducer actions and host
 * requests. Decisions (what a load sends, whether consent is needed) are the pure planLoad's; this
 * class only sends and correlates, dropping replies that a newer load or selection made stale.
 */
import {
  BrowseCancelCommand,
  BrowseCopyCommand,
  BrowseDetailRequest,
  BrowseErrorNotification,
  BrowseExportCommand,
  BrowseRepublishCommand,
  BrowseRetryCommand,
  BrowseInitNotification,
  BrowseLoadRequest,
  BrowseOpenInEditorCommand,
  BrowsePageNotification,
  BrowseStaleNotification,
  BrowseTailRecordsNotification,
  BrowseTailStartRequest,
  BrowseTailStatusNotification,
  BrowseTailStopRequest,
  type BrowseRecordRef,
  type BrowseRow,
} from '../../extension/protocol/browsePanel.js';
import type { HostChannel } from '../shared/hostChannel.js';
import { filterFromForm, type QueryForm } from './query.js';
import { initialState, planLoad, reduce, type BrowseAction, type BrowseViewState, type Nav } from './state.js';
import type { BrowseActions } from './toolbar.js';

/** Which record a row is, for the host. */
const refOf = (row: BrowseRow): BrowseRecordRef => ({ id: row.id, ...(row.partition !== undefined ? { partition: row.partition } : {}), ...(row.offset !== undefined ? { offset: row.offset } : {}) });

/** Detail requests wait this long so holding an arrow key does not ask for every row passed. */
const DETAIL_DELAY_MS = 60;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Owns the state; `render` is called after every change. */
export class BrowseController implements BrowseActions {
  private state: BrowseViewState = initialState;
  private token = 0;
  private detailTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: HostChannel,
    private readonly render: (state: BrowseViewState) => void,
  ) {
    host.on(BrowseInitNotification, (init) => {
      // What a window reload needs to reopen this panel (WebviewPanelSerializer).
      if (init.connectionId !== undefined) {
        host.setState({ connectionId: init.connectionId, broker: init.broker, destination: init.destination, ...(init.partition !== undefined ? { partition: init.partition } : {}) });
      }
      this.dispatch({ type: 'init', init });
      // Logs and streams are read at once; a queue waits for "Peek anyway"; a reload waits for its page.
      if (!init.restoring && this.state.rows.length === 0 && !this.state.loading) this.load('fresh');
    });
    host.on(BrowsePageNotification, ({ query, page }) => this.dispatch({ type: 'pageRestored', query, page }));
    host.on(BrowseTailRecordsNotification, ({ records }) => this.dispatch({ type: 'tailRecords', records }));
    host.on(BrowseTailStatusNotification, (status) => this.dispatch({ type: 'tailStatus', status }));
    host.on(BrowseStaleNotification, ({ message: text }) => this.dispatch({ type: 'stale', message: text }));
    host.on(BrowseErrorNotification, ({ source, message: text }) => this.dispatch({ type: 'hostError', source, message: text }));
  }

  get current(): BrowseViewState {
    return this.state;
  }

  dispatch(action: BrowseAction): void {
    this.state = reduce(this.state, action);
    this.render(this.state);
  }

  setForm(patch: Partial<QueryForm>): void {
    this.dispatch({ type: 'formChanged', patch });
  }

  apply(patch: Partial<QueryForm>): void {
    this.setForm(patch);
    // Each read of a classic or quorum queue requeues messages: only an explicit Refresh reads it.
    if (this.state.init?.access.mode === 'read') this.load('fresh');
  }

  load(nav: Nav): void {
    const plan = planLoad(this.state, nav);
    switch (plan.kind) {
      case 'none':
        return;
      case 'needsConsent':
        this.dispatch({ type: 'consentAsked' });
        return;
      case 'invalid':
        this.dispatch({ type: 'invalidQuery', message: plan.message });
        return;
      case 'send':
        break;
    }
    const token = ++this.token;
    this.dispatch({ type: 'loadStarted', token, nav });
    this.host.request(BrowseLoadRequest, plan.params).then(
      (result) => this.dispatch({ type: 'loadFinished', token, params: plan.params, result }),
      (error: unknown) => this.dispatch({ type: 'loadFailed', token, message: message(error) }),
    );
  }

  grantConsent(): void {
    this.dispatch({ type: 'consentGranted' });
    this.load('fresh');
  }

  declineConsent(): void {
    this.dispatch({ type: 'consentDeclined' });
  }

  askConsent(): void {
    this.dispatch({ type: 'consentAsked' });
  }

  cancel(): void {
    if (!this.state.loading) return;
    this.host.send(BrowseCancelCommand, {});
    this.dispatch({ type: 'loadCancelled' });
  }

  setTail(on: boolean): void {
    if (on === (this.state.tail !== 'off')) return;
    if (!on) {
      this.dispatch({ type: 'tailStopped' });
      this.host.request(BrowseTailStopRequest, {}).catch((error: unknown) => this.host.reportError(error));
      return;
    }
    this.dispatch({ type: 'tailRequested' });
    // The tail shows what the list shows: the partition and filter of the page on screen, else the toolbar's.
    const shown = this.state.shown;
    const partition = shown ? shown.partition : this.state.form.partition === 'all' ? undefined : this.state.form.partition;
    const filter = shown ? shown.filter : filterFromForm(this.state.form.filter);
    this.host
      .request(BrowseTailStartRequest, { ...(partition !== undefined ? { partition } : {}), ...(filter ? { filter } : {}) })
      .then(
        () => this.dispatch({ type: 'tailStarted' }),
        (error: unknown) => this.dispatch({ type: 'hostError', source: 'tail', message: message(error) }),
      );
  }

  select(index: number): void {
    const before = this.state.detail;
    this.dispatch({ type: 'select', index });
    const detail = this.state.detail;
    if (!detail || detail.status !== 'loading' || detail === before) return;
    if (this.detailTimer !== undefined) clearTimeout(this.detailTimer);
    this.detailTimer = setTimeout(() => this.fetchDetail(), DETAIL_DELAY_MS);
  }

  copy(what: 'value' | 'record'): void {
    const ref = this.selectedRef();
    if (ref) this.host.send(BrowseCopyCommand, { ...ref, what });
  }

  openInEditor(): void {
    const ref = this.selectedRef();
    if (ref) this.host.send(BrowseOpenInEditorCommand, ref);
  }

  mark(index: number, mode: 'toggle' | 'range'): void {
    this.dispatch({ type: 'mark', index, mode });
  }

  messageAction(kind: 'republish' | 'retry' | 'export'): void {
    const ref = this.selectedRef();
    const marked = new Set(this.state.marked);
    const refs = marked.size > 1 ? this.state.rows.filter((r) => marked.has(r.id)).map((r) => refOf(r)) : [];
    const params = refs.length > 1 ? { scope: 'selected' as const, refs } : ref ? { scope: 'selected' as const, ref } : { scope: 'shown' as const };
    const type = kind === 'republish' ? BrowseRepublishCommand : kind === 'retry' ? BrowseRetryCommand : BrowseExportCommand;
    this.host.send(type, params);
  }

  private fetchDetail(): void {
    this.detailTimer = undefined;
    const ref = this.selectedRef();
    if (!ref || this.state.detail?.id !== ref.id || this.state.detail.status !== 'loading') return;
    this.host.request(BrowseDetailRequest, ref).then(
      (detail) => this.dispatch({ type: 'detailReceived', detail }),
      (error: unknown) => this.dispatch({ type: 'detailFailed', id: ref.id, message: message(error) }),
    );
  }

  private selectedRef(): BrowseRecordRef | undefined {
    const row = this.state.rows[this.state.selected];
    return row ? refOf(row) : undefined;
  }
}
