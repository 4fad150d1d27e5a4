/**
 * "Run on Real Brokers": one scenario, in real time, on a real RabbitMQ and a real Kafka, in scratch
 * resources (`brokerlens.scratch.<run id>.…`), bounded by a message count, cancellable, and cleaned
 * up afterwards whatever happened; then each broker's publish and consume throughput. The result is
 * each model's outcome table, counted with the simulator's definitions, so it sits beside the
 * simulator's prediction. The differential suite runs the same function on the simulator's wire
 * listeners and on the real brokers (test/contract/fidelity/presets.contract.test.ts).
 */
import * as l10n from '@vscode/l10n';
import type * as amqp from 'amqplib';
import type { Kafka } from 'kafkajs';
import { BrokerError } from '../model/errors.js';
import type { ContrastCell, ContrastRowId } from '../simulator/compare/contrastTable.js';
import { resolveProducer } from '../simulator/scenario/defaults.js';
import type { ModelKind, Scenario, TimedEvent } from '../simulator/scenario/types.js';
import { KafkaRunDriver } from './kafkaRun.js';
import { Observation, owedProducers } from './observation.js';
import { deleteRabbitResources, RabbitRunDriver } from './rabbitRun.js';
import { allConsumers, RunClock, runInRealTime, scenarioMessageCount, skippedEvents, type RunDriver } from './realTime.js';
import { newRunId, scratchName } from './scratchNames.js';
import { scratchScenario } from './scratchScenario.js';
import { kafkaThroughput, rabbitThroughput, type Throughput } from './throughput.js';

/** How to reach each broker; a model without one is not run. */
export interface RealRunEndpoints {
  /** A new AMQP connection; the run closes it. */
  readonly rabbitmq?: () => Promise<amqp.ChannelModel>;
  /** A kafkajs client for the cluster. */
  readonly kafka?: () => Kafka;
}

/** Progress of a run, for a notification. */
export interface RealRunProgress {
  readonly model: ModelKind;
  readonly phase: 'setUp' | 'running' | 'throughput' | 'cleanUp' | 'done';
  readonly published: number;
  readonly handled: number;
  readonly elapsedMs: number;
}

/** Options of {@link runOnRealBrokers}. */
export interface RealRunOptions {
  /** The most messages the run may send, scenario and throughput together (brokerlens.realRuns.maxMessages). */
  readonly maxMessages: number;
  readonly runId?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RealRunProgress) => void;
  /** Detail lines for the output channel. */
  readonly log?: (line: string) => void;
  /** Messages of the throughput measurement (default 2,000, cut to what maxMessages leaves; 0 skips it). */
  readonly throughputMessages?: number;
  readonly idleMs?: number;
  readonly maxWallMs?: number;
}

/** One broker's side of the result. */
export interface ModelRunResult {
  readonly model: ModelKind;
  readonly facts: Record<ContrastRowId, ContrastCell>;
  readonly throughput?: Throughput;
  readonly durationMs: number;
  /** The run reached its wall-clock limit before the broker was idle. */
  readonly timedOut: boolean;
  /** Scratch resources that could not be deleted (also in the log). */
  readonly leftovers: readonly string[];
}

/** A finished run. */
export interface RealRunResult {
  readonly runId: string;
  readonly scenario: Scenario;
  readonly models: readonly ModelRunResult[];
  /** Timed events a real broker is never asked to do (a broker restart, time passing). */
  readonly skipped: readonly TimedEvent[];
}

/** Refuses a scenario over the message bound, before anything is created. */
export function checkBound(scenario: Scenario, maxMessages: number): void {
  const n = scenarioMessageCount(scenario);
  if (n > maxMessages) {
    throw new BrokerError('invalidInput', l10n.t('"{0}" sends {1} messages, more than the {2} a run on real brokers may send; raise brokerlens.realRuns.maxMessages or make the scenario smaller.', scenario.name, n, maxMessages));
  }
}

/** Runs `scenario` on the given brokers (both at once) and measures their throughput. */
export async function runOnRealBrokers(scenario: Scenario, endpoints: RealRunEndpoints, options: RealRunOptions): Promise<RealRunResult> {
  checkBound(scenario, options.maxMessages);
  const runId = options.runId ?? newRunId();
  const scratch = scratchScenario(scenario, runId);
  const log = options.log ?? ((): void => undefined);
  log(`real run ${runId}: "${scenario.name}" in scratch resources ${scratchName(runId, '*')}`);
  const skipped = skippedEvents(scenario);
  const left = Math.max(0, options.maxMessages - scenarioMessageCount(scenario));
  const probe = Math.min(options.throughputMessages ?? 2000, left);
  const runs: Promise<ModelRunResult>[] = [];
  if (endpoints.rabbitmq) runs.push(runRabbit(scratch, endpoints.rabbitmq, runId, probe, options, log));
  if (endpoints.kafka) runs.push(runKafka(scratch, endpoints.kafka, runId, probe, options, log));
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  if (options.signal?.aborted) throw new BrokerError('cancelled', l10n.t('The run of "{0}" on real brokers was cancelled; its scratch resources were deleted.', scenario.name));
  return { runId, scenario, models: settled.map((s) => (s as PromiseFulfilledResult<ModelRunResult>).value), skipped };
}

function observationFor(model: ModelKind, scratch: Scenario): Observation {
  const producers = scratch.producers.map((p, i) => resolveProducer(p, i));
  return new Observation(model, owedProducers(model, producers, allConsumers(scratch)));
}

/** What one broker brings to a run: its driver, its throughput probe and what to release afterwards. */
interface BrokerSide {
  /** The broker's name in log lines. */
  readonly broker: string;
  readonly driver: RunDriver & { setUp(): Promise<void>; stop(): Promise<void>; cleanUp(): Promise<string[]> };
  /** The scratch resources to report as left over when the driver's own cleanUp fails. */
  readonly scratchResources: () => string[];
  readonly throughput: (name: string, count: number, signal: AbortSignal | undefined) => Promise<Throughput>;
  /** Deletes what the throughput probe created; returns what could not be deleted. */
  readonly cleanUpThroughput?: (name: string) => Promise<string[]>;
  readonly close?: () => Promise<void>;
}

function runRabbit(scratch: Scenario, connect: () => Promise<amqp.ChannelModel>, runId: string, probe: number, options: RealRunOptions, log: (l: string) => void): Promise<ModelRunResult> {
  return runModel('rabbitmq', scratch, runId, probe, options, log, async (observation, clock) => {
    const connection = await connect();
    connection.on('error', () => undefined);
    return {
      broker: 'RabbitMQ',
      driver: new RabbitRunDriver(connection, scratch, observation, clock),
      scratchResources: () => scratch.topology.rabbitmq.queues.map((q) => q.name),
      throughput: (name, count, signal) => rabbitThroughput(connection, name, count, signal),
      cleanUpThroughput: (name) => deleteRabbitResources(connection, [name], []).catch(() => []),
      close: () => connection.close().catch(() => undefined),
    };
  });
}

function runKafka(scratch: Scenario, client: () => Kafka, runId: string, probe: number, options: RealRunOptions, log: (l: string) => void): Promise<ModelRunResult> {
  return runModel('kafka', scratch, runId, probe, options, log, async (observation, clock) => {
    const kafka = client();
    return {
      broker: 'Kafka',
      driver: new KafkaRunDriver(kafka, scratch, observation, clock),
      scratchResources: () => scratch.topology.kafka.topics.map((t) => t.name),
      throughput: (name, count, signal) => kafkaThroughput(kafka, name, count, signal),
    };
  });
}

/**
 * One model's run, the same on either broker: set up the scratch resources, run the timeline in real
 * time with progress every 500 ms, measure the throughput, and always stop, clean up and log what
 * could not be deleted.
 */
async function runModel(
  model: ModelKind,
  scratch: Scenario,
  runId: string,
  probe: number,
  options: RealRunOptions,
  log: (l: string) => void,
  open: (observation: Observation, clock: RunClock) => Promise<BrokerSide>,
): Promise<ModelRunResult> {
  const observation = observationFor(model, scratch);
  const clock = new RunClock();
  const progress = (phase: RealRunProgress['phase']): void => options.onProgress?.({ model, phase, published: observation.published, handled: observation.processed, elapsedMs: clock.now() });
  progress('setUp');
  const side = await open(observation, clock);
  const { driver } = side;
  const throughputName = scratchName(runId, 'throughput');
  const leftovers: string[] = [];
  try {
    await driver.setUp();
    const ticker = setInterval(() => progress('running'), 500);
    let run: { durationMs: number; timedOut: boolean };
    try {
      run = await runInRealTime(scratch, driver, realTimeOptions(options, clock, observation));
    } finally {
      clearInterval(ticker);
    }
    await driver.stop();
    let throughput: Throughput | undefined;
    if (probe > 0 && !options.signal?.aborted) {
      progress('throughput');
      throughput = await side.throughput(throughputName, probe, options.signal);
    }
    return { model, facts: observation.facts(), ...(throughput ? { throughput } : {}), durationMs: run.durationMs, timedOut: run.timedOut, leftovers };
  } finally {
    progress('cleanUp');
    await driver.stop().catch(() => undefined);
    leftovers.push(...(await driver.cleanUp().catch(() => side.scratchResources())));
    if (side.cleanUpThroughput) leftovers.push(...(await side.cleanUpThroughput(throughputName)));
    for (const l of leftovers) log(`real run ${runId}: could not delete ${side.broker} ${l}; it is deleted on the next connect`);
    await side.close?.();
    progress('done');
  }
}

function realTimeOptions(options: RealRunOptions, clock: RunClock, observation: Observation): Parameters<typeof runInRealTime>[2] {
  return {
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
    ...(options.maxWallMs !== undefined ? { maxWallMs: options.maxWallMs } : {}),
    onBacklog: (t, v) => observation.onBacklog(t, v),
    // The scenario's times, not the moment a timer fired: which messages came before a late
    // consumer is then decided by the scenario, as in the simulator, and the broker decides the rest.
    onPublished: (_t, m) => observation.onPublished(m.dueMs, m.producer.index, m.mark),
  };
}
