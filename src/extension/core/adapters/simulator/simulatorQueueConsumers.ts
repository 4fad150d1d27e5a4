/**
 * A simulated queue's consumers, read from the RabbitMQ model without changing anything: the same
 * fields the management API gives for a real queue (tag, channel, prefetch, ack mode, and for a
 * single-active-consumer queue which consumer is active and which wait). The model keeps no rate
 * samples, so `rates` is absent (the studio charts rates over simulated time).
 */
import { BrokerError } from '../../model/errors.js';
import type { QueueConsumersDetail } from '../../model/queueConsumers.js';
import type { RabbitBroker } from '../../simulator/rabbitmq/broker.js';

/** The consumers of `queue` in the model. */
export function simulatedQueueConsumers(broker: RabbitBroker, queue: string): QueueConsumersDetail {
  const snapshot = broker.inspect.queue(queue);
  const q = broker.engine.queues.get(queue);
  if (!snapshot || !q) throw new BrokerError('notFound', `Reading the consumers of queue "${queue}" failed: the simulated RabbitMQ has no such queue. Refresh the explorer.`);
  const sac = q.config.singleActiveConsumer;
  const consumers = q.consumers.all
    .filter((c) => !c.cancelled)
    .map((c, i) => ({
      tag: c.tag,
      channel: `${c.channel.connection.name} (${c.channel.id})`,
      prefetch: c.prefetch,
      ackMode: c.noAck ? ('auto' as const) : ('manual' as const),
      // The oldest consumer of a single-active-consumer queue is the active one; the rest wait.
      active: !sac || i === 0,
      activityStatus: sac ? (i === 0 ? 'single_active' : 'waiting') : 'up',
    }))
    .sort((a, b) => a.tag.localeCompare(b.tag));
  return { queue, type: snapshot.type, ready: snapshot.messages, unacked: snapshot.unacked, singleActiveConsumer: sac, consumers };
}
