/**
 * The event stream a run gives the panels: one flat, model-neutral shape for the RabbitMQ engine's
 * events, the Kafka engine's events and the runtime's own (crashes, restarts, time skips). Every
 * event has the same fields, so V8 keeps them monomorphic, and they serialize to the same bytes on
 * every run of the same scenario and seed.
 */

/** Event types. The first group is RabbitMQ's, the second Kafka's, the last the runtime's. */
export type SimEventType =
  | 'published' | 'routed' | 'unroutable' | 'enqueued' | 'delivered' | 'acked' | 'nacked' | 'requeued'
  | 'dead-lettered' | 'expired' | 'dropped'
  | 'appended' | 'fetched' | 'committed' | 'rebalanced' | 'retention-deleted' | 'produce-failed' | 'group-state'
  | 'member-joined' | 'member-left' | 'position-reset' | 'topic-created' | 'compacted' | 'offsets-expired'
  | 'consumer-started' | 'consumer-crashed' | 'consumer-stopped' | 'broker-restarted' | 'time-skipped' | 'burst-started'
  | 'processing-failed' | 'commit-failed' | 'duplicate';

/** One event. Unused fields are '' or -1. */
export interface SimEvent {
  /** Position in the run's stream (0, 1, ...), counting events the buffer no longer holds. */
  readonly seq: number;
  /** Simulated ms. */
  readonly time: number;
  readonly model: 'rabbitmq' | 'kafka';
  readonly type: SimEventType;
  /** Runtime message id (see MessageTable), or -1. */
  readonly messageId: number;
  /** Queue or exchange (RabbitMQ), topic or group (Kafka). */
  readonly target: string;
  readonly partition: number;
  readonly offset: number;
  /** Records in a batch, queues routed to, generation of a rebalance, ... */
  readonly count: number;
  /** Consumer instance, as "<consumer id>#<instance>". */
  readonly consumer: string;
  /** A reason or a short description. */
  readonly detail: string;
}

/** Serializes events one JSON line each (stable key order: the interface's). */
export function serializeEvents(events: readonly SimEvent[]): string {
  let out = '';
  for (const e of events) out += `${JSON.stringify(e)}\n`;
  return out;
}

/**
 * FNV-1a over a string, 32 bits, chained: a cheap fingerprint of the whole event stream, including
 * events the bounded buffer has let go.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
