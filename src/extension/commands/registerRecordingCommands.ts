/**
 * Record… and Replay…: a topic, partition or queue recorded to `.brokerlens/recordings/NAME.ndjson`
 * (streamed to disk, bounded by count, bytes and duration, progress with Cancel), and a recording
 * replayed into any connection's topic, queue or exchange (checked first, then rate-limited, with an
 * exact report of what the broker accepted and refused). The work itself is core/recordings.
 */
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { PublishTarget } from '../core/model/message.js';
import { recordDestination, type RecordingRequest, type RecordingResult } from '../core/recordings/recorder.js';
import { checkRecording, defaultRecordingName, fileSink, readRecording, RECORDING_NAME, RECORDINGS_DIR } from '../core/recordings/recordingFiles.js';
import { isRecordingFormatError, type RecordingHeader } from '../core/recordings/recordingFormat.js';
import { replayInto, type ReplayReport } from '../core/recordings/replayer.js';
import { recordingScenario } from '../core/recordings/recordingWorkload.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { DestinationChanges } from '../services/destinationChanges.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import type { ExplorerProvider } from '../tree/explorerProvider.js';
import { PartitionNode, TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { ExchangeNode, QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { pickDestination, resolveTarget } from './pickers.js';
import { saveScenarioFile } from './scenarioFiles.js';

/** What the two commands need. */
export interface RecordingCommandDeps {
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly explorer: ExplorerProvider;
  readonly log: ScopedLogger;
  readonly changes: DestinationChanges;
}

/** Test hooks: answers the prompts would give (the e2e drives the real prompts instead). */
export interface RecordArgs {
  readonly name?: string;
  readonly maxMessages?: number;
  readonly acceptRequeue?: boolean;
}

/** Test hooks for Replay…: the recording file and the answers to the prompts. */
export interface ReplayArgs {
  readonly file?: string;
  readonly connectionId?: string;
  /** Which model of the connection (the simulator has both). */
  readonly model?: 'kafka' | 'rabbitmq';
  readonly destination?: string;
  readonly routingKey?: string;
  /** Into an exchange: each message with the routing key it was recorded with. */
  readonly recordedRoutingKeys?: boolean;
  readonly ratePerSec?: number;
  /** 'simulator': write a scenario that replays the recording, and run it. */
  readonly into?: 'destination' | 'simulator';
  /** For 'simulator': 1 = as recorded. */
  readonly speed?: number;
  /** For 'simulator': where to write the scenario file (skips the save dialog). */
  readonly scenarioFile?: string;
}

const brokerOf = (adapter: BrokerAdapter): RecordingHeader['source']['broker'] =>
  adapter.simulated ? (adapter.kind === 'kafka' ? 'simulator-kafka' : 'simulator-rabbitmq') : adapter.kind;

function settings(): { maxBytes: number; maxDurationMs: number; ratePerSec: number } {
  const c = vscode.workspace.getConfiguration('brokerlens.recordings');
  return {
    maxBytes: Math.max(1, c.get<number>('maxMegabytes', 64)) * 1024 * 1024,
    maxDurationMs: Math.max(1, c.get<number>('maxDurationSeconds', 300)) * 1000,
    ratePerSec: Math.max(0, c.get<number>('replayRatePerSecond', 500)),
  };
}

function recordingsFolder(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder && vscode.Uri.joinPath(folder, RECORDINGS_DIR);
}

const sizeText = (bytes: number): string => (bytes < 1024 * 1024 ? l10n.t('{0} KB', (bytes / 1024).toFixed(1)) : l10n.t('{0} MB', (bytes / 1024 / 1024).toFixed(1)));

function stoppedText(result: RecordingResult): string {
  switch (result.stoppedBy) {
    case 'end': return l10n.t('it reached the end of the destination');
    case 'maxMessages': return l10n.t('it reached the message limit');
    case 'maxBytes': return l10n.t('it reached the size limit (brokerlens.recordings.maxMegabytes)');
    case 'maxDuration': return l10n.t('it reached the time limit (brokerlens.recordings.maxDurationSeconds)');
    case 'cancelled': return l10n.t('you cancelled it');
  }
}

/** Runs `work` under a progress notification whose Cancel aborts the signal (the work then ends itself, keeping what it did). */
function withProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string, increment?: number) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return work(abort.signal, (message, increment) => progress.report({ message, ...(increment !== undefined ? { increment } : {}) }));
  });
}

export function registerRecordingCommands(deps: RecordingCommandDeps): vscode.Disposable[] {
  const { store, sessions, log } = deps;

  const record = async (node?: ExplorerNode, args: RecordArgs = {}): Promise<vscode.Uri | undefined> => {
    const title = l10n.t('Record Messages');
    const folder = recordingsFolder();
    if (!folder) {
      void vscode.window.showErrorMessage(l10n.t('Recording needs an open folder: recordings are written to {0} in the workspace. Open a folder and try again.', RECORDINGS_DIR));
      return undefined;
    }
    const target = await resolveTarget(node, store, sessions, 'any', title);
    if (!target) return undefined;
    const { adapter } = target;
    const destination = node instanceof TopicNode ? node.topic.name : node instanceof PartitionNode ? node.topic : node instanceof QueueNode ? node.queue.name : await pickDestination(adapter, title);
    if (!destination) return undefined;
    const partition = node instanceof PartitionNode ? node.info.partition : undefined;
    // A classic or quorum queue has no offsets: recording it takes each message and puts it back. The user says yes to that first.
    let acceptRequeue = false;
    if (adapter.kind === 'rabbitmq') {
      const type = node instanceof QueueNode ? node.queue.type : (await adapter.listDestinations()).find((d) => d.name === destination)?.type;
      if (type !== 'stream') {
        if (args.acceptRequeue === undefined) {
          const go = l10n.t('Record by Peeking');
          const answer = await vscode.window.showWarningMessage(
            l10n.t('Queue {0} is not a stream, so recording it is not read-only.', destination),
            { modal: true, detail: l10n.t('Recording takes each message and puts it back: the messages are marked redelivered, their order can change, live consumers may receive them meanwhile, and on a quorum queue each peek counts toward the delivery limit. Use a stream to record without side effects.') }, go);
          if (answer !== go) return undefined;
        } else if (!args.acceptRequeue) return undefined;
        acceptRequeue = true;
      }
    }
    const name = args.name ?? await vscode.window.showInputBox({
      title, prompt: l10n.t('Recording name (the file is {0}/NAME.ndjson)', RECORDINGS_DIR), ignoreFocusOut: true,
      value: defaultRecordingName(destination, partition, new Date()),
      validateInput: (v) => (RECORDING_NAME.test(v) ? undefined : l10n.t('Use letters, digits, dot, dash and underscore (at most 100).')),
    });
    if (!name) return undefined;
    const countText = args.maxMessages !== undefined ? String(args.maxMessages) : await vscode.window.showInputBox({
      title, prompt: l10n.t('How many messages at most? It also stops at the end of the destination, and at the size and time limits in settings.'),
      value: '1000', ignoreFocusOut: true,
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 10_000_000 ? undefined : l10n.t('Enter a whole number from 1 to 10,000,000.')),
    });
    if (!countText) return undefined;
    const maxMessages = Number(countText.trim());
    const file = vscode.Uri.joinPath(folder, `${name}.ndjson`);
    if (args.name === undefined && (await stat(file.fsPath).then(() => true, () => false))) {
      const replace = l10n.t('Replace');
      if ((await vscode.window.showWarningMessage(l10n.t('A recording named {0} exists. Replace it?', name), { modal: true }, replace)) !== replace) return undefined;
    }
    await mkdir(folder.fsPath, { recursive: true });
    const version = await adapter.overview().then((o) => o.version ?? null, () => null);
    const request: RecordingRequest = {
      broker: brokerOf(adapter), destination, ...(partition !== undefined ? { partition } : {}),
      start: { kind: 'earliest' }, brokerVersion: version, ...(acceptRequeue ? { acceptRequeue } : {}),
    };
    const limits = { maxMessages, ...settings() };
    const where = partition === undefined ? destination : `${destination} [${partition}]`;
    const result = await withProgress(l10n.t('Recording {0}', where), async (signal, report) => {
      const sink = fileSink(file.fsPath);
      let done = 0;
      try {
        return await recordDestination(adapter, request, limits, sink, {
          signal,
          onProgress: (messages, bytes) => {
            report(l10n.t('{0} of {1} messages, {2}', messages, maxMessages, sizeText(bytes)), ((messages - done) / maxMessages) * 100);
            done = messages;
          },
        });
      } finally {
        await sink.close();
      }
    });
    log.info(`recorded ${result.messages} messages (${result.bytes} bytes) of ${where} on ${target.entry.config.name} to ${file.fsPath}; stopped because ${result.stoppedBy}`);
    const sentence = l10n.t('Recorded {0} messages of {1} to {2} ({3}); it stopped because {4}.', result.messages, where, `${RECORDINGS_DIR}/${name}.ndjson`, sizeText(result.bytes), stoppedText(result));
    if (args.name === undefined) {
      const open = l10n.t('Open');
      const replay = l10n.t('Replay…');
      void vscode.window.showInformationMessage(sentence, open, replay).then((c) => {
        if (c === open) void vscode.window.showTextDocument(file, { preview: true });
        if (c === replay) void vscode.commands.executeCommand(CommandIds.replayRecording, file);
      });
    } else reportInfo(log, sentence);
    return file;
  };

  const pickRecording = async (title: string): Promise<vscode.Uri | undefined> => {
    const found = await vscode.workspace.findFiles(`${RECORDINGS_DIR}/*.ndjson`, undefined, 500);
    if (found.length === 0) {
      void vscode.window.showInformationMessage(l10n.t('There is no recording in {0} yet; use Record Messages… on a topic, partition or queue first.', RECORDINGS_DIR));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      found.sort((a, b) => a.fsPath.localeCompare(b.fsPath)).map((uri) => ({ label: path.basename(uri.fsPath, '.ndjson'), description: vscode.workspace.asRelativePath(uri), uri })),
      { title, placeHolder: l10n.t('Which recording?'), ignoreFocusOut: true },
    );
    return picked?.uri;
  };

  type ReplayTarget = { target: PublishTarget; label: string; recordedRoutingKeys?: boolean };

  /** Into an exchange: the recorded routing key of each message (when the recording has them), or one for all. */
  const pickExchangeKey = async (exchange: string, title: string, firstRoutingKey: string | undefined): Promise<ReplayTarget | undefined> => {
    if (firstRoutingKey !== undefined) {
      const choice = await vscode.window.showQuickPick([
        { label: l10n.t('Each message\'s recorded routing key'), detail: l10n.t('Routed again as it was recorded (the first is {0}).', firstRoutingKey || l10n.t('empty')), recorded: true },
        { label: l10n.t('One routing key for every message…'), recorded: false },
      ], { title, placeHolder: l10n.t('Which routing key for {0}?', exchange), ignoreFocusOut: true });
      if (!choice) return undefined;
      if (choice.recorded) return { target: { destination: exchange, routingKey: firstRoutingKey }, label: l10n.t('{0} (recorded routing keys)', exchange), recordedRoutingKeys: true };
    }
    const routingKey = await vscode.window.showInputBox({ title, prompt: l10n.t('Routing key for every replayed message'), value: firstRoutingKey ?? '', ignoreFocusOut: true });
    return routingKey === undefined ? undefined : { target: { destination: exchange, routingKey }, label: `${exchange} (${routingKey})` };
  };

  /** Where to replay: a topic (Kafka), a queue (through the default exchange) or an exchange with a routing key. */
  const pickReplayTarget = async (adapter: BrokerAdapter, title: string, args: ReplayArgs, firstRoutingKey: string | undefined): Promise<ReplayTarget | undefined> => {
    if (args.destination !== undefined && args.recordedRoutingKeys) {
      return { target: { destination: args.destination, routingKey: args.routingKey ?? firstRoutingKey ?? '' }, label: args.destination, recordedRoutingKeys: true };
    }
    if (args.destination !== undefined) {
      return { target: args.routingKey !== undefined ? { destination: args.destination, routingKey: args.routingKey } : adapter.kind === 'rabbitmq' ? { destination: '', routingKey: args.destination } : { destination: args.destination }, label: args.destination || args.routingKey || '' };
    }
    if (adapter.kind === 'kafka') {
      const topic = await pickDestination(adapter, title);
      return topic === undefined ? undefined : { target: { destination: topic }, label: topic };
    }
    const queues = (await adapter.listDestinations()).map((d) => ({ label: d.name, description: l10n.t('queue · {0}', d.type), what: 'queue' as const }));
    const exchanges = ((await adapter.exchanges?.listExchanges()) ?? []).filter((e) => e.name !== '').map((e) => ({ label: e.name, description: l10n.t('exchange · {0}', e.type), what: 'exchange' as const }));
    const picked = await vscode.window.showQuickPick([...queues, ...exchanges].sort((a, b) => a.label.localeCompare(b.label)), { title, placeHolder: l10n.t('Which queue or exchange?'), ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.what === 'queue') return { target: { destination: '', routingKey: picked.label }, label: picked.label };
    return pickExchangeKey(picked.label, title, firstRoutingKey);
  };

  const replay = async (uri?: vscode.Uri, args: ReplayArgs = {}, node?: ExplorerNode): Promise<ReplayReport | undefined> => {
    const title = l10n.t('Replay Recording');
    const file = args.file ?? (uri instanceof vscode.Uri ? uri.fsPath : (await pickRecording(title))?.fsPath);
    if (!file) return undefined;
    const label = path.basename(file);
    // The whole file is checked before anything is sent, so a bad recording sends nothing.
    let checked: Awaited<ReturnType<typeof checkRecording>>;
    try {
      checked = await checkRecording(file);
    } catch (error) {
      if (isRecordingFormatError(error)) {
        log.error(`${file}: ${error.message}`);
        void vscode.window.showErrorMessage(l10n.t('{0} cannot be replayed and nothing was sent. Line {1}: {2}', label, error.line, error.reason));
        return undefined;
      }
      throw error;
    }
    // From the palette or a file: into a connection, or into the simulator as a scenario workload.
    const where = args.into ?? (node || args.connectionId !== undefined ? 'destination' : (await vscode.window.showQuickPick([
      { label: l10n.t('Into a topic, queue or exchange…'), detail: l10n.t('Publish the messages to any connection, rate-limited, with a report of what the broker accepted.'), into: 'destination' as const },
      { label: l10n.t('Into the simulator as a scenario workload…'), detail: l10n.t('Write a scenario file whose producer sends this recording (as recorded, or faster or slower) and run it on both models.'), into: 'simulator' as const },
    ], { title, placeHolder: l10n.t('Replay {0} where?', label), ignoreFocusOut: true }))?.into);
    if (!where) return undefined;
    if (where === 'simulator') {
      let speed = args.speed;
      if (speed === undefined) {
        const text = await vscode.window.showInputBox({
          title, prompt: l10n.t('Speed: 1 keeps the recorded timing, 10 replays ten times as fast, 0.5 at half speed'), value: '1', ignoreFocusOut: true,
          validateInput: (v) => (Number.isFinite(Number(v)) && Number(v) >= 0.001 && Number(v) <= 1000 ? undefined : l10n.t('Enter a number from 0.001 to 1000.')),
        });
        if (text === undefined) return undefined;
        speed = Number(text);
      }
      const scenario = recordingScenario(path.basename(file, '.ndjson'), checked.header, checked.messages, speed);
      const saved = await saveScenarioFile(scenario, log, args.scenarioFile !== undefined ? vscode.Uri.file(args.scenarioFile) : undefined);
      if (saved) await vscode.commands.executeCommand(CommandIds.runScenarioFile, saved);
      return undefined;
    }
    let firstRoutingKey: string | undefined;
    for await (const m of readRecording(file)) {
      firstRoutingKey = m.routingKey;
      break;
    }
    const entry = args.connectionId !== undefined ? store.get(args.connectionId) : undefined;
    const resolved = entry
      ? { entry, adapter: (await sessions.open(entry.config)).adapters.find((a) => args.model === undefined || a.kind === args.model) }
      : await resolveTarget(node, store, sessions, 'any', title);
    if (!resolved?.adapter) return undefined;
    const { adapter } = resolved;
    const picked = node instanceof TopicNode ? { target: { destination: node.topic.name }, label: node.topic.name }
      : node instanceof QueueNode ? { target: { destination: '', routingKey: node.queue.name }, label: node.queue.name }
        : node instanceof ExchangeNode
          ? args.routingKey !== undefined || args.recordedRoutingKeys ? await pickReplayTarget(adapter, title, { ...args, destination: node.exchange.name }, firstRoutingKey) : await pickExchangeKey(node.exchange.name, title, firstRoutingKey)
          : await pickReplayTarget(adapter, title, args, firstRoutingKey);
    if (!picked) return undefined;
    let ratePerSec = args.ratePerSec;
    if (ratePerSec === undefined) {
      const text = await vscode.window.showInputBox({
        title, prompt: l10n.t('Messages per second (0 = as fast as the broker confirms)'), value: String(settings().ratePerSec), ignoreFocusOut: true,
        validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : l10n.t('Enter a whole number (0 or more).')),
      });
      if (text === undefined) return undefined;
      ratePerSec = Number(text.trim());
    }
    const total = checked.messages;
    const into = `${picked.label} (${resolved.entry.config.name})`;
    const report = await withProgress(l10n.t('Replaying {0} into {1}', label, into), (signal, progress) => {
      let last = 0;
      return replayInto(adapter, picked.target, readRecording(file, undefined, signal), {
        ratePerSec, signal, recordedRoutingKeys: picked.recordedRoutingKeys === true,
        onProgress: (done) => {
          progress(l10n.t('{0} of {1} messages', done, total), total ? ((done - last) / total) * 100 : 0);
          last = done;
        },
      });
    });
    log.info(`replayed ${file} into ${into}: attempted ${report.attempted} of ${total}, accepted ${report.accepted}, refused ${report.rejected}${report.reasons.length ? `; ${report.reasons.join('; ')}` : ''}${report.cancelled ? '; cancelled' : ''}`);
    if (report.accepted > 0) deps.changes.fire({ connectionId: resolved.entry.config.id, destinations: [picked.target.routingKey && picked.target.destination === '' ? picked.target.routingKey : picked.target.destination], what: 'published' });
    const sentence = report.cancelled
      ? l10n.t('Replay of {0} into {1} was cancelled after {2} of {3} messages: {4} accepted, {5} refused.', label, into, report.attempted, total, report.accepted, report.rejected)
      : l10n.t('Replayed {0} into {1}: {2} of {3} messages accepted, {4} refused.', label, into, report.accepted, total, report.rejected);
    if (report.rejected > 0) {
      const showLog = l10n.t('Show Log');
      void vscode.window.showWarningMessage(`${sentence} ${l10n.t('First reason: {0}', report.reasons[0] ?? '')}`, showLog).then((c) => c && vscode.commands.executeCommand(CommandIds.showLog));
    } else reportInfo(log, sentence);
    return report;
  };

  return [
    vscode.commands.registerCommand(CommandIds.recordMessages, async (node?: ExplorerNode, args?: RecordArgs) => {
      try {
        return await record(node, args);
      } catch (error) {
        await reportError(log, l10n.t('Recording messages'), error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(CommandIds.replayRecording, async (arg?: vscode.Uri | ExplorerNode, args?: ReplayArgs) => {
      try {
        return await (arg instanceof vscode.Uri || arg === undefined ? replay(arg, args) : replay(undefined, args, arg));
      } catch (error) {
        await reportError(log, l10n.t('Replaying the recording'), error);
        return undefined;
      }
    }),
  ];
}
