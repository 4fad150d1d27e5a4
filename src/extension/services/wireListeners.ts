/**
 * The simulator's wire listeners in the host: starts and stops every listener the factory table
 * knows (Kafka, and AMQP once its branch lands) over the built-in Simulator connection's engines,
 * with the ports and interface from the settings; reports a refused start as one sentence with what
 * to do; tells the tree and the status bar when a listener or a client connection changes.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { isBrokerError } from '../core/model/errors.js';
import { WIRE_LISTENER_FACTORIES, type WireListenerFactory } from '../core/wire/factory.js';
import type { WireListener, WireProtocol } from '../core/wire/listener.js';
import { SIMULATOR_CONNECTION } from './connectionStore.js';
import type { ScopedLogger } from './logger.js';
import { reportError } from './notify.js';
import type { SessionManager } from './sessions.js';

const SECTION = 'brokerlens.simulator.listeners';

/** A running (or refused) listener of one protocol. */
export interface ActiveListener {
  readonly protocol: WireProtocol;
  readonly listener: WireListener;
}

/** Owns the listeners of this window. */
export class WireListenerService implements vscode.Disposable {
  private active: ActiveListener[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires (debounced) when a listener starts or stops, or a client connects, disconnects or sends traffic. */
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly sessions: SessionManager, private readonly log: ScopedLogger, private readonly factories: readonly WireListenerFactory[] = WIRE_LISTENER_FACTORIES) {
    // The listeners serve the Simulator session's engines: when that session closes, they stop too.
    this.subscriptions.push(sessions.onDidChangeState(({ connectionId, state }) => {
      if (connectionId === SIMULATOR_CONNECTION.id && state === 'disconnected' && this.active.length > 0) void this.stop();
    }));
  }

  /** Listeners started in this window, in factory order. */
  get listeners(): readonly ActiveListener[] {
    return this.active;
  }

  get running(): boolean {
    return this.active.some((a) => a.listener.state === 'listening');
  }

  /** Starts every enabled listener; each failure is shown as one sentence (the others still start). */
  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (this.running) return;
    const config = vscode.workspace.getConfiguration(SECTION);
    const host = config.get<string>('host', '127.0.0.1');
    const allowNonLoopback = config.get<boolean>('allowNonLoopback', false);
    const session = await this.sessions.open(SIMULATOR_CONNECTION);
    const started: ActiveListener[] = [];
    const failures: { protocol: WireProtocol; error: unknown }[] = [];
    for (const factory of this.factories) {
      if (!config.get<boolean>(`${factory.protocol}.enabled`, true)) continue;
      const port = config.get<number>(`${factory.protocol}.port`, factory.defaultPort);
      const listener = factory.create(session.adapters, { host, port, allowNonLoopback, log: this.log });
      if (!listener) continue;
      listener.onDidChange(() => this.changed());
      try {
        await listener.start();
        started.push({ protocol: factory.protocol, listener });
      } catch (error) {
        failures.push({ protocol: factory.protocol, error });
      }
    }
    this.active = started;
    this.changed();
    // Not awaited: a notification waits for the user, and the listeners that did start serve meanwhile.
    for (const f of failures) void this.reportStartFailure(f.protocol, f.error);
  }

  /** Stops every listener and closes their client connections. */
  async stop(): Promise<void> {
    const stopping = this.active;
    this.active = [];
    await Promise.allSettled(stopping.map((a) => a.listener.stop()));
    this.changed();
  }

  /** Closes one client connection of one listener. */
  disconnect(protocol: WireProtocol, connectionId: string): void {
    this.active.find((a) => a.protocol === protocol)?.listener.disconnect(connectionId);
  }

  private async reportStartFailure(protocol: WireProtocol, error: unknown): Promise<void> {
    const setting = `${SECTION}.${protocol}.port`;
    if (isBrokerError(error) && (error.code === 'alreadyExists' || error.code === 'invalidInput' || error.code === 'accessRefused')) {
      // The sentence already says what to do; the button takes the user to the setting that does it.
      this.log.warn(`${protocol} listener: ${error.message}`);
      const openSettings = l10n.t('Open Settings');
      const choice = await vscode.window.showErrorMessage(error.message, openSettings);
      if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', error.code === 'invalidInput' ? `${SECTION}.host` : setting);
      return;
    }
    await reportError(this.log, l10n.t('Starting the {0} listener', protocol === 'kafka' ? 'Kafka' : 'AMQP'), error);
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.emitter.fire();
    }, 150);
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const s of this.subscriptions) s.dispose();
    void this.stop();
    this.emitter.dispose();
  }
}

/** The status bar item: which listeners run and how many clients are connected; a click starts or stops them. */
export class WireListenerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('brokerlens.listeners', vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: WireListenerService, commands: { readonly start: string; readonly stop: string }) {
    this.item.name = l10n.t('BrokerLens simulator listeners');
    const update = (): void => {
      const listening = service.listeners.filter((a) => a.listener.state === 'listening');
      if (listening.length === 0) {
        this.item.text = `$(radio-tower) ${l10n.t('Listeners off')}`;
        this.item.tooltip = l10n.t('The simulator is not reachable from your own services. Click to start its Kafka and AMQP listeners.');
        this.item.command = commands.start;
      } else {
        const where = listening.map((a) => `${a.protocol === 'kafka' ? 'Kafka' : 'AMQP'} :${a.listener.address?.port ?? '?'}`).join(' · ');
        const clients = listening.reduce((n, a) => n + a.listener.connections().length, 0);
        this.item.text = `$(radio-tower) ${where} · ${(clients === 1 ? l10n.t('1 client') : l10n.t('{0} clients', clients))}`;
        this.item.tooltip = l10n.t('Simulator listeners on {0}. Click to stop them and disconnect every client.', listening.map((a) => `${a.listener.address?.host}:${a.listener.address?.port}`).join(', '));
        this.item.command = commands.stop;
      }
      this.item.show();
    };
    this.subscription = service.onDidChange(update);
    update();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
