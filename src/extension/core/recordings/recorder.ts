/**
 * Records a destination into the recording format through any adapter's browse (so a simulator topic
 * and a real one are recorded by the same code): pages are read forward from a start position and
 * each record is written as one line as soon as it is read, so memory holds one page at most. Bounded
 * by count, bytes and duration; cancellable; progress after every page. Browse never consumes, so a
 * classic or quorum queue is refused by the adapter unless the caller accepted a requeue peek.
 */
import type { BrokerAdapter } from '../model/adapter.js';
import type { BrowseStart } from '../model/browse.js';
import type { BrokerRecord, HeaderValue } from '../model/message.js';
import { formatRecordingLine, RECORDING_VERSION, type RecordedMessage, type RecordingHeader } from './recordingFormat.js';

/** Where lines go (a file stream in the host; an array in tests). */
export interface RecordingSink {
  write(line: string): Promise<void>;
}

/** Limits of one recording; whichever is reached first stops it. */
export interface RecordingLimits {
  readonly maxMessages: number;
  readonly maxBytes?: number;
  readonly maxDurationMs?: number;
}

/** What to record. */
export interface RecordingRequest {
  readonly broker: RecordingHeader['source']['broker'];
  readonly destination: string;
  readonly partition?: number;
  readonly start: Extract<BrowseStart, { kind: 'earliest' } | { kind: 'offset' }>;
  readonly brokerVersion: string | null;
  /**
   * RabbitMQ classic/quorum queue: the user accepted that recording peeks by get-and-requeue (the
   * messages come back marked redelivered). Without it the adapter refuses such a queue.
   */
  readonly acceptRequeue?: boolean;
}

/** How a recording ended. */
export interface RecordingResult {
  readonly messages: number;
  readonly bytes: number;
  readonly stoppedBy: 'end' | 'maxMessages' | 'maxBytes' | 'maxDuration' | 'cancelled';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function payload(bytes: Uint8Array): { text: string } | { base64: string } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

function header(value: HeaderValue): { text: string } | { base64: string } | { json: unknown } {
  if (value instanceof Uint8Array) return payload(value);
  if (typeof value === 'string') return { text: value };
  return { json: value };
}

/** One record as a recording line's message. */
export function toRecordedMessage(r: BrokerRecord): RecordedMessage {
  return {
    key: r.key ? payload(r.key) : null,
    value: r.value ? payload(r.value) : null,
    ...(Object.keys(r.headers).length ? { headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, header(v)])) } : {}),
    ...(r.properties ? { properties: { ...r.properties } } : {}),
    ...(r.partition !== undefined ? { partition: r.partition } : {}),
    ...(r.offset !== undefined ? { offset: String(r.offset) } : {}),
    ...(r.exchange !== undefined ? { exchange: r.exchange } : {}),
    ...(r.routingKey !== undefined ? { routingKey: r.routingKey } : {}),
    timestamp: Math.trunc(r.timestamp ?? 0),
  };
}

/** Records `request` into `sink` until the end of the destination or a limit. */
export async function recordDestination(adapter: BrokerAdapter, request: RecordingRequest, limits: RecordingLimits, sink: RecordingSink,
  options: { signal?: AbortSignal; onProgress?: (messages: number, bytes: number) => void; now?: () => number } = {}): Promise<RecordingResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const head: RecordingHeader = {
    format: 'brokerlens-recording', version: RECORDING_VERSION,
    source: { broker: request.broker, destination: request.destination, ...(request.partition !== undefined ? { partition: request.partition } : {}) },
    brokerVersion: request.brokerVersion, startedAt: new Date(started).toISOString(),
    filters: { start: request.start, ...(request.acceptRequeue ? { peek: 'requeue' } : {}), maxMessages: limits.maxMessages, ...(limits.maxBytes ? { maxBytes: limits.maxBytes } : {}), ...(limits.maxDurationMs ? { maxDurationMs: limits.maxDurationMs } : {}) },
  };
  await sink.write(formatRecordingLine(head));
  let messages = 0;
  let bytes = 0;
  let start: BrowseStart = request.start;
  for (;;) {
    if (options.signal?.aborted) return { messages, bytes, stoppedBy: 'cancelled' };
    if (limits.maxDurationMs !== undefined && now() - started >= limits.maxDurationMs) return { messages, bytes, stoppedBy: 'maxDuration' };
    const page = await adapter.browse({
      destination: request.destination, ...(request.partition !== undefined ? { partition: request.partition } : {}),
      start, limit: Math.min(500, limits.maxMessages - messages), ...(request.acceptRequeue ? { acceptRequeue: true } : {}),
    }, options.signal ? { signal: options.signal } : undefined);
    for (const r of page.records) {
      const line = formatRecordingLine(toRecordedMessage(r));
      const size = Buffer.byteLength(line) + 1;
      if (limits.maxBytes !== undefined && bytes + size > limits.maxBytes) return { messages, bytes, stoppedBy: 'maxBytes' };
      await sink.write(line);
      messages++;
      bytes += size;
      if (messages >= limits.maxMessages) {
        options.onProgress?.(messages, bytes);
        return { messages, bytes, stoppedBy: 'maxMessages' };
      }
    }
    options.onProgress?.(messages, bytes);
    if (!page.next || page.records.length === 0) return { messages, bytes, stoppedBy: 'end' };
    start = { kind: 'cursor', cursor: page.next };
  }
}
