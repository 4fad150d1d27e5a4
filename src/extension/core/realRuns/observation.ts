/**
 * What a run on a real broker saw, from the clients' side: each message published (with its key's
 * number and position, carried in a header), each delivery and successful handling by a consumer
 * instance, crashes, commits, the backlog sampled while it ran, and what the broker held at the end.
 * `observedFacts` counts the outcome table's rows from it with the same definitions and figure names
 * as the simulator's table (core/simulator/compare/contrastTable.ts), so the panel puts the two side
 * by side with the same words.
 */
import type { ContrastCell, ContrastRowId } from '../simulator/compare/contrastTable.js';
import type { ModelKind } from '../simulator/scenario/types.js';

/** The header that carries a message's identity through the broker: "<id>:<key number>:<position in key>". */
export const MESSAGE_HEADER = 'x-brokerlens-message';

/** One message's identity as the run numbered it. */
export interface MessageMark {
  readonly id: number;
  readonly keyIndex: number;
  readonly keySeq: number;
}

/** Reads a message's mark back from its header value (a string or bytes), or undefined. */
export function readMark(value: unknown): MessageMark | undefined {
  const text = typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : undefined;
  const m = text ? /^(\d+):(-?\d+):(\d+)$/.exec(text) : null;
  return m ? { id: Number(m[1]), keyIndex: Number(m[2]), keySeq: Number(m[3]) } : undefined;
}

/** Per-model record of a run; times are ms since the run started. */
export class Observation {
  published = 0;
  unroutable = 0;
  commits = 0;
  acked = 0;
  crashes = 0;
  /** Copies the broker held at the end (queues' depth, or records in the topics). */
  storedAtEnd = 0;
  leftAtEnd = 0;
  private readonly publishedAt = new Map<number, { time: number; producer: number }>();
  private firstPublish = Number.POSITIVE_INFINITY;
  private firstCrashAt = -1;
  private readonly started = new Map<string, number>();
  private readonly consumersPerSub = new Map<string, Set<string>>();
  private readonly begun = new Map<string, Set<number>>();
  private readonly delivered = new Map<string, Set<number>>();
  private readonly handled = new Map<string, Set<number>>();
  private readonly lastSeq = new Map<string, number>();
  private readonly consumersPerKey = new Map<string, Set<string>>();
  private readonly keys = new Set<number>();
  private violations = 0;
  private redelivered = 0;
  private reprocessed = 0;
  private peak = 0;
  private peakAt = 0;
  private drainedAt = -1;
  private processedCount = 0;

  constructor(readonly model: ModelKind, private readonly owed: ReadonlyMap<string, ReadonlySet<number>>) {}

  /** Messages handled so far (progress). */
  get processed(): number {
    return this.processedCount;
  }

  onPublished(time: number, producer: number, mark: MessageMark): void {
    this.published++;
    this.publishedAt.set(mark.id, { time, producer });
    this.firstPublish = Math.min(this.firstPublish, time);
  }

  onConsumerStarted(time: number, subscription: string): void {
    if (!this.started.has(subscription)) this.started.set(subscription, time);
  }

  onCrash(time: number): void {
    this.crashes++;
    if (this.firstCrashAt < 0) this.firstCrashAt = time;
  }

  /** A delivery; `brokerSaysRedelivered` is RabbitMQ's flag (Kafka has none: a record seen again counts). */
  onDelivery(consumer: string, subscription: string, mark: MessageMark, brokerSaysRedelivered: boolean): void {
    let subs = this.consumersPerSub.get(subscription);
    if (!subs) this.consumersPerSub.set(subscription, (subs = new Set()));
    subs.add(consumer);
    let seen = this.delivered.get(subscription);
    if (!seen) this.delivered.set(subscription, (seen = new Set()));
    const again = brokerSaysRedelivered || seen.has(mark.id);
    seen.add(mark.id);
    if (again && this.firstCrashAt >= 0) this.redelivered++;
  }

  /** The consumer starts handling a message; a second start for the same subscriber is a duplicate. */
  onBegin(subscription: string, mark: MessageMark): void {
    let set = this.begun.get(subscription);
    if (!set) this.begun.set(subscription, (set = new Set()));
    if (set.has(mark.id)) this.reprocessed++;
    set.add(mark.id);
  }

  onProcessed(consumer: string, subscription: string, mark: MessageMark): void {
    this.processedCount++;
    this.keys.add(mark.keyIndex);
    let done = this.handled.get(subscription);
    if (!done) this.handled.set(subscription, (done = new Set()));
    const perKey = `${subscription}\u0000${mark.keyIndex}`;
    let kc = this.consumersPerKey.get(perKey);
    if (!kc) this.consumersPerKey.set(perKey, (kc = new Set()));
    kc.add(consumer);
    if (done.has(mark.id)) return;
    done.add(mark.id);
    const last = this.lastSeq.get(perKey) ?? 0;
    if (mark.keySeq < last) this.violations++;
    else this.lastSeq.set(perKey, mark.keySeq);
  }

  onBacklog(time: number, value: number): void {
    if (value > this.peak) {
      this.peak = value;
      this.peakAt = time;
      this.drainedAt = -1;
    } else if (value === 0 && this.peak > 0 && this.drainedAt < 0) this.drainedAt = time;
  }

  /** The outcome table's cells for this model, figures named as in the simulator's table. */
  facts(): Record<ContrastRowId, ContrastCell> {
    let unique = 0;
    for (const s of this.handled.values()) unique += s.size;
    let late = 0;
    let before = 0;
    let replayed = 0;
    for (const [sub, start] of this.started) {
      if (!(start > this.firstPublish)) continue;
      late++;
      const owed = this.owed.get(sub);
      for (const [id, p] of this.publishedAt) {
        if (p.time >= start || (owed !== undefined && !owed.has(p.producer))) continue;
        before++;
        if (this.handled.get(sub)?.has(id)) replayed++;
      }
    }
    const max = (sets: Iterable<Set<string>>): number => Math.max(0, ...[...sets].map((s) => s.size));
    const removed = this.storedAtEnd - this.leftAtEnd;
    const routed = this.model === 'rabbitmq' ? this.storedAtEnd : 0;
    return {
      afterConsumption: { figures: { stored: this.storedAtEnd, removed, left: this.leftAtEnd, handled: unique }, shown: true },
      delivery: { figures: { published: this.published, stored: this.storedAtEnd, subscribers: this.handled.size, consumers: max(this.consumersPerSub.values()) }, shown: true },
      orderPerKey: { figures: { keys: this.keys.size, violations: this.violations, consumersPerKey: max(this.consumersPerKey.values()) }, shown: true },
      crash: { figures: { crashes: this.crashes, redelivered: this.redelivered, reprocessed: this.reprocessed }, shown: this.crashes > 0 },
      restart: { figures: { restarts: 0, lost: 0, kept: 0 }, shown: false },
      replay: { figures: { late, before, replayed }, shown: late > 0 },
      backlog: { figures: { peak: this.peak, peakAtMs: this.peakAt, drainedAtMs: this.drainedAt }, shown: true },
      routing: { figures: { routed, unroutable: this.unroutable, commits: this.commits }, shown: true },
    };
  }
}

/**
 * The producers whose messages each subscriber is meant to get, as the simulator's log counts them
 * (compareLog.ts owedProducers): those sending to the Kafka topic the subscriber's consumer reads.
 * Keys are the RabbitMQ queue or the Kafka group, as the run names subscriptions.
 */
export function owedProducers(model: ModelKind, producers: readonly { readonly topic: string }[], consumers: readonly { readonly queue: string; readonly topic: string; readonly group: string }[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const c of consumers) {
    const sub = model === 'rabbitmq' ? c.queue : c.group;
    const set = out.get(sub) ?? new Set<number>();
    producers.forEach((p, i) => { if (p.topic === c.topic) set.add(i); });
    out.set(sub, set);
  }
  return out;
}
