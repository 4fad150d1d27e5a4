/**
 * The routing explainer against real deliveries. A few hundred generated topic binding patterns
 * (with the edge cases '#', '*', '#.#', empty words 'a..b', leading and trailing dots) are each bound
 * to their own queue on a real topic exchange; a few hundred generated routing keys are published with
 * mandatory; every queue is drained. For each key, the queues that really received it must be exactly
 * the explainer's answer, and a key the explainer calls unroutable must have been returned. A second
 * exchange carries only the patterns without '#' (which would match everything), so that many keys are
 * unroutable there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGE_PATTERNS = ['#', '*', '#.#', '*.*', 'a..b', '.a', 'a.', '.', '', '..', '#.a', 'a.#', 'a.#.b', '*.#', '#.*', 'a.*.#', '*..*', '#.#.#', 'a.*', '*.a', '#..#', 'a.b.c', '*.*.*', '.#', '#.'];
const EDGE_KEYS = ['', 'a', 'b', '.', '..', 'a.b', 'a..b', '.a', 'a.', 'a.b.c', 'a.x.b', 'a.x.y.b', 'b.a', 'x', 'a.a.a', '.a.', 'c.b.a', '...', 'a.b.', '.b'];

function generate(random: () => number, words: readonly string[], max: number): string {
  const n = Math.floor(random() * (max + 1));
  return Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!).join('.');
}

describe('RabbitMQ adapter: routing explainer vs real deliveries', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const exchange = uniqueName('topic');
  const narrow = `${exchange}.narrow`;
  const random = prng(20_240_611);
  const patterns = [...EDGE_PATTERNS];
  while (patterns.length < 200) patterns.push(generate(random, ['a', 'b', 'c', '', '*', '#'], 4));
  const keys = [...EDGE_KEYS];
  while (keys.length < 200) keys.push(generate(random, ['a', 'b', 'c', ''], 4));
  const queues = patterns.map((_, i) => `${exchange}.q${i}`);

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    await adapter.exchanges.declareExchange({ name: exchange, type: 'topic', durable: false });
    await adapter.exchanges.declareExchange({ name: narrow, type: 'topic', durable: false });
    for (let i = 0; i < patterns.length; i++) {
      await adapter.createDestination({ kind: 'queue', name: queues[i]!, queueType: 'classic', durable: false });
      await adapter.exchanges.bind({ source: exchange, destination: queues[i]!, destinationType: 'queue', routingKey: patterns[i]! });
      if (!patterns[i]!.includes('#')) {
        await adapter.exchanges.bind({ source: narrow, destination: queues[i]!, destinationType: 'queue', routingKey: patterns[i]! });
      }
    }
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup(queues, [exchange, narrow]);
  });

  it(`agrees with RabbitMQ on ${patterns.length} patterns × ${keys.length} keys, on two exchanges`, async () => {
    // Publish every key once to each exchange (body = "exchange:key index"), mandatory; note returns.
    const returned = new Set<string>();
    for (const x of [exchange, narrow]) {
      for (let k = 0; k < keys.length; k++) {
        const report = await adapter.publish({ destination: x, routingKey: keys[k]! }, [{ value: `${x}:${k}` }]);
        const [outcome] = report.outcomes;
        assert.ok(outcome && (outcome.status === 'confirmed' || outcome.status === 'returned'), JSON.stringify(outcome));
        if (outcome.status === 'returned') returned.add(`${x}:${k}`);
      }
    }
    // Drain every queue: which (exchange, key) reached which queue.
    const received = new Map<string, Set<string>>();
    const conn = await rawConnection();
    const ch = await conn.createChannel();
    for (const q of queues) {
      for (;;) {
        const m = await ch.get(q, { noAck: true });
        if (m === false) break;
        const tag = m.content.toString();
        if (!received.has(tag)) received.set(tag, new Set());
        received.get(tag)!.add(q);
      }
    }
    await conn.close();

    const mismatches: string[] = [];
    let routedCopies = 0;
    const show = (qs: readonly string[]): string => qs.map((q) => JSON.stringify(patterns[queues.indexOf(q)])).join(', ');
    for (const x of [exchange, narrow]) {
      const bound = x === exchange ? patterns.length : patterns.filter((p) => !p.includes('#')).length;
      for (let k = 0; k < keys.length; k++) {
        const tag = `${x}:${k}`;
        const explained = await adapter.exchanges.explainRoute({ exchange: x, routingKey: keys[k]! });
        const real = [...(received.get(tag) ?? [])].sort();
        routedCopies += real.length;
        if (JSON.stringify(explained.queues) !== JSON.stringify(real)) {
          mismatches.push(`${x === exchange ? 'full' : 'narrow'} key ${JSON.stringify(keys[k])}: explainer [${show(explained.queues)}] vs broker [${show(real)}]`);
        }
        if (explained.unroutable !== returned.has(tag)) mismatches.push(`key ${JSON.stringify(keys[k])}: unroutable ${explained.unroutable} but returned ${returned.has(tag)}`);
        // One step for this exchange, listing each of its bindings once as matched or unmatched.
        const step = explained.steps[0]!;
        assert.equal(step.exchange, x);
        assert.equal(step.matched.length + step.unmatched.length, bound);
      }
    }
    assert.deepEqual(mismatches, []);
    // The generated set exercises both outcomes richly.
    assert.ok(routedCopies > 500, `only ${routedCopies} routed copies`);
    assert.ok(returned.size > 20, `only ${returned.size} keys were unroutable`);
  });
});
