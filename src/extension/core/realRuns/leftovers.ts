/**
 * Scratch resources a run could not delete (the broker was killed, the window closed mid-run) are
 * found by their prefix the next time the connection connects and deleted, each one named in the
 * log. Runs still going in this window are left alone.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import { isScratchName, runIdOf } from './scratchNames.js';

/** What a clean-up found. */
export interface LeftoverCleanup {
  readonly deleted: readonly string[];
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

/** Deletes every scratch queue, topic, exchange and consumer group on the adapter's broker, except those of `activeRuns`. */
export async function deleteLeftovers(adapter: BrokerAdapter, activeRuns: ReadonlySet<string> = new Set()): Promise<LeftoverCleanup> {
  const deleted: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  const stale = (name: string): boolean => isScratchName(name) && !activeRuns.has(runIdOf(name)!);
  const attempt = async (name: string, del: () => Promise<void>): Promise<void> => {
    try {
      await del();
      deleted.push(name);
    } catch (error) {
      failed.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  };
  for (const d of await adapter.listDestinations({ includeInternal: true })) {
    if (stale(d.name)) await attempt(d.name, () => adapter.deleteDestination(d.name, d.name));
  }
  // Groups first: a group's committed offsets name topics deleted below.
  const groups = adapter.consumerGroups;
  if (groups) {
    for (const g of await groups.listGroups().catch(() => [])) {
      if (stale(g.groupId)) await attempt(g.groupId, () => groups.deleteGroup(g.groupId, g.groupId));
    }
  }
  const exchanges = adapter.exchanges;
  if (exchanges) {
    for (const x of await exchanges.listExchanges().catch(() => [])) {
      if (stale(x.name)) await attempt(x.name, () => exchanges.deleteExchange(x.name, x.name));
    }
  }
  return { deleted, failed };
}
