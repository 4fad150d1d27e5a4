/**
 * Send ×N: builds messages lazily from a plan and hands them to the adapter as a stream when it can
 * take one (Kafka: its produce pipeline stays full for the whole run), otherwise in chunks (so a
 * million messages never sit in memory at once, and the adapter's own pipelining works inside each
 * chunk), and counts every outcome exactly. Nothing is estimated: each message ends in exactly one of
 * confirmed, returned, nacked, failed or notSent, and the five add up to the count asked for.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import { isBrokerError } from '../model/errors.js';
import type { OutgoingMessage, PublishOutcome, PublishTarget } from '../model/message.js';

/** The exact tally of a run. */
export interface BulkReport {
  readonly requested: number;
  readonly confirmed: number;
  /** RabbitMQ: returned as unroutable (mandatory). */
  readonly returned: number;
  /** RabbitMQ: refused by the broker (basic.nack). */
  readonly nacked: number;
  /** Sent but not accepted, or the broker's answer never came (the reason says which). */
  readonly failed: number;
  /** Never handed to the broker: the run was cancelled or stopped at a fatal error first. */
  readonly notSent: number;
  readonly cancelled: boolean;
  /** The first failure's sentence, for the one-line summary. */
  readonly firstProblem?: string;
  /** The outcome of the first message (the single-send result: partition and offset, or status). */
  readonly first?: PublishOutcome;
  /** The last confirmed position, for "Open in Browse". */
  readonly lastConfirmed?: { readonly partition?: number; readonly offset?: number };
}

type Tally = Pick<BulkReport, 'confirmed' | 'returned' | 'nacked' | 'failed'>;

/** The report of a run so far, with the optional parts only where they are known. */
function bulkReport(
  count: number,
  tally: Tally,
  notSent: number,
  signal: AbortSignal | undefined,
  firstProblem: string | undefined,
  first: PublishOutcome | undefined,
  lastConfirmed: BulkReport['lastConfirmed'],
): BulkReport {
  return {
    requested: count,
    ...tally,
    notSent,
    cancelled: signal?.aborted === true,
    ...(firstProblem !== undefined ? { firstProblem } : {}),
    ...(first !== undefined ? { first } : {}),
    ...(lastConfirmed !== undefined ? { lastConfirmed } : {}),
  };
}

/** Options of one run. */
export interface BulkOptions {
  readonly signal?: AbortSignal;
  /** Called after every chunk (or answered request, when streamed) with the tally so far. */
  readonly onProgress?: (report: BulkReport) => void;
  /** Messages per adapter call (default 20,000: few enough pauses between calls, a few MB in memory). */
  readonly chunk?: number;
}

/**
 * Sends `count` messages built by `build(i)` to `target`. Stops (the rest notSent) on cancel, and on
 * an error after which nothing can succeed (the adapter threw: the broker went away, the destination
 * does not exist); per-message failures are counted and the run goes on.
 */
export async function sendMany(
  adapter: Pick<BrokerAdapter, 'publish' | 'publishStream'>,
  target: PublishTarget,
  count: number,
  build: (index: number) => OutgoingMessage,
  options: BulkOptions = {},
): Promise<BulkReport> {
  if (adapter.publishStream && count > 0) return streamMany(adapter.publishStream.bind(adapter), target, count, build, options);
  const size = Math.max(1, options.chunk ?? 20_000);
  const tally = { confirmed: 0, returned: 0, nacked: 0, failed: 0 };
  let firstProblem: string | undefined;
  let first: PublishOutcome | undefined;
  let lastConfirmed: BulkReport['lastConfirmed'];
  let sent = 0;
  let stopped = false;
  const report = (): BulkReport => bulkReport(count, tally, count - sent, options.signal, firstProblem, first, lastConfirmed);

  const buildChunk = (from: number): OutgoingMessage[] => {
    const n = Math.min(size, count - from);
    const messages = new Array<OutgoingMessage>(n);
    for (let i = 0; i < n; i++) messages[i] = build(from + i);
    return messages;
  };
  let next = count > 0 ? buildChunk(0) : [];
  while (sent < count && !stopped && !options.signal?.aborted) {
    const messages = next;
    const n = messages.length;
    // One adapter call at a time keeps the order; the next chunk is built while the broker answers this one.
    const pending = adapter.publish(target, messages, options.signal ? { signal: options.signal } : {});
    pending.catch(() => undefined);
    next = sent + n < count ? buildChunk(sent + n) : [];
    try {
      const result = await pending;
      for (const outcome of result.outcomes) {
        first ??= outcome;
        switch (outcome.status) {
          case 'confirmed':
            tally.confirmed++;
            lastConfirmed = { ...(outcome.partition !== undefined ? { partition: outcome.partition } : {}), ...(outcome.offset !== undefined ? { offset: outcome.offset } : {}) };
            break;
          case 'returned':
            tally.returned++;
            firstProblem ??= outcome.reason;
            break;
          case 'nacked':
            tally.nacked++;
            firstProblem ??= outcome.reason;
            break;
          case 'failed':
            tally.failed++;
            firstProblem ??= outcome.reason;
            break;
        }
      }
      // An adapter answers for every message it was given; a short answer is counted, not guessed.
      if (result.outcomes.length < n) tally.failed += n - result.outcomes.length;
    } catch (error) {
      // Adapters throw only when no message of the call was accepted (see BrokerAdapter.publish).
      tally.failed += n;
      firstProblem ??= isBrokerError(error) || error instanceof Error ? error.message : String(error);
      first ??= { status: 'failed', reason: firstProblem };
      stopped = true;
    }
    sent += n;
    options.onProgress?.(report());
  }
  return report();
}

/**
 * The streamed form: the adapter pulls `build(i)` as it sends and answers per message, out of index
 * order across partitions, so "first" (message 0), the first problem (lowest index) and the last
 * confirmed (highest index) are kept by index. A message without an answer was never sent.
 */
async function streamMany(
  publishStream: NonNullable<BrokerAdapter['publishStream']>,
  target: PublishTarget,
  count: number,
  build: (index: number) => OutgoingMessage,
  options: BulkOptions,
): Promise<BulkReport> {
  const tally = { confirmed: 0, returned: 0, nacked: 0, failed: 0 };
  let answered = 0;
  let problem: { index: number; reason: string } | undefined;
  let first: PublishOutcome | undefined;
  let last: { index: number; at: NonNullable<BulkReport['lastConfirmed']> } | undefined;
  let stoppedBy: string | undefined;
  const report = (): BulkReport => bulkReport(count, tally, count - answered, options.signal, problem?.reason ?? stoppedBy, first, last?.at);
  const onOutcome = (index: number, outcome: PublishOutcome): void => {
    answered++;
    if (index === 0) first = outcome;
    if (outcome.status === 'confirmed') {
      tally.confirmed++;
      if (!last || index > last.index) {
        last = { index, at: { ...(outcome.partition !== undefined ? { partition: outcome.partition } : {}), ...(outcome.offset !== undefined ? { offset: outcome.offset } : {}) } };
      }
      return;
    }
    tally[outcome.status]++;
    if (!problem || index < problem.index) problem = { index, reason: outcome.reason };
  };
  try {
    const end = await publishStream(target, count, build, {
      ...(options.signal ? { signal: options.signal } : {}),
      onOutcome,
      onProgress: () => options.onProgress?.(report()),
    });
    stoppedBy = end.stoppedBy;
  } catch (error) {
    // Rejected before anything was sent (the destination does not exist, the broker is unreachable).
    stoppedBy = isBrokerError(error) || error instanceof Error ? error.message : String(error);
  }
  // A single send that never left says why, as the chunked form does.
  if (first === undefined && stoppedBy !== undefined) first = { status: 'failed', reason: stoppedBy };
  const final = report();
  options.onProgress?.(final);
  return final;
}
