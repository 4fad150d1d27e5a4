/**
 * The compare panel's outcome table: one row per line of the RabbitMQ/Kafka contrast (DESIGN.md and
 * the seed notes), each cell a handful of figures counted from one model's log (compareLog.ts), and
 * the moment of the run that shows it. Nothing here knows a preset: the same workload gives
 * different figures because the two brokers behave differently, and the table only counts.
 *
 * Definitions (each counted from log entries, one pass per model):
 * - afterConsumption: copies stored (RabbitMQ `enqueued`, Kafka records `appended`), copies removed
 *   (`acked`, `dropped`, `dead-lettered`, `expired`; Kafka `retention-deleted`, `compacted`), what is
 *   left, and distinct messages handled (per subscriber).
 * - delivery: messages published, copies stored, subscribers that handled messages, and the most
 *   consumer instances that shared one subscriber's messages.
 * - orderPerKey: keys, first handlings of a key's message after a later one of the same key was
 *   handled by the same subscriber, and the most consumer instances one key of one subscriber went to.
 * - crash: consumer crashes, deliveries marked redelivered after the first crash, and `duplicate`
 *   events (a subscriber starts handling a message it had started before).
 * - restart: broker restarts, copies dropped by a restart, copies stored just before it that survived.
 * - replay: subscribers whose first consumer started after the first publish, messages meant for
 *   them (see CompareLog.owed) published before each started, and how many of those it handled.
 * - backlog: the highest queue depth (RabbitMQ, ready + unacked) or consumer lag (Kafka), when,
 *   and when it was back to 0.
 * - routing: copies the broker routed by exchange and binding, unroutable messages, and commits of
 *   a consumer's own position.
 */
import type { ModelKind } from '../scenario/types.js';
import type { CompareEntry, CompareLog } from './compareLog.js';

/** The rows, in the order the panel shows them. */
export const CONTRAST_ROWS = ['afterConsumption', 'delivery', 'orderPerKey', 'crash', 'restart', 'replay', 'backlog', 'routing'] as const;
/** A row. */
export type ContrastRowId = (typeof CONTRAST_ROWS)[number];

/** A point of the run: simulated time, and the entry of that model's log that shows it. */
export interface ContrastMoment {
  readonly model: ModelKind;
  readonly timeMs: number;
  readonly index: number;
}

/** One model's side of a row. */
export interface ContrastCell {
  readonly figures: Readonly<Record<string, number>>;
  /** False when the run had nothing to show for the row (no crash, no restart, no late consumer). */
  readonly shown: boolean;
  readonly moment?: ContrastMoment;
}

/** One row of the table. */
export interface ContrastRow {
  readonly id: ContrastRowId;
  readonly rabbitmq: ContrastCell;
  readonly kafka: ContrastCell;
  /** Where the timeline goes when the row is picked: the earlier of the cells' moments. */
  readonly moment?: ContrastMoment;
  /** The two cells' figures differ. */
  readonly differs: boolean;
}

/** Per-model figures of every row. */
export type ModelFacts = Readonly<Record<ContrastRowId, ContrastCell>>;

const REMOVED_RABBIT = new Set(['acked', 'dropped', 'dead-lettered', 'expired']);

/** Counts every row's figures from one model's log. */
export function modelFacts(log: CompareLog): ModelFacts {
  const model = log.model;
  const at = (index: number, entry: CompareEntry): ContrastMoment => ({ model, timeMs: entry.time, index });
  let published = 0;
  let stored = 0;
  let removed = 0;
  const publishedAt = new Map<number, { time: number; producer: number }>();
  let firstPublish = Number.POSITIVE_INFINITY;
  // Per subscriber: messages handled, last key position handled, consumers per key.
  const handled = new Map<string, Set<number>>();
  const lastSeq = new Map<string, number>();
  const consumersPerKey = new Map<string, Set<string>>();
  const consumersPerSub = new Map<string, Set<string>>();
  const keys = new Set<number>();
  let violations = 0;
  let firstViolation: ContrastMoment | undefined;
  let lastProcessed: ContrastMoment | undefined;
  let crashes = 0;
  let firstCrash: ContrastMoment | undefined;
  let redelivered = 0;
  let firstRedelivery: ContrastMoment | undefined;
  let reprocessed = 0;
  let restarts = 0;
  let restartMoment: ContrastMoment | undefined;
  let restartTime = -1;
  let lostAtRestart = 0;
  let storedAtRestart = 0;
  const started = new Map<string, { time: number; moment: ContrastMoment }>();
  let routed = 0;
  let unroutable = 0;
  let commits = 0;
  let firstRoute: ContrastMoment | undefined;
  let backlog = 0;
  let peak = 0;
  let peakMoment: ContrastMoment | undefined;
  let drainedAt = -1;

  // Which subscriber a consumer instance reads through, from its deliveries (events name the instance only).
  const subscriberOf = new Map<string, string>();
  for (const e of log.entries) if (e.kind === 'delivery' && !subscriberOf.has(e.consumer)) subscriberOf.set(e.consumer, e.subscription);

  log.entries.forEach((entry, index) => {
    switch (entry.kind) {
      case 'event': {
        const e = entry.event;
        if (e.type === 'published') {
          published++;
          if (e.messageId >= 0) publishedAt.set(e.messageId, { time: e.time, producer: entry.producer ?? -1 });
          firstPublish = Math.min(firstPublish, e.time);
        } else if (model === 'rabbitmq' && e.type === 'enqueued') stored++;
        else if (model === 'kafka' && e.type === 'appended') stored += e.count;
        if (model === 'rabbitmq' ? REMOVED_RABBIT.has(e.type) : e.type === 'retention-deleted' || e.type === 'compacted') removed += model === 'rabbitmq' ? 1 : e.count;
        if (e.type === 'dropped' && e.detail === 'restart' && e.time === restartTime) lostAtRestart++;
        switch (e.type) {
          case 'consumer-crashed':
            crashes++;
            firstCrash ??= at(index, entry);
            break;
          case 'broker-restarted':
            restarts++;
            restartMoment ??= at(index, entry);
            restartTime = e.time;
            storedAtRestart += stored - removed;
            break;
          case 'consumer-started': {
            const sub = subscriberOf.get(e.consumer) ?? e.target;
            if (!started.has(sub)) started.set(sub, { time: e.time, moment: at(index, entry) });
            break;
          }
          case 'duplicate':
            reprocessed++;
            break;
          case 'routed':
            routed += e.count;
            firstRoute ??= at(index, entry);
            break;
          case 'unroutable':
            unroutable++;
            break;
          case 'committed':
            commits++;
            firstRoute ??= at(index, entry);
            break;
          default:
            break;
        }
        break;
      }
      case 'delivery': {
        let set = consumersPerSub.get(entry.subscription);
        if (!set) consumersPerSub.set(entry.subscription, (set = new Set()));
        set.add(entry.consumer);
        if (entry.redelivered && firstCrash) {
          redelivered++;
          firstRedelivery ??= at(index, entry);
        }
        break;
      }
      case 'processed': {
        lastProcessed = at(index, entry);
        keys.add(entry.keyIndex);
        let done = handled.get(entry.subscription);
        if (!done) handled.set(entry.subscription, (done = new Set()));
        const perKey = `${entry.subscription}\u0000${entry.keyIndex}`;
        let kc = consumersPerKey.get(perKey);
        if (!kc) consumersPerKey.set(perKey, (kc = new Set()));
        kc.add(entry.consumer);
        if (done.has(entry.messageId)) break;
        done.add(entry.messageId);
        const last = lastSeq.get(perKey) ?? 0;
        if (entry.keySeq < last) {
          violations++;
          firstViolation ??= at(index, entry);
        } else lastSeq.set(perKey, entry.keySeq);
        break;
      }
      case 'backlog':
        backlog = entry.value;
        if (backlog > peak) {
          peak = backlog;
          peakMoment = at(index, entry);
          drainedAt = -1;
        } else if (backlog === 0 && peak > 0 && drainedAt < 0) drainedAt = entry.time;
        break;
    }
  });

  let late = 0;
  let before = 0;
  let replayed = 0;
  let firstLate: ContrastMoment | undefined;
  for (const [sub, start] of started) {
    if (!(start.time > firstPublish)) continue;
    late++;
    firstLate ??= start.moment;
    const owed = log.owed?.get(sub);
    for (const [id, p] of publishedAt) {
      if (p.time >= start.time || (owed !== undefined && !owed.has(p.producer))) continue;
      before++;
      if (handled.get(sub)?.has(id)) replayed++;
    }
  }
  let unique = 0;
  for (const s of handled.values()) unique += s.size;
  const max = (sets: Iterable<Set<string>>): number => Math.max(0, ...[...sets].map((s) => s.size));
  const cell = (figures: Record<string, number>, moment: ContrastMoment | undefined, shown = true): ContrastCell => (moment ? { figures, shown, moment } : { figures, shown });

  return {
    afterConsumption: cell({ stored, removed, left: stored - removed, handled: unique }, lastProcessed),
    delivery: cell({ published, stored, subscribers: handled.size, consumers: max(consumersPerSub.values()) }, firstRoute),
    orderPerKey: cell({ keys: keys.size, violations, consumersPerKey: max(consumersPerKey.values()) }, firstViolation),
    crash: cell({ crashes, redelivered, reprocessed }, firstRedelivery ?? firstCrash, crashes > 0),
    restart: cell({ restarts, lost: lostAtRestart, kept: storedAtRestart - lostAtRestart }, restartMoment, restarts > 0),
    replay: cell({ late, before, replayed }, firstLate, late > 0),
    backlog: cell({ peak, peakAtMs: peakMoment?.timeMs ?? 0, drainedAtMs: drainedAt }, peakMoment),
    routing: cell({ routed, unroutable, commits }, firstRoute),
  };
}

const sameFigures = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** The table from both models' logs. */
export function contrastTable(rabbitmq: CompareLog, kafka: CompareLog): ContrastRow[] {
  const r = modelFacts(rabbitmq);
  const k = modelFacts(kafka);
  return CONTRAST_ROWS.map((id) => {
    const a = r[id];
    const b = k[id];
    const moments = [a.moment, b.moment].filter((m): m is ContrastMoment => m !== undefined).sort((x, y) => x.timeMs - y.timeMs);
    const row: ContrastRow = { id, rabbitmq: a, kafka: b, differs: !sameFigures(a.figures, b.figures) };
    return moments[0] ? { ...row, moment: moments[0] } : row;
  });
}

/** One model's backlog over the run, cut to at most `points` buckets of `stepMs` each. */
export interface BacklogTimeline {
  readonly stepMs: number;
  /** The highest backlog within each bucket (the value carried in, or any reached inside it). */
  readonly values: readonly number[];
}

/**
 * The backlog as the timeline chart draws it, from the same log entries as the table's peak: each
 * bucket holds the highest value reached in it, so the chart's highest point is the table's peak.
 */
export function backlogTimeline(log: CompareLog, endMs: number, points = 600): BacklogTimeline {
  const stepMs = Math.max(1, Math.ceil(Math.max(1, endMs) / points));
  const n = Math.max(1, Math.ceil(Math.max(1, endMs) / stepMs) + 1);
  const values = new Array<number>(n).fill(0);
  let current = 0;
  let bucket = 0;
  for (const e of log.entries) {
    if (e.kind !== 'backlog') continue;
    const b = Math.min(n - 1, Math.floor(e.time / stepMs));
    // Buckets passed without a change hold the value carried in.
    for (let i = bucket + 1; i <= b; i++) values[i] = current;
    bucket = Math.max(bucket, b);
    current = e.value;
    values[b] = Math.max(values[b]!, current);
  }
  for (let i = bucket + 1; i < n; i++) values[i] = current;
  return { stepMs, values };
}
