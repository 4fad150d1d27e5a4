/**
 * Live tail: starts at each partition's high watermark and hands over new records as they arrive,
 * through the same group-less fetch path as browsing, until the signal aborts.
 */
import type { BrokerRecord } from '../../model/message.js';
import type { TailRequest } from '../../model/adapter.js';
import { BrokerError, isBrokerError } from '../../model/errors.js';
import type { PartitionReader } from './partitionReader.js';
import { toBrokerRecord } from './records.js';

const IDLE_WAIT_MS = 300;
const LONG_POLL_MS = 500;
const METADATA_EVERY_MS = 10_000;
const MAX_BACKOFF_MS = 5_000;

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

/** Streams new records of a topic (or one partition) until `signal` aborts; resolves then. */
export async function tailTopic(
  reader: PartitionReader,
  request: TailRequest,
  onRecords: (records: readonly BrokerRecord[]) => void,
  signal: AbortSignal,
  toError: (error: unknown) => BrokerError,
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
  let backoff = 0;

  while (!signal.aborted) {
    try {
      if (request.partition === undefined && Date.now() - lastMetadata > METADATA_EVERY_MS) {
        // Partitions added while tailing start from their beginning: everything in them is new.
        const ids = await listPartitions();
        const added = ids.filter((p) => !positions.has(p));
        if (added.length > 0) for (const b of await reader.bounds(topic, added)) positions.set(b.partition, b.low);
        lastMetadata = Date.now();
      }
      // One partition may long-poll; several are polled without waiting (one connection serves them in turn).
      const maxWaitMs = positions.size === 1 ? LONG_POLL_MS : 0;
      const batches = await Promise.all(
        [...positions].map(async ([partition, from]) => {
          const result = await reader.fetch(topic, partition, from, { maxWaitMs });
          const records: BrokerRecord[] = [];
          let next = from;
          for (const b of result.batches) {
            for (const r of b.records) if (r.offset >= from) records.push(toBrokerRecord(topic, partition, r));
            next = Math.max(next, b.lastOffset + 1);
          }
          positions.set(partition, next);
          return records;
        }),
      );
      backoff = 0;
      const records = batches.flat().sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.partition! - b.partition! || a.offset! - b.offset!);
      if (signal.aborted) break;
      if (records.length > 0) onRecords(records);
      else if (maxWaitMs === 0) await sleep(IDLE_WAIT_MS, signal);
    } catch (e) {
      const error = isBrokerError(e) ? e : toError(e);
      // A deleted topic or a revoked ACL will not heal by waiting; a leader move or a blip will.
      if (['notFound', 'accessRefused', 'authFailed', 'tlsUntrusted', 'invalidInput', 'unsupported'].includes(error.code)) throw error;
      backoff = Math.min(MAX_BACKOFF_MS, backoff === 0 ? 250 : backoff * 2);
      await sleep(backoff, signal);
    }
  }
}
