/**
 * Preset: a broker restart with durable and transient messages.
 */
import type { ScenarioPreset } from './types.js';

/** What survives a restart: durable queue + persistent message on RabbitMQ; everything on Kafka. */
export const brokerRestart: ScenarioPreset = {
  id: 'brokerRestart',
  title: 'A broker restart with durable and transient messages',
  contrast: 'failure',
  explanation:
    'Three producers each queue 100 jobs while the workers are down; the broker restarts at 2 s and the workers start at ' +
    '3 s. On RabbitMQ what survives depends on two settings: persistent messages (delivery mode 2) in the durable queue ' +
    '"jobs-durable" survive; transient messages (delivery mode 1) in that same durable queue are dropped by the restart; and ' +
    'the non-durable queue "jobs-transient" disappears with everything in it, persistent or not (the worker re-declares it ' +
    'empty when it reconnects). 200 of the 300 jobs are lost. On Kafka there is no per-message durability flag: every ' +
    'record is written to the replicated log (acks=all), a restart loses nothing, and the workers read all 300 jobs when they ' +
    'start. The "persistent" field of a producer matters only on RabbitMQ.',
  scenario: {
    version: 1,
    name: 'A broker restart with durable and transient messages',
    seed: 7,
    untilIdle: true,
    topology: {
      rabbitmq: {
        exchanges: [{ name: 'jobs', type: 'direct', durable: true }],
        queues: [{ name: 'jobs-durable', durable: true }, { name: 'jobs-transient', durable: false }],
        bindings: [
          { exchange: 'jobs', queue: 'jobs-durable', routingKey: 'durable' },
          { exchange: 'jobs', queue: 'jobs-transient', routingKey: 'transient' },
        ],
      },
      kafka: { topics: [{ name: 'jobs-durable', partitions: 1, replicationFactor: 3 }, { name: 'jobs-transient', partitions: 1, replicationFactor: 3 }] },
    },
    producers: [
      { id: 'persistent-jobs', target: { rabbitmq: { exchange: 'jobs', routingKey: 'durable' }, kafka: { topic: 'jobs-durable' } }, ratePerSec: 100, count: 100, persistent: true },
      { id: 'transient-jobs', target: { rabbitmq: { exchange: 'jobs', routingKey: 'durable' }, kafka: { topic: 'jobs-durable' } }, ratePerSec: 100, count: 100, persistent: false },
      { id: 'jobs-in-transient-queue', target: { rabbitmq: { exchange: 'jobs', routingKey: 'transient' }, kafka: { topic: 'jobs-transient' } }, ratePerSec: 100, count: 100, persistent: true },
    ],
    consumers: [
      {
        id: 'durable-worker',
        source: { rabbitmq: { queue: 'jobs-durable' }, kafka: { topic: 'jobs-durable', group: 'durable-worker' } },
        processingMs: 5,
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
        startAtMs: 3000,
      },
      {
        id: 'transient-worker',
        source: { rabbitmq: { queue: 'jobs-transient' }, kafka: { topic: 'jobs-transient', group: 'transient-worker' } },
        processingMs: 5,
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
        startAtMs: 3000,
      },
    ],
    events: [{ atMs: 2000, type: 'brokerRestart' }],
  },
};
