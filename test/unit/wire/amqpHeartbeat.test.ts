/**
 * Heartbeats as RabbitMQ runs them: the server sends a heartbeat frame when it has written nothing
 * for half the negotiated interval, and drops a client it has not heard from for two intervals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RabbitBroker } from '../../../src/extension/core/simulator/rabbitmq/broker.js';
import { createAmqpListener } from '../../../src/extension/core/wire/amqp/amqpListener.js';
import { FrameType, HEARTBEAT_FRAME, Method } from '../../../src/extension/core/wire/amqp/codec.js';
import type { WireListener } from '../../../src/extension/core/wire/listener.js';
import { RawPeer } from '../../support/rawAmqp.js';

describe('AMQP listener heartbeats', () => {
  let listener: WireListener;
  const logs: string[] = [];
  before(async () => {
    listener = createAmqpListener(new RabbitBroker({ clock: { now: () => Date.now() } }), { port: 0, heartbeatSeconds: 1, log: (l, m) => logs.push(`${l} ${m}`) });
    await listener.start();
  });
  after(async () => {
    await listener?.stop();
  });

  it('proposes its heartbeat in connection.tune', async () => {
    const p = await RawPeer.open(listener.address!.port, 1);
    assert.equal((await p.waitFor(Method.ConnectionTune)).args?.['heartbeat'], 1);
    p.destroy();
  });

  it('sends heartbeats to a quiet client that sends its own, and keeps it', async () => {
    const p = await RawPeer.open(listener.address!.port, 1);
    const beat = setInterval(() => p.send(HEARTBEAT_FRAME), 300);
    try {
      await new Promise((r) => setTimeout(r, 2600));
      assert.ok(p.frames.filter((f) => f.type === FrameType.HEARTBEAT).length >= 2, 'at least two heartbeats in 2.6 s');
      assert.equal(p.closed, false);
    } finally {
      clearInterval(beat);
      p.destroy();
    }
  });

  it('drops a client that stays silent for two intervals, with a log line', async () => {
    const p = await RawPeer.open(listener.address!.port, 1);
    const port = p.socket.localPort;
    assert.equal(await p.waitClosed(4000), true);
    assert.ok(logs.some((l) => l.includes(`:${port}`) && /missed heartbeats/.test(l)));
  });
});
