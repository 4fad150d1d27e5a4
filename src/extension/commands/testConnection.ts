import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ConnectionConfig, ConnectionSecrets } from '../core/model/connection.js';
import { probeSchemaRegistry } from '../services/schemaRegistries.js';
import type { AdapterFactory } from '../services/sessions.js';

/** Outcome of "Test connection": ok with what was found, or the adapter's one sentence. */
export type TestOutcome = { readonly ok: true; readonly summary: string } | { readonly ok: false; readonly sentence: string; readonly error: unknown };

/**
 * Connects a throw-away adapter with a progress notification and a working Cancel, reads the
 * overview, and disconnects. The sentence says exactly what failed (unreachable, auth, TLS, management).
 */
export async function testConnection(factory: AdapterFactory, config: ConnectionConfig, secrets: ConnectionSecrets): Promise<TestOutcome> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: l10n.t('Testing {0}…', config.name), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      const adapters = factory(config, secrets);
      try {
        const summaries: string[] = [];
        for (const adapter of adapters) {
          await adapter.connect(abort.signal);
          const overview = await adapter.overview();
          const product = overview.version ? `${overview.product} ${overview.version}` : overview.product;
          const nodes = l10n.t('{0}, {1} node(s)', product, overview.nodes.length);
          summaries.push(overview.notes.length ? `${nodes} (${overview.notes.join(' ')})` : nodes);
        }
        // A Kafka connection's schema registry is tested too, before anything is saved.
        if (config.kind === 'kafka' && config.schemaRegistry?.url && !abort.signal.aborted) {
          const registry = await probeSchemaRegistry(config.schemaRegistry, secrets.schemaRegistrySecret);
          if (!registry.ok) return { ok: false, sentence: registry.sentence, error: registry.error };
          summaries.push(`schema registry ${config.schemaRegistry.url}: ${registry.subjects} subject(s)`);
        }
        return { ok: true, summary: summaries.join('; ') };
      } catch (error) {
        const sentence = abort.signal.aborted ? l10n.t('The test was cancelled.') : error instanceof Error ? error.message : String(error);
        return { ok: false, sentence, error };
      } finally {
        sub.dispose();
        await Promise.allSettled(adapters.map((a) => a.disconnect()));
      }
    },
  );
}
