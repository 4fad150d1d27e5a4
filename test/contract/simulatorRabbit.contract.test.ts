/**
 * The shared BrokerAdapter contract (test/contract/adapterContract.ts) on the simulator's RabbitMQ
 * model: a classic queue (peeked by get-and-requeue) and a stream (read by offset).
 */
import { VirtualClock } from '../../src/extension/core/simulator/clock.js';
import { RabbitBroker } from '../../src/extension/core/simulator/rabbitmq/broker.js';
import { SimulatorRabbitAdapter } from '../../src/extension/core/adapters/simulator/simulatorRabbitAdapter.js';
import { runAdapterContract } from './adapterContract.js';

const create = (): SimulatorRabbitAdapter => new SimulatorRabbitAdapter(new RabbitBroker({ clock: new VirtualClock(0) }));

runAdapterContract({
  name: 'simulator RabbitMQ model (classic queue)',
  create,
  spec: (name) => ({ kind: 'queue', name, queueType: 'classic', durable: true }),
  target: (name) => ({ destination: '', routingKey: name }),
  browseExtras: { acceptRequeue: true },
});

runAdapterContract({
  name: 'simulator RabbitMQ model (stream)',
  create,
  spec: (name) => ({ kind: 'queue', name, queueType: 'stream', durable: true }),
  target: (name) => ({ destination: '', routingKey: name }),
});
