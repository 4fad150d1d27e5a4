/**
 * amqplib cases for the AMQP listener contract (amqpWire.contract.test.ts). Each `run` does what a
 * service would do against a broker URL and returns what the client observed, with nothing
 * broker-specific in it (no generated names, no times), so the same case on two brokers can be
 * compared with deepEqual; `expect` checks the behaviour on its own.
 */
import assert from 'node:assert/strict';
import * as amqp from 'amqplib';

/** One case. `prefix` makes every resource name unique to this run. */
export interface AmqpCase {
  readonly name: string;
  run(url: string, prefix: string): Promise<unknown>;
  expect(observed: unknown): void;
}

type Obs = Record<string, unknown>;

/** An amqplib error as a client sees it: the reply code and the message amqplib builds from the reply text. */
function errorShape(e: unknown): Obs {
  const err = e as { code?: unknown; message?: unknown };
  return { code: err.code ?? null, message: String(err.message) };
}

async function withConnection<T>(url: string, fn: (c: amqp.ChannelModel) => Promise<T>): Promise<T> {
  const c = await amqp.connect(url);
  c.on('error', () => undefined);
  try {
    return await fn(c);
  } finally {
    await c.close().catch(() => undefined);
  }
}

async function confirmChannel(c: amqp.ChannelModel): Promise<amqp.ConfirmChannel> {
  const ch = await c.createConfirmChannel();
  ch.on('error', () => undefined);
  return ch;
}

function publishConfirmed(ch: amqp.ConfirmChannel, exchange: string, key: string, body: Buffer, options: amqp.Options.Publish = {}): Promise<'ack' | 'nack'> {
  return new Promise((resolve) => ch.publish(exchange, key, body, options, (err: unknown) => resolve(err ? 'nack' : 'ack')));
}

/** What a delivered message looks like to the client, minus what differs by design (delivery tags are compared too). */
function messageShape(m: amqp.Message | false | null): Obs | null {
  if (!m) return null;
  const { contentType, contentEncoding, headers, deliveryMode, priority, correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId } = m.properties;
  return {
    body: m.content.toString('utf8'),
    fields: { ...m.fields },
    properties: { contentType, contentEncoding, headers, deliveryMode, priority, correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId },
  };
}

/** x-death minus its time (different on every run). */
function deathShape(headers: Record<string, unknown> | undefined): unknown {
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths)) return deaths;
  return deaths.map((d: Record<string, unknown>) => ({ ...d, time: typeof d['time'] }));
}

function until(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await until(10);
}

const FULL_PROPS: amqp.Options.Publish = {
  contentType: 'application/json', contentEncoding: 'utf-8', headers: { trace: 'abc', attempt: 3, big: 70000, flag: true, nested: { a: 1 }, list: ['x', 2] },
  deliveryMode: 2, priority: 4, correlationId: 'c-1', replyTo: 'replies', expiration: '60000', messageId: 'm-1', timestamp: 1700000000, type: 'order.created',
  userId: 'guest', appId: 'orders',
};

export const amqpCases: readonly AmqpCase[] = [
  {
    name: 'publish with confirms, get, nack with requeue: the redelivered flag and the message count',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.q`;
      const declared = await ch.assertQueue(q, { durable: false });
      const confirms = [];
      for (let i = 1; i <= 3; i++) confirms.push(await publishConfirmed(ch, '', q, Buffer.from(`m${i}`), i === 1 ? FULL_PROPS : { headers: { n: i } }));
      await ch.waitForConfirms();
      const first = await ch.get(q);
      ch.nack(first as amqp.Message, false, true);
      const again = await ch.get(q);
      const second = await ch.get(q, { noAck: true });
      ch.reject(again as amqp.Message, false);
      const third = await ch.get(q);
      ch.ack(third as amqp.Message);
      const empty = await ch.get(q);
      const check = await ch.checkQueue(q);
      await ch.deleteQueue(q);
      return {
        declared: { messageCount: declared.messageCount, consumerCount: declared.consumerCount }, confirms,
        first: messageShape(first), again: messageShape(again), second: messageShape(second), third: messageShape(third), empty, left: check.messageCount,
      };
    }),
    expect: (o) => {
      const x = o as Obs;
      assert.deepEqual(x['confirms'], ['ack', 'ack', 'ack']);
      assert.equal((x['first'] as Obs & { fields: Obs })['fields']['redelivered'], false);
      assert.equal((x['again'] as Obs & { fields: Obs })['fields']['redelivered'], true);
      assert.deepEqual((x['first'] as { properties: Obs })['properties']['headers'], FULL_PROPS.headers);
      assert.equal(x['empty'], false);
      assert.equal(x['left'], 0);
    },
  },
  {
    name: 'mandatory publish with no route: basic.return before the confirm, with the message as published',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const events: unknown[] = [];
      ch.on('return', (m: amqp.Message) => events.push({ returned: messageShape(m) }));
      const confirm = await publishConfirmed(ch, 'amq.direct', `${p}.nowhere`, Buffer.from('lost?'), { mandatory: true, headers: { k: 'v' }, messageId: 'r-1' });
      events.push({ confirm });
      const plain = await publishConfirmed(ch, 'amq.direct', `${p}.nowhere`, Buffer.from('dropped'), {});
      events.push({ confirm: plain });
      await until(50);
      return events;
    }),
    expect: (o) => {
      const e = o as Obs[];
      assert.equal(e.length, 3);
      const r = (e[0] as { returned: { fields: Obs; body: string } }).returned;
      assert.equal(r.fields['replyCode'], 312);
      assert.equal(r.fields['replyText'], 'NO_ROUTE');
      assert.equal(r.body, 'lost?');
      assert.deepEqual(e[1], { confirm: 'ack' });
    },
  },
  {
    name: 'consumers: prefetch limits unacked deliveries, ack lets the next one through, cancel stops delivery',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.q`;
      await ch.assertQueue(q, { durable: false });
      for (let i = 1; i <= 5; i++) await publishConfirmed(ch, '', q, Buffer.from(`m${i}`));
      const sub = await c.createChannel();
      await sub.prefetch(2);
      const got: amqp.Message[] = [];
      const { consumerTag } = await sub.consume(q, (m) => m && got.push(m), { consumerTag: `${p}.ctag` });
      await waitFor(() => got.length >= 2);
      await until(100);
      const withPrefetch = got.length;
      sub.ack(got[0]!);
      await waitFor(() => got.length >= 3);
      await until(100);
      const afterAck = got.length;
      sub.ack(got[2]!, true);
      await waitFor(() => got.length >= 5);
      await sub.cancel(consumerTag);
      for (let i = 6; i <= 7; i++) await publishConfirmed(ch, '', q, Buffer.from(`m${i}`));
      await until(100);
      const afterCancel = got.length;
      const check = await ch.checkQueue(q);
      await sub.close();
      const afterClose = await ch.checkQueue(q);
      await ch.deleteQueue(q);
      return {
        consumerTag, withPrefetch, afterAck, afterCancel, bodies: got.map((m) => m.content.toString()), tags: got.map((m) => m.fields.deliveryTag),
        ready: check.messageCount, consumers: check.consumerCount, readyAfterClose: afterClose.messageCount,
      };
    }),
    expect: (o) => {
      const x = o as Obs;
      assert.equal(x['withPrefetch'], 2);
      assert.equal(x['afterAck'], 3);
      assert.equal(x['afterCancel'], 5);
      assert.equal(x['ready'], 2);
      assert.equal(x['readyAfterClose'], 4, 'closing the channel requeues its two unacked messages');
    },
  },
  {
    name: 'basic.recover and nack multiple requeue with the redelivered flag; ack multiple settles the rest',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.q`;
      await ch.assertQueue(q, { durable: false });
      for (let i = 1; i <= 4; i++) await publishConfirmed(ch, '', q, Buffer.from(`m${i}`));
      const sub = await c.createChannel();
      const seen: Obs[] = [];
      const msgs: amqp.Message[] = [];
      await sub.consume(q, (m) => {
        if (!m) return;
        msgs.push(m);
        seen.push({ body: m.content.toString(), redelivered: m.fields.redelivered, tag: m.fields.deliveryTag });
      });
      await waitFor(() => msgs.length >= 4);
      await sub.recover();
      await waitFor(() => msgs.length >= 8);
      sub.nack(msgs[5]!, true, true);
      await waitFor(() => msgs.length >= 10);
      sub.ackAll();
      await until(100);
      const check = await ch.checkQueue(q);
      await ch.deleteQueue(q);
      return { seen, ready: check.messageCount };
    }),
    expect: (o) => {
      const x = o as { seen: Obs[]; ready: number };
      assert.equal(x.seen.length, 10);
      assert.deepEqual(x.seen.slice(4, 8).map((s) => s['redelivered']), [true, true, true, true]);
      assert.equal(x.ready, 0);
    },
  },
  {
    name: 'exchanges and bindings: topic, fanout, exchange-to-exchange, unbind, purge and delete counts',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const topic = `${p}.topic`;
      const fan = `${p}.fan`;
      const [a, b, d] = [`${p}.a`, `${p}.b`, `${p}.d`];
      await ch.assertExchange(topic, 'topic', { durable: false });
      await ch.assertExchange(fan, 'fanout', { durable: false });
      for (const q of [a, b, d]) await ch.assertQueue(q, { durable: false });
      await ch.bindQueue(a, topic, 'order.*');
      await ch.bindQueue(b, topic, 'order.#');
      await ch.bindExchange(fan, topic, '#.audit');
      await ch.bindQueue(d, fan, '');
      for (const key of ['order.created', 'order.eu.shipped', 'user.audit', 'order.audit']) await publishConfirmed(ch, topic, key, Buffer.from(key));
      const counts1 = await Promise.all([a, b, d].map(async (q) => (await ch.checkQueue(q)).messageCount));
      await ch.unbindQueue(b, topic, 'order.#');
      await ch.unbindExchange(fan, topic, '#.audit');
      await publishConfirmed(ch, topic, 'order.audit', Buffer.from('again'));
      const counts2 = await Promise.all([a, b, d].map(async (q) => (await ch.checkQueue(q)).messageCount));
      const purged = await ch.purgeQueue(a);
      const deleted = await ch.deleteQueue(b);
      await ch.deleteQueue(a);
      await ch.deleteQueue(d);
      await ch.deleteExchange(topic);
      await ch.deleteExchange(fan);
      const gone = await ch.checkExchange(topic).then(() => 'exists', (e: unknown) => errorShape(e));
      return { counts1, counts2, purged: purged.messageCount, deleted: deleted.messageCount, gone };
    }),
    expect: (o) => {
      const x = o as Obs;
      assert.deepEqual(x['counts1'], [2, 3, 2]);
      assert.deepEqual(x['counts2'], [3, 3, 2]);
      assert.equal(x['purged'], 3);
      assert.equal((x['gone'] as Obs)['code'], 404);
    },
  },
  {
    name: 'dead-lettering on reject: x-death and x-first-death headers as RabbitMQ writes them',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const dlx = `${p}.dlx`;
      const dlq = `${p}.dlq`;
      const q = `${p}.work`;
      await ch.assertExchange(dlx, 'fanout', { durable: false });
      await ch.assertQueue(dlq, { durable: false });
      await ch.bindQueue(dlq, dlx, '');
      await ch.assertQueue(q, { durable: false, arguments: { 'x-dead-letter-exchange': dlx } });
      await publishConfirmed(ch, '', q, Buffer.from('bad'), { headers: { keep: 'me' }, expiration: '50000' });
      const m = await ch.get(q);
      ch.reject(m as amqp.Message, false);
      let dead: amqp.GetMessage | false = false;
      for (let i = 0; i < 50 && !dead; i++) {
        dead = await ch.get(dlq, { noAck: true });
        if (!dead) await until(20);
      }
      const shape = messageShape(dead) as { properties: { headers: Record<string, unknown> } } | null;
      const headers = shape?.properties.headers;
      for (const x of [q, dlq]) await ch.deleteQueue(x);
      await ch.deleteExchange(dlx);
      return { ...shape, properties: { ...shape?.properties, headers: { ...headers, 'x-death': deathShape(headers) } } };
    }),
    expect: (o) => {
      const h = (o as { properties: { headers: Record<string, unknown> } }).properties.headers;
      assert.equal(h['x-first-death-reason'], 'rejected');
      assert.equal(h['keep'], 'me');
      assert.equal((h['x-death'] as Obs[])[0]!['count'], 1);
    },
  },
  {
    name: 'a message larger than frame_max comes back whole',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.big`;
      await ch.assertQueue(q, { durable: false });
      const body = Buffer.alloc(300_000);
      for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
      await publishConfirmed(ch, '', q, body);
      const m = await ch.get(q, { noAck: true });
      await ch.deleteQueue(q);
      return { same: m && Buffer.compare(m.content, body) === 0, length: m && m.content.length };
    }),
    expect: (o) => assert.deepEqual(o, { same: true, length: 300_000 }),
  },
  {
    name: 'server-named exclusive queue, and its use from another connection is 405 RESOURCE_LOCKED',
    run: (url) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = await ch.assertQueue('', { exclusive: true });
      const other = await withConnection(url, async (c2) => {
        const ch2 = await c2.createChannel();
        ch2.on('error', () => undefined);
        return ch2.checkQueue(q.queue).then(() => 'ok', (e: unknown) => errorShape(e));
      });
      return { generated: q.queue.startsWith('amq.gen-'), other: { ...(other as Obs), message: String((other as Obs)['message']).replace(q.queue, '<queue>') } };
    }),
    expect: (o) => {
      const x = o as { generated: boolean; other: Obs };
      assert.equal(x.generated, true);
      assert.equal(x.other['code'], 405);
    },
  },
  {
    name: 'a consumer whose queue is deleted is cancelled by the broker (consumer_cancel_notify)',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const q = `${p}.q`;
      await ch.assertQueue(q, { durable: false });
      const sub = await c.createChannel();
      const events: unknown[] = [];
      await sub.consume(q, (m) => events.push(m === null ? 'cancelled by broker' : m.content.toString()), { consumerTag: `${p}.ctag` });
      await publishConfirmed(ch, '', q, Buffer.from('one'));
      await waitFor(() => events.length >= 1);
      const deleted = await ch.deleteQueue(q);
      await waitFor(() => events.length >= 2);
      await until(50);
      return { events, deleted: deleted.messageCount };
    }),
    expect: (o) => assert.deepEqual(o, { events: ['one', 'cancelled by broker'], deleted: 0 }),
  },
  {
    name: 'message TTL with a dead-letter exchange: expired messages reach the retry queue on time',
    run: (url, p) => withConnection(url, async (c) => {
      const ch = await confirmChannel(c);
      const dlx = `${p}.retry`;
      const target = `${p}.target`;
      const delay = `${p}.delay`;
      await ch.assertExchange(dlx, 'direct', { durable: false });
      await ch.assertQueue(target, { durable: false });
      await ch.bindQueue(target, dlx, 'later');
      await ch.assertQueue(delay, { durable: false, arguments: { 'x-message-ttl': 150, 'x-dead-letter-exchange': dlx, 'x-dead-letter-routing-key': 'later' } });
      const got: Obs[] = [];
      await ch.consume(target, (m) => m && got.push({ body: m.content.toString(), routingKey: m.fields.routingKey, reason: (m.properties.headers?.['x-death'] as Obs[] | undefined)?.[0]?.['reason'] }), { noAck: true });
      const t0 = Date.now();
      await publishConfirmed(ch, '', delay, Buffer.from('retry me'));
      await waitFor(() => got.length >= 1, 3000);
      const waited = Date.now() - t0;
      const left = (await ch.checkQueue(delay)).messageCount;
      for (const q of [target, delay]) await ch.deleteQueue(q);
      await ch.deleteExchange(dlx);
      return { got, left, onTime: waited >= 140 && waited < 1500 };
    }),
    expect: (o) => assert.deepEqual(o, { got: [{ body: 'retry me', routingKey: 'later', reason: 'expired' }], left: 0, onTime: true }),
  },
  {
    name: 'delete if-unused / if-empty and a global prefetch shared by the channel\'s consumers',
    run: (url, p) => withConnection(url, async (c) => {
      const out: Obs = {};
      const q1 = `${p}.a`;
      const q2 = `${p}.b`;
      const ch = await confirmChannel(c);
      await ch.assertQueue(q1, { durable: false });
      await ch.assertQueue(q2, { durable: false });
      for (const q of [q1, q2]) for (let i = 0; i < 3; i++) await publishConfirmed(ch, '', q, Buffer.from(`${q.slice(-1)}${i}`));
      const sub = await c.createChannel();
      await sub.prefetch(3, true);
      const got: string[] = [];
      await sub.consume(q1, (m) => m && got.push(m.content.toString()));
      await sub.consume(q2, (m) => m && got.push(m.content.toString()));
      await waitFor(() => got.length >= 3);
      await until(150);
      out['globalPrefetch'] = got.length;
      const q3 = `${p}.c`;
      await ch.assertQueue(q3, { durable: false });
      await publishConfirmed(ch, '', q3, Buffer.from('still here'));
      const probe = await confirmChannel(c);
      out['ifEmpty'] = await probe.deleteQueue(q3, { ifEmpty: true }).then(() => 'deleted', (e: unknown) => errorShape(e));
      const probe2 = await confirmChannel(c);
      out['ifUnused'] = await probe2.deleteQueue(q2, { ifUnused: true }).then(() => 'deleted', (e: unknown) => errorShape(e));
      await sub.close();
      const ch2 = await confirmChannel(c);
      for (const q of [q1, q2, q3]) await ch2.deleteQueue(q);
      return out;
    }),
    expect: (o) => {
      const x = o as Record<string, Obs>;
      assert.equal(x['globalPrefetch'], 3);
      assert.equal(x['ifEmpty']!['code'], 406);
      assert.equal(x['ifUnused']!['code'], 406);
    },
  },
  {
    name: 'the usual mistakes: the same reply codes and texts (404, 406, 403, unknown delivery tag, user-id)',
    run: (url, p) => withConnection(url, async (c) => {
      const out: Obs = {};
      const attempt = async (label: string, op: (ch: amqp.ConfirmChannel) => Promise<unknown>): Promise<void> => {
        const ch = await confirmChannel(c);
        const closed = new Promise<unknown>((resolve) => ch.once('error', resolve));
        try {
          await op(ch);
          out[label] = errorShape(await Promise.race([closed, until(1000).then(() => ({ code: 'no error', message: '' }))]));
        } catch (e) {
          out[label] = errorShape(e);
        }
      };
      await attempt('missingQueue', (ch) => ch.checkQueue(`${p}.missing`));
      await attempt('missingExchange', (ch) => ch.checkExchange(`${p}.missing`));
      await attempt('declareMismatch', async (ch) => {
        await ch.assertQueue(`${p}.q`, { durable: false });
        await ch.assertQueue(`${p}.q`, { durable: true });
      });
      await attempt('exchangeMismatch', async (ch) => {
        await ch.assertExchange(`${p}.x`, 'direct', { durable: false });
        await ch.assertExchange(`${p}.x`, 'fanout', { durable: false });
      });
      await attempt('reservedName', (ch) => ch.assertExchange(`amq.${p}`, 'direct'));
      await attempt('publishToMissingExchange', async (ch) => {
        ch.publish(`${p}.missing`, 'k', Buffer.from('x'));
        await until(200);
      });
      await attempt('unknownDeliveryTag', async (ch) => {
        ch.ack({ fields: { deliveryTag: 99 } } as amqp.Message);
        await until(200);
      });
      await attempt('wrongUserId', async (ch) => {
        ch.publish('', `${p}.q`, Buffer.from('x'), { userId: 'someone-else' });
        await until(200);
      });
      await attempt('bindToMissingQueue', (ch) => ch.bindQueue(`${p}.missing`, 'amq.direct', 'k'));
      await attempt('badExpiration', async (ch) => {
        ch.publish('', `${p}.q`, Buffer.from('x'), { expiration: '-5' });
        await until(200);
      });
      const ch = await confirmChannel(c);
      await ch.deleteQueue(`${p}.q`);
      await ch.deleteExchange(`${p}.x`);
      return out;
    }),
    expect: (o) => {
      const x = o as Record<string, Obs>;
      assert.equal(x['missingQueue']!['code'], 404);
      assert.equal(x['missingExchange']!['code'], 404);
      assert.equal(x['declareMismatch']!['code'], 406);
      assert.equal(x['exchangeMismatch']!['code'], 406);
      assert.equal(x['reservedName']!['code'], 403);
      assert.equal(x['publishToMissingExchange']!['code'], 404);
      assert.equal(x['unknownDeliveryTag']!['code'], 406);
      assert.equal(x['wrongUserId']!['code'], 406);
      assert.equal(x['bindToMissingQueue']!['code'], 404);
      assert.equal(x['badExpiration']!['code'], 406);
    },
  },
  {
    name: 'connection-level refusals: wrong password 403, missing vhost 530, unknown exchange type 503',
    run: async (url, p) => {
      const u = new URL(url);
      const refused = async (target: string): Promise<Obs> => {
        try {
          const c = await amqp.connect(target);
          await c.close();
          return { code: 'connected', message: '' };
        } catch (e) {
          return errorShape(e);
        }
      };
      const badPassword = await refused(`amqp://guest:wrong-password@${u.host}`);
      const noVhost = await refused(`amqp://guest:guest@${u.host}/${p}-no-such-vhost`);
      const badType = await (async () => {
        const c = await amqp.connect(url);
        const closed = new Promise<unknown>((resolve) => c.once('error', resolve));
        const ch = await c.createChannel();
        ch.on('error', () => undefined);
        const r = await ch.assertExchange(`${p}.x`, 'no-such-type').then(() => 'declared', (e: unknown) => errorShape(e));
        const connErr = errorShape(await Promise.race([closed, until(1000)]));
        return { channel: r, connection: connErr };
      })();
      return { badPassword, noVhost: { ...noVhost, message: String(noVhost['message']).replace(p, '<p>') }, badType };
    },
    expect: (o) => {
      const x = o as Record<string, Obs>;
      assert.match(String(x['badPassword']!['message']), /403 \(ACCESS-REFUSED\)/);
      assert.match(String(x['noVhost']!['message']), /ConnectionClose|530|NOT_ALLOWED/);
      assert.equal((x['badType']!['connection'] as Obs)['code'], 503);
    },
  },
];
