/**
 * The RabbitMQ facets of the BrokerAdapter contract: peek consent and its side effects, the routing
 * explainer, topology CRUD, dead-letter listing and moving, and the error kinds of the usual mistakes
 * (missing queue, precondition failed, access refused). The same cases run on real RabbitMQ and on
 * the simulator's RabbitMQ model. Every case declares its own exchanges and queues, so any one can
 * run alone (`--test-name-pattern`).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BrokerAdapter, ExchangesFacet } from '../../src/extension/core/model/adapter.js';
import { isBrokerError, type BrokerErrorCode } from '../../src/extension/core/model/errors.js';
import type { QueueArguments } from '../../src/extension/core/model/destination.js';

/** How one RabbitMQ target plugs into the facet contract. */
export interface RabbitFacetTarget {
  readonly name: string;
  readonly skip?: string | undefined;
  readonly assertAvailable?: () => void;
  readonly create: () => BrokerAdapter | Promise<BrokerAdapter>;
  /** Real brokers report counts with a delay (management API stats); poll up to this long. */
  readonly countSettleMs?: number;
}

const text = (bytes: Uint8Array | null | undefined): string => (bytes ? Buffer.from(bytes).toString('utf8') : '');

const fails = (code: BrokerErrorCode, pattern?: RegExp) => (e: unknown): boolean => {
  assert.ok(isBrokerError(e), `not a BrokerError: ${String(e)}`);
  assert.equal(e.code, code, e.message);
  if (pattern) assert.match(e.message, pattern);
  return true;
};

/** Registers the RabbitMQ facet cases for one target. */
export function runRabbitFacetContract(t: RabbitFacetTarget): void {
  describe(`RabbitMQ facet contract: ${t.name}`, { skip: t.skip }, () => {
    let adapter: BrokerAdapter;
    let exchanges: ExchangesFacet;
    const queues: string[] = [];
    const declaredExchanges: string[] = [];
    const unique = (what: string): string => `brokerlens.contract.${what}.${randomUUID().slice(0, 8)}`;

    async function queue(args?: QueueArguments, queueType: 'classic' | 'quorum' | 'stream' = 'classic'): Promise<string> {
      const name = unique('q');
      await adapter.createDestination({ kind: 'queue', name, queueType, durable: true, ...(args ? { arguments: args } : {}) });
      queues.push(name);
      return name;
    }

    async function exchange(type: 'direct' | 'fanout' | 'topic' | 'headers'): Promise<string> {
      const name = unique('x');
      await exchanges.declareExchange({ name, type, durable: true });
      declaredExchanges.push(name);
      return name;
    }

    async function publishTo(name: string, ...values: string[]): Promise<void> {
      for (const value of values) {
        // One at a time: the order the broker sees is the order the case states.
        const report = await adapter.publish({ destination: '', routingKey: name }, [{ value }]);
        assert.equal(report.confirmed, 1, JSON.stringify(report.outcomes));
      }
    }

    async function countOf(name: string, expected: number): Promise<number | undefined> {
      const until = Date.now() + (t.countSettleMs ?? 0);
      let n = (await adapter.listDestinations()).find((d) => d.name === name)?.messages;
      while (n !== expected && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        n = (await adapter.listDestinations()).find((d) => d.name === name)?.messages;
      }
      return n;
    }

    const peek = async (name: string): Promise<string[]> =>
      (await adapter.browse({ destination: name, start: { kind: 'earliest' }, limit: 50, acceptRequeue: true })).records.map((r) => text(r.value));

    before(async () => {
      t.assertAvailable?.();
      adapter = await t.create();
      await adapter.connect();
      assert.ok(adapter.exchanges && adapter.deadLetters, 'a RabbitMQ adapter has the exchanges and dead-letters facets');
      exchanges = adapter.exchanges;
    });

    after(async () => {
      if (!adapter) return;
      for (const q of queues) await adapter.deleteDestination(q, q).catch(() => undefined);
      for (const x of declaredExchanges) await exchanges.deleteExchange(x, x).catch(() => undefined);
      await adapter.disconnect();
    });

    it('peeks a classic queue only with consent; the peek requeues, marks redelivered, keeps the count', async () => {
      const q = await queue();
      await publishTo(q, 'a', 'b');
      await assert.rejects(adapter.browse({ destination: q, start: { kind: 'earliest' }, limit: 10 }), fails('preconditionFailed', /redelivered/));
      const first = await adapter.browse({ destination: q, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
      assert.equal(first.sideEffect, 'requeued');
      assert.deepEqual(first.records.map((r) => text(r.value)), ['a', 'b']);
      const second = await adapter.browse({ destination: q, start: { kind: 'earliest' }, limit: 10, acceptRequeue: true });
      assert.deepEqual(second.records.map((r) => text(r.value)), ['a', 'b']);
      assert.deepEqual(second.records.map((r) => r.redelivered), [true, true], 'a requeued message comes back redelivered');
      assert.equal(await countOf(q, 2), 2);
    });

    it('reads a stream by offset with no side effect and no consent needed', async () => {
      const q = await queue(undefined, 'stream');
      await publishTo(q, 's1', 's2');
      const page = await adapter.browse({ destination: q, start: { kind: 'earliest' }, limit: 10 });
      assert.equal(page.sideEffect, 'none');
      assert.deepEqual(page.records.map((r) => [text(r.value), r.offset]), [['s1', 0], ['s2', 1]]);
    });

    it('explains a route: which bindings match, which queues get a copy, and when nothing does', async () => {
      const x = await exchange('topic');
      const [a, b] = [await queue(), await queue()];
      await exchanges.bind({ source: x, destination: a, destinationType: 'queue', routingKey: 'orders.*' });
      await exchanges.bind({ source: x, destination: b, destinationType: 'queue', routingKey: '#.eu' });
      const both = await exchanges.explainRoute({ exchange: x, routingKey: 'orders.eu' });
      assert.deepEqual(both.queues, [a, b].sort());
      assert.equal(both.unroutable, false);
      assert.deepEqual(both.steps[0]!.matched.map((m) => m.routingKey).sort(), ['#.eu', 'orders.*']);
      const one = await exchanges.explainRoute({ exchange: x, routingKey: 'orders.us' });
      assert.deepEqual(one.queues, [a]);
      const none = await exchanges.explainRoute({ exchange: x, routingKey: 'billing.us' });
      assert.deepEqual([none.queues, none.unroutable], [[], true]);
    });

    it('creates, lists, binds, unbinds and deletes exchanges; purges a queue', async () => {
      const x = await exchange('direct');
      assert.ok((await exchanges.listExchanges()).some((e) => e.name === x && e.type === 'direct'));
      const q = await queue();
      await exchanges.bind({ source: x, destination: q, destinationType: 'queue', routingKey: 'k' });
      const bound = (await exchanges.listBindings({ exchange: x })).filter((b) => b.destination === q);
      assert.deepEqual(bound.map((b) => b.routingKey), ['k']);
      await exchanges.unbind(bound[0]!);
      assert.deepEqual((await exchanges.listBindings({ exchange: x })).filter((b) => b.destination === q), []);
      await publishTo(q, '1', '2', '3');
      await assert.rejects(exchanges.purgeQueue(q, 'wrong'), fails('invalidInput'));
      assert.equal(await exchanges.purgeQueue(q, q), 3);
      await assert.rejects(exchanges.deleteExchange(x, 'wrong'), fails('invalidInput'));
      await exchanges.deleteExchange(x, x);
      assert.ok(!(await exchanges.listExchanges()).some((e) => e.name === x));
    });

    it('lists dead letters with their x-death and moves them back or elsewhere', async () => {
      // maxlen dead-lettering needs no clock: a queue of length 1 drops its head into the DLX.
      const dlx = await exchange('fanout');
      const dlq = await queue();
      await exchanges.bind({ source: dlx, destination: dlq, destinationType: 'queue', routingKey: '' });
      const work = await queue({ maxLength: 1, deadLetterExchange: dlx });
      const parking = await queue();
      await publishTo(work, 'first', 'second', 'third');
      const letters = await adapter.deadLetters!.list(dlq, 10);
      assert.deepEqual(letters.map((l) => text(l.record.value)), ['first', 'second']);
      assert.deepEqual(letters.map((l) => l.deaths.map((d) => [d.queue, d.reason, d.count, d.exchange, d.routingKeys])), [
        [[work, 'maxlen', 1, '', [work]]],
        [[work, 'maxlen', 1, '', [work]]],
      ]);
      assert.ok(letters.every((l) => typeof l.deaths[0]!.time === 'number'), 'x-death time read as ms');

      const elsewhere = await adapter.deadLetters!.move(dlq, [letters[1]!.record.id], { exchange: '', routingKey: parking });
      assert.equal(elsewhere.confirmed, 1, JSON.stringify(elsewhere.outcomes));
      assert.deepEqual(await peek(parking), ['second']);

      // Back where it died: work (length 1) takes it and drops 'third' into the DLX in its place.
      const back = await adapter.deadLetters!.move(dlq, [letters[0]!.record.id], 'original');
      assert.equal(back.confirmed, 1, JSON.stringify(back.outcomes));
      assert.deepEqual(await peek(work), ['first']);
      assert.deepEqual((await adapter.deadLetters!.list(dlq, 10)).map((l) => text(l.record.value)), ['third']);
    });

    it('names the usual mistakes: missing queue, precondition failed, access refused', async () => {
      const missing = unique('missing');
      await assert.rejects(adapter.browse({ destination: missing, start: { kind: 'earliest' }, limit: 1, acceptRequeue: true }), fails('notFound', new RegExp(missing.replace(/\./g, '\\.'))));
      await assert.rejects(adapter.deadLetters!.list(missing, 1), fails('notFound'));
      const q = await queue({ messageTtlMs: 60_000 });
      await assert.rejects(
        adapter.createDestination({ kind: 'queue', name: q, queueType: 'classic', durable: true, arguments: { messageTtlMs: 1000 } }),
        fails('preconditionFailed', /x-message-ttl/),
      );
      await assert.rejects(adapter.createDestination({ kind: 'queue', name: `amq.${unique('reserved')}`, queueType: 'classic', durable: true }), fails('accessRefused', /amq\./));
      await assert.rejects(exchanges.declareExchange({ name: `amq.${unique('reserved')}`, type: 'direct', durable: true }), fails('accessRefused', /amq\./));
    });
  });
}
