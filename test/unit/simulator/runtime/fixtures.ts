/**
 * Small scenarios for runtime tests, built from one base so each test states only what it changes.
 */
import type { Scenario, ScenarioConsumer, ScenarioProducer, TimedEvent } from '../../../../src/extension/core/simulator/scenario/types.js';

/** A producer to exchange "ex" / topic "t". */
export function producer(over: Partial<ScenarioProducer> = {}): ScenarioProducer {
  return {
    id: 'p',
    target: { rabbitmq: { exchange: 'ex', routingKey: 'k' }, kafka: { topic: 't' } },
    ratePerSec: 100,
    count: 50,
    ...over,
  };
}

/** A consumer of queue "q" / topic "t" in group "g". */
export function consumer(over: Partial<ScenarioConsumer> = {}): ScenarioConsumer {
  return {
    id: 'c',
    source: { rabbitmq: { queue: 'q' }, kafka: { topic: 't', group: 'g' } },
    processingMs: 5,
    strategy: { rabbitmq: 'ack-after', kafka: 'commit-after' },
    autoOffsetReset: 'earliest',
    ...over,
  };
}

/** A scenario: exchange "ex" (direct) → queue "q" with key "k", topic "t" with `partitions`. */
export function scenario(over: Partial<Scenario> & { events?: TimedEvent[] } = {}, partitions = 1): Scenario {
  return {
    version: 1,
    name: 'test',
    seed: 42,
    untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [{ name: 'ex', type: 'direct' }], queues: [{ name: 'q' }], bindings: [{ exchange: 'ex', queue: 'q', routingKey: 'k' }] },
      kafka: { topics: [{ name: 't', partitions }] },
    },
    producers: [producer()],
    consumers: [consumer()],
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
    ...over,
  };
}

/** Every feature that draws randomness or reorders work: keys, processing ranges, failures, crashes, skips. */
export const busy: Scenario = scenario({
  topology: {
    rabbitmq: {
      exchanges: [{ name: 'ex', type: 'topic' }, { name: 'dlx', type: 'fanout' }],
      queues: [{ name: 'q', arguments: { deadLetterExchange: 'dlx', messageTtlMs: 4000 } }, { name: 'dead' }, { name: 'audit', type: 'quorum', arguments: { deliveryLimit: 2 } }],
      bindings: [{ exchange: 'ex', queue: 'q', routingKey: 'k.#' }, { exchange: 'ex', queue: 'audit', routingKey: '#' }, { exchange: 'dlx', queue: 'dead' }],
    },
    kafka: { topics: [{ name: 't', partitions: 3, configs: { 'retention.ms': '20000', 'segment.ms': '2000' } }, { name: 'a', partitions: 2 }] },
  },
  producers: [
    producer({ target: { rabbitmq: { exchange: 'ex', routingKey: 'k.{{key}}' }, kafka: { topic: 't' } }, count: 400, ratePerSec: 200, keys: { kind: 'hot', keys: 8, hotShare: 0.5 }, payload: '{{producer}}/{{seq}}/{{key}}/{{time}}' }),
    producer({ id: 'p2', target: { rabbitmq: { exchange: 'ex', routingKey: 'x' }, kafka: { topic: 'a' } }, count: 100, ratePerSec: 50, keys: { kind: 'uniform', keys: 5 }, persistent: false }),
  ],
  consumers: [
    consumer({ count: 2, processingMs: { min: 1, max: 30 }, failureProbability: 0.05, onFailure: 'reject' }),
    consumer({ id: 'auditor', source: { rabbitmq: { queue: 'audit' }, kafka: { topic: 'a', group: 'audit' } }, processingMs: { min: 5, max: 15 }, failureProbability: 0.1, strategy: { rabbitmq: 'ack-after', kafka: 'auto' }, autoCommitIntervalMs: 500, sessionTimeoutMs: 6000 }),
  ],
  events: [
    { atMs: 700, type: 'consumerCrash', consumer: 'c', instance: 1 },
    { atMs: 900, type: 'burst', producer: 'p', count: 100, ratePerSec: 1000 },
    { atMs: 1200, type: 'consumerRestart', consumer: 'c', instance: 1 },
    { atMs: 1500, type: 'groupJoins', consumer: consumer({ id: 'late', source: { rabbitmq: { queue: 'dead' }, kafka: { topic: 't', group: 'late' } }, strategy: { rabbitmq: 'ack-before', kafka: 'commit-before' } }) },
    { atMs: 2500, type: 'brokerRestart' },
    { atMs: 3000, type: 'retentionPasses', advanceMs: 60000 },
  ],
}, 3);
