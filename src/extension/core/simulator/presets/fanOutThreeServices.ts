/**
 * Preset: one event fans out to three services.
 */
import type { ScenarioPreset } from './types.js';

/** A fanout exchange copying into three queues vs three consumer groups reading one log. */
export const fanOutThreeServices: ScenarioPreset = {
  id: 'fanOutThreeServices',
  title: 'One event fans out to three services',
  contrast: 'fan-out',
  explanation:
    'Each of 300 "order created" events must reach e-mail, billing and shipping, which work at different speeds (10, 20 and ' +
    '50 ms per event, while events arrive every 10 ms). On RabbitMQ the fanout exchange copies every message into three ' +
    'queues, one per service: 900 copies are enqueued, each service drains its own queue at its own pace (shipping\'s ' +
    'queue grows), and every copy is deleted when acked. On Kafka the event is appended once; three consumer groups read the ' +
    'same 300 records independently, each with its own committed offsets, and the records stay. Each service handles all ' +
    '300 events on both models; compare the copies stored and what is left at the end.',
  scenario: {
    version: 1,
    name: 'One event fans out to three services',
    seed: 4,
    untilIdle: true,
    topology: {
      rabbitmq: {
        exchanges: [{ name: 'order-events', type: 'fanout' }],
        queues: [{ name: 'email' }, { name: 'billing' }, { name: 'shipping' }],
        bindings: [
          { exchange: 'order-events', queue: 'email' },
          { exchange: 'order-events', queue: 'billing' },
          { exchange: 'order-events', queue: 'shipping' },
        ],
      },
      kafka: { topics: [{ name: 'order-events', partitions: 3 }] },
    },
    producers: [
      {
        id: 'orders',
        target: { rabbitmq: { exchange: 'order-events', routingKey: 'order.created' }, kafka: { topic: 'order-events' } },
        ratePerSec: 100,
        count: 300,
        keys: { kind: 'uniform', keys: 100 },
      },
    ],
    consumers: ['email', 'billing', 'shipping'].map((service, i) => ({
      id: service,
      source: { rabbitmq: { queue: service }, kafka: { topic: 'order-events', group: service } },
      processingMs: [10, 20, 50][i]!,
      strategy: { rabbitmq: 'ack-after' as const, kafka: 'commit-after' as const },
      autoOffsetReset: 'earliest' as const,
    })),
  },
};
