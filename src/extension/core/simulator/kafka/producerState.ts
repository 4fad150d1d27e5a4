/**
 * Idempotent producers (KIP-98), as ProducerStateManager / ProducerAppendInfo keep them on a Kafka 4
 * broker: InitProducerId hands out a producer id and epoch; each partition remembers, per producer,
 * the sequence numbers of its last five batches, so a retried batch is answered with the offset it
 * already got instead of being appended twice, and a gap in the sequence is refused.
 * Transactions are not modelled: a transactional id gets an id like any producer but no coordinator.
 */

/** Batches remembered per producer and partition (ProducerStateEntry.NUM_BATCHES_TO_RETAIN). */
const BATCHES_TO_RETAIN = 5;

interface BatchMetadata {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: number;
}

interface PartitionProducerEntry {
  epoch: number;
  batches: BatchMetadata[];
}

/** What the broker does with an incoming idempotent batch. */
export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'error'; readonly code: 'OUT_OF_ORDER_SEQUENCE_NUMBER' | 'INVALID_PRODUCER_EPOCH' | 'UNKNOWN_PRODUCER_ID'; readonly message: string };

/** Producer ids and per-partition sequence state of one cluster. */
export class ProducerStateManager {
  private nextProducerId = 0;
  private readonly epochs = new Map<number, number>();
  private readonly byTransactionalId = new Map<string, number>();
  private readonly entries = new Map<string, PartitionProducerEntry>();

  /**
   * InitProducerId: a new id with epoch 0, or, for a known transactional id or a producer that
   * passes its current id and epoch (KIP-360), the same id with the epoch bumped.
   */
  initProducerId(transactionalId: string | null, producerId = -1, producerEpoch = -1): { producerId: number; producerEpoch: number } {
    const known = transactionalId !== null ? this.byTransactionalId.get(transactionalId) : producerId >= 0 && this.epochs.get(producerId) === producerEpoch ? producerId : undefined;
    if (known !== undefined) {
      const epoch = (this.epochs.get(known) ?? -1) + 1;
      if (epoch <= 32766) {
        this.epochs.set(known, epoch);
        return { producerId: known, producerEpoch: epoch };
      }
    }
    const id = this.nextProducerId++;
    this.epochs.set(id, 0);
    if (transactionalId !== null) this.byTransactionalId.set(transactionalId, id);
    return { producerId: id, producerEpoch: 0 };
  }

  /** Checks a batch of `count` records from `firstSeq` against what the partition saw from this producer. */
  check(topic: string, partition: number, producerId: number, epoch: number, firstSeq: number, count: number): SequenceCheck {
    const current = this.epochs.get(producerId);
    if (current === undefined) return { kind: 'error', code: 'UNKNOWN_PRODUCER_ID', message: `Producer id ${producerId} was not issued by this cluster.` };
    if (epoch < current) return { kind: 'error', code: 'INVALID_PRODUCER_EPOCH', message: `Producer ${producerId} sent epoch ${epoch}, older than the current epoch ${current}; a newer instance fenced it.` };
    const entry = this.entries.get(key(topic, partition, producerId));
    const lastSeq = seqAdd(firstSeq, count - 1);
    if (!entry || entry.epoch !== epoch) {
      // A new producer, or a new epoch of it, starts at sequence 0.
      if (firstSeq !== 0) return { kind: 'error', code: 'OUT_OF_ORDER_SEQUENCE_NUMBER', message: `Out of order sequence number for producer ${producerId} at ${topic}-${partition}: ${firstSeq} (incoming seq), expected 0 for a new producer epoch.` };
      return { kind: 'append' };
    }
    for (const b of entry.batches) if (b.firstSeq === firstSeq && b.lastSeq === lastSeq) return { kind: 'duplicate', baseOffset: b.baseOffset };
    const last = entry.batches[entry.batches.length - 1];
    const expected = last ? seqAdd(last.lastSeq, 1) : 0;
    if (firstSeq !== expected) {
      return { kind: 'error', code: 'OUT_OF_ORDER_SEQUENCE_NUMBER', message: `Out of order sequence number for producer ${producerId} at ${topic}-${partition}: ${firstSeq} (incoming seq), ${last?.lastSeq ?? -1} (current end seq).` };
    }
    return { kind: 'append' };
  }

  /** Remembers an appended batch. */
  record(topic: string, partition: number, producerId: number, epoch: number, firstSeq: number, count: number, baseOffset: number): void {
    const k = key(topic, partition, producerId);
    let entry = this.entries.get(k);
    if (!entry || entry.epoch !== epoch) this.entries.set(k, (entry = { epoch, batches: [] }));
    entry.batches.push({ firstSeq, lastSeq: seqAdd(firstSeq, count - 1), baseOffset });
    if (entry.batches.length > BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /** Forgets a deleted topic's state. */
  forgetTopic(topic: string): void {
    const prefix = `${topic}\u0000`;
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

function key(topic: string, partition: number, producerId: number): string {
  return `${topic}\u0000${partition}\u0000${producerId}`;
}

/** Sequence numbers wrap from Int32.MAX_VALUE to 0 (DefaultRecordBatch.incrementSequence). */
function seqAdd(seq: number, n: number): number {
  const v = seq + n;
  return v > 2147483647 ? v - 2147483648 : v;
}
