import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import type { BrokerAdapter } from '../core/model/adapter.js';
import type { Scenario } from '../core/simulator/index.js';
import {
  SimulatorComparePresetCommand,
  SimulatorRefreshCommand,
  SimulatorRunPresetRequest,
  SimulatorShowResultNotification,
  SimulatorStateNotification,
  StudioBreakpointsCommand,
  StudioControlCommand,
  StudioFrameNotification,
  StudioInjectRequest,
  StudioInspectRequest,
  StudioLoadRequest,
  StudioSourceNotification,
  StudioSpeedCommand,
  type PresetComparison,
  type PresetInfo,
  type SimulatorState,
} from '../protocol/simulatorPanel.js';
import { presetInfos, runPresetComparison } from './simulator/presetOutcome.js';
import { presetStudioScenario, StudioHost, type StudioStorage } from './simulator/studioHost.js';
import type { ScopedLogger } from '../services/logger.js';
import { PanelHost } from './panelHost.js';

/** Title of the simulator panel (the e2e tests look for it). */
export const SIMULATOR_PANEL_TITLE = 'BrokerLens Simulator';
/** The panel's view type (the WebviewPanelSerializer restores it after a reload). */
export const SIMULATOR_VIEW_TYPE = 'brokerlens.simulator';

/** Most outcomes the panel keeps (the oldest go first). */
const MAX_RESULTS = 20;
/** How often a visible panel looks for changes in the interactive simulator's models (explorer, Publish, wire clients). */
const CARDS_POLL_MS = 2000;

/** What the Simulator panel needs from the host. */
export interface SimulatorPanelOptions {
  readonly extensionUri: vscode.Uri;
  readonly log: ScopedLogger;
  /** The interactive simulator's adapters (the Simulator connection), for the model cards. */
  readonly adapters: () => Promise<readonly BrokerAdapter[]>;
  /** Where the studio is saved across reloads. */
  readonly storage: StudioStorage;
  /** A panel VS Code restored after a reload. */
  readonly existing?: vscode.WebviewPanel;
  /** Opens the Compare panel on a preset. */
  readonly comparePreset?: (id: string) => void;
  /** Shows a warning to the user (the saved studio was refused). */
  readonly warn: (message: string) => void;
}

/**
 * The simulator panel: what is in each model of the interactive simulator, the presets (and
 * scenario files) run on both models with their outcomes, and the studio.
 */
export class SimulatorPanel extends PanelHost {
  /** Scenarios run from files, listed after the presets for as long as the panel is open. */
  private readonly fileRuns = new Map<string, { info: PresetInfo; scenario: Scenario }>();
  /** Outcomes by id, newest last: the host keeps them, so hiding or reloading the page loses none. */
  private readonly results = new Map<string, PresetComparison>();
  private readonly studio: StudioHost;
  private cardsTimer: ReturnType<typeof setInterval> | undefined;
  private lastCards = '';

  constructor(private readonly options: SimulatorPanelOptions) {
    super({ viewType: SIMULATOR_VIEW_TYPE, title: SIMULATOR_PANEL_TITLE, bundle: 'simulator', extensionUri: options.extensionUri, log: options.log, existing: options.existing });
    this.studio = new StudioHost({
      storage: options.storage,
      postFrame: (frame) => this.notify(StudioFrameNotification, frame),
      postSource: (source) => this.notify(StudioSourceNotification, source),
      canPost: () => this.visible,
      scenarioById: (id) => {
        const file = this.fileRuns.get(id);
        return file ? { source: { kind: 'file', id, title: file.info.title }, scenario: file.scenario } : presetStudioScenario(id);
      },
      log: options.log,
    });
    if (this.studio.restoreProblem) options.warn(l10n.t('The simulator studio could not restore the simulation saved before: {0} It starts fresh.', this.studio.restoreProblem));
    this._register({ dispose: () => this.studio.dispose() });
    this._register({ dispose: () => this.stopCardsPoll() });
    this.onCommand(SimulatorRefreshCommand, () => this.sendState(true));
    this.onCommand(SimulatorComparePresetCommand, ({ id }) => options.comparePreset?.(id));
    this.onRequest(SimulatorRunPresetRequest, async ({ id }) => {
      const known = this.results.get(id);
      if (known && this.fileRuns.has(id)) return known;
      const result = runPresetComparison(id);
      this.log.info(`preset ${id}: RabbitMQ delivered ${result.rabbitmq.delivered}, Kafka delivered ${result.kafka.delivered}`);
      this.keepResult(result);
      return result;
    });
    this.onCommand(StudioControlCommand, ({ action, seed }) => this.studio.control(action, seed));
    this.onCommand(StudioSpeedCommand, ({ speed }) => this.studio.setSpeed(speed));
    this.onCommand(StudioBreakpointsCommand, ({ breakpoints }) => this.studio.setBreakpoints(breakpoints));
    this.onRequest(StudioLoadRequest, async ({ id }) => {
      this.studio.load(id);
      return {};
    });
    this.onRequest(StudioInjectRequest, async ({ injection }) => ({ applied: this.studio.inject(injection) }));
    this.onRequest(StudioInspectRequest, async ({ model, nodeId }) => this.studio.inspect(model, nodeId));
    if (this.visible) this.startCardsPoll();
  }

  /** Shows the outcome of a scenario run elsewhere (Run Scenario File), keeps the earlier ones, and selects it. */
  showFileRun(info: PresetInfo, scenario: Scenario, comparison: PresetComparison): void {
    this.fileRuns.set(info.id, { info, scenario });
    this.keepResult(comparison);
    void this.sendState(false);
    this.notify(SimulatorShowResultNotification, comparison);
    this.reveal();
  }

  /** The studio (tests). */
  get studioHost(): StudioHost {
    return this.studio;
  }

  protected onReady(): void {
    void this.sendState(false);
    this.studio.sendAll();
  }

  protected override onVisibilityChanged(visible: boolean): void {
    if (visible) this.startCardsPoll();
    else this.stopCardsPoll();
  }

  private keepResult(comparison: PresetComparison): void {
    this.results.delete(comparison.id);
    this.results.set(comparison.id, comparison);
    while (this.results.size > MAX_RESULTS) this.results.delete(this.results.keys().next().value!);
  }

  private startCardsPoll(): void {
    if (this.cardsTimer) return;
    this.cardsTimer = setInterval(() => void this.refreshCards(), CARDS_POLL_MS);
  }

  private stopCardsPoll(): void {
    if (this.cardsTimer) clearInterval(this.cardsTimer);
    this.cardsTimer = undefined;
  }

  /** Sends the state again when the models' figures changed (a queue created or purged, a message published). */
  private async refreshCards(): Promise<void> {
    try {
      const cards = JSON.stringify(await this.models());
      if (cards !== this.lastCards) await this.sendState(false);
    } catch (err) {
      this.log.warn(`simulator cards: ${(err as Error).message}`);
    }
  }

  private async models(): Promise<SimulatorState['models']> {
    const adapters = await this.options.adapters();
    const models: SimulatorState['models'] = [];
    for (const adapter of adapters) {
      const destinations = await adapter.listDestinations();
      models.push({
        kind: adapter.kind,
        title: adapter.capabilities.partitions ? l10n.t('Kafka model') : l10n.t('RabbitMQ model'),
        destinations: destinations.length,
        messages: destinations.reduce((sum, d) => sum + (d.messages ?? 0), 0),
      });
    }
    return models;
  }

  private async sendState(_refresh: boolean): Promise<void> {
    const models = await this.models();
    this.lastCards = JSON.stringify(models);
    this.notify(SimulatorStateNotification, {
      models,
      presets: [...presetInfos(), ...[...this.fileRuns.values()].map((r) => r.info)],
      updatedAt: Date.now(),
      results: [...this.results.values()],
    });
  }
}
