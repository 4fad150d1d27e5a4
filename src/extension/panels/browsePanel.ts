import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { SchemaLens } from '../core/schema/recordLens.js';
import {
  BrowseCancelCommand,
  BrowseCopyCommand,
  BrowseDetailRequest,
  BrowseErrorNotification,
  BrowseInitNotification,
  BrowseLoadRequest,
  BrowseOpenInEditorCommand,
  BrowsePageNotification,
  BrowseTailRecordsNotification,
  BrowseTailStartRequest,
  BrowseTailStopRequest,
  type BrowseCopyParams,
  type BrowseRecordRef,
} from '../protocol/browsePanel.js';
import type { ScopedLogger } from '../services/logger.js';
import { userSentence } from '../services/notify.js';
import { browsePanelKey, browseTitle, type BrowseTarget } from './browse/access.js';
import { BrowseSession } from './browse/session.js';
import { recordJson, valueClipboardText, valueDocument } from './browse/wire.js';
import { PanelHost } from './panelHost.js';

export { browsePanelKey, browseTitle, type BrowseTarget };

/**
 * The Browse Messages panel: pages, filters and live tail over a topic, partition, queue or stream.
 * The logic lives in the vscode-free BrowseSession; this class only connects it to the webview, the
 * clipboard and the editor.
 */
export class BrowsePanel extends PanelHost {
  private readonly session: BrowseSession;

  constructor(extensionUri: vscode.Uri, log: ScopedLogger, adapter: BrokerAdapter, target: BrowseTarget, lens?: SchemaLens) {
    super({ viewType: 'brokerlens.browse', title: browseTitle(target), bundle: 'browse', extensionUri, log });
    this.session = new BrowseSession(adapter, target, {
      onTailRows: (records) => this.notify(BrowseTailRecordsNotification, { records }),
      onTailEnded: (error) => {
        const message = error === undefined
          ? `Live tail of ${target.destination} stopped because the broker ended it; turn it on again to resume.`
          : userSentence(error, `Live tail of ${target.destination}`);
        this.log.error(`browse/tail: ${message}`, error);
        this.notify(BrowseErrorNotification, { source: 'tail', message });
      },
    }, lens ? { lens } : {});
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
  }

  protected onReady(): void {
    this.sendInit().catch((error: unknown) => this.log.error('browse/init failed', error));
  }

  private async sendInit(): Promise<void> {
    const { init, problems } = await this.session.describe();
    this.notify(BrowseInitNotification, init);
    for (const problem of problems) {
      const message = userSentence(problem, `Describing ${init.destination}`);
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
    vscode.window.setStatusBarMessage(params.what === 'value' ? 'BrokerLens: value copied' : 'BrokerLens: message copied as JSON', 3000);
  }

  private async openInEditor(ref: BrowseRecordRef): Promise<void> {
    const record = await this.session.record(ref);
    const { content, language } = valueDocument(record.value);
    const document = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }
}
