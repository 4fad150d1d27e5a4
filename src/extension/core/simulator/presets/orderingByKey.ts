/**
 * Preset: ordering by key with several consumers.
 */
import type { ScenarioPreset } from './types.js';

/** Competing consumers reorder a queue; a key always goes to the same partition and stays in order. */
export const orderingByKey: ScenarioPreset = {
  id: 'orderingByKey',
  title: 'Ordering by key with several consumers',
  contrast: 'ordering',
  explanation:
    'Updates to 3 bank accounts (100 per account, 10 ms apart overall, so 30 ms apart per account) must be applied in order ' +
    'per account. Three instances of the account service share the work, each update taking 5 to 50 ms. On RabbitMQ the three instances compete for one queue: ' +
    'the broker hands messages out round-robin in order, but update 2 of an account can finish on a fast instance before ' +
    'update 1 finishes on a slow one, so per-account order is broken (order violations above zero). On Kafka the key picks the ' +
    'partition (murmur2 of the key), so all updates of one account sit in one partition, which only one member of the group ' +
    'reads, one record after another: no order violation, whatever the timing. The price: Kafka\'s parallelism is capped by ' +
    'the partition count and a hot key cannot be spread.',
  scenario: {
    version: 1,
    name: 'Ordering by key with several consumers',
    seed: 5,
    untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [{ name: 'accounts', type: 'direct' }], queues: [{ name: 'account-updates' }], bindings: [{ exchange: 'accounts', queue: 'account-updates', routingKey: 'update' }] },
      kafka: { topics: [{ name: 'account-updates', partitions: 3 }] },
    },
    producers: [
      {
        id: 'ledger',
        target: { rabbitmq: { exchange: 'accounts', routingKey: 'update' }, kafka: { topic: 'account-updates' } },
        ratePerSec: 100,
        count: 300,
        keys: { kind: 'roundRobin', keys: 3 },
        payload: '{"account":"{{key}}","update":{{seq}}}',
      },
    ],
    consumers: [
      {
        id: 'account-service',
        source: { rabbitmq: { queue: 'account-updates' }, kafka: { topic: 'account-updates', group: 'account-service' } },
        count: 3,
        prefetch: 1,
        processingMs: { min: 5, max: 50 },
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
      },
    ],
  },
};
