/**
 * Fuzzing the AMQP listener with malformed frames (bounded: at most 400 connections or 6 seconds, a
 * fixed seed so a failure repeats): valid frames mutated (bytes flipped, cut, inserted, channel and
 * type changed, frames repeated) after a valid handshake or inside it. The listener must not crash
 * or hang, every connection it closes leaves a log line, memory stays bounded, and a well-behaved
 * amqplib client connected throughout keeps working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as amqp from 'amqplib';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import { FrameType, Method, PROTOCOL_HEADER, encodeHeaderFrame, encodeMethod, bodyFrame } from '../../../src/extension/core/wire/amqp/codec.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { RawPeer, rawFrame } from '../../support/rawAmqp.js';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid frames on channel 1 of an open connection: the corpus the mutations start from. */
function corpus(): Buffer[] {
  const table = { 'x-message-ttl': 1000, nested: { a: [1, 'two', { b: true }] }, bytes: Buffer.from([1, 2, 3]) };
  return [
    encodeMethod(Method.QueueDeclare, 1, { queue: 'fuzz.q', durable: false, arguments: table }),
    encodeMethod(Method.ExchangeDeclare, 1, { exchange: 'fuzz.x', type: 'topic', durable: false, arguments: {} }),
    encodeMethod(Method.QueueBind, 1, { queue: 'fuzz.q', exchange: 'fuzz.x', routingKey: 'a.#', arguments: {} }),
    Buffer.concat([
      encodeMethod(Method.BasicPublish, 1, { exchange: 'fuzz.x', routingKey: 'a.b', mandatory: true, immediate: false }),
      encodeHeaderFrame(1, 5, { headers: table, messageId: 'm', deliveryMode: 2 }),
      bodyFrame(1, Buffer.from('hello'), 0, 5),
    ]),
    encodeMethod(Method.BasicQos, 1, { prefetchCount: 3 }),
    encodeMethod(Method.BasicConsume, 1, { queue: 'fuzz.q', consumerTag: '', arguments: {} }),
    encodeMethod(Method.BasicAck, 1, { deliveryTag: 1, multiple: true }),
    encodeMethod(Method.BasicGet, 1, { queue: 'fuzz.q', noAck: false }),
    encodeMethod(Method.ConfirmSelect, 1, {}),
    encodeMethod(Method.ChannelOpen, 2, { outOfBand: '' }),
    rawFrame(FrameType.HEARTBEAT, 0, Buffer.alloc(0)),
  ];
}

function mutate(rand: () => number, frames: Buffer[]): Buffer {
  const pick = (): Buffer => Buffer.from(frames[Math.floor(rand() * frames.length)]!);
  let b = Buffer.concat(Array.from({ length: 1 + Math.floor(rand() * 3) }, pick));
  switch (Math.floor(rand() * 7)) {
    case 0: // flip bytes
      for (let i = 0; i < 1 + rand() * 4; i++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      break;
    case 1: // cut
      b = b.subarray(0, Math.floor(rand() * b.length));
      break;
    case 2: { // insert random bytes
      const at = Math.floor(rand() * b.length);
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 256)));
      b = Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
      break;
    }
    case 3: // another channel
      b.writeUInt16BE(Math.floor(rand() * 65536), 1);
      break;
    case 4: // another frame type
      b[0] = Math.floor(rand() * 10);
      break;
    case 5: // a size field that lies
      b.writeUInt32BE(Math.floor(rand() * 0xffffffff), 3);
      break;
    default: // pure noise
      b = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
  }
  return b;
}

describe('AMQP listener under malformed frames (fuzz)', () => {
  let listener: WireListener;
  let port = 0;
  const logs: string[] = [];

  before(async () => {
    listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), {
      port: 0, handshakeTimeoutMs: 300, closeTimeoutMs: 100, log: (level, m) => logs.push(`${level} ${m}`),
    });
    await listener.start();
    port = listener.address!.port;
  });
  after(async () => {
    await listener?.stop();
  });

  it('survives, closes bad connections with a log line, keeps memory bounded and other clients working', async (t) => {
    const healthy = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`);
    const hch = await healthy.createConfirmChannel();
    await hch.assertQueue('healthy.q', { durable: false });
    const roundTrip = async (i: number): Promise<void> => {
      await new Promise<void>((resolve, reject) => hch.sendToQueue('healthy.q', Buffer.from(`ok ${i}`), {}, (e: unknown) => (e ? reject(e) : resolve())));
      const m = await hch.get('healthy.q', { noAck: true });
      assert.equal(m && m.content.toString(), `ok ${i}`);
    };

    const rand = mulberry32(0x5eed);
    const frames = corpus();
    const heapBefore = process.memoryUsage().heapUsed;
    const deadline = Date.now() + 6000;
    let runs = 0;
    let closedByServer = 0;
    const unlogged: number[] = [];
    // Ten bad connections at a time; each gets 150 ms to be closed by the server, then goes.
    const one = async (inHandshake: boolean, sends: Buffer[]): Promise<void> => {
      const peer = inHandshake ? await RawPeer.connect(port) : await RawPeer.open(port);
      const localPort = peer.socket.localPort;
      for (const b of sends) peer.send(b);
      if (await peer.waitClosed(150)) {
        closedByServer++;
        // The socket can close a moment before the line is written; give it a turn.
        await new Promise((r) => setImmediate(r));
        if (!logs.some((l) => l.includes(`:${localPort}`))) unlogged.push(localPort!);
      }
      peer.destroy();
    };
    while (runs < 400 && Date.now() < deadline) {
      const batch: Promise<void>[] = [];
      for (let j = 0; j < 10; j++, runs++) {
        const inHandshake = rand() < 0.2;
        const sends = inHandshake
          ? [mutate(rand, [PROTOCOL_HEADER, encodeMethod(Method.ConnectionStartOk, 0, { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0guest\0guest'), locale: 'en_US' })])]
          : Array.from({ length: 1 + Math.floor(rand() * 3) }, () => mutate(rand, frames));
        batch.push(one(inHandshake, sends));
      }
      await Promise.all(batch);
      await roundTrip(runs);
    }
    await roundTrip(-1);

    // Every fuzz socket is gone; only the healthy client is left.
    for (let i = 0; i < 100 && listener.connections().length > 1; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(listener.connections().length, 1, 'only the healthy client should remain');
    assert.equal(listener.state, 'listening');
    t.diagnostic(`${runs} fuzz connections, ${closedByServer} closed by the server, heap growth ${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024)} MB`);
    assert.ok(runs >= 100, `ran ${runs} fuzz connections`);
    assert.ok(closedByServer >= runs / 4, `the server closed ${closedByServer} of ${runs} bad connections`);
    assert.deepEqual(unlogged, [], 'every connection the server closed has a log line');
    const growth = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(growth < 64 * 1024 * 1024, `heap grew by ${Math.round(growth / 1024 / 1024)} MB`);
    await healthy.close();
  });
});
