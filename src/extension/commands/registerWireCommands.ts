import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ScopedLogger } from '../services/logger.js';
import { reportError, reportInfo } from '../services/notify.js';
import type { WireListenerService } from '../services/wireListeners.js';
import type { WireClientNode } from '../tree/nodes/wireNodes.js';
import { CommandIds } from './commandIds.js';

/** Start / Stop Simulator Listeners and Disconnect Client. */
/** What the listener commands need. */
export interface WireCommandDeps {
  readonly service: WireListenerService;
  readonly log: ScopedLogger;
}

export function registerWireCommands({ service, log }: WireCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.startListeners, async () => {
      try {
        await service.start();
        const listening = service.listeners.filter((a) => a.listener.state === 'listening');
        if (listening.length > 0) {
          reportInfo(log, l10n.t('The simulator is listening on {0}; point your service there.', listening.map((a) => `${a.protocol === 'kafka' ? 'Kafka' : 'AMQP'} ${a.listener.address?.host}:${a.listener.address?.port}`).join(', ')));
        }
      } catch (error) {
        await reportError(log, l10n.t('Starting the simulator listeners'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.stopListeners, async () => {
      try {
        await service.stop();
        reportInfo(log, l10n.t('The simulator listeners are stopped and their clients disconnected.'));
      } catch (error) {
        await reportError(log, l10n.t('Stopping the simulator listeners'), error);
      }
    }),
    vscode.commands.registerCommand(CommandIds.disconnectClient, (node?: unknown) => {
      // Shape check rather than instanceof: the node comes back from the tree, possibly across bundle copies.
      const client = node as WireClientNode | undefined;
      if (!client || typeof client.protocol !== 'string' || typeof client.info?.id !== 'string') {
        void vscode.window.showInformationMessage(l10n.t('Choose a client under Simulator › Listeners in the BrokerLens explorer to disconnect it.'));
        return;
      }
      service.disconnect(client.protocol, client.info.id);
      log.info(`disconnected client ${client.info.clientId ?? ''} ${client.info.remote} on request`);
    }),
  ];
}
