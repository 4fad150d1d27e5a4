/**
 * Browse's message actions: Republish… (into a prefilled Publish panel, or all shown records to a
 * destination the user picks), Retry to original queue (the adapter's dead-letter move, reporting
 * exactly what moved), and Export… (NDJSON, JSON or CSV, streamed to the file with progress).
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../../core/model/adapter.js';
import type { BrokerRecord } from '../../core/model/message.js';
import type { BytesEncoding, ExportFormat } from '../../core/publish/exportFormat.js';
import { importRecord, exportRecord } from '../../core/publish/exportFormat.js';
import { exportPages, inPages, readAll } from '../../core/publish/exportStream.js';
import { draftFromRecord } from '../../core/publish/fromRecord.js';
import { emptyDraft } from '../../core/publish/draft.js';
import type { PublishDraft } from '../../core/publish/draft.js';
import type { DestinationChanges } from '../../services/destinationChanges.js';
import type { ScopedLogger } from '../../services/logger.js';
import { reportError, reportInfo } from '../../services/notify.js';
import { PublishSession } from '../publish/session.js';
import type { BrowseRecordRef } from '../../protocol/browsePanel.js';
import { matchDeadLetters, writeFile } from './exportFile.js';
import type { BrowseSession } from './session.js';

/** Opens a Publish panel (the PublishOpener of registerPublishCommands). */
export type OpenPublish = (connectionId: string, connectionName: string, adapter: BrokerAdapter, draft: PublishDraft, options?: { readonly fresh?: boolean }) => void;

/** What the actions need. */
export interface MessageActionDeps {
  readonly adapter: BrokerAdapter;
  readonly session: BrowseSession;
  readonly connectionId: string;
  readonly connectionName: string;
  readonly log: ScopedLogger;
  readonly openPublish?: OpenPublish;
  readonly changes?: DestinationChanges;
}

/** Scope of an action as the webview sends it. */
export interface ActionScope {
  readonly scope: 'selected' | 'shown';
  readonly ref?: BrowseRecordRef | undefined;
  readonly refs?: readonly BrowseRecordRef[] | undefined;
}

/** Most records an "export all" writes. */
const EXPORT_MAX = 1_000_000;

/** The three actions of one Browse panel. */
export class MessageActions {
  constructor(private readonly deps: MessageActionDeps) {}

  private async records(scope: ActionScope): Promise<BrokerRecord[]> {
    if (scope.scope === 'selected' && scope.refs?.length) return Promise.all(scope.refs.map((ref) => this.deps.session.record(ref)));
    if (scope.scope === 'selected' && scope.ref) return [await this.deps.session.record(scope.ref)];
    return this.deps.session.shownRecords();
  }

  async republish(scope: ActionScope): Promise<void> {
    const { adapter, connectionId, connectionName, log } = this.deps;
    try {
      const records = await this.records(scope);
      if (records.length === 0) return void vscode.window.showInformationMessage(l10n.t('There is no message to republish: load a page first.'));
      if (records.length === 1 && this.deps.openPublish) {
        const { draft, dropped } = draftFromRecord(records[0]!, adapter.kind);
        this.deps.openPublish(connectionId, connectionName, adapter, draft, { fresh: true });
        if (dropped.length) void vscode.window.showWarningMessage(l10n.t('Not carried over because they are not text: {0}. The rest of the message is in the Publish panel.', dropped.join(', ')));
        return;
      }
      const target = await pickTarget(adapter);
      if (!target) return;
      const messages = records.map((r) => importRecord(JSON.parse(JSON.stringify(exportRecord(r))), adapter.kind));
      const publish = new PublishSession(adapter, connectionId, { get: () => undefined, update: () => undefined });
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Republishing {0} messages…', records.length), cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return publish.sendMessages(target, messages, { signal: controller.signal, onProgress: (done) => progress.report({ message: l10n.t('{0} of {1}', done, records.length) }) });
        },
      );
      if (result.status !== 'done') return;
      if (result.tally.confirmed > 0) this.deps.changes?.fire({ connectionId, destinations: result.queues ?? [target.destination || target.routingKey], what: 'published' });
      if (result.ok) reportInfo(log, result.sentence);
      else {
        log.warn(result.sentence);
        void vscode.window.showWarningMessage(result.sentence);
      }
    } catch (error) {
      await reportError(log, l10n.t('Republishing messages'), error);
    }
  }

  async retry(scope: ActionScope): Promise<void> {
    const { adapter, connectionId, log, session } = this.deps;
    const queue = session.where.destination;
    try {
      const facet = adapter.deadLetters;
      if (!facet) throw new Error('no dead-letter facet');
      const shown = session.shownRecords();
      const wanted = (scope.scope === 'selected' && (scope.ref || scope.refs?.length) ? await this.records(scope) : shown).filter((r) => r.headers['x-death'] !== undefined);
      if (wanted.length === 0) return void vscode.window.showInformationMessage(l10n.t('None of the shown messages was dead-lettered (none has x-death), so there is nothing to retry.'));
      const go = l10n.t('Move {0}', wanted.length);
      const answer = await vscode.window.showWarningMessage(
        wanted.length === 1
          ? l10n.t('Move the dead-lettered message from {0} back to the queue it died in? It leaves {0} only after its original queue confirmed it.', queue)
          : l10n.t('Move {0} dead-lettered messages from {1} back to the queues they died in? Each leaves {1} only after its original queue confirmed it.', wanted.length, queue),
        { modal: true },
        go,
      );
      if (answer !== go) return;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Retrying {0} messages from {1}…', wanted.length, queue), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          // The queue's head as dead-letter ids (fingerprints); the shown records are matched to them by content.
          const listed = await facet.list(queue, Math.max(shown.length, wanted.length));
          const ids = matchDeadLetters(wanted, listed);
          const report = await facet.move(queue, ids, 'original', { signal: controller.signal, onProgress: (done, total) => progress.report({ message: l10n.t('{0} of {1}', done, total) }) });
          return { report, matched: ids.length, targets: [...new Set(listed.filter((d) => ids.includes(d.record.id)).map((d) => d.deaths[0]?.queue ?? ''))].filter(Boolean) };
        },
      );
      const { report, matched, targets } = result;
      const returned = report.outcomes.filter((o) => o.status === 'returned').length;
      const sentence = l10n.t(
        'Retried {0} of {1} dead-lettered from {2}: {3} moved back to {4}, {5} returned as unroutable, {6} failed{7}.',
        matched, wanted.length, queue, report.confirmed, targets.join(', ') || l10n.t('their original queues'), returned, report.failed - returned,
        matched < wanted.length ? l10n.t('; {0} were no longer at the head of the queue and stayed', wanted.length - matched) : '',
      );
      this.deps.changes?.fire({ connectionId, destinations: [queue, ...targets], what: 'moved' });
      if (report.confirmed === wanted.length) reportInfo(log, sentence);
      else {
        const first = report.outcomes.find((o) => o.status !== 'confirmed');
        log.warn(`${sentence} ${first && 'reason' in first ? first.reason : ''}`);
        void vscode.window.showWarningMessage(sentence);
      }
    } catch (error) {
      await reportError(log, l10n.t('Retrying dead-lettered messages of {0}', queue), error);
    }
  }

  async export(scope: ActionScope): Promise<void> {
    const { adapter, log, session } = this.deps;
    const { destination, partition } = session.where;
    try {
      const all = adapter.kind === 'kafka' || adapter.capabilities.nonDestructiveBrowse === 'always';
      const scopes = [
        ...(scope.refs?.length ? [{ label: l10n.t('The {0} selected messages', scope.refs.length), value: 'selected' as const }] : scope.ref ? [{ label: l10n.t('The selected message'), value: 'selected' as const }] : []),
        { label: l10n.t('The shown messages ({0})', session.shownRecords().length), value: 'shown' as const },
        ...(all ? [{ label: partition === undefined ? l10n.t('Every message of {0}', destination) : l10n.t('Every message of {0} partition {1}', destination, partition), description: l10n.t('read from the earliest, up to {0}', EXPORT_MAX.toLocaleString('en-US')), value: 'all' as const }] : []),
      ];
      const what = scopes.length === 1 ? scopes[0] : await vscode.window.showQuickPick(scopes, { title: l10n.t('Export: which messages') });
      if (!what) return;
      const formats: { label: string; value: ExportFormat }[] = [
        { label: 'NDJSON', value: 'ndjson' },
        { label: 'JSON', value: 'json' },
        { label: 'CSV', value: 'csv' },
      ];
      const format = await vscode.window.showQuickPick(formats.map((f) => ({ ...f, description: f.value === 'ndjson' ? l10n.t('one record per line; Import NDJSON in Publish reads it back') : '' })), { title: l10n.t('Export: format') });
      if (!format) return;
      const encodings: { label: string; value: BytesEncoding }[] = [
        { label: l10n.t('Values as text where they are text, base64 otherwise'), value: 'auto' },
        { label: l10n.t('Values always as base64'), value: 'base64' },
      ];
      const encoding = await vscode.window.showQuickPick(encodings, { title: l10n.t('Export: values') });
      if (!encoding) return;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `${destination.replace(/[^A-Za-z0-9._-]+/g, '-')}.${format.value}`;
      const file = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), filters: { [format.label]: [format.value] }, title: l10n.t('Export messages') });
      if (!file) return;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Exporting to {0}…', vscode.workspace.asRelativePath(file)), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const pages = what.value === 'all'
            ? readAll(adapter, destination, { ...(partition !== undefined ? { partition } : {}), max: EXPORT_MAX, signal: controller.signal })
            : inPages(await this.records({ scope: what.value, ref: scope.ref, refs: scope.refs }));
          return writeFile(file.fsPath, (sink) => exportPages(pages, sink, { format: format.value, encoding: encoding.value, signal: controller.signal, onProgress: (n) => progress.report({ message: l10n.t('{0} records', n.toLocaleString('en-US')) }) }));
        },
      );
      const sentence = result.cancelled
        ? l10n.t('Export cancelled after {0} records; {1} holds those records.', result.written, vscode.workspace.asRelativePath(file))
        : l10n.t('Exported {0} records of {1} to {2}.', result.written, destination, vscode.workspace.asRelativePath(file));
      reportInfo(log, sentence);
    } catch (error) {
      await reportError(log, l10n.t('Exporting messages of {0}', destination), error);
    }
  }
}

/** Asks where all shown records go: a topic, or an exchange/queue (built-in exchanges marked). */
async function pickTarget(adapter: BrokerAdapter): Promise<PublishDraft | undefined> {
  const showInternal = vscode.workspace.getConfiguration('brokerlens.explorer').get<boolean>('showInternal', false);
  const { destinations } = await new PublishSession(adapter, '', { get: () => undefined, update: () => undefined }).destinations(showInternal);
  const picked = await vscode.window.showQuickPick(
    destinations.map((d) => ({
      label: d.kind === 'exchange' && d.name === '' ? l10n.t('(default exchange)') : d.name,
      description: [d.kind === 'queue' ? l10n.t('queue') : d.kind === 'exchange' ? l10n.t('exchange') : '', d.detail, d.builtin ? l10n.t('built-in') : ''].filter(Boolean).join(' · '),
      d,
    })),
    { title: l10n.t('Republish the shown messages to…'), ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  const d = picked.d;
  if (d.kind === 'topic') return emptyDraft('kafka', d.name);
  if (d.kind === 'queue') return emptyDraft('rabbitmq', '', d.name);
  const routingKey = await vscode.window.showInputBox({ title: l10n.t('Routing key for all messages'), ignoreFocusOut: true });
  return routingKey === undefined ? undefined : emptyDraft('rabbitmq', d.name, routingKey);
}
