/**
 * Every command id BrokerLens contributes. Mirrors `contributes.commands` in package.json; a unit test
 * and an extension-host test fail when the two drift apart.
 */
export const CommandIds = {
  addConnection: 'brokerlens.connection.add',
  refreshExplorer: 'brokerlens.explorer.refresh',
  openSimulator: 'brokerlens.simulator.open',
  showLog: 'brokerlens.log.show',
} as const;

/** A BrokerLens command id. */
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
