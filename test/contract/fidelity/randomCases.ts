/**
 * Randomized fidelity cases, generated with fast-check from one seed (each case keeps its own seed so
 * a failure names it). Bounded: at most 14 operations on one queue, at most 40 keys on one topic.
 *  - RabbitMQ: a queue with random arguments (max-length and overflow, priorities, a dead-letter
 *    queue) and a random sequence of publish / get+ack / get+nack(requeue) / get+reject; the table is
 *    what every operation observed, the queue left over and the dead-lettered messages with x-death.
 *  - Kafka: a topic with a random partition count and random keys; the table is the partition and
 *    offset each keyed record was written to.
 */
import fc from 'fast-check';
import { confirmChannel, deaths, depth, drain, send, sleep, withConnection } from './amqpSteps.js';
import { kafkaClient } from './kafkaCases.js';
import type { FidelityCase } from './rabbitCases.js';

const rabbitArb = fc.record({
  maxLength: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  overflow: fc.constantFrom('drop-head', 'reject-publish', 'reject-publish-dlx'),
  maxPriority: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  deadLetter: fc.boolean(),
  ops: fc.array(fc.oneof(
    fc.record({ op: fc.constant('publish' as const), priority: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }) }),
    fc.record({ op: fc.constantFrom('ack' as const, 'requeue' as const, 'reject' as const) }),
  ), { minLength: 1, maxLength: 14 }),
});

/** `size` RabbitMQ cases from `seed`. */
export function randomRabbitCases(seed: number, size: number): { seed: number; fidelityCase: FidelityCase }[] {
  return fc.sample(fc.tuple(fc.integer(), rabbitArb), { seed, numRuns: size }).map(([caseSeed, spec], i) => ({
    seed,
    fidelityCase: {
      name: `rabbitmq queue #${i} (case seed ${caseSeed}): ${JSON.stringify({ ...spec, ops: spec.ops.map((o) => o.op + ('priority' in o && o.priority !== undefined ? `:${o.priority}` : '')).join(' ') })}`,
      group: 'rabbitmq: randomized queue operations',
      run: (url, p) => withConnection(url, async (c) => {
        const ch = await confirmChannel(c);
        const q = `${p}.rq`;
        const dlq = `${p}.rq.dlq`;
        await ch.assertQueue(dlq, { durable: false });
        await ch.assertQueue(q, {
          durable: false,
          ...(spec.maxLength !== undefined ? { maxLength: spec.maxLength, arguments: { 'x-overflow': spec.overflow } } : {}),
          ...(spec.maxPriority !== undefined ? { maxPriority: spec.maxPriority } : {}),
          ...(spec.deadLetter ? { deadLetterExchange: '', deadLetterRoutingKey: dlq } : {}),
        });
        const observed: unknown[] = [];
        let n = 0;
        for (const o of spec.ops) {
          if (o.op === 'publish') {
            observed.push(['publish', await send(ch, q, `r${n++}`, o.priority === undefined ? {} : { priority: o.priority })]);
            continue;
          }
          const m = await ch.get(q);
          if (!m) {
            observed.push([o.op, null]);
            continue;
          }
          observed.push([o.op, m.content.toString(), m.fields.redelivered, deaths(m)]);
          if (o.op === 'ack') ch.ack(m);
          else ch.nack(m, false, o.op === 'requeue');
        }
        await sleep(50);
        return {
          operations: observed,
          'left in the queue': await depth(c, q),
          'queue contents': (await drain(ch, q)).map((m) => [m.content.toString(), m.fields.redelivered]),
          'dead-lettered': (await drain(ch, dlq)).map((m) => [m.content.toString(), deaths(m)]),
        };
      }),
    },
  }));
}

const kafkaArb = fc.record({
  partitions: fc.integer({ min: 1, max: 8 }),
  keys: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 40 }),
});

/** `size` Kafka cases from `seed`. */
export function randomKafkaCases(seed: number, size: number): { seed: number; fidelityCase: FidelityCase }[] {
  return fc.sample(kafkaArb, { seed, numRuns: size }).map((spec, i) => ({
    seed,
    fidelityCase: {
      name: `kafka keys #${i}: ${spec.keys.length} keys on ${spec.partitions} partition(s)`,
      group: 'kafka: partition per key (randomized keys)',
      run: async (bootstrap, p) => {
        const kafka = kafkaClient(bootstrap);
        const admin = kafka.admin();
        await admin.connect();
        const topic = `${p}.keys`;
        try {
          await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: spec.partitions, replicationFactor: 1 }] });
          const producer = kafka.producer();
          await producer.connect();
          const placed: unknown[] = [];
          for (const key of spec.keys) {
            const [meta] = await producer.send({ topic, acks: -1, messages: [{ key, value: key }] });
            placed.push([key, meta!.partition, Number(meta!.baseOffset)]);
          }
          await producer.disconnect();
          return { 'partition and offset per keyed record': placed };
        } finally {
          await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
          await admin.disconnect();
        }
      },
    },
  }));
}
