import * as vscode from 'vscode';
import type { ConnectionConfig } from '../core/model/connection.js';
import { parseConnectionList } from '../core/connections/validateConnection.js';
import type { ScopedLogger } from './logger.js';

/** Where a connection comes from. Workspace connections wait for workspace trust. */
export type ConnectionScope = 'builtin' | 'user' | 'workspace';

/** A connection and where it is defined. */
export interface ConnectionEntry {
  readonly config: ConnectionConfig;
  readonly scope: ConnectionScope;
}

/** An entry of the setting that was not used, and why. */
export interface ConnectionProblem {
  readonly scope: ConnectionScope;
  readonly text: string;
}

/** The built-in simulator: always there, needs nothing. */
export const SIMULATOR_CONNECTION: ConnectionConfig = { kind: 'simulator', id: 'simulator', name: 'Simulator' };

const SECTION = 'brokerlens';
const KEY = 'connections';

/**
 * Connections from the `brokerlens.connections` setting (user and workspace scope) plus the built-in
 * simulator. Only non-secret fields live there; secrets are in SecretStore.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly watcher: vscode.Disposable;

  private cache: { entries: ConnectionEntry[]; problems: ConnectionProblem[] } | undefined;

  constructor(private readonly log: ScopedLogger) {
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${KEY}`)) {
        // Hand edits of settings.json show at once: read again, and tell the tree.
        this.cache = undefined;
        this.emitter.fire();
      }
    });
  }

  list(): ConnectionEntry[] {
    return this.read().entries;
  }

  /** Entries of the setting that could not be used, each with what is wrong (shown as error nodes). */
  problems(): ConnectionProblem[] {
    return this.read().problems;
  }

  private read(): { entries: ConnectionEntry[]; problems: ConnectionProblem[] } {
    if (this.cache) return this.cache;
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEY);
    const entries: ConnectionEntry[] = [{ config: SIMULATOR_CONNECTION, scope: 'builtin' }];
    const problems: ConnectionProblem[] = [];
    const seen = new Set([SIMULATOR_CONNECTION.id]);
    const add = (raw: unknown, scope: ConnectionScope): void => {
      const parsed = parseConnectionList(raw);
      for (const problem of parsed.problems) problems.push({ scope, text: problem });
      for (const config of parsed.connections) {
        if (seen.has(config.id)) {
          problems.push({ scope, text: `id "${config.id}" is used twice; the second is ignored.` });
          continue;
        }
        seen.add(config.id);
        entries.push({ config, scope });
      }
    };
    add(inspected?.globalValue, 'user');
    add(inspected?.workspaceValue, 'workspace');
    add(inspected?.workspaceFolderValue, 'workspace');
    // Logged once per change of the setting, not on every tree refresh.
    for (const p of problems) this.log.warn(`brokerlens.connections (${p.scope} settings): ${p.text}`);
    this.cache = { entries, problems };
    return this.cache;
  }

  get(id: string): ConnectionEntry | undefined {
    return this.list().find((e) => e.config.id === id);
  }

  /** Adds or replaces (same id) a connection in the given settings scope. */
  async save(config: ConnectionConfig, scope: Exclude<ConnectionScope, 'builtin'>): Promise<void> {
    const target = scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
    const current = this.rawList(scope).filter((c) => c?.id !== config.id);
    await vscode.workspace.getConfiguration(SECTION).update(KEY, [...current, config], target);
    this.cache = undefined;
  }

  /** Removes a connection from whichever scope defines it. */
  async remove(id: string): Promise<void> {
    for (const scope of ['user', 'workspace'] as const) {
      const current = this.rawList(scope);
      const next = current.filter((c) => c?.id !== id);
      if (next.length !== current.length) {
        const target = scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
        await vscode.workspace.getConfiguration(SECTION).update(KEY, next, target);
        this.cache = undefined;
      }
    }
  }

  /**
   * The setting's entries as written, malformed ones included: saving one connection must not drop
   * an entry the user is still fixing by hand.
   */
  private rawList(scope: 'user' | 'workspace'): { id?: unknown }[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEY);
    const raw = scope === 'user' ? inspected?.globalValue : inspected?.workspaceValue;
    return Array.isArray(raw) ? (raw as { id?: unknown }[]) : [];
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
}
