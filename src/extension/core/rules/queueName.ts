/**
 * What RabbitMQ accepts as a queue name, stated once for the real adapter and the simulator: a
 * shortstr of at most 255 UTF-8 bytes (the broker closes the channel otherwise). An empty name makes
 * RabbitMQ invent one (amq.gen-…), which a Create Queue never means, so both adapters refuse it.
 */
import { BrokerError } from '../model/errors.js';

/** The AMQP 0-9-1 shortstr limit, in bytes. */
export const QUEUE_NAME_MAX_BYTES = 255;

/** Throws 'invalidInput' with one sentence when `name` cannot name a queue the user creates. */
export function assertQueueName(name: string, action: string): void {
  if (name === '') {
    throw new BrokerError('invalidInput', `${action} failed: the name is empty, and RabbitMQ would make one up (amq.gen-…). Give the queue a name.`);
  }
  const bytes = new TextEncoder().encode(name).length;
  if (bytes > QUEUE_NAME_MAX_BYTES) {
    throw new BrokerError('invalidInput', `${action} failed: the name is ${bytes} bytes long and RabbitMQ allows at most ${QUEUE_NAME_MAX_BYTES}. Use a shorter name.`);
  }
}
