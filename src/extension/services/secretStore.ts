import type * as vscode from 'vscode';
import type { ConnectionSecrets } from '../core/model/connection.js';

const KEY_PREFIX = 'brokerlens.connection.';

/**
 * Connection secrets in VS Code's SecretStorage (the OS keychain on desktop), keyed by connection id.
 * There is deliberately no plaintext fallback: a secret that cannot be stored is an error.
 */
export class SecretStore {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(connectionId: string): Promise<ConnectionSecrets> {
    const raw = await this.storage.get(KEY_PREFIX + connectionId);
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as ConnectionSecrets;
      return typeof parsed === 'object' && parsed !== null ? parsed : {};
    } catch {
      return {};
    }
  }

  async set(connectionId: string, secrets: ConnectionSecrets): Promise<void> {
    const clean = Object.fromEntries(Object.entries(secrets).filter(([, value]) => typeof value === 'string' && value !== ''));
    if (Object.keys(clean).length === 0) await this.storage.delete(KEY_PREFIX + connectionId);
    else await this.storage.store(KEY_PREFIX + connectionId, JSON.stringify(clean));
  }

  async delete(connectionId: string): Promise<void> {
    await this.storage.delete(KEY_PREFIX + connectionId);
  }
}
