/**
 * Preset: a consumer crashes before it acks (RabbitMQ) or commits (Kafka).
 */
import type { ScenarioPreset } from './types.js';

/** Redelivery of what was unacked vs reprocessing from the last committed offset. */
export const consumerCrash: ScenarioPreset = {
  id: 'consumerCrash',
  title: 'A consumer crashes before ack / commit',
  contrast: 'failure',
  explanation:
    '100 payment messages are waiting when the worker starts at 1 s; it handles one every 20 ms and crashes at 1.95 s, then ' +
    'is restarted at 2.5 s. On RabbitMQ the worker acks each message after handling it, with a prefetch of 10: at the crash ' +
    'the broker holds 10 unacked deliveries (the one being handled and 9 buffered) and requeues them at once, marked ' +
    'redelivered; only the one that was being handled is seen twice. On Kafka the worker commits after each poll of 10 ' +
    'records: at the crash the group has committed offset 40 and the worker had already handled 40..46 and was on 47, so the ' +
    'restarted worker, once the dead member\'s session times out and the group rebalances, reads again from 40 and handles ' +
    '8 records a second time (at-least-once). Nothing is lost on either; look at duplicates and redeliveries, and at how long ' +
    'Kafka waits for session.timeout.ms before the partition moves.',
  scenario: {
    version: 1,
    name: 'A consumer crashes before ack / commit',
    seed: 2,
    untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [], queues: [{ name: 'payments' }], bindings: [] },
      kafka: { topics: [{ name: 'payments', partitions: 1 }] },
    },
    producers: [
      {
        id: 'checkout',
        // The default exchange routes by queue name.
        target: { rabbitmq: { exchange: '', routingKey: 'payments' }, kafka: { topic: 'payments' } },
        ratePerSec: 1000,
        count: 100,
        payload: '{"payment":{{seq}}}',
      },
    ],
    consumers: [
      {
        id: 'worker',
        source: { rabbitmq: { queue: 'payments' }, kafka: { topic: 'payments', group: 'payments-worker' } },
        prefetch: 10,
        maxPollRecords: 10,
        processingMs: 20,
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
        sessionTimeoutMs: 6000,
        startAtMs: 1000,
      },
    ],
    events: [
      { atMs: 1950, type: 'consumerCrash', consumer: 'worker' },
      { atMs: 2500, type: 'consumerRestart', consumer: 'worker' },
    ],
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
  },
};
