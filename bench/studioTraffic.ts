/**
 * Benchmark of the studio's traffic to the panel: a large scenario on both models run "as fast as
 * possible" through the StudioHost the Simulator panel uses (real timers, frames every 100 ms),
 * counting the messages and bytes posted to the webview per wall second against the events the
 * simulator produced in the same seconds. The reference in the same run is the same scenario run
 * plainly (no studio watching it), for the events/s the engine does on this machine, and the
 * traffic one message per event would cost.
 *
 *   node --import tsx bench/studioTraffic.ts [seconds]     default 10 s of wall time
 */
import { ScenarioRun } from '../src/extension/core/simulator/runtime/scenarioRun.js';
import type { Scenario } from '../src/extension/core/simulator/scenario/types.js';
import { StudioHost } from '../src/extension/panels/simulator/studioHost.js';
import type { StudioFrameMessage } from '../src/extension/protocol/simulatorPanel.js';
import { saveResults } from './results.js';

const seconds = Number(process.argv[2] ?? 10);

/** 2,000,000 keyed messages at 200,000/s to a topic exchange with 20 queues / a 12-partition topic, 20 consumers. */
function scenario(): Scenario {
  const names = Array.from({ length: 20 }, (_, i) => `q${i}`);
  return {
    version: 1, name: 'studio traffic', seed: 1, untilIdle: true,
    topology: {
      rabbitmq: { exchanges: [{ name: 'events', type: 'topic' }], queues: names.map((name) => ({ name })), bindings: names.map((queue, i) => ({ exchange: 'events', queue, routingKey: `k.key-${i}.#` })) },
      kafka: { topics: [{ name: 'events', partitions: 12 }] },
    },
    producers: [{ id: 'shop', target: { rabbitmq: { exchange: 'events', routingKey: 'k.{{key}}.x' }, kafka: { topic: 'events' } }, ratePerSec: 200_000, count: 2_000_000, keys: { kind: 'roundRobin', keys: 20 } }],
    consumers: names.map((queue, i) => ({ id: `c${i}`, source: { rabbitmq: { queue }, kafka: { topic: 'events', group: 'g' } }, processingMs: 0, strategy: { rabbitmq: 'auto-ack' as const, kafka: 'auto' as const }, prefetch: 1000, maxPollRecords: 2000, autoOffsetReset: 'earliest' as const })),
    settings: { kafka: { initialRebalanceDelayMs: 0 } },
  };
}

/** Events per wall second of the plain runtime, both models taking turns as the studio does. */
function plainEventsPerSecond(sc: Scenario, wallMs: number): { events: number; perSecond: number; sampleEventBytes: number } {
  const runs = [new ScenarioRun(sc, { model: 'rabbitmq' }), new ScenarioRun(sc, { model: 'kafka' })];
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < wallMs && runs.some((r) => !r.finished)) {
    const r = runs[i++ % 2]!;
    for (let k = 0; k < 5000 && r.step(); k++);
  }
  const elapsed = (performance.now() - start) / 1000;
  const events = runs.reduce((n, r) => n + r.ctx.events.pushed, 0);
  const sample = runs.flatMap((r) => r.events().slice(-1000));
  const sampleEventBytes = sample.reduce((n, e) => n + JSON.stringify(e).length, 0) / Math.max(1, sample.length);
  return { events, perSecond: events / elapsed, sampleEventBytes };
}

interface TrafficFigures {
  readonly wallSeconds: number;
  readonly simulatedSeconds: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly messages: number;
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  readonly maxMessageBytes: number;
}

async function studioTraffic(sc: Scenario, wallMs: number): Promise<TrafficFigures> {
  let messages = 0;
  let bytes = 0;
  let maxBytes = 0;
  let events = 0;
  let value: string | undefined;
  const host = new StudioHost({
    storage: { get: () => value, set: (v) => void (value = v) },
    postFrame: (frame: StudioFrameMessage) => {
      const size = JSON.stringify({ kind: 'notification', method: 'simulator/studioFrame', params: frame }).length;
      messages++;
      bytes += size;
      maxBytes = Math.max(maxBytes, size);
      events += frame.eventsSinceLast;
    },
    postSource: () => undefined,
    canPost: () => true,
    scenarioById: () => ({ source: { kind: 'preset', id: 'traffic', title: sc.name }, scenario: sc }),
    log: { info: () => undefined, warn: (m) => console.warn(m) },
  });
  host.load('traffic');
  host.setSpeed('max');
  const start = performance.now();
  host.control('run');
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (performance.now() - start >= wallMs || host.session.state !== 'running') {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  host.control('pause');
  const elapsed = (performance.now() - start) / 1000;
  host.dispose();
  return {
    wallSeconds: elapsed, simulatedSeconds: host.session.timeMs / 1000, events, eventsPerSecond: events / elapsed,
    messages, messagesPerSecond: messages / elapsed, bytesPerSecond: bytes / elapsed, maxMessageBytes: maxBytes,
  };
}

const sc = scenario();
const plain = plainEventsPerSecond(sc, seconds * 1000);
const studio = await studioTraffic(sc, seconds * 1000);
const naiveBytes = studio.eventsPerSecond * plain.sampleEventBytes;
const figures = {
  plainRuntime: { eventsPerSecond: Math.round(plain.perSecond), meanEventJsonBytes: Math.round(plain.sampleEventBytes) },
  studio: Object.fromEntries(Object.entries(studio).map(([k, v]) => [k, Number(v.toFixed(2))])),
  oneMessagePerEvent: { messagesPerSecond: Math.round(studio.eventsPerSecond), bytesPerSecond: Math.round(naiveBytes) },
  studioEventsVsPlain: Number((studio.eventsPerSecond / plain.perSecond).toFixed(3)),
  bytesRatio: Number((studio.bytesPerSecond / naiveBytes).toFixed(4)),
};
console.table({
  'plain runtime': { 'events/s': figures.plainRuntime.eventsPerSecond, 'messages/s': '-', 'bytes/s': '-' },
  'studio, as fast as possible': { 'events/s': Math.round(studio.eventsPerSecond), 'messages/s': studio.messagesPerSecond.toFixed(1), 'bytes/s': Math.round(studio.bytesPerSecond) },
  'one message per event (computed)': { 'events/s': Math.round(studio.eventsPerSecond), 'messages/s': Math.round(studio.eventsPerSecond), 'bytes/s': Math.round(naiveBytes) },
});
console.log(`largest frame ${studio.maxMessageBytes} bytes; studio events/s ÷ plain ${figures.studioEventsVsPlain}; bytes ÷ one-per-event ${figures.bytesRatio}`);
console.log(`wrote ${saveResults('studio-traffic', `node --import tsx bench/studioTraffic.ts ${seconds}`, figures)}`);
