/**
 * "Run on Real Brokers": a preset (from the Compare panel or the palette) or a scenario file (its
 * CodeLens) runs in real time on a RabbitMQ and a Kafka connection the user picks, refused on a
 * connection not marked `allowScratchRuns`; a progress notification with Cancel; the Compare panel
 * shows the simulator's prediction beside what each broker did, and their throughput. Scratch
 * resources are deleted at the end of every run, and a run's leftovers (a broker killed mid-run)
 * are deleted the next time that connection connects, each one named in the log.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ConnectionConfig, KafkaConnectionConfig, RabbitMqConnectionConfig } from '../core/model/connection.js';
import { BrokerError, isBrokerError } from '../core/model/errors.js';
import { assertScratchAllowed, endpointsFor } from '../core/realRuns/endpoints.js';
import { deleteLeftovers } from '../core/realRuns/leftovers.js';
import { runOnRealBrokers, type RealRunProgress } from '../core/realRuns/realRun.js';
import { newRunId } from '../core/realRuns/scratchNames.js';
import type { ComparePanel } from '../panels/comparePanel.js';
import { presetTexts } from '../panels/compare/presetText.js';
import { progressText, realRunErrorMessage, realRunProgressMessage, realRunResultMessage, type RunConnectionNames } from '../panels/compare/realRunMessages.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, userSentence } from '../services/notify.js';
import type { SecretStore } from '../services/secretStore.js';
import type { SessionManager } from '../services/sessions.js';
import { CommandIds } from './commandIds.js';

/** How the command reaches the Compare panel (filled in by registerCompareCommands). */
export interface CompareAccess {
  /** Opens the panel on a preset (id) or a scenario file (URI) and waits for the simulator's comparison. */
  open(target: string | vscode.Uri): Promise<ComparePanel | undefined>;
}

/** What the command needs. */
export interface RealRunCommandDeps {
  readonly connections: ConnectionStore;
  readonly secrets: SecretStore;
  readonly sessions: SessionManager;
  readonly log: ScopedLogger;
  readonly compare: Partial<CompareAccess>;
}

/** Connections named by id, so a test (or a keybinding) can skip the pickers. */
interface ChosenConnections {
  readonly rabbitmq?: string;
  readonly kafka?: string;
}

type RealConnection = RabbitMqConnectionConfig | KafkaConnectionConfig;

/** Asks for a connection of `kind` (or takes the one named); undefined = skip that broker, null = the user closed the picker. */
async function pickConnection(connections: ConnectionStore, kind: 'rabbitmq' | 'kafka', preset: string | undefined): Promise<RealConnection | undefined | null> {
  const all = connections.list().map((e) => e.config).filter((c: ConnectionConfig): c is RealConnection => c.kind === kind);
  if (preset !== undefined) {
    const found = all.find((c) => c.id === preset);
    if (!found) throw new BrokerError('notFound', l10n.t('There is no {0} connection "{1}"; pick one that is saved.', kind === 'rabbitmq' ? 'RabbitMQ' : 'Kafka', preset));
    return found;
  }
  if (all.length === 0) return undefined;
  const skip = { label: l10n.t('Skip {0}', kind === 'rabbitmq' ? 'RabbitMQ' : 'Kafka'), description: '', config: undefined };
  const picked = await vscode.window.showQuickPick(
    [...all.map((c) => ({ label: c.name, description: c.allowScratchRuns === true ? l10n.t('allows scratch runs') : l10n.t('scratch runs not allowed'), config: c as RealConnection | undefined })), skip],
    { title: l10n.t('Run on Real Brokers'), placeHolder: kind === 'rabbitmq' ? l10n.t('Which RabbitMQ connection runs the queue side?') : l10n.t('Which Kafka connection runs the log side?') },
  );
  return picked === undefined ? null : picked.config;
}

/** Registers the command and the leftover clean-up on connect. */
export function registerRealRunCommands({ connections, secrets, sessions, log, compare }: RealRunCommandDeps): vscode.Disposable[] {
  const activeRuns = new Set<string>();
  const cleaned = new Set<string>();

  const cleanUpOnConnect = sessions.onDidChangeState(async (change) => {
    if (change.state === 'disconnected') cleaned.delete(change.connectionId);
    if (change.state !== 'connected' || cleaned.has(change.connectionId)) return;
    const config = connections.get(change.connectionId)?.config;
    if (!config || config.kind === 'simulator' || config.allowScratchRuns !== true) return;
    cleaned.add(change.connectionId);
    const session = sessions.peek(change.connectionId);
    for (const adapter of session?.adapters ?? []) {
      try {
        const { deleted, failed } = await deleteLeftovers(adapter, activeRuns);
        for (const name of deleted) log.info(`${config.name}: deleted the leftover scratch resource ${name} of an earlier run on real brokers`);
        for (const f of failed) log.warn(`${config.name}: could not delete the leftover scratch resource ${f.name}: ${f.reason}`);
      } catch (error) {
        log.warn(`${config.name}: could not look for leftover scratch resources: ${(error as Error).message}`);
      }
    }
  });

  /** Shows the refusal; true only when the user allowed scratch runs on `config` (saved in its settings scope). */
  const offerOptIn = async (config: RealConnection): Promise<boolean> => {
    let sentence = '';
    try {
      assertScratchAllowed(config);
      return true;
    } catch (error) {
      sentence = userSentence(error, l10n.t('Running on real brokers'));
    }
    log.warn(sentence);
    const allow = l10n.t('Allow Scratch Runs…');
    if ((await vscode.window.showWarningMessage(sentence, allow)) !== allow) return false;
    const yes = l10n.t('Allow');
    const confirmed = await vscode.window.showWarningMessage(
      l10n.t('Let BrokerLens create and delete brokerlens.scratch.* queues, exchanges, topics and consumer groups on "{0}"?', config.name),
      { modal: true, detail: l10n.t('Only for a broker where scratch resources are fine, never production. This sets "allowScratchRuns": true on the connection.') },
      yes,
    );
    const entry = connections.get(config.id);
    if (confirmed !== yes || !entry || entry.scope === 'builtin') return false;
    await connections.save({ ...config, allowScratchRuns: true }, entry.scope);
    log.info(`${config.name}: allowScratchRuns set by the user`);
    return true;
  };

  const run = async (target?: string | vscode.Uri, chosen: ChosenConnections = {}): Promise<void> => {
    let names: RunConnectionNames = {};
    let panel: ComparePanel | undefined;
    try {
      const rabbit = await pickConnection(connections, 'rabbitmq', chosen.rabbitmq);
      if (rabbit === null) return;
      const kafka = await pickConnection(connections, 'kafka', chosen.kafka);
      if (kafka === null) return;
      if (!rabbit && !kafka) throw new BrokerError('preconditionFailed', l10n.t('There is no RabbitMQ or Kafka connection to run on; add one with allowScratchRuns set, then run again.'));
      // Refused before anything else happens, with the sentence that says how to allow it (and an
      // action that does it, after a modal confirmation naming the connection).
      for (const c of [rabbit, kafka]) {
        if (!c || c.allowScratchRuns === true) continue;
        if (!(await offerOptIn(c))) return;
      }
      names = { ...(rabbit ? { rabbitmq: rabbit.name } : {}), ...(kafka ? { kafka: kafka.name } : {}) };

      const workload = target ?? (await vscode.window.showQuickPick(presetTexts().map((p) => ({ label: p.title, detail: p.lookFor, id: p.id })), { title: l10n.t('Run on Real Brokers'), placeHolder: l10n.t('Pick a preset to run on the real brokers'), matchOnDetail: true }))?.id;
      if (workload === undefined) return;
      panel = await compare.open?.(workload);
      const prediction = panel?.current;
      if (!panel || !prediction) return;
      panel.realRunSourceId = typeof workload === 'string' ? workload : undefined;
      const allowed = (c: RealConnection): RealConnection => ({ ...c, allowScratchRuns: true });
      const endpoints = endpointsFor(
        rabbit ? { config: allowed(rabbit) as RabbitMqConnectionConfig, secrets: await secrets.get(rabbit.id) } : undefined,
        kafka ? { config: allowed(kafka) as KafkaConnectionConfig, secrets: await secrets.get(kafka.id) } : undefined,
      );
      const maxMessages = vscode.workspace.getConfiguration('brokerlens').get<number>('realRuns.maxMessages', 10_000);
      const runId = newRunId();
      activeRuns.add(runId);
      const shown = panel;
      const latest = new Map<string, RealRunProgress>();
      shown.showRealRun(realRunProgressMessage(names, l10n.t('Starting…'), runId));
      try {
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: l10n.t('Running "{0}" on real brokers', prediction.scenario.name), cancellable: true }, (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return runOnRealBrokers(prediction.scenario, endpoints, {
            maxMessages,
            runId,
            signal: abort.signal,
            log: (line) => log.info(line),
            onProgress: (p) => {
              latest.set(p.model, p);
              const text = progressText(latest);
              progress.report({ message: text });
              shown.showRealRun(realRunProgressMessage(names, text, runId));
            },
          });
        });
        log.info(`real run ${runId}: ${result.models.map((m) => `${m.model} ${m.durationMs} ms${m.throughput ? `, ${m.throughput.publishPerSec}/s publish, ${m.throughput.consumePerSec}/s consume` : ''}`).join('; ')}`);
        shown.showRealRun(realRunResultMessage(names, prediction, result));
      } finally {
        activeRuns.delete(runId);
      }
    } catch (error) {
      const cancelled = isBrokerError(error) && error.code === 'cancelled';
      panel?.showRealRun(realRunErrorMessage(names, cancelled ? 'cancelled' : 'error', userSentence(error, l10n.t('Running on real brokers'))));
      if (cancelled) log.info(userSentence(error, l10n.t('Running on real brokers')));
      else await reportError(log, l10n.t('Running on real brokers'), error);
    }
  };

  return [
    cleanUpOnConnect,
    vscode.commands.registerCommand(CommandIds.runOnRealBrokers, (target?: unknown, chosen?: ChosenConnections) => run(
      target instanceof vscode.Uri || typeof target === 'string' ? target : undefined,
      chosen && typeof chosen === 'object' ? chosen : {},
    )),
  ];
}
