/**
 * Preset: a new consumer arrives later and wants the history.
 */
import type { ScenarioPreset } from './types.js';

/** Kafka can replay from the earliest offset; a new RabbitMQ queue only sees what comes after it. */
export const lateConsumerReplay: ScenarioPreset = {
  id: 'lateConsumerReplay',
  title: 'A new consumer arrives later and wants the history',
  contrast: 'after delivery',
  explanation:
    'An app publishes 150 events, 50 per second; the billing service reads them from the start. At 1.99 s, after 100 events ' +
    'were sent, a new analytics service is deployed. On RabbitMQ the analytics service declares its own queue and binds it to ' +
    'the fanout exchange when it starts: the 100 earlier events were delivered to billing and deleted on ack, and they never ' +
    'went to a queue that did not exist yet, so analytics gets only the 50 that follow. On Kafka the events stay in the log ' +
    'after billing has read them; the new consumer group "analytics" starts with auto.offset.reset=earliest and replays all ' +
    '150. Look at each subscriber\'s unique count and at "left after consumption".',
  scenario: {
    version: 1,
    name: 'A new consumer arrives later and wants the history',
    seed: 3,
    untilIdle: true,
    topology: {
      rabbitmq: {
        exchanges: [{ name: 'app-events', type: 'fanout' }],
        queues: [{ name: 'billing' }, { name: 'analytics', declare: 'onConsumerStart' }],
        bindings: [{ exchange: 'app-events', queue: 'billing' }, { exchange: 'app-events', queue: 'analytics' }],
      },
      kafka: { topics: [{ name: 'app-events', partitions: 2 }] },
    },
    producers: [
      {
        id: 'app',
        target: { rabbitmq: { exchange: 'app-events', routingKey: '' }, kafka: { topic: 'app-events' } },
        ratePerSec: 50,
        count: 150,
        keys: { kind: 'roundRobin', keys: 10 },
      },
    ],
    consumers: [
      {
        id: 'billing',
        source: { rabbitmq: { queue: 'billing' }, kafka: { topic: 'app-events', group: 'billing' } },
        processingMs: 5,
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
      },
    ],
    events: [
      {
        atMs: 1990,
        type: 'groupJoins',
        consumer: {
          id: 'analytics',
          source: { rabbitmq: { queue: 'analytics' }, kafka: { topic: 'app-events', group: 'analytics' } },
          processingMs: 5,
          strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
          autoOffsetReset: 'earliest',
        },
      },
    ],
  },
};
