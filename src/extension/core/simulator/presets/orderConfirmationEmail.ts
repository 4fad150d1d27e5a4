/**
 * Preset: an order is placed and the confirmation e-mail goes out in the background.
 */
import type { ScenarioPreset } from './types.js';

/** The basic asynchronous hand-off: the shop publishes, a mailer service sends e-mails. */
export const orderConfirmationEmail: ScenarioPreset = {
  id: 'orderConfirmationEmail',
  title: 'Order placed, confirmation e-mail sent in the background',
  contrast: 'model',
  explanation:
    'The shop publishes an "order placed" event for each of 200 orders (20 per second) and returns at once; a mailer service ' +
    'with two instances sends the confirmation e-mails, 40 ms each. On RabbitMQ the shop publishes to the direct exchange ' +
    '"orders", a binding routes each message to the queue "order-emails", and the broker pushes messages to the two mailers ' +
    'and deletes each one when it is acked: the queue is empty at the end. On Kafka the shop appends to the 3-partition topic ' +
    '"orders" (the producer lingers 5 ms to batch); the mailers form the consumer group "mailer", poll their partitions and ' +
    'commit offsets, and all 200 records are still in the log at the end, ready for any other group. Compare the latency ' +
    '(the linger and the poll add a few milliseconds on Kafka) and "left after consumption".',
  scenario: {
    version: 1,
    name: 'Order placed, confirmation e-mail sent in the background',
    description: 'A shop publishes order events; a mailer service sends confirmation e-mails.',
    seed: 1,
    untilIdle: true,
    topology: {
      rabbitmq: {
        exchanges: [{ name: 'orders', type: 'direct' }],
        queues: [{ name: 'order-emails', type: 'classic', durable: true }],
        bindings: [{ exchange: 'orders', queue: 'order-emails', routingKey: 'order.placed' }],
      },
      kafka: { topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }] },
    },
    producers: [
      {
        id: 'shop',
        target: { rabbitmq: { exchange: 'orders', routingKey: 'order.placed' }, kafka: { topic: 'orders' } },
        ratePerSec: 20,
        count: 200,
        keys: { kind: 'uniform', keys: 50 },
        payload: '{"orderId":{{seq}},"customer":"{{key}}","placedAt":{{time}}}',
        headers: { 'content-type': 'application/json' },
      },
    ],
    consumers: [
      {
        id: 'mailer',
        source: { rabbitmq: { queue: 'order-emails' }, kafka: { topic: 'orders', group: 'mailer' } },
        count: 2,
        prefetch: 10,
        processingMs: 40,
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
      },
    ],
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
  },
};
