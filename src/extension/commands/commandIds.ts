/**
 * Every command id BrokerLens contributes. Mirrors `contributes.commands` in package.json; a unit test
 * and an extension-host test fail when the two drift apart.
 */
export const CommandIds = {
  addConnection: 'brokerlens.connection.add',
  editConnection: 'brokerlens.connection.edit',
  duplicateConnection: 'brokerlens.connection.duplicate',
  removeConnection: 'brokerlens.connection.remove',
  connect: 'brokerlens.connection.connect',
  disconnect: 'brokerlens.connection.disconnect',
  refreshExplorer: 'brokerlens.explorer.refresh',
  filterExplorer: 'brokerlens.explorer.filter',
  copyName: 'brokerlens.explorer.copyName',
  createTopic: 'brokerlens.topic.create',
  createQueue: 'brokerlens.queue.create',
  createExchange: 'brokerlens.exchange.create',
  addBinding: 'brokerlens.binding.add',
  deleteResource: 'brokerlens.resource.delete',
  purgeQueue: 'brokerlens.queue.purge',
  publishMessage: 'brokerlens.message.publish',
  openPublishPanel: 'brokerlens.message.openPublishPanel',
  browseMessages: 'brokerlens.message.browse',
  resetOffsets: 'brokerlens.group.resetOffsets',
  openGroup: 'brokerlens.group.open',
  showQueueConsumers: 'brokerlens.queue.showConsumers',
  openSimulator: 'brokerlens.simulator.open',
  runScenarioFile: 'brokerlens.simulator.runScenario',
  compare: 'brokerlens.simulator.compare',
  saveScenario: 'brokerlens.simulator.saveScenario',
  openScenarioInSimulator: 'brokerlens.scenario.openInSimulator',
  compareScenario: 'brokerlens.scenario.compare',
  savePreset: 'brokerlens.simulator.savePreset',
  startListeners: 'brokerlens.simulator.startListeners',
  stopListeners: 'brokerlens.simulator.stopListeners',
  disconnectClient: 'brokerlens.simulator.disconnectClient',
  showLog: 'brokerlens.log.show',
  schemaConfigure: 'brokerlens.schema.configure',
  schemaOpenVersion: 'brokerlens.schema.openVersion',
  schemaRegisterVersion: 'brokerlens.schema.registerVersion',
  schemaPublish: 'brokerlens.schema.publish',
  schemaBrowseWithLocalSchema: 'brokerlens.schema.browseWithLocalSchema',
  schemaEncode: 'brokerlens.schema.encode',
} as const;

/** A BrokerLens command id. */
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
