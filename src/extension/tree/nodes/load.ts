import { MessageNode } from './messageNode.js';
import type { ExplorerNode } from './node.js';
import type { ExplorerContext } from '../context.js';

/**
 * Runs a child loader: an error becomes an error node with the adapter's sentence (the detail goes to
 * the log), and an empty result becomes a node that says so.
 */
export async function loadChildren(
  ctx: ExplorerContext,
  parentId: string,
  action: string,
  emptyText: string,
  load: () => Promise<ExplorerNode[]>,
): Promise<ExplorerNode[]> {
  try {
    const children = await load();
    return children.length > 0 ? children : [new MessageNode(`${parentId}/empty`, 'empty', emptyText)];
  } catch (error) {
    ctx.log.error(action, error);
    return [MessageNode.error(parentId, error, action)];
  }
}
