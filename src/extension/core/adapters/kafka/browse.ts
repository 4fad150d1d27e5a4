/**
 * Browsing a topic on real Kafka: resolves the partitions and their bounds, then pages with the shared
 * pager (core/browse/partitionPager.ts) over a chunk reader that is one plain Fetch to the partition
 * leader (see partitionReader.ts). Joins no consumer group and commits nothing.
 */
import type { BrowsePage, BrowseRequest } from '../../model/browse.js';
import { BrokerError } from '../../model/errors.js';
import type { BrokerRecord } from '../../model/message.js';
import { validatePageRequest } from '../../browse/pageAssembly.js';
import { browsePartitions, type Chunk, type PartitionedLog } from '../../browse/partitionPager.js';
import { assertBrowseStart } from '../../rules/browseStart.js';
import type { FetchResult } from './fetchProtocol.js';
import type { PartitionReader } from './partitionReader.js';
import { fetchedView, keptRecord } from './records.js';

/**
 * One Fetch as a chunk: the records of every batch returned (a batch may start before the asked
 * offset), and the last batch's last offset, which steps over compaction gaps, control batches and
 * batches left empty. No batch at all means nothing at or after the offset yet.
 */
function chunkOf(topic: string, partition: number, result: FetchResult): Chunk {
  const records: BrokerRecord[] = [];
  let lastOffset: number | undefined;
  for (const b of result.batches) {
    for (const r of b.records) records.push(fetchedView(topic, partition, r));
    lastOffset = b.lastOffset;
  }
  return { records, lastOffset };
}

/** A topic as the shared pager reads it. */
function topicLog(reader: PartitionReader, topic: string): PartitionedLog {
  return {
    read: async (partition, from, until) => chunkOf(topic, partition, await reader.fetch(topic, partition, from, { until })),
    // The page keeps its own copies of the bytes, not the 1 MB responses they were cut from.
    keep: keptRecord,
    offsetsForTimestamp: (partitions, timestamp) => reader.offsetsForTimestamp(topic, partitions, timestamp),
  };
}

/** Reads one page. */
export async function browseTopic(reader: PartitionReader, request: BrowseRequest, signal?: AbortSignal): Promise<BrowsePage> {
  const topic = request.destination;
  const what = `topic "${topic}"`;
  // Refuse a bad request before any round trip.
  validatePageRequest(request, what);
  const all = await reader.partitions(topic);
  let ids = all.map((p) => p.partitionId);
  if (request.partition !== undefined) {
    if (!ids.includes(request.partition)) {
      throw new BrokerError('notFound', `Browsing topic "${topic}" failed: it has no partition ${request.partition} (it has ${ids.length}). Pick a partition from 0 to ${ids.length - 1}.`);
    }
    ids = [request.partition];
  }
  assertBrowseStart(request, ids, what);
  return browsePartitions(topicLog(reader, topic), request, await reader.bounds(topic, ids), what, signal);
}
