/**
 * The shared BrokerAdapter contract on the real RabbitMQ, twice: on a durable classic queue (peeked by
 * get-and-requeue, so browseExtras accepts the requeue) and on a stream (read by offset, no side effect).
 * Counts come from the management API, which lags: countSettleMs covers its statistics interval.
 */
import { brokerGate } from '../support/brokers.js';
import { runAdapterContract } from './adapterContract.js';
import { rabbitAdapter } from '../integration/rabbitmq/support.js';

const gate = await brokerGate('rabbitmq');

runAdapterContract({
  name: 'real RabbitMQ (classic queue)',
  skip: gate.skip,
  assertAvailable: gate.assertRequired,
  create: () => rabbitAdapter(),
  spec: (name) => ({ kind: 'queue', name, queueType: 'classic', durable: true }),
  target: (name) => ({ destination: '', routingKey: name }),
  browseExtras: { acceptRequeue: true },
  countSettleMs: 10_000,
});

runAdapterContract({
  name: 'real RabbitMQ (stream)',
  skip: gate.skip,
  assertAvailable: gate.assertRequired,
  create: () => rabbitAdapter(),
  spec: (name) => ({ kind: 'queue', name, queueType: 'stream', durable: true }),
  target: (name) => ({ destination: '', routingKey: name }),
  countSettleMs: 10_000,
});
