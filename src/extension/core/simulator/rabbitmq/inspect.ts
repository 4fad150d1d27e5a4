/**
 * Read-only views of the simulated broker for adapters and panels. Reading never changes what a
 * consumer would see (no redelivered flag, no delivery count).
 */
import type { RabbitEngine } from './engine.js';
import type { QueueType, StoredMessage } from './types.js';

/** A queue as listed. */
export interface QueueSnapshot {
  readonly name: string;
  readonly type: QueueType;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly exclusive: boolean;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** Ready messages (streams: messages kept). */
  readonly messages: number;
  readonly unacked: number;
  readonly consumers: number;
  /** Bytes of ready message bodies (streams: kept). */
  readonly bytes: number;
  /** Streams only. */
  readonly firstOffset?: number;
  readonly nextOffset?: number;
}

/** An exchange as listed. */
export interface ExchangeSnapshot {
  readonly name: string;
  readonly type: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly internal: boolean;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** A binding as listed. */
export interface BindingSnapshot {
  readonly source: string;
  readonly destination: string;
  readonly destinationType: 'queue' | 'exchange';
  readonly routingKey: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** A ready message, in delivery order. */
export interface ReadyMessageView {
  /** Position in its queue (stable while it stays there). */
  readonly seq: number;
  readonly message: StoredMessage;
  readonly redelivered: boolean;
  readonly deliveryCount: number;
}

/** Views over a broker. Each call first runs due timers, so what is shown is current. */
export class BrokerInspector {
  constructor(private readonly engine: RabbitEngine) {}

  private sync(): void {
    this.engine.runTimers();
    this.engine.flush();
  }

  listQueues(): QueueSnapshot[] {
    this.sync();
    return this.peekQueues();
  }

  queue(name: string): QueueSnapshot | undefined {
    this.sync();
    return this.peekQueue(name);
  }

  /**
   * The queues as they are, without running due timers first: for watchers of a scenario run, whose
   * reads must not change what happens next (an expiry fired early would change the event stream).
   */
  peekQueues(): QueueSnapshot[] {
    return [...this.engine.queues.keys()].sort().map((n) => this.peekQueue(n)!);
  }

  /** One queue without running due timers (see {@link peekQueues}). */
  peekQueue(name: string): QueueSnapshot | undefined {
    const q = this.engine.queues.get(name);
    if (!q) return undefined;
    const base = {
      name: q.name, type: q.type, durable: q.durable, autoDelete: q.autoDelete, exclusive: q.exclusiveOwner !== undefined,
      arguments: q.args, unacked: q.unackedCount, consumers: q.consumers.size,
    };
    if (q.stream) {
      return { ...base, messages: q.stream.length, bytes: q.stream.bytes, firstOffset: q.stream.firstOffset, nextOffset: q.stream.nextOffset, unacked: 0 };
    }
    return { ...base, messages: q.readyCount, bytes: q.readyBytes };
  }

  listExchanges(): ExchangeSnapshot[] {
    this.sync();
    return this.peekExchanges();
  }

  /** The exchanges without running due timers (see {@link peekQueues}). */
  peekExchanges(): ExchangeSnapshot[] {
    return [...this.engine.exchanges.values()]
      .map((x) => ({ name: x.name, type: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.args }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every binding, the default exchange's implicit ones included (as RabbitMQ lists them). */
  listBindings(): BindingSnapshot[] {
    this.sync();
    return this.peekBindings();
  }

  /** Every binding without running due timers (see {@link peekQueues}). */
  peekBindings(): BindingSnapshot[] {
    const out: BindingSnapshot[] = [];
    for (const name of [...this.engine.queues.keys()].sort()) {
      out.push({ source: '', destination: name, destinationType: 'queue', routingKey: name, arguments: {} });
    }
    for (const x of this.engine.exchanges.values()) {
      for (const b of x.matcher.bindings) {
        out.push({ source: x.name, destination: b.destination.name, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments });
      }
    }
    return out;
  }

  /** Up to `limit` ready messages from position `from` (0 = head), in delivery order. */
  readyMessages(queue: string, from = 0, limit = Infinity): ReadyMessageView[] {
    this.sync();
    const q = this.engine.queues.get(queue);
    if (!q || q.stream) return [];
    const out: ReadyMessageView[] = [];
    const entries = q.readyEntries();
    for (let i = from; i < entries.length && out.length < limit; i++) {
      const e = entries[i]!;
      out.push({ seq: e.seq, message: e.msg, redelivered: q.type === 'quorum' ? e.deliveryCount > 0 : e.redelivered, deliveryCount: e.deliveryCount });
    }
    return out;
  }

  /** Stream messages [from, from + limit), clamped to what is kept. */
  readStream(queue: string, from: number, limit: number): { offset: number; message: StoredMessage }[] {
    this.sync();
    const log = this.engine.queues.get(queue)?.stream;
    if (!log) return [];
    const out: { offset: number; message: StoredMessage }[] = [];
    for (let o = Math.max(from, log.firstOffset); o < log.nextOffset && out.length < limit; o++) out.push({ offset: o, message: log.read(o)! });
    return out;
  }

  /** Stream offset of the first message at or after `timeMs`. */
  streamOffsetForTime(queue: string, timeMs: number): number | undefined {
    return this.engine.queues.get(queue)?.stream?.offsetForTimestamp(timeMs);
  }
}
