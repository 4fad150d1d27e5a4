/**
 * Shared set-up for the RabbitMQ model tests: a broker on a virtual clock that records events.
 */
import { VirtualClock } from '../../../../src/extension/core/simulator/clock.js';
import { RabbitBroker } from '../../../../src/extension/core/simulator/rabbitmq/broker.js';
import type { RabbitEvent } from '../../../../src/extension/core/simulator/rabbitmq/events.js';
import type { Delivery, PublishOptions, PublishResult } from '../../../../src/extension/core/simulator/rabbitmq/types.js';

/** A broker, its clock, the events it emitted and one open channel. */
export interface Harness {
  readonly broker: RabbitBroker;
  readonly clock: VirtualClock;
  readonly events: RabbitEvent[];
  readonly ch: number;
  /** Publishes a UTF-8 body on `ch` (or the given channel). */
  pub(exchange: string, routingKey: string, body: string, options?: PublishOptions, channel?: number): PublishResult;
  /** basic.get on `ch`, returning the body text and the delivery. */
  get(queue: string, noAck?: boolean, channel?: number): Delivery | null;
  /** Drains a queue with basic.get (no ack) and returns the bodies. */
  drain(queue: string): string[];
}

/** 2024-01-01T00:00:00Z: a realistic epoch so AMQP second timestamps are readable. */
export const EPOCH = 1_704_067_200_000;

export function harness(): Harness {
  const clock = new VirtualClock(EPOCH);
  const events: RabbitEvent[] = [];
  const broker = new RabbitBroker({ clock, listener: (e) => events.push(e) });
  const ch = broker.openChannel();
  return {
    broker,
    clock,
    events,
    ch,
    pub: (exchange, routingKey, body, options, channel) => broker.publish(channel ?? ch, exchange, routingKey, new TextEncoder().encode(body), options),
    get: (queue, noAck = false, channel) => broker.get(channel ?? ch, queue, { noAck }),
    drain: (queue) => {
      const out: string[] = [];
      const drainCh = broker.openChannel();
      for (let d = broker.get(drainCh, queue, { noAck: true }); d; d = broker.get(drainCh, queue, { noAck: true })) out.push(text(d.body));
      broker.closeChannel(drainCh);
      return out;
    },
  };
}

/** UTF-8 text of bytes. */
export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Runs `fn` and returns the AMQP reply code it threw (fails when it did not throw). */
export function replyCodeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    return (e as { replyCode: number }).replyCode;
  }
  throw new Error('expected an AMQP error');
}
