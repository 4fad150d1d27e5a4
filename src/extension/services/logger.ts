import * as vscode from 'vscode';
import { describeCause, isBrokerError } from '../core/model/errors.js';
import { safeLogText } from '../core/util/redact.js';

/**
 * The BrokerLens output channel (a LogOutputChannel, so the user picks the level). Every line carries
 * the component that wrote it, e.g. `[kafka] connect failed`.
 */
export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(channel?: vscode.LogOutputChannel) {
    this.channel = channel ?? vscode.window.createOutputChannel('BrokerLens', { log: true });
  }

  /** A logger that prefixes every line with `[component]`. */
  scoped(component: string): ScopedLogger {
    return new ScopedLogger(this.channel, component);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/**
 * A logger for one component. Every line is made safe on the way out (secrets redacted, control
 * characters escaped, very long lines cut): callers interpolating untrusted values should still wrap
 * them in `logValue()` so one value stays one short, quoted piece of the line.
 */
export class ScopedLogger {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly component: string,
  ) {}

  trace(message: string): void {
    this.channel.trace(safeLogText(`[${this.component}] ${message}`));
  }

  debug(message: string): void {
    this.channel.debug(safeLogText(`[${this.component}] ${message}`));
  }

  info(message: string): void {
    this.channel.info(safeLogText(`[${this.component}] ${message}`));
  }

  warn(message: string): void {
    this.channel.warn(safeLogText(`[${this.component}] ${message}`));
  }

  /** Logs the sentence and, below it, the full detail of the error. */
  error(message: string, error?: unknown): void {
    const detail = isBrokerError(error) ? error.detail : describeCause(error);
    this.channel.error(safeLogText(`[${this.component}] ${message}${detail ? `\n${detail}` : ''}`));
  }
}
