import * as vscode from 'vscode';
import { BrowsePanel, browsePanelKey, type BrowseTarget } from '../panels/browsePanel.js';
import type { PanelManager } from '../panels/panelManager.js';
import type { ConnectionStore } from '../services/connectionStore.js';
import type { SchemaRegistries } from '../services/schemaRegistries.js';
import type { ScopedLogger } from '../services/logger.js';
import { reportError } from '../services/notify.js';
import type { SessionManager } from '../services/sessions.js';
import { PartitionNode, TopicNode } from '../tree/nodes/kafkaNodes.js';
import type { ExplorerNode } from '../tree/nodes/node.js';
import { QueueNode } from '../tree/nodes/rabbitNodes.js';
import { CommandIds } from './commandIds.js';
import { pickDestination, resolveTarget } from './pickers.js';

/** Browse Messages: from a topic, partition or queue node, or picked from the palette. */
export function registerBrowseCommands(extensionUri: vscode.Uri, panels: PanelManager, store: ConnectionStore, sessions: SessionManager, log: ScopedLogger, schemas?: SchemaRegistries): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.browseMessages, async (node?: ExplorerNode) => {
      try {
        const target = await resolveTarget(node, store, sessions, 'any', 'Browse Messages');
        if (!target) return;
        const destination =
          node instanceof TopicNode ? node.topic.name : node instanceof PartitionNode ? node.topic : node instanceof QueueNode ? node.queue.name : await pickDestination(target.adapter, 'Browse Messages');
        if (!destination) return;
        const browse: BrowseTarget = {
          destination,
          connectionName: target.entry.config.name,
          ...(node instanceof PartitionNode ? { partition: node.info.partition } : {}),
        };
        // A connection with a schema registry decodes framed records (the lens is shared per connection, so is its cache).
        const lens = await schemas?.lens(target.entry.config);
        panels.showOrCreate(browsePanelKey(target.entry.config.id, browse), () => new BrowsePanel(extensionUri, log, target.adapter, browse, lens));
      } catch (error) {
        await reportError(log, 'Opening the message browser', error);
      }
    }),
  ];
}
