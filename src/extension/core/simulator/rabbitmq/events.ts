/**
 * Events the simulated RabbitMQ broker reports. A runtime puts them in an EventBuffer; when no
 * listener is set the engine builds no event objects at all, so the hot path stays allocation-free.
 */

/** Kinds of engine event. */
export type RabbitEventType =
  | 'published'
  | 'routed'
  | 'unroutable'
  | 'enqueued'
  | 'delivered'
  | 'acked'
  | 'nacked'
  | 'requeued'
  | 'dead-lettered'
  | 'expired'
  | 'dropped';

/**
 * One engine event. Every event has the same shape (unused fields undefined) so V8 keeps them
 * monomorphic.
 */
export interface RabbitEvent {
  readonly type: RabbitEventType;
  /** Clock time (ms) at which it happened. */
  readonly time: number;
  /** Engine message id (see PublishResult.messageId). */
  readonly messageId: number;
  readonly exchange: string | undefined;
  readonly routingKey: string | undefined;
  readonly queue: string | undefined;
  readonly consumerTag: string | undefined;
  readonly deliveryTag: number | undefined;
  /**
   * 'routed': number of queues; 'dead-lettered'/'dropped'/'nacked': the reason ('rejected',
   * 'expired', 'maxlen', 'delivery_limit', 'reject-publish', 'purged', 'deleted', 'restart', 'cycle',
   * 'no-dlx-route'); 'unroutable': 'returned' when mandatory, else 'dropped'.
   */
  readonly detail: string | number | undefined;
}

/** Receives engine events. */
export type RabbitEventListener = (event: RabbitEvent) => void;

/** Builds an event; only called when a listener is set. */
export function makeEvent(
  type: RabbitEventType,
  time: number,
  messageId: number,
  queue?: string,
  detail?: string | number,
  exchange?: string,
  routingKey?: string,
  consumerTag?: string,
  deliveryTag?: number,
): RabbitEvent {
  return { type, time, messageId, exchange, routingKey, queue, consumerTag, deliveryTag, detail };
}
