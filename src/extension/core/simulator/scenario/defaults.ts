/**
 * Defaults of the scenario format, applied in one place so the runtime never guesses and
 * docs/scenarios.md can list them from here.
 */
import type { KafkaStrategy, KeyDistribution, ProcessingTime, RabbitStrategy, Scenario, ScenarioConsumer, ScenarioProducer } from './types.js';

/** The default values of optional fields. */
export const SCENARIO_DEFAULTS = {
  exchangeDurable: true,
  queueType: 'classic',
  queueDurable: true,
  routingKey: '',
  replicationFactor: 1,
  keys: { kind: 'none' } as KeyDistribution,
  payload: '{"seq":{{seq}}}',
  persistent: true,
  startAtMs: 0,
  consumerCount: 1,
  prefetch: 10,
  failureProbability: 0,
  onFailure: 'requeue',
  restartAfterFailureMs: 1000,
  autoCommitIntervalMs: 5000,
  autoOffsetReset: 'latest',
  sessionTimeoutMs: 45000,
  maxPollRecords: 500,
  initialRebalanceDelayMs: 3000,
  retentionCheckIntervalMs: 300000,
  lingerMs: 5,
  idlePollMs: 100,
  maxDurationMs: 3_600_000,
} as const;

/** A producer with every default filled in. */
export interface ResolvedProducer {
  readonly index: number;
  readonly id: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly topic: string;
  readonly ratePerSec: number;
  readonly count: number;
  readonly keys: KeyDistribution;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly persistent: boolean;
  readonly startAtMs: number;
}

/** A consumer with every default filled in. */
export interface ResolvedConsumer {
  readonly id: string;
  readonly queue: string;
  readonly topic: string;
  readonly group: string;
  readonly count: number;
  readonly prefetch: number;
  readonly processingMs: ProcessingTime;
  readonly failureProbability: number;
  readonly rabbitStrategy: RabbitStrategy;
  readonly kafkaStrategy: KafkaStrategy;
  readonly onFailure: 'requeue' | 'reject';
  readonly restartAfterFailureMs: number;
  readonly autoCommitIntervalMs: number;
  readonly autoOffsetReset: 'earliest' | 'latest';
  readonly sessionTimeoutMs: number;
  readonly maxPollRecords: number;
  readonly startAtMs: number;
}

/** Run settings with defaults. */
export interface ResolvedSettings {
  readonly initialRebalanceDelayMs: number;
  readonly retentionCheckIntervalMs: number;
  readonly lingerMs: number;
  readonly idlePollMs: number;
  readonly maxDurationMs: number;
}

/** Fills a producer's defaults. */
export function resolveProducer(p: ScenarioProducer, index: number): ResolvedProducer {
  const d = SCENARIO_DEFAULTS;
  return {
    index,
    id: p.id,
    exchange: p.target.rabbitmq.exchange,
    routingKey: p.target.rabbitmq.routingKey,
    topic: p.target.kafka.topic,
    ratePerSec: p.ratePerSec,
    count: p.count,
    keys: p.keys ?? d.keys,
    payload: p.payload ?? d.payload,
    headers: p.headers ?? {},
    persistent: p.persistent ?? d.persistent,
    startAtMs: p.startAtMs ?? d.startAtMs,
  };
}

/** Fills a consumer's defaults; `startAtMs` overrides the definition's (a groupJoins event). */
export function resolveConsumer(c: ScenarioConsumer, startAtMs?: number): ResolvedConsumer {
  const d = SCENARIO_DEFAULTS;
  return {
    id: c.id,
    queue: c.source.rabbitmq.queue,
    topic: c.source.kafka.topic,
    group: c.source.kafka.group,
    count: c.count ?? d.consumerCount,
    prefetch: c.prefetch ?? d.prefetch,
    processingMs: c.processingMs,
    failureProbability: c.failureProbability ?? d.failureProbability,
    rabbitStrategy: c.strategy.rabbitmq,
    kafkaStrategy: c.strategy.kafka,
    onFailure: c.onFailure ?? d.onFailure,
    restartAfterFailureMs: c.restartAfterFailureMs ?? d.restartAfterFailureMs,
    autoCommitIntervalMs: c.autoCommitIntervalMs ?? d.autoCommitIntervalMs,
    autoOffsetReset: c.autoOffsetReset ?? d.autoOffsetReset,
    sessionTimeoutMs: c.sessionTimeoutMs ?? d.sessionTimeoutMs,
    maxPollRecords: c.maxPollRecords ?? d.maxPollRecords,
    startAtMs: Math.max(startAtMs ?? 0, c.startAtMs ?? d.startAtMs),
  };
}

/** Fills the run settings' defaults. */
export function resolveSettings(s: Scenario): ResolvedSettings {
  const d = SCENARIO_DEFAULTS;
  const k = s.settings?.kafka;
  return {
    initialRebalanceDelayMs: k?.initialRebalanceDelayMs ?? d.initialRebalanceDelayMs,
    retentionCheckIntervalMs: k?.retentionCheckIntervalMs ?? d.retentionCheckIntervalMs,
    lingerMs: k?.lingerMs ?? d.lingerMs,
    idlePollMs: k?.idlePollMs ?? d.idlePollMs,
    maxDurationMs: s.settings?.maxDurationMs ?? d.maxDurationMs,
  };
}
