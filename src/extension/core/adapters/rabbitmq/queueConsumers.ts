/**
 * A queue's consumers from the management API's queue object (GET /api/queues/{vhost}/{name}):
 * consumer_details (tag, channel, prefetch, ack mode, active and activity status for single active
 * consumer), ready and unacked counts, and the broker's own rate samples (message_stats).
 */
import type { QueueConsumer, QueueConsumersDetail } from '../../model/queueConsumers.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const rate = (stats: Record<string, unknown> | undefined, key: string): number => num((stats?.[`${key}_details`] as { rate?: unknown } | undefined)?.rate);

/** Maps the management API's queue object. */
export function toQueueConsumers(queue: string, q: Record<string, unknown>): QueueConsumersDetail {
  const details = Array.isArray(q.consumer_details) ? (q.consumer_details as Record<string, unknown>[]) : [];
  const args = (q.arguments ?? {}) as Record<string, unknown>;
  const stats = q.message_stats as Record<string, unknown> | undefined;
  const consumers: QueueConsumer[] = details
    .map((c) => {
      const channel = (c.channel_details ?? {}) as Record<string, unknown>;
      return {
        tag: String(c.consumer_tag ?? ''),
        channel: String(channel.name ?? ''),
        prefetch: num(c.prefetch_count),
        ackMode: c.ack_required === false ? ('auto' as const) : ('manual' as const),
        active: c.active !== false,
        ...(typeof c.activity_status === 'string' ? { activityStatus: c.activity_status } : {}),
      };
    })
    .sort((a, b) => a.tag.localeCompare(b.tag));
  return {
    queue,
    ...(typeof q.type === 'string' ? { type: q.type } : {}),
    ready: num(q.messages_ready),
    unacked: num(q.messages_unacknowledged),
    singleActiveConsumer: args['x-single-active-consumer'] === true,
    consumers,
    rates: { publish: rate(stats, 'publish'), deliver: rate(stats, 'deliver_get'), ack: rate(stats, 'ack') },
  };
}
