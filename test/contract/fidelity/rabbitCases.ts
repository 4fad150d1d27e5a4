/**
 * RabbitMQ fidelity cases: each does what a service does against a broker URL with amqplib and
 * returns its outcome table. The same `run` goes to the simulator's AMQP listener and to RabbitMQ.
 */
import assert from 'node:assert/strict';
import type * as amqp from 'amqplib';
import type { OutcomeTable } from './outcomeTable.js';
import { confirmChannel, deaths, depth, drain, send, sleep, waitFor, withConnection } from './amqpSteps.js';

/** One deterministic case; `group` is the issue row its agreement counts toward. */
export interface FidelityCase {
  readonly name: string;
  readonly group: string;
  run(endpoint: string, prefix: string): Promise<OutcomeTable>;
  /** Checks the behaviour itself on the simulator's table, so two brokers agreeing on something wrong still fail. */
  expect?(table: OutcomeTable): void;
}

const bodies = (ms: readonly (amqp.Message | amqp.GetMessage)[]): string[] => ms.map((m) => m.content.toString());

export const rabbitCases: readonly FidelityCase[] = [
  {
    name: 'two competing consumers, one crashes before acking',
    group: 'rabbitmq: who got what, messages left, redelivery after a crash',
    run: (url, p) => withConnection(url, async (c) => {
      const q = `${p}.work`;
      const setup = await confirmChannel(c);
      await setup.assertQueue(q, { durable: false });
      const a = await c.createChannel();
      const b = await c.createChannel();
      const got: Record<'a' | 'b', amqp.Message[]> = { a: [], b: [] };
      const consumerA = await a.consume(q, (m) => { if (m) got.a.push(m); });
      await b.consume(q, (m) => { if (m) got.b.push(m); });
      for (let i = 0; i < 10; i++) await send(setup, q, `m${i}`);
      await waitFor(() => got.a.length + got.b.length === 10);
      for (const m of got.a) a.ack(m);
      // a stops consuming (so it does not take b's messages back), then b crashes.
      await a.cancel(consumerA.consumerTag);
      // b crashes: its channel closes with 5 unacked deliveries, which go back to the queue.
      await b.close();
      await waitFor(async () => (await depth(c, q)) === 5);
      const left = await depth(c, q);
      const again = await drain(setup, q);
      return {
        'consumer a got': bodies(got.a),
        'acked by a': got.a.length,
        'consumer b got': bodies(got.b),
        'messages left after a acked and b crashed': left,
        'redelivered after the crash': again.map((m) => [m.content.toString(), m.fields.redelivered]),
      };
    }),
    expect: (t) => {
      assert.equal(t['messages left after a acked and b crashed'], 5);
      assert.deepEqual(t['redelivered after the crash'], ['m1', 'm3', 'm5', 'm7', 'm9'].map((b) => [b, true]));
    },
  },
  {
    name: 'dead-lettering on reject, with x-death',
    group: 'rabbitmq: dead-lettering (x-death reason and count)',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      await ch.assertQueue(`${p}.dlq`, { durable: false });
      await ch.assertQueue(`${p}.orders`, { durable: false, deadLetterExchange: '', deadLetterRoutingKey: `${p}.dlq` });
      for (let i = 0; i < 3; i++) await send(ch, `${p}.orders`, `o${i}`);
      const first = await ch.get(`${p}.orders`);
      if (first) ch.reject(first, false);
      const second = await ch.get(`${p}.orders`);
      if (second) ch.nack(second, false, false);
      await waitFor(async () => (await depth(c, `${p}.dlq`)) === 2);
      const dead = await drain(ch, `${p}.dlq`);
      // Dead-letter one of them again through the same queue: the count of that x-death entry grows.
      for (const m of dead.slice(0, 1)) await send(ch, `${p}.orders`, m.content.toString(), { headers: m.properties.headers });
      const back = await drain(ch, `${p}.orders`);
      return {
        'dead-lettered': dead.map((m) => [m.content.toString(), deaths(m)]),
        'left in orders': bodies(back),
      };
    }),
  },
  {
    name: 'per-queue TTL expires into the dead-letter queue',
    group: 'rabbitmq: TTL expiry',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      await ch.assertQueue(`${p}.expired`, { durable: false });
      await ch.assertQueue(`${p}.ttl`, { durable: false, messageTtl: 100, deadLetterExchange: '', deadLetterRoutingKey: `${p}.expired` });
      for (let i = 0; i < 3; i++) await send(ch, `${p}.ttl`, `t${i}`);
      await send(ch, `${p}.ttl`, 'per-message', { expiration: '50' });
      await waitFor(async () => (await depth(c, `${p}.expired`)) === 4, 5000);
      const expired = await drain(ch, `${p}.expired`);
      return {
        'left after the TTL': await depth(c, `${p}.ttl`),
        'expired into the DLQ': expired.map((m) => [m.content.toString(), deaths(m)]),
      };
    }),
  },
  ...(['drop-head', 'reject-publish', 'reject-publish-dlx'] as const).map((overflow): FidelityCase => ({
    name: `max-length 3 with overflow ${overflow}`,
    group: 'rabbitmq: max-length overflow',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      await ch.assertQueue(`${p}.over`, { durable: false });
      await ch.assertQueue(`${p}.q`, { durable: false, maxLength: 3, arguments: { 'x-overflow': overflow }, deadLetterExchange: '', deadLetterRoutingKey: `${p}.over` });
      const confirms: string[] = [];
      for (let i = 0; i < 5; i++) confirms.push(await send(ch, `${p}.q`, `n${i}`));
      await sleep(100);
      const ch2 = await confirmChannel(c);
      return {
        [`${overflow}: confirms`]: confirms,
        [`${overflow}: queue`]: bodies(await drain(ch2, `${p}.q`)),
        [`${overflow}: dead-lettered`]: (await drain(ch2, `${p}.over`)).map((m) => [m.content.toString(), deaths(m)]),
      };
    }),
  })),
  {
    name: 'priority queue delivers the highest priority first',
    group: 'rabbitmq: priority order',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      await ch.assertQueue(`${p}.prio`, { durable: false, maxPriority: 5 });
      const priorities = [1, 5, 3, 9, 0, 5, undefined, 2];
      for (let i = 0; i < priorities.length; i++) await send(ch, `${p}.prio`, `p${i}`, priorities[i] === undefined ? {} : { priority: priorities[i] });
      return { 'delivery order': bodies(await drain(ch, `${p}.prio`)) };
    }),
    // Priorities above x-max-priority count as the maximum; equal priorities keep publish order.
    expect: (t) => assert.deepEqual(t['delivery order'], ['p1', 'p3', 'p5', 'p2', 'p7', 'p0', 'p4', 'p6']),
  },
  {
    name: 'single active consumer',
    group: 'rabbitmq: single-active-consumer',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.sac`;
      await ch.assertQueue(q, { durable: false, arguments: { 'x-single-active-consumer': true } });
      const a = await c.createChannel();
      const b = await c.createChannel();
      const got: Record<'a' | 'b', string[]> = { a: [], b: [] };
      await a.consume(q, (m) => { if (m) { got.a.push(m.content.toString()); a.ack(m); } });
      await b.consume(q, (m) => { if (m) { got.b.push(m.content.toString()); b.ack(m); } });
      for (let i = 0; i < 4; i++) await send(ch, q, `s${i}`);
      await waitFor(() => got.a.length + got.b.length === 4);
      await a.close();
      for (let i = 4; i < 6; i++) await send(ch, q, `s${i}`);
      await waitFor(() => got.a.length + got.b.length === 6);
      return { 'first consumer got': got.a, 'second consumer got (after the first left)': got.b };
    }),
    expect: (t) => assert.deepEqual([t['first consumer got'], t['second consumer got (after the first left)']], [['s0', 's1', 's2', 's3'], ['s4', 's5']]),
  },
  {
    name: 'quorum queue delivery limit',
    group: 'rabbitmq: quorum delivery-limit',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      await ch.assertQueue(`${p}.limit.dlq`, { durable: true });
      await ch.assertQueue(`${p}.limit`, { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 2 }, deadLetterExchange: '', deadLetterRoutingKey: `${p}.limit.dlq` });
      await send(ch, `${p}.limit`, 'poison');
      const attempts: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const m = await ch.get(`${p}.limit`);
        if (!m) break;
        attempts.push([m.fields.redelivered, m.properties.headers?.['x-delivery-count'] ?? null]);
        ch.nack(m, false, true);
        await sleep(50);
      }
      await waitFor(async () => (await depth(c, `${p}.limit.dlq`)) === 1);
      const dead = await drain(ch, `${p}.limit.dlq`);
      await ch.deleteQueue(`${p}.limit`);
      await ch.deleteQueue(`${p}.limit.dlq`);
      return { 'deliveries before the limit': attempts, 'dead-lettered': dead.map((m) => [m.content.toString(), deaths(m)]) };
    }),
    expect: (t) => assert.deepEqual(t['dead-lettered'], [['poison', [{ reason: 'delivery_limit', count: 1 }]]]),
  },
  {
    name: 'stream offsets: first, an absolute offset, next',
    group: 'rabbitmq: stream offsets',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.stream`;
      await ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'stream' } });
      for (let i = 0; i < 6; i++) await send(ch, q, `e${i}`);
      const read = async (offset: unknown, expected: number): Promise<unknown[]> => {
        const r = await c.createChannel();
        await r.prefetch(100);
        const seen: unknown[] = [];
        await r.consume(q, (m) => { if (m) { seen.push([m.content.toString(), Number(m.properties.headers?.['x-stream-offset'])]); r.ack(m); } }, { arguments: { 'x-stream-offset': offset } });
        await waitFor(() => seen.length >= expected, 3000);
        await sleep(100);
        await r.close();
        return seen;
      };
      const first = await read('first', 6);
      const fromFour = await read(4, 2);
      const next = await read('next', 0);
      await ch.deleteQueue(q);
      return { 'from first': first, 'from offset 4': fromFour, 'from next (nothing new)': next };
    }),
  },
];
