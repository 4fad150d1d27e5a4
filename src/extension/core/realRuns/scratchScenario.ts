/**
 * A scenario moved into a run's scratch names: every exchange, queue, topic and consumer group gets
 * the `brokerlens.scratch.<run id>.` prefix, and every reference to them (bindings, producer targets,
 * consumer sources, dead-letter exchanges, the default exchange's routing key) follows, so the run on
 * a real broker touches only what it made. The default exchange ('') and amq.* stay as they are.
 */
import type { Scenario, ScenarioConsumer, TimedEvent } from '../simulator/scenario/types.js';
import { scratchName } from './scratchNames.js';

/** The scenario with every broker-side name in run `runId`'s scratch space. */
export function scratchScenario(scenario: Scenario, runId: string): Scenario {
  const n = (name: string): string => scratchName(runId, name);
  const x = (exchange: string): string => (exchange === '' || exchange.startsWith('amq.') ? exchange : n(exchange));
  const queues = new Set(scenario.topology.rabbitmq.queues.map((q) => q.name));
  const consumer = (c: ScenarioConsumer): ScenarioConsumer => ({
    ...c,
    source: { rabbitmq: { queue: n(c.source.rabbitmq.queue) }, kafka: { topic: n(c.source.kafka.topic), group: n(c.source.kafka.group) } },
  });
  const event = (e: TimedEvent): TimedEvent => (e.type === 'groupJoins' ? { ...e, consumer: consumer(e.consumer) } : e);
  const r = scenario.topology.rabbitmq;
  return {
    ...scenario,
    topology: {
      rabbitmq: {
        exchanges: r.exchanges.map((e) => ({ ...e, name: x(e.name) })),
        queues: r.queues.map((q) => {
          const a = q.arguments;
          if (!a) return { ...q, name: n(q.name) };
          const args = { ...a, ...(a.deadLetterExchange !== undefined ? { deadLetterExchange: x(a.deadLetterExchange) } : {}) };
          // A dead-letter routing key that names a queue (through the default exchange) follows the queue.
          const dlrk = a.deadLetterRoutingKey;
          return { ...q, name: n(q.name), arguments: dlrk !== undefined && queues.has(dlrk) && (a.deadLetterExchange ?? '') === '' ? { ...args, deadLetterRoutingKey: n(dlrk) } : args };
        }),
        bindings: r.bindings.map((b) => ({ ...b, exchange: x(b.exchange), queue: n(b.queue) })),
      },
      kafka: { topics: scenario.topology.kafka.topics.map((t) => ({ ...t, name: n(t.name) })) },
    },
    producers: scenario.producers.map((p) => ({
      ...p,
      target: {
        // Through the default exchange the routing key is a queue name.
        rabbitmq: { exchange: x(p.target.rabbitmq.exchange), routingKey: p.target.rabbitmq.exchange === '' && queues.has(p.target.rabbitmq.routingKey) ? n(p.target.rabbitmq.routingKey) : p.target.rabbitmq.routingKey },
        kafka: { topic: n(p.target.kafka.topic) },
      },
    })),
    consumers: scenario.consumers.map(consumer),
    ...(scenario.events ? { events: scenario.events.map(event) } : {}),
  };
}
