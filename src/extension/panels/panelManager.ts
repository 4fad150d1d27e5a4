import type * as vscode from 'vscode';
import type { PanelHost } from './panelHost.js';

/**
 * Keeps at most one panel per key (e.g. one simulator panel, one browse panel per topic) and reveals
 * it instead of opening a second copy.
 */
export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, PanelHost>();

  showOrCreate<T extends PanelHost>(key: string, create: () => T): T {
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing as T;
    }
    const panel = create();
    this.panels.set(key, panel);
    panel.onDidDispose(() => this.panels.delete(key));
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
