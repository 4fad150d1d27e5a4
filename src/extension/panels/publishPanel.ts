import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { PublishDraft } from '../core/publish/draft.js';
import {
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
  type PublishSendResult,
  type PublishTally,
} from '../protocol/publishPanel.js';
import type { SchemaRegistryClient } from '../core/schema/registryClient.js';
import type { ScopedLogger } from '../services/logger.js';
import { readNdjsonMessages } from './publish/importNdjson.js';
import { loadPayloadFrom } from './publish/payloadSource.js';
import { openSavedMessage, saveMessage } from './publish/savedMessages.js';
import { PublishSchemas } from './publish/schemaEncoders.js';
import { PublishSession, type HistoryStore } from './publish/session.js';
import { PanelHost } from './panelHost.js';

// The wire draft and core's draft are one shape; this line stops compiling if they drift apart.
const sameShape = (d: PublishDraftWire): PublishDraft => d;
void sameShape;

/** What a Publish panel is opened on. */
export interface PublishPanelTarget {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly draft: PublishDraft;
}

/** What the panel needs from the rest of the host. */
export interface PublishPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: ScopedLogger;
  readonly history: HistoryStore;
  readonly showInternal: () => boolean;
  readonly openBrowse: (connectionId: string, link: PublishBrowseLink) => void;
  /** Called after a send that reached the broker, so the explorer's counts and open Browse panels learn of it. */
  readonly onPublished: (connectionId: string, destinations: readonly string[]) => void;
  /** The connection's schema registry client, when it names one (Kafka); absent: no schema encoding. */
  readonly registry?: (connectionId: string) => Promise<SchemaRegistryClient | undefined>;
  /** True when the connection names a schema registry (decides whether the form offers "Schema (registry)"). */
  readonly hasRegistry?: (connectionId: string) => boolean;
}

/** The view type (also the WebviewPanelSerializer's). */
export const PUBLISH_VIEW_TYPE = 'brokerlens.publish';

/** The panel's title, e.g. "Publish: orders". */
export function publishTitle(draft: Pick<PublishDraft, 'broker' | 'destination' | 'routingKey'>): string {
  const name = draft.broker === 'rabbitmq' && draft.destination === '' ? draft.routingKey || l10n.t('(default exchange)') : draft.destination;
  return l10n.t('Publish: {0}', name || '…');
}

/**
 * The Publish panel: a form for one message or a template run, with the route preview, the exact
 * result, history, saved messages and Import NDJSON. The logic is PublishSession's; this class
 * connects it to the webview, dialogs, the editor and the file system.
 */
export class PublishPanel extends PanelHost {
  private readonly session: PublishSession;
  private running: AbortController | undefined;

  constructor(
    private readonly deps: PublishPanelDeps,
    adapter: BrokerAdapter,
    private readonly target: PublishPanelTarget,
    existing?: vscode.WebviewPanel,
  ) {
    super({ viewType: PUBLISH_VIEW_TYPE, title: publishTitle(target.draft), bundle: 'publish', extensionUri: deps.extensionUri, log: deps.log, ...(existing ? { existing } : {}) });
    const registry = deps.registry;
    const schemas = registry && adapter.kind === 'kafka' ? new PublishSchemas(() => registry(target.connectionId)) : undefined;
    this.session = new PublishSession(adapter, target.connectionId, deps.history, schemas);
    this.onRequest(PublishSchemaInfoRequest, ({ subject, version }) =>
      schemas ? schemas.info(subject, version) : Promise.resolve({ subjects: [], versions: [], messageTypes: [], problem: l10n.t('This connection has no schema registry. Use "Set Schema Registry" on the connection to add one.') }));
    this._register({ dispose: () => this.running?.abort() });
    this.onRequest(PublishPreviewRequest, (draft) => this.session.preview(draft));
    this.onRequest(PublishSendRequest, ({ draft, count }) => this.send(draft, () => this.session.send(draft, count, this.progress())));
    this.onRequest(PublishImportRequest, ({ draft }) => this.importNdjson(draft));
    this.onCommand(PublishCancelCommand, () => this.running?.abort());
    this.onCommand(PublishOpenBrowseCommand, (link) => this.deps.openBrowse(target.connectionId, link));
    this.onRequest(PublishLoadPayloadRequest, ({ from }) => loadPayloadFrom(from));
    this.onRequest(PublishSaveMessageRequest, async (draft) => {
      const saved = await saveMessage(draft);
      return saved ? { saved } : {};
    });
    this.onRequest(PublishOpenMessageRequest, async () => {
      const opened = await openSavedMessage(target.draft.broker);
      return opened ? { draft: { ...opened.draft, broker: target.draft.broker }, source: opened.source } : {};
    });
  }

  protected onReady(): void {
    this.sendInit().catch((error: unknown) => this.log.error('publish/init failed', error));
  }

  private async sendInit(): Promise<void> {
    const { destinations, notes } = await this.session.destinations(this.deps.showInternal());
    this.notify(PublishInitNotification, {
      connectionId: this.target.connectionId,
      connectionName: this.target.connectionName,
      broker: this.session.adapter.kind,
      simulated: this.session.adapter.simulated,
      destinations,
      draft: this.target.draft,
      history: this.session.historyOf(this.target.draft),
      notes,
      schemaRegistry: this.session.adapter.kind === 'kafka' && (this.deps.hasRegistry?.(this.target.connectionId) ?? false),
    });
  }

  private progress(): { signal: AbortSignal; onProgress: (done: number, tally: PublishTally) => void } {
    const controller = new AbortController();
    this.running?.abort();
    this.running = controller;
    let last = 0;
    return {
      signal: controller.signal,
      onProgress: (done, tally) => {
        // At most ~10 notifications a second, plus the last one.
        const now = Date.now();
        if (done < tally.requested && now - last < 100) return;
        last = now;
        this.notify(PublishProgressNotification, { done, tally });
      },
    };
  }

  private async send(draft: PublishDraft, run: () => Promise<PublishSendResult>): Promise<PublishSendResult> {
    try {
      const result = await run();
      if (result.status === 'done') {
        const line = `${result.sentence} [${JSON.stringify(result.tally)}]`;
        if (result.ok) this.log.info(line);
        else this.log.warn(line);
        const reached = result.queues ?? [draft.broker === 'rabbitmq' && draft.destination === '' ? draft.routingKey : draft.destination];
        if (result.tally.confirmed > 0) this.deps.onPublished(this.target.connectionId, reached);
        this.notify(PublishHistoryNotification, { history: this.session.historyOf(draft) });
      }
      return result;
    } finally {
      this.running = undefined;
    }
  }

  private async importNdjson(draft: PublishDraft): Promise<PublishSendResult> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: l10n.t('Import'),
      title: l10n.t('Import NDJSON: one exported record per line'),
      filters: { NDJSON: ['ndjson', 'jsonl', 'json'] },
    });
    const file = picked?.[0];
    if (!file) return { status: 'invalid', problems: [{ field: 'import', message: l10n.t('No file was chosen; nothing was sent.') }] };
    const parsed = await readNdjsonMessages(file.fsPath, draft.broker);
    if (!parsed.ok) return { status: 'invalid', problems: [{ field: 'import', message: parsed.message }] };
    this.log.info(`import: ${parsed.messages.length} records from ${file.fsPath}`);
    return this.send(draft, () => this.session.sendMessages(draft, parsed.messages, this.progress()));
  }
}
