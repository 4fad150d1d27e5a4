/**
 * The Java producer's default partitioning (KafkaProducer.partition + BuiltInPartitioner, client >= 3.3):
 *  - an explicit partition on the record is used as is;
 *  - a keyed record goes to toPositive(murmur2(key)) % numPartitions (unless partitioner.ignore.keys);
 *  - a keyless record goes to the topic's current "sticky" partition. The client switches to a new
 *    partition once it has produced batch.size bytes (16384 by default) to the current one
 *    (BuiltInPartitioner.updatePartitionInfo), choosing the next partition uniformly at random among
 *    the available ones (nextPartition, which may pick the same partition again).
 * Modelled strategy for keyless records, stated plainly: sticky per batch of batch.size modelled bytes
 * (or, when `stickyRecords` is set, per batch of N records), next partition drawn from the seeded
 * random source. The real client also weighs partitions by broker queue sizes (adaptive partitioning,
 * KIP-794) and switches only when a batch is ready; neither exists without a network, so keyless
 * placement matches Kafka in distribution and stickiness, not record by record.
 */
import type { SeededRandom } from '../random.js';
import { partitionForKey } from './murmur2.js';
import { RECORD_BATCH_OVERHEAD } from './recordSize.js';

/** Producer settings that affect partitioning. */
export interface PartitionerOptions {
  /** batch.size: bytes produced to the sticky partition before switching (Java default 16384). */
  readonly batchSize?: number;
  /** When set, switch the sticky partition after this many keyless records instead of bytes. */
  readonly stickyRecords?: number;
  /** partitioner.ignore.keys: treat keyed records like keyless ones. */
  readonly ignoreKeys?: boolean;
}

// A local alias: under a CommonJS transform (tsx) every imported binding is a getter call.
const keyPartition = partitionForKey;

interface StickyState {
  partition: number;
  producedBytes: number;
  producedRecords: number;
}

/** Chooses partitions like the Java client's built-in partitioner; one instance per simulated producer. */
export class DefaultPartitioner {
  private readonly sticky = new Map<string, StickyState>();
  private readonly batchSize: number;
  private readonly stickyRecords: number | undefined;
  private readonly ignoreKeys: boolean;

  constructor(private readonly random: SeededRandom, options: PartitionerOptions = {}) {
    this.batchSize = options.batchSize ?? 16384;
    this.stickyRecords = options.stickyRecords;
    this.ignoreKeys = options.ignoreKeys ?? false;
    if (!(this.batchSize >= 1)) throw new RangeError('batchSize must be >= 1');
    if (this.stickyRecords !== undefined && !(this.stickyRecords >= 1)) throw new RangeError('stickyRecords must be >= 1');
  }

  /** partitioner.ignore.keys: keyed records are placed like keyless ones. */
  get ignoresKeys(): boolean {
    return this.ignoreKeys;
  }

  /**
   * The partition for one record. For keyless records call {@link onStickyAppend} after appending so
   * the sticky partition can switch, as RecordAccumulator does after each append.
   */
  partition(topic: string, key: Uint8Array | null | undefined, numPartitions: number, explicit?: number): number {
    if (explicit !== undefined) return explicit;
    if (key !== null && key !== undefined && !this.ignoreKeys) return keyPartition(key, numPartitions);
    return this.current(topic, numPartitions).partition;
  }

  /** Accounts `recordBytes` appended to the sticky partition of `topic`; switches once the batch is full. */
  onStickyAppend(topic: string, numPartitions: number, recordBytes: number): void {
    const state = this.current(topic, numPartitions);
    if (state.producedBytes === 0) state.producedBytes = RECORD_BATCH_OVERHEAD;
    state.producedBytes += recordBytes;
    state.producedRecords++;
    const full = this.stickyRecords !== undefined ? state.producedRecords >= this.stickyRecords : state.producedBytes >= this.batchSize;
    if (full) this.sticky.set(topic, { partition: this.random.int(numPartitions), producedBytes: 0, producedRecords: 0 });
  }

  /** Forgets a topic's sticky partition (the topic was deleted or grew). */
  reset(topic: string): void {
    this.sticky.delete(topic);
  }

  private current(topic: string, numPartitions: number): StickyState {
    let state = this.sticky.get(topic);
    if (state === undefined || state.partition >= numPartitions) {
      state = { partition: this.random.int(numPartitions), producedBytes: 0, producedRecords: 0 };
      this.sticky.set(topic, state);
    }
    return state;
  }
}
