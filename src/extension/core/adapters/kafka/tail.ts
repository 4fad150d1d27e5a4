/**
 * Live tail: starts at each partition's high watermark and hands over new records as they arrive,
 * through the same group-less fetch path as browsing, until the signal aborts.
 */
import type { BrokerRecord } from '../../model/message.js';
import type { TailRequest, TailStatus } from '../../model/adapter.js';
import { BrokerError, isBrokerError } from '../../model/errors.js';
import type { PartitionReader } from './partitionReader.js';
import { toBrokerRecord } from './records.js';

const IDLE_WAIT_MS = 300;
const LONG_POLL_MS = 500;
const METADATA_EVERY_MS = 10_000;
const MAX_BACKOFF_MS = 5_000;
/** Errors that end a tail: waiting will not heal them. */
const FATAL = new Set(['notFound', 'accessRefused', 'authFailed', 'tlsUntrusted', 'invalidInput', 'unsupported']);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** What happened to a partition's leader, in words that fit a running tail (not a first connect's TLS advice). */
const LEADER: Readonly<Record<string, string>> = {
  disconnected: 'closed the connection',
  unreachable: 'cannot be reached or is moving to another broker',
  timeout: 'did not answer in time',
};

/** The one sentence a waiting partition shows: what stopped, and that nothing needs doing. */
export function waitingSentence(topic: string, partition: number, error: BrokerError): string {
  const what = LEADER[error.code] ?? `answered with an error (${error.code})`;
  return `Reading partition ${partition} of topic "${topic}" failed: its leader ${what}; nothing to do, the tail reads on as soon as a leader answers.`;
}

/** Streams new records of a topic (or one partition) until `signal` aborts; resolves then. */
export async function tailTopic(
  reader: PartitionReader,
  request: TailRequest,
  onRecords: (records: readonly BrokerRecord[]) => void,
  signal: AbortSignal,
  toError: (error: unknown) => BrokerError,
  onStatus?: (status: TailStatus) => void,
): Promise<void> {
  const topic = request.destination;
  const listPartitions = async (): Promise<number[]> => {
    const all = (await reader.partitions(topic)).map((p) => p.partitionId);
    if (request.partition === undefined) return all;
    if (!all.includes(request.partition)) {
      throw new BrokerError('notFound', `Tailing topic "${topic}" failed: it has no partition ${request.partition}. Pick a partition from 0 to ${all.length - 1}.`);
    }
    return [request.partition];
  };
  const positions = new Map<number, number>();
  for (const b of await reader.bounds(topic, await listPartitions())) positions.set(b.partition, b.high);
  let lastMetadata = Date.now();
  // Per partition, so one partition without a leader (a broker died) does not hold up the others.
  const backoff = new Map<number, number>();
  const retryAt = new Map<number, number>();
  const fatalOr = (e: unknown): BrokerError => {
    const error = isBrokerError(e) ? e : toError(e);
    // A deleted topic or a revoked ACL will not heal by waiting; a leader move or a blip will.
    if (FATAL.has(error.code)) throw error;
    return error;
  };

  while (!signal.aborted) {
    if (request.partition === undefined && Date.now() - lastMetadata > METADATA_EVERY_MS) {
      try {
        // Partitions added while tailing start from their beginning: everything in them is new.
        const ids = await listPartitions();
        const added = ids.filter((p) => !positions.has(p));
        if (added.length > 0) for (const b of await reader.bounds(topic, added)) positions.set(b.partition, b.low);
        lastMetadata = Date.now();
      } catch (e) {
        fatalOr(e);
        lastMetadata = Date.now() - METADATA_EVERY_MS + MAX_BACKOFF_MS; // try again soon
      }
    }
    const now = Date.now();
    const due = [...positions].filter(([p]) => (retryAt.get(p) ?? 0) <= now);
    if (due.length === 0) {
      await sleep(Math.max(50, Math.min(...retryAt.values()) - now), signal);
      continue;
    }
    // One partition may long-poll; several are polled without waiting (one connection serves them in turn).
    const maxWaitMs = positions.size === 1 ? LONG_POLL_MS : 0;
    const settled = await Promise.allSettled(
      due.map(async ([partition, from]) => {
        const result = await reader.fetch(topic, partition, from, { maxWaitMs });
        const records: BrokerRecord[] = [];
        let next = from;
        for (const b of result.batches) {
          for (const r of b.records) if (r.offset >= from) records.push(toBrokerRecord(topic, partition, r));
          next = Math.max(next, b.lastOffset + 1);
        }
        return { partition, records, next };
      }),
    );
    if (signal.aborted) break;
    const records: BrokerRecord[] = [];
    settled.forEach((s, i) => {
      const partition = due[i]![0];
      if (s.status === 'fulfilled') {
        // A partition's position moves only together with handing over its records: no gap, no repeat.
        positions.set(partition, s.value.next);
        records.push(...s.value.records);
        if (backoff.has(partition)) {
          backoff.delete(partition);
          retryAt.delete(partition);
          onStatus?.({ kind: 'resumed', partition, offset: s.value.next });
        }
        return;
      }
      const error = fatalOr(s.reason);
      const wait = Math.min(MAX_BACKOFF_MS, (backoff.get(partition) ?? 125) * 2);
      if (!backoff.has(partition)) onStatus?.({ kind: 'waiting', partition, offset: positions.get(partition)!, message: waitingSentence(topic, partition, error) });
      backoff.set(partition, wait);
      retryAt.set(partition, Date.now() + wait);
      // The leader may have moved: ask the metadata again next time.
      reader.forgetLeader(topic, partition);
    });
    records.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.partition! - b.partition! || a.offset! - b.offset!);
    if (records.length > 0) onRecords(records);
    else if (maxWaitMs === 0 || settled.some((s) => s.status === 'rejected')) await sleep(IDLE_WAIT_MS, signal);
  }
}
