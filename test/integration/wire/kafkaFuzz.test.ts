/**
 * Fuzzes the Kafka listener with malformed frames (bounded: a fixed number of connections, each
 * given at most a second): random bytes, impossible sizes, and valid requests of every served API
 * with bytes flipped or cut short. The listener must not crash or hang, must close each bad
 * connection with a log line, must keep memory bounded, and a well-behaved client on another
 * connection must notice nothing.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { SERVED } from '../../../src/extension/core/wire/kafka/apis.js';
import { WireWriter } from '../../../src/extension/core/wire/kafka/bytes.js';
import { encodeMessage } from '../../../src/extension/core/wire/kafka/schema.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { startListener, type MemoryLog } from '../../contract/kafkaWire/support.js';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A well-formed request frame of `apiKey` at `version`, with default field values. */
function frame(apiKey: number, version: number, body: Record<string, unknown>): Buffer {
  const api = SERVED.get(apiKey)!;
  const w = new WireWriter(64);
  w.int32(0);
  w.int16(apiKey);
  w.int16(version);
  w.int32(7);
  w.int16(4);
  w.raw(Buffer.from('fuzz'));
  if (version >= api.request.flexible) w.uvarint(0);
  encodeMessage(api.request, version, body, w);
  w.patchInt32(0, w.pos - 4);
  return Buffer.from(w.finish());
}

/** One valid frame per served API and version range end, as seeds for mutation. */
function seeds(): Buffer[] {
  const out: Buffer[] = [];
  const bodies: Record<string, Record<string, unknown>> = {
    Produce: { acks: -1, timeoutMs: 1000, topicData: [{ name: 'orders', partitionData: [{ index: 0, records: Buffer.alloc(70, 1) }] }] },
    Fetch: { maxWaitMs: 50, minBytes: 1, maxBytes: 1000, topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1000 }] }] },
    Metadata: { topics: null },
    JoinGroup: { groupId: 'fuzz', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 200, memberId: '', protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0]) }] },
    CreateTopics: { topics: [{ name: 'fuzz-topic', numPartitions: 1, replicationFactor: 1 }], timeoutMs: 1000 },
    SaslAuthenticate: { authBytes: Buffer.from('\u0000u\u0000p') },
  };
  for (const api of SERVED.values()) {
    for (const version of new Set([api.min, api.max])) {
      try {
        out.push(frame(api.key, version, bodies[api.name] ?? {}));
      } catch {
        out.push(frame(api.key, version, {})); // the body does not fit this version (null topics in Metadata v0)
      }
    }
  }
  return out;
}

/** Sends `bytes` on a new connection; resolves when the server closes it or after `ms`. */
function poke(port: number, bytes: Buffer, ms: number): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let settled = false;
    const done = (how: 'closed' | 'open'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(how);
    };
    const timer = setTimeout(() => done('open'), ms);
    socket.on('data', () => undefined);
    socket.on('close', () => done('closed'));
    socket.on('error', () => done('closed'));
    socket.on('connect', () => socket.write(bytes));
  });
}

describe('Kafka listener under malformed frames', () => {
  let listener: WireListener;
  let bootstrap: string;
  let log: MemoryLog;
  let port: number;
  let producer: Producer;

  before(async () => {
    ({ listener, bootstrap, log } = await startListener());
    port = listener.address!.port;
    producer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  after(async () => {
    await producer?.disconnect();
    await listener?.stop();
  });

  it('closes connections that send impossible sizes or non-Kafka bytes, each with a log line', async () => {
    const cases = [
      Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]), // 2 GiB frame
      Buffer.from([0xff, 0xff, 0xff, 0xf0]), // negative size
      Buffer.from([0, 0, 0, 2, 0, 0]), // shorter than a header
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from([0, 0, 0, 8, 0x7f, 0x00, 0, 0, 0, 0, 0, 1]), // unknown API key 32512
    ];
    const before = log.lines.length;
    for (const bytes of cases) assert.equal(await poke(port, bytes, 1000), 'closed', `not closed: ${bytes.toString('hex')}`);
    const closing = log.lines.slice(before).filter((l) => l.includes('closing'));
    assert.equal(closing.length, cases.length, closing.join('\n'));
  });

  it('survives 400 mutated requests of every served API: no crash, no hang, memory bounded, the good client unaffected', async () => {
    const random = rng(13);
    const pool = seeds();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    let closed = 0;
    for (let i = 0; i < 400 && Date.now() - started < 60000; i++) {
      const seed = pool[Math.floor(random() * pool.length)]!;
      const bytes = Buffer.from(seed);
      const mode = random();
      if (mode < 0.6) {
        // Flip a few bytes after the size prefix (the size stays, so the frame is delivered whole).
        for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
          const at = 4 + Math.floor(random() * (bytes.length - 4));
          bytes[at] = Math.floor(random() * 256);
        }
      } else if (mode < 0.85) {
        // Cut the body short but keep the size prefix consistent with what is sent.
        const cut = 4 + 8 + Math.floor(random() * Math.max(1, bytes.length - 12));
        bytes.writeInt32BE(cut - 4, 0);
        await poke(port, bytes.subarray(0, cut), 300).then((r) => { if (r === 'closed') closed++; });
        continue;
      } else {
        // Random garbage after a valid header.
        for (let k = 12; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
      }
      if ((await poke(port, bytes, 300)) === 'closed') closed++;
      if (i % 100 === 99) {
        const [meta] = await producer.send({ topic: 'orders', messages: [{ key: `k${i}`, value: 'still here' }] });
        assert.equal(meta?.errorCode, 0);
      }
    }
    assert.ok(closed > 100, `only ${closed} bad connections were closed by the listener`);
    assert.equal(listener.state, 'listening');
    // Connections the test closed itself are gone too: only the good producer's remain.
    for (let i = 0; i < 50 && listener.connections().some((c) => c.clientId === 'fuzz'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(listener.connections().filter((c) => c.clientId === 'fuzz').length, 0);
    global.gc?.();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(grown < 64 * 1024 * 1024, `heap grew by ${Math.round(grown / 1048576)} MiB`);
    assert.ok(log.lines.some((l) => l.includes('malformed')), 'a malformed request is named in the log');
    assert.deepEqual(log.lines.filter((l) => l.includes('internal error')), [], 'every bad request is refused by the codec or answered with an error code, never by a handler crash');
    const [meta] = await producer.send({ topic: 'orders', messages: [{ key: 'after', value: 'fuzz' }] });
    assert.equal(meta?.errorCode, 0);
  });
});
