/**
 * Preset: a burst three times faster than the consumers.
 */
import type { ScenarioPreset } from './types.js';

/** Queue depth vs consumer lag, and Kafka's parallelism capped by the partition count. */
export const burstOverload: ScenarioPreset = {
  id: 'burstOverload',
  title: 'A burst three times faster than the consumers',
  contrast: 'load',
  explanation:
    'A thumbnail service runs three instances at 20 ms per image. Uploads arrive at 50 per second for 10 s, and from 2 s to ' +
    '5 s a burst adds 300 per second. On RabbitMQ the three instances share one queue (150 per second between them): the ' +
    'queue depth climbs to about 600 by the end of the burst and drains in about 6 s; prefetch only limits how many each ' +
    'instance holds unacked. On Kafka the topic has 2 partitions, so only two of the three instances get one and the third ' +
    'idles: the group handles 100 per second, consumer lag climbs to about 750 and takes about twice as long to drain. ' +
    'Parallelism on Kafka is capped by partitions, not by instances. Nothing is lost on either; watch queue depth and ' +
    'consumer lag in the per-second series.',
  scenario: {
    version: 1,
    name: 'A burst three times faster than the consumers',
    seed: 6,
    untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [], queues: [{ name: 'thumbnails' }], bindings: [] },
      kafka: { topics: [{ name: 'thumbnails', partitions: 2 }] },
    },
    producers: [
      {
        id: 'uploads',
        target: { rabbitmq: { exchange: '', routingKey: 'thumbnails' }, kafka: { topic: 'thumbnails' } },
        ratePerSec: 50,
        count: 500,
        keys: { kind: 'uniform', keys: 1000 },
      },
    ],
    consumers: [
      {
        id: 'thumbnailer',
        source: { rabbitmq: { queue: 'thumbnails' }, kafka: { topic: 'thumbnails', group: 'thumbnailer' } },
        count: 3,
        prefetch: 10,
        maxPollRecords: 10,
        processingMs: 20,
        strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
        autoOffsetReset: 'earliest',
      },
    ],
    events: [{ atMs: 2000, type: 'burst', producer: 'uploads', count: 900, ratePerSec: 300 }],
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
  },
};
