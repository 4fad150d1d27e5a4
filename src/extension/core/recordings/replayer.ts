/**
 * Replays recorded messages into any connection's destination through the adapter's publish: in
 * batches, rate-limited (messages per second, 0 = as fast as the broker confirms), cancellable, with
 * progress, and an exact report of what the broker accepted and what it refused or returned (with the
 * first reason of each kind). Messages come from an async iterable, so a recording streams from disk.
 * Kafka partitions are not forced: the target's partitioner places each key, as a producer would.
 * Into an exchange, each message can keep the routing key it was recorded with, so a recording of a
 * topic exchange's traffic is routed again as it was.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import type { OutgoingMessage, PublishTarget } from '../model/message.js';
import type { RecordedMessage } from './recordingFormat.js';

/** What a replay did, message for message. */
export interface ReplayReport {
  readonly attempted: number;
  readonly accepted: number;
  /** Refused, returned (unroutable) or failed, by the first reason seen for each. */
  readonly rejected: number;
  readonly reasons: readonly string[];
  readonly cancelled: boolean;
}

function bytesOf(p: RecordedMessage['value']): Uint8Array | string | null {
  if (p === null) return null;
  return 'text' in p ? p.text : new Uint8Array(Buffer.from(p.base64, 'base64'));
}

/** A recorded message as one to publish (headers as text or bytes; AMQP typed headers as JSON text). */
export function toOutgoing(m: RecordedMessage): OutgoingMessage {
  const headers = m.headers ? Object.fromEntries(Object.entries(m.headers).map(([k, h]) => [k, 'json' in h ? JSON.stringify(h.json) : bytesOf(h)!])) : undefined;
  return { key: bytesOf(m.key), value: bytesOf(m.value), ...(headers ? { headers } : {}) };
}

/** Publishes `messages` to `target`; never throws for a refused message, only counts it. */
export async function replayInto(adapter: BrokerAdapter, target: PublishTarget, messages: AsyncIterable<RecordedMessage> | Iterable<RecordedMessage>,
  options: {
    ratePerSec?: number;
    batchSize?: number;
    signal?: AbortSignal;
    onProgress?: (done: number) => void;
    sleep?: (ms: number) => Promise<void>;
    /** Into an exchange: each message with the routing key it was recorded with (the target's key where it has none). */
    recordedRoutingKeys?: boolean;
  } = {}): Promise<ReplayReport> {
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  let attempted = 0;
  let accepted = 0;
  let rejected = 0;
  const reasons = new Set<string>();
  let batch: OutgoingMessage[] = [];
  // One publish call has one routing key: a batch ends where the recorded key changes, so order holds.
  let batchKey = target.routingKey;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    attempted += sending.length;
    try {
      const report = await adapter.publish(batchKey === target.routingKey ? target : { ...target, routingKey: batchKey }, sending, options.signal ? { signal: options.signal } : undefined);
      for (const o of report.outcomes) {
        if (o.status === 'confirmed') accepted++;
        else {
          rejected++;
          reasons.add(`${o.status}: ${o.reason}`);
        }
      }
    } catch (e) {
      // The whole batch failed (destination missing, connection lost): every message in it counts as refused.
      rejected += sending.length;
      reasons.add(`failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    options.onProgress?.(attempted);
    if (options.ratePerSec && options.ratePerSec > 0) {
      const due = started + (attempted / options.ratePerSec) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  };
  for await (const m of messages) {
    if (options.signal?.aborted) break;
    const key = options.recordedRoutingKeys ? (m.routingKey ?? target.routingKey) : target.routingKey;
    if (key !== batchKey) {
      await flush();
      batchKey = key;
    }
    batch.push(toOutgoing(m));
    if (batch.length >= batchSize) await flush();
  }
  if (!options.signal?.aborted) await flush();
  return { attempted, accepted, rejected, reasons: [...reasons], cancelled: options.signal?.aborted ?? false };
}
