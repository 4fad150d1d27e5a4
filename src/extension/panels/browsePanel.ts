import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { SchemaLens } from '../core/schema/recordLens.js';
import {
  BrowseCancelCommand,
  BrowseCopyCommand,
  BrowseDetailRequest,
  BrowseExportCommand,
  BrowseRepublishCommand,
  BrowseRetryCommand,
  BrowseErrorNotification,
  BrowseInitNotification,
  BrowseLoadRequest,
  BrowseOpenInEditorCommand,
  BrowsePageNotification,
  BrowseStaleNotification,
  BrowseTailRecordsNotification,
  BrowseTailStartRequest,
  BrowseTailStatusNotification,
  BrowseTailStopRequest,
  type BrowseCopyParams,
  type BrowseRecordRef,
} from '../protocol/browsePanel.js';
import type { DestinationChanges } from '../services/destinationChanges.js';
import type { ScopedLogger } from '../services/logger.js';
import { userSentence } from '../services/notify.js';
import { browsePanelKey, browseTitle, type BrowseTarget } from './browse/access.js';
import { MessageActions, type OpenPublish } from './browse/messageActions.js';
import { BrowseSession } from './browse/session.js';
import { recordJson, valueClipboardText, valueDocument } from './browse/wire.js';
import { PanelHost } from './panelHost.js';

export { browsePanelKey, browseTitle, type BrowseTarget };

/** The view type (also the WebviewPanelSerializer's). */
export const BROWSE_VIEW_TYPE = 'brokerlens.browse';

/** What the Browse panel can use beyond its adapter. */
export interface BrowsePanelExtras {
  /** Tells the panel when BrokerLens changed its destination. */
  readonly changes?: DestinationChanges;
  /** A panel VS Code restored after a window reload. */
  readonly existing?: vscode.WebviewPanel;
  /** Opens a prefilled Publish panel (Republish…). */
  readonly openPublish?: OpenPublish;
  /** Decodes schema-framed records (a registry's or a local schema file's). */
  readonly lens?: SchemaLens;
}

/**
 * The Browse Messages panel: pages, filters and live tail over a topic, partition, queue or stream.
 * The logic lives in the vscode-free BrowseSession; this class only connects it to the webview, the
 * clipboard and the editor.
 */
export class BrowsePanel extends PanelHost {
  private readonly session: BrowseSession;

  constructor(extensionUri: vscode.Uri, log: ScopedLogger, adapter: BrokerAdapter, target: BrowseTarget, extras: BrowsePanelExtras = {}) {
    super({ viewType: BROWSE_VIEW_TYPE, title: browseTitle(target), bundle: 'browse', extensionUri, log, ...(extras.existing ? { existing: extras.existing } : {}) });
    if (extras.changes && target.connectionId !== undefined) {
      // A publish, purge or dead-letter move by BrokerLens makes the page on screen out of date.
      this._register(extras.changes.onDidChange((change) => {
        if (change.connectionId !== target.connectionId || !change.destinations.includes(target.destination)) return;
        const message = change.what === 'purged'
          ? l10n.t('The queue was purged after this page was read; Refresh to see what it holds now.')
          : change.what === 'moved'
            ? l10n.t('Messages were moved after this page was read; Refresh to see what it holds now.')
            : l10n.t('Messages were published here after this page was read; Refresh to see them.');
        this.notify(BrowseStaleNotification, { message });
      }));
    }
    this.session = new BrowseSession(adapter, target, {
      onTailRows: (records) => this.notify(BrowseTailRecordsNotification, { records }),
      onTailEnded: (error) => {
        const message = error === undefined
          ? l10n.t('Live tail of {0} stopped because the broker ended it; turn it on again to resume.', target.destination)
          : userSentence(error, l10n.t('Live tail of {0}', target.destination));
        this.log.error(`browse/tail: ${message}`, error);
        this.notify(BrowseErrorNotification, { source: 'tail', message });
      },
      onTailStatus: (status) => {
        const partitions = status.partitions.map((p) => `${p.partition}@${p.offset}`).join(', ');
        if (status.kind === 'waiting') this.log.warn(`browse/tail ${target.destination}: waiting for partitions ${partitions}: ${status.message}`);
        else this.log.info(`browse/tail ${target.destination}: resumed partitions ${partitions}`);
        this.notify(BrowseTailStatusNotification, status);
      },
    }, extras.lens ? { lens: extras.lens } : {});
    // Disposing the panel aborts the tail and any load in flight.
    this._register({ dispose: () => this.session.dispose() });
    this.onRequest(BrowseLoadRequest, (params) => this.session.load(params));
    this.onRequest(BrowseDetailRequest, (ref) => this.session.detail(ref));
    this.onRequest(BrowseTailStartRequest, async (params) => {
      this.session.startTail(params);
      return {};
    });
    this.onRequest(BrowseTailStopRequest, async () => {
      this.session.stopTail();
      return {};
    });
    this.onCommand(BrowseCancelCommand, () => this.session.cancel());
    this.onCommand(BrowseCopyCommand, (params) => this.copy(params));
    this.onCommand(BrowseOpenInEditorCommand, (ref) => this.openInEditor(ref));
    const actions = new MessageActions({
      adapter, session: this.session, connectionId: target.connectionId ?? '', connectionName: target.connectionName, log,
      ...(extras.openPublish ? { openPublish: extras.openPublish } : {}), ...(extras.changes ? { changes: extras.changes } : {}),
    });
    this.onCommand(BrowseRepublishCommand, (scope) => actions.republish(scope));
    this.onCommand(BrowseRetryCommand, (scope) => actions.retry(scope));
    this.onCommand(BrowseExportCommand, (scope) => actions.export(scope));
  }

  protected onReady(): void {
    this.sendInit().catch((error: unknown) => this.log.error('browse/init failed', error));
  }

  private async sendInit(): Promise<void> {
    const { init, problems } = await this.session.describe();
    this.notify(BrowseInitNotification, init);
    for (const problem of problems) {
      const message = userSentence(problem, l10n.t('Describing {0}', init.destination));
      this.log.error(`browse/init: ${message}`, problem);
      this.notify(BrowseErrorNotification, { source: 'init', message });
    }
    // A reloaded webview gets the page back instead of reading (and, for a queue, requeueing) again.
    const held = this.session.heldPage();
    if (init.restoring && held) this.notify(BrowsePageNotification, held);
  }

  private async copy(params: BrowseCopyParams): Promise<void> {
    const record = await this.session.record(params);
    const text = params.what === 'value' ? valueClipboardText(record.value) : recordJson(record);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(params.what === 'value' ? l10n.t('BrokerLens: value copied') : l10n.t('BrokerLens: message copied as JSON'), 3000);
  }

  private async openInEditor(ref: BrowseRecordRef): Promise<void> {
    const record = await this.session.record(ref);
    const { content, language } = valueDocument(record.value);
    const document = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }
}
