/**
 * Dead letters on the real broker: real rejections and expiries produce x-death headers that list()
 * parses; move() puts selected messages back where they died (or to a chosen target), acking the
 * dead-letter copy only after the target confirmed. Killing the adapter's connection in the middle of
 * a move (management API: DELETE /api/connections/<name>) loses nothing: every message is afterwards
 * in the dead-letter queue or in the work queue. Copies in both are allowed only as at-least-once
 * delivery explains them: a message republished to the work queue whose confirm (or the ack of its
 * dead-letter copy that follows the confirm) did not make it before the connection died, so the
 * dead-letter copy was never acknowledged and the broker requeued it. Their number is bounded by the
 * publish window (256 unconfirmed) plus the acks still in the socket at that moment (at most another
 * window), and it is printed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { brokerGate } from '../../support/brokers.js';
import { cleanup, mgmt, rabbitAdapter, rawConnection, uniqueName } from './support.js';

const gate = await brokerGate('rabbitmq');

/** Publishes `bodies` to the work exchange and rejects them all (requeue=false) so they dead-letter. */
async function deadLetter(workExchange: string, workQueue: string, bodies: readonly string[]): Promise<void> {
  const conn = await rawConnection();
  const pub = await conn.createConfirmChannel();
  for (const b of bodies) pub.publish(workExchange, 'orders.new', Buffer.from(b), { messageId: b, persistent: true });
  await pub.waitForConfirms();
  const ch = await conn.createChannel();
  await ch.prefetch(500);
  let rejected = 0;
  await new Promise<void>((resolve) => {
    void ch.consume(workQueue, (m) => {
      if (!m) return;
      ch.nack(m, false, false);
      if (++rejected === bodies.length) resolve();
    });
  });
  // Closing the channel first waits for the broker to have processed every nack sent on it.
  await ch.close();
  await conn.close();
}

async function drain(queue: string): Promise<string[]> {
  const conn = await rawConnection();
  const ch = await conn.createChannel();
  const out: string[] = [];
  for (;;) {
    const m = await ch.get(queue, { noAck: true });
    if (m === false) break;
    out.push(m.content.toString());
  }
  await conn.close();
  return out;
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('RabbitMQ adapter: dead letters', { skip: gate.skip }, () => {
  let adapter: RabbitMqAdapter;
  const work = uniqueName('work');
  const workQueue = uniqueName('work.q');
  const dlx = uniqueName('dlx');
  const dlq = uniqueName('dlq');
  const other = uniqueName('other');
  const ttlQueue = uniqueName('ttl');

  before(async () => {
    gate.assertRequired();
    adapter = rabbitAdapter();
    await adapter.connect();
    await adapter.exchanges.declareExchange({ name: work, type: 'topic', durable: true });
    await adapter.exchanges.declareExchange({ name: dlx, type: 'direct', durable: true });
    await adapter.createDestination({ kind: 'queue', name: dlq, queueType: 'classic', durable: true });
    await adapter.createDestination({ kind: 'queue', name: other, queueType: 'classic', durable: true });
    await adapter.createDestination({
      kind: 'queue',
      name: workQueue,
      queueType: 'classic',
      durable: true,
      arguments: { deadLetterExchange: dlx, deadLetterRoutingKey: 'dead' },
    });
    await adapter.createDestination({ kind: 'queue', name: ttlQueue, queueType: 'classic', durable: true, arguments: { messageTtlMs: 1, deadLetterExchange: dlx, deadLetterRoutingKey: 'dead' } });
    await adapter.exchanges.bind({ source: work, destination: workQueue, destinationType: 'queue', routingKey: 'orders.*' });
    await adapter.exchanges.bind({ source: dlx, destination: dlq, destinationType: 'queue', routingKey: 'dead' });
  });
  after(async () => {
    await adapter?.disconnect();
    await cleanup([workQueue, dlq, other, ttlQueue], [work, dlx]);
  });

  it('lists dead letters with their parsed x-death (queue, reason, count, exchange, routing keys, time)', async () => {
    const t0 = Date.now();
    await deadLetter(work, workQueue, ['dl-1', 'dl-2', 'dl-3']);
    await adapter.publish({ destination: '', routingKey: ttlQueue }, [{ value: 'expired-1' }]);
    await waitFor(async () => (await adapter.queueDepth(dlq)) === 4, 5000).catch(async (e: unknown) => {
      throw new Error(`${String(e)}: dlq ${await adapter.queueDepth(dlq)}, work ${await adapter.queueDepth(workQueue)}, ttl ${await adapter.queueDepth(ttlQueue)}`);
    });

    const letters = await adapter.deadLetters.list(dlq, 10);
    assert.equal(letters.length, 4);
    const rejected = letters.filter((l) => l.deaths[0]?.reason === 'rejected');
    assert.deepEqual(rejected.map((l) => Buffer.from(l.record.value!).toString()), ['dl-1', 'dl-2', 'dl-3']);
    const [death] = rejected[0]!.deaths;
    assert.equal(death!.queue, workQueue);
    assert.equal(death!.exchange, work);
    assert.deepEqual(death!.routingKeys, ['orders.new']);
    assert.equal(death!.count, 1);
    assert.ok(death!.time! >= Math.floor(t0 / 1000) * 1000 && death!.time! <= Date.now() + 1000);
    const expired = letters.find((l) => l.deaths[0]?.reason === 'expired');
    assert.equal(expired?.deaths[0]?.queue, ttlQueue);
    assert.equal(expired?.deaths[0]?.exchange, '');
    // Listing gave everything back.
    assert.equal(await adapter.queueDepth(dlq), 4);
    // Ids are stable between two listings.
    assert.deepEqual((await adapter.deadLetters.list(dlq, 10)).map((l) => l.record.id), letters.map((l) => l.record.id));
  });

  it('moves selected messages back to their original exchange and key, or to a chosen target', async () => {
    const letters = await adapter.deadLetters.list(dlq, 10);
    const byBody = new Map(letters.map((l) => [Buffer.from(l.record.value!).toString(), l.record.id]));
    const report = await adapter.deadLetters.move(dlq, [byBody.get('dl-2')!, 'no-such-id'], 'original');
    assert.equal(report.outcomes[0]?.status, 'confirmed');
    assert.equal(report.outcomes[1]?.status, 'failed');
    assert.equal(await adapter.queueDepth(workQueue), 1);
    assert.equal(await adapter.queueDepth(dlq), 3);

    const toOther = await adapter.deadLetters.move(dlq, [byBody.get('dl-1')!, byBody.get('expired-1')!], { exchange: '', routingKey: other });
    assert.equal(toOther.confirmed, 2);
    assert.deepEqual((await drain(other)).sort(), ['dl-1', 'expired-1']);
    assert.deepEqual(await drain(dlq), ['dl-3']);
    assert.deepEqual(await drain(workQueue), ['dl-2']);
  });

  it('a move to an exchange that routes nowhere is returned, and the message stays in the dead-letter queue', async () => {
    await deadLetter(work, workQueue, ['stays']);
    await waitFor(async () => (await adapter.queueDepth(dlq)) === 1, 5000);
    const [letter] = await adapter.deadLetters.list(dlq, 1);
    const report = await adapter.deadLetters.move(dlq, [letter!.record.id], { exchange: work, routingKey: 'nobody.listens.here' });
    assert.equal(report.outcomes[0]?.status, 'returned');
    assert.equal(await adapter.queueDepth(dlq), 1);
    await drain(dlq);
  });

  it('loses nothing when the connection is killed in the middle of a move', async () => {
    const N = 3000;
    const bodies = Array.from({ length: N }, (_, i) => `kill-${i}`);
    await deadLetter(work, workQueue, bodies);
    await waitFor(async () => (await adapter.queueDepth(dlq)) === N, 10_000);
    const ids = (await adapter.deadLetters.list(dlq, N)).map((l) => l.record.id);
    assert.equal(ids.length, N);

    // The management API lists a connection a few seconds after it opens: find it before the move,
    // so the kill itself is a single DELETE while the move is under way.
    const listMine = async (): Promise<string[]> =>
      (await mgmt<{ name: string; client_properties?: { connection_name?: string } }[]>('GET', '/api/connections?columns=name,client_properties'))
        .filter((c) => c.client_properties?.connection_name === adapter.connectionName)
        .map((c) => c.name);
    let mine: string[] = [];
    await waitFor(async () => (mine = await listMine()).length >= 1, 15_000);
    assert.ok(mine.length >= 1, 'the adapter connection is listed');
    let killed: Promise<void> | undefined;
    const kill = async (): Promise<void> => {
      for (const name of mine) await mgmt('DELETE', `/api/connections/${encodeURIComponent(name)}`);
    };
    let report: Awaited<ReturnType<typeof adapter.deadLetters.move>> | undefined;
    let error: unknown;
    try {
      report = await adapter.deadLetters.move(dlq, ids, 'original', {
        onProgress: (done) => {
          if (done >= 500 && !killed) killed = kill();
        },
      });
    } catch (e) {
      error = e;
    }
    await killed;
    assert.ok(killed, 'the connection was killed during the move');
    // The adapter recovers by itself.
    await waitFor(() => adapter.state === 'connected', 20_000);
    await new Promise((r) => setTimeout(r, 500));

    const inWork = await drain(workQueue);
    const inDlq = await drain(dlq);
    const union = new Set([...inWork, ...inDlq]);
    const lost = bodies.filter((b) => !union.has(b));
    assert.deepEqual(lost, [], 'no message may be lost');
    const dlqSet = new Set(inDlq);
    const duplicates = inWork.filter((b) => dlqSet.has(b));
    // Nothing appears twice within one queue, and copies in both are bounded by what was in flight.
    assert.equal(new Set(inWork).size, inWork.length);
    assert.equal(new Set(inDlq).size, inDlq.length);
    assert.ok(duplicates.length <= 512, `${duplicates.length} duplicates`);
    const confirmed = report ? report.confirmed : 0;
    assert.ok(inWork.length >= confirmed, 'every confirmed move is in the work queue');
    assert.ok(inWork.length < N, 'the kill interrupted the move');
    console.log(
      `# kill mid-move: ${N} messages; moved ${inWork.length}, left ${inDlq.length}, in both ${duplicates.length} (at-least-once: republished, but the confirm or the ack of the dead-letter copy was lost with the connection); `
        + `report ${report ? `${report.confirmed} confirmed / ${report.failed} failed` : `threw ${String(error)}`}`,
    );
    // And the same adapter keeps working.
    const after = await adapter.publish({ destination: '', routingKey: other }, [{ value: 'after' }]);
    assert.equal(after.confirmed, 1);
  });
});
