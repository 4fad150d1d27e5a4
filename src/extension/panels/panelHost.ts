import * as vscode from 'vscode';
import {
  parseEnvelope,
  ReadyCommand,
  validate,
  WebviewErrorCommand,
  type IpcCommandType,
  type IpcEnvelope,
  type IpcNotificationType,
  type IpcRequestType,
} from '../protocol/ipc.js';
import type { ScopedLogger } from '../services/logger.js';
import { webviewL10nBundle } from '../services/l10n.js';
import { userSentence } from '../services/notify.js';
import { logValue } from '../core/util/redact.js';
import { Disposable } from '../util/disposable.js';
import { panelHtml } from './html.js';
import { createNonce } from './nonce.js';

/** How a panel is created. */
export interface PanelOptions {
  readonly viewType: string;
  readonly title: string;
  /** Bundle name under dist/webview (the folder name under src/webview). */
  readonly bundle: string;
  readonly extensionUri: vscode.Uri;
  readonly log: ScopedLogger;
  readonly column?: vscode.ViewColumn;
  /** A panel VS Code restored after a window reload (WebviewPanelSerializer): adopted instead of creating one. */
  readonly existing?: vscode.WebviewPanel;
}

type Handler = { readonly schema: IpcCommandType<unknown>['params']; readonly run: (params: unknown) => unknown };

/**
 * Base of every panel host: strict CSP with a nonce, resources only from dist/webview, the ready
 * handshake (notifications wait until the webview says it is listening), typed post/receive with
 * every incoming message validated, request/reply by id, and disposal of everything with the panel.
 */
export abstract class PanelHost extends Disposable {
  protected readonly panel: vscode.WebviewPanel;
  protected readonly log: ScopedLogger;
  private ready = false;
  private readonly pending: IpcEnvelope[] = [];
  private readonly commands = new Map<string, Handler>();
  private readonly requests = new Map<string, Handler>();

  constructor(options: PanelOptions) {
    super();
    this.log = options.log;
    const root = vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview');
    const webviewOptions = { enableScripts: true, localResourceRoots: [root] };
    if (options.existing) {
      this.panel = options.existing;
      this.panel.webview.options = webviewOptions;
    } else {
      this.panel = vscode.window.createWebviewPanel(options.viewType, options.title, options.column ?? vscode.ViewColumn.Active, {
        ...webviewOptions,
        retainContextWhenHidden: false,
      });
    }
    this.panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'brokerlens.svg');
    this.panel.webview.html = panelHtml({
      webview: this.panel.webview,
      extensionUri: options.extensionUri,
      uriJoin: vscode.Uri.joinPath,
      bundle: options.bundle,
      title: options.title,
      nonce: createNonce(),
      l10nBundle: webviewL10nBundle(),
      language: vscode.env.language,
    });
    this._register(this.panel.onDidDispose(() => this.dispose()));
    // A hidden webview's page is torn down (retainContextWhenHidden is off): until the new page says
    // ready, notifications wait instead of going to a page that is no longer there.
    this._register(this.panel.onDidChangeViewState(({ webviewPanel }) => {
      if (!webviewPanel.visible) this.ready = false;
      this.onVisibilityChanged(webviewPanel.visible);
    }));
    this._register(this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
    this.onCommand(ReadyCommand, () => {
      // A webview reloads (hidden and shown again) with a fresh script: send state again every time.
      this.ready = true;
      for (const envelope of this.pending.splice(0)) void this.panel.webview.postMessage(envelope);
      this.onReady();
    });
    this.onCommand(WebviewErrorCommand, ({ message }) => this.log.error(`webview: ${logValue(message, 2000)}`));
  }

  /** Called after every ready handshake: send the initial state here. */
  protected abstract onReady(): void;

  /** Called when the panel is shown or hidden (a hidden panel's page is gone until it is shown again). */
  protected onVisibilityChanged(_visible: boolean): void {
    // Most panels have nothing to do.
  }

  /** True while the panel's page is visible. */
  protected get visible(): boolean {
    return this.panel.visible;
  }

  /** Fires when the user closes the panel or it is disposed. */
  get onDidDispose(): vscode.Event<void> {
    return this.panel.onDidDispose;
  }

  reveal(): void {
    this.panel.reveal();
  }

  protected onCommand<P>(type: IpcCommandType<P>, run: (params: P) => unknown): void {
    this.commands.set(type.method, { schema: type.params, run: run as (params: unknown) => unknown });
  }

  protected onRequest<P, R>(type: IpcRequestType<P, R>, run: (params: P) => Promise<R>): void {
    this.requests.set(type.method, { schema: type.params, run: run as (params: unknown) => unknown });
  }

  protected notify<P>(type: IpcNotificationType<P>, params: P): void {
    const envelope: IpcEnvelope = { kind: 'notification', method: type.method, params };
    if (!this.ready) this.pending.push(envelope);
    else void this.panel.webview.postMessage(envelope);
  }

  private async receive(raw: unknown): Promise<void> {
    const envelope = parseEnvelope(raw);
    if (!envelope || envelope.kind === 'notification' || envelope.kind === 'reply') {
      this.log.warn(`ignored a malformed message from the webview: ${logValue(raw)}`);
      return;
    }
    const table = envelope.kind === 'request' ? this.requests : this.commands;
    const handler = table.get(envelope.method);
    const reply = (message: IpcEnvelope): void => void this.panel.webview.postMessage(message);
    if (!handler) {
      this.log.warn(`ignored unknown ${envelope.kind} "${logValue(envelope.method, 100)}" from the webview`);
      if (envelope.kind === 'request') reply({ kind: 'reply', id: envelope.id, ok: false, error: `Unknown request ${envelope.method}.` });
      return;
    }
    const checked = validate(handler.schema, envelope.params);
    if (!checked.ok) {
      this.log.warn(`ignored ${logValue(envelope.method, 100)} with invalid params: ${logValue(checked.problems)}`);
      if (envelope.kind === 'request') reply({ kind: 'reply', id: envelope.id, ok: false, error: `Invalid request: ${logValue(checked.problems)}` });
      return;
    }
    try {
      const result = await handler.run(checked.value);
      if (envelope.kind === 'request') reply({ kind: 'reply', id: envelope.id, ok: true, result });
    } catch (error) {
      const sentence = userSentence(error, envelope.method);
      this.log.error(`${logValue(envelope.method, 100)}: ${sentence}`, error);
      if (envelope.kind === 'request') reply({ kind: 'reply', id: envelope.id, ok: false, error: sentence });
      else void vscode.window.showErrorMessage(sentence);
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}
