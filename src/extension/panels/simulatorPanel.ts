import type * as vscode from 'vscode';
import type { BrokerAdapter } from '../core/model/adapter.js';
import {
  SimulatorRefreshCommand,
  SimulatorRunPresetRequest,
  SimulatorShowResultNotification,
  SimulatorStateNotification,
  type PresetComparison,
  type PresetInfo,
  type SimulatorState,
} from '../protocol/simulatorPanel.js';
import { presetInfos, runPresetComparison } from './simulator/presetOutcome.js';
import type { ScopedLogger } from '../services/logger.js';
import { PanelHost } from './panelHost.js';

/** Title of the simulator panel (the e2e tests look for it). */
export const SIMULATOR_PANEL_TITLE = 'BrokerLens Simulator';

/** The simulator panel: what is in each model right now, and the presets run on both models. */
export class SimulatorPanel extends PanelHost {
  /** Scenarios run from files, listed after the presets for as long as the panel is open. */
  private readonly fileRuns = new Map<string, { info: PresetInfo; comparison: PresetComparison }>();

  constructor(
    extensionUri: vscode.Uri,
    log: ScopedLogger,
    private readonly adapters: () => Promise<readonly BrokerAdapter[]>,
  ) {
    super({ viewType: 'brokerlens.simulator', title: SIMULATOR_PANEL_TITLE, bundle: 'simulator', extensionUri, log });
    this.onCommand(SimulatorRefreshCommand, () => this.sendState());
    this.onRequest(SimulatorRunPresetRequest, async ({ id }) => {
      const fileRun = this.fileRuns.get(id);
      if (fileRun) return fileRun.comparison;
      const result = runPresetComparison(id);
      this.log.info(`preset ${id}: RabbitMQ delivered ${result.rabbitmq.delivered}, Kafka delivered ${result.kafka.delivered}`);
      return result;
    });
  }

  /** Shows the outcome of a scenario run elsewhere (Run Scenario File) and selects it. */
  showFileRun(info: PresetInfo, comparison: PresetComparison): void {
    this.fileRuns.set(info.id, { info, comparison });
    void this.sendState();
    this.notify(SimulatorShowResultNotification, comparison);
    this.reveal();
  }

  protected onReady(): void {
    void this.sendState();
  }

  private async sendState(): Promise<void> {
    const adapters = await this.adapters();
    const models: SimulatorState['models'] = [];
    for (const adapter of adapters) {
      const destinations = await adapter.listDestinations();
      models.push({
        kind: adapter.kind,
        title: adapter.kind === 'kafka' ? 'Kafka model' : 'RabbitMQ model',
        destinations: destinations.length,
        messages: destinations.reduce((sum, d) => sum + (d.messages ?? 0), 0),
      });
    }
    this.notify(SimulatorStateNotification, { models, presets: [...presetInfos(), ...[...this.fileRuns.values()].map((r) => r.info)], updatedAt: Date.now() });
  }
}
