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

  constructor(private readonly log: ScopedLogger) {
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${KEY}`)) this.emitter.fire();
    });
  }

  list(): ConnectionEntry[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEY);
    const entries: ConnectionEntry[] = [{ config: SIMULATOR_CONNECTION, scope: 'builtin' }];
    const seen = new Set([SIMULATOR_CONNECTION.id]);
    const add = (raw: unknown, scope: ConnectionScope): void => {
      const { connections, problems } = parseConnectionList(raw);
      for (const problem of problems) this.log.warn(`brokerlens.connections (${scope} settings): ${problem}`);
      for (const config of connections) {
        if (seen.has(config.id)) {
          this.log.warn(`brokerlens.connections (${scope} settings): id "${config.id}" is used twice; the second is ignored.`);
          continue;
        }
        seen.add(config.id);
        entries.push({ config, scope });
      }
    };
    add(inspected?.globalValue, 'user');
    add(inspected?.workspaceValue, 'workspace');
    add(inspected?.workspaceFolderValue, 'workspace');
    return entries;
  }

  get(id: string): ConnectionEntry | undefined {
    return this.list().find((e) => e.config.id === id);
  }

  /** Adds or replaces (same id) a connection in the given settings scope. */
  async save(config: ConnectionConfig, scope: Exclude<ConnectionScope, 'builtin'>): Promise<void> {
    const target = scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
    const current = this.rawList(scope).filter((c) => c.id !== config.id);
    await vscode.workspace.getConfiguration(SECTION).update(KEY, [...current, config], target);
  }

  /** Removes a connection from whichever scope defines it. */
  async remove(id: string): Promise<void> {
    for (const scope of ['user', 'workspace'] as const) {
      const current = this.rawList(scope);
      const next = current.filter((c) => c.id !== id);
      if (next.length !== current.length) {
        const target = scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
        await vscode.workspace.getConfiguration(SECTION).update(KEY, next, target);
      }
    }
  }

  private rawList(scope: 'user' | 'workspace'): ConnectionConfig[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEY);
    const raw = scope === 'user' ? inspected?.globalValue : inspected?.workspaceValue;
    return parseConnectionList(raw).connections;
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
}
