import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import * as v from 'valibot';
import { BrokerError } from '../core/model/errors.js';
import { presetById, runComparison, sceneAt, type Comparison, type Scenario } from '../core/simulator/index.js';
import {
  CompareLoadRequest,
  CompareOpenInSimulatorCommand,
  CompareRealRunNotification,
  CompareRunOnRealBrokersCommand,
  CompareSaveScenarioCommand,
  CompareSceneNotification,
  CompareSeekRequest,
  CompareStateNotification,
  type CompareRealRun,
  type CompareRowId,
  type CompareScene,
  type CompareSource,
  type CompareState,
} from '../protocol/comparePanel.js';
import type { ScopedLogger } from '../services/logger.js';
import { compareSceneMessage, compareStateMessage } from './compare/messages.js';
import { presetText } from './compare/presetText.js';
import { PanelHost } from './panelHost.js';

/** Title of the compare panel (the e2e tests look for it). */
export const COMPARE_PANEL_TITLE = 'BrokerLens Compare';
/** The panel's view type (the WebviewPanelSerializer restores it after a reload). */
export const COMPARE_VIEW_TYPE = 'brokerlens.compare';

/** What the page keeps with setState, and a reloaded window hands back to the serializer. */
export interface ComparePageState {
  readonly source?: { readonly kind: 'preset' | 'file'; readonly id: string; readonly uri?: string };
  readonly timeMs?: number;
  readonly row?: CompareRowId;
  /** A finished run on real brokers (checked against the protocol before it is shown again). */
  readonly realRun?: unknown;
}

/** What the Compare panel needs from the host. */
export interface ComparePanelOptions {
  readonly extensionUri: vscode.Uri;
  readonly log: ScopedLogger;
  readonly existing?: vscode.WebviewPanel;
  /** Writes a scenario to a file the user picks. */
  readonly saveScenario: (scenario: Scenario) => Promise<void>;
  /** Opens a workload in the Simulator panel's studio. */
  readonly openInSimulator: (source: CompareSource, scenario: Scenario) => Promise<void>;
  /** Runs the workload on real brokers (the host asks which connections). */
  readonly runOnRealBrokers?: (source: CompareSource) => Promise<void>;
}

/**
 * The Compare panel: one workload on both models, the outcome table counted from the run's logs,
 * the backlog of both on one timeline, and both diagrams at the moment a row (or the timeline)
 * picks. The comparison lives in the host, so hiding the panel loses nothing; the page keeps the
 * source and the moment with setState, which also brings it back after a window reload.
 */
export class ComparePanel extends PanelHost {
  private source: CompareSource | undefined;
  private scenario: Scenario | undefined;
  private comparison: Comparison | undefined;
  private status: CompareState['status'] = 'idle';
  private error: string | undefined;
  private scene: CompareScene | undefined;
  private abort: AbortController | undefined;
  private realRun: CompareRealRun | undefined;
  /** The workload the real run belongs to (a new workload drops it). */
  realRunSourceId: string | undefined;

  constructor(private readonly options: ComparePanelOptions) {
    super({ viewType: COMPARE_VIEW_TYPE, title: COMPARE_PANEL_TITLE, bundle: 'compare', extensionUri: options.extensionUri, log: options.log, existing: options.existing });
    this._register({ dispose: () => this.abort?.abort() });
    this.onRequest(CompareLoadRequest, async ({ id }) => {
      await this.comparePreset(id);
      return {};
    });
    this.onRequest(CompareSeekRequest, async ({ timeMs, row }) => {
      this.seek(timeMs, row);
      return {};
    });
    this.onCommand(CompareSaveScenarioCommand, async () => {
      if (!this.scenario) throw new BrokerError('preconditionFailed', l10n.t('Nothing is being compared yet: pick a preset first, then save it.'));
      await this.options.saveScenario(this.scenario);
    });
    this.onCommand(CompareOpenInSimulatorCommand, async () => {
      if (!this.scenario || !this.source) throw new BrokerError('preconditionFailed', l10n.t('Nothing is being compared yet: pick a preset first, then open it in the simulator.'));
      await this.options.openInSimulator(this.source, this.scenario);
    });
    this.onCommand(CompareRunOnRealBrokersCommand, async () => {
      if (!this.source) throw new BrokerError('preconditionFailed', l10n.t('Nothing is being compared yet: pick a preset first, then run it on real brokers.'));
      await this.options.runOnRealBrokers?.(this.source);
    });
  }

  /** Shows again a finished real run a reloaded page kept, if it is a valid one of this workload. */
  restoreRealRun(saved: unknown): void {
    const parsed = v.safeParse(CompareRealRunNotification.params, saved);
    if (!parsed.success || parsed.output.status !== 'done' || !this.source) return;
    this.realRunSourceId = this.source.id;
    this.showRealRun(parsed.output);
  }

  /** Shows a run on real brokers (progress, then the prediction beside what the brokers did). */
  showRealRun(run: CompareRealRun): void {
    this.realRun = run;
    this.notify(CompareRealRunNotification, run);
  }

  /** The comparison shown (tests). */
  get current(): Comparison | undefined {
    return this.comparison;
  }

  /** Compares preset `id`. */
  async comparePreset(id: string, at?: { timeMs?: number; row?: CompareRowId }): Promise<void> {
    const preset = presetById(id);
    const text = presetText(id);
    if (!preset || !text) throw new BrokerError('notFound', l10n.t('There is no preset "{0}" to compare; pick one from the list.', id));
    await this.compare({ kind: 'preset', id, title: text.title, lookFor: text.lookFor }, preset.scenario, at);
  }

  /** Compares a scenario (a file the host read and checked). */
  async compare(source: CompareSource, scenario: Scenario, at?: { timeMs?: number; row?: CompareRowId }): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.source = source;
    this.scenario = scenario;
    this.comparison = undefined;
    this.scene = undefined;
    if (source.id !== this.realRunSourceId) this.realRun = undefined;
    this.status = 'running';
    this.error = undefined;
    this.sendState();
    try {
      const started = performance.now();
      const comparison = await runComparison(scenario, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.comparison = comparison;
      this.status = 'done';
      this.log.info(`compare ${source.id}: ${comparison.logs.rabbitmq.entries.length} + ${comparison.logs.kafka.entries.length} log entries, ${Math.round(performance.now() - started)} ms`);
      this.sendState();
      const row = at?.row ? comparison.rows.find((r) => r.id === at.row) : undefined;
      this.seek(at?.timeMs ?? row?.moment?.timeMs ?? comparison.rows.find((r) => r.moment)?.moment?.timeMs ?? 0, at?.row);
    } catch (err) {
      if (abort.signal.aborted) return;
      this.status = 'error';
      this.error = err instanceof BrokerError ? err.message : l10n.t('The comparison failed because of an unexpected error; the BrokerLens log has the details.');
      this.log.error(`compare ${source.id}`, err);
      this.sendState();
    }
  }

  /** Moves the timeline to `timeMs` and sends both models as they were then. */
  seek(timeMs: number, row?: CompareRowId): void {
    if (!this.comparison) throw new BrokerError('preconditionFailed', l10n.t('The comparison is still running; pick a moment when it has finished.'));
    this.scene = compareSceneMessage(sceneAt(this.comparison, timeMs), row);
    this.notify(CompareSceneNotification, this.scene);
  }

  protected onReady(): void {
    this.sendState();
    if (this.scene) this.notify(CompareSceneNotification, this.scene);
    if (this.realRun) this.notify(CompareRealRunNotification, this.realRun);
  }

  private sendState(): void {
    this.notify(CompareStateNotification, compareStateMessage(this.status, this.source, this.comparison, this.error));
  }
}
