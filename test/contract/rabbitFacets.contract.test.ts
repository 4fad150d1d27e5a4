/**
 * The RabbitMQ facet contract (rabbitFacetContract.ts) on real RabbitMQ and on the simulator's
 * RabbitMQ model. Real counts come from the management API, which lags: countSettleMs covers it.
 */
import { SimulatorRabbitAdapter } from '../../src/extension/core/adapters/simulator/simulatorRabbitAdapter.js';
import { VirtualClock } from '../../src/extension/core/simulator/clock.js';
import { RabbitBroker } from '../../src/extension/core/simulator/rabbitmq/broker.js';
import { rabbitAdapter } from '../integration/rabbitmq/support.js';
import { brokerGate } from '../support/brokers.js';
import { runRabbitFacetContract } from './rabbitFacetContract.js';

const gate = await brokerGate('rabbitmq');

runRabbitFacetContract({
  name: 'real RabbitMQ',
  skip: gate.skip,
  assertAvailable: gate.assertRequired,
  create: () => rabbitAdapter(),
  countSettleMs: 10_000,
});

runRabbitFacetContract({
  name: 'simulator RabbitMQ model',
  create: () => new SimulatorRabbitAdapter(new RabbitBroker({ clock: new VirtualClock(Date.UTC(2026, 0, 1)) })),
});
