/**
 * Per-message bookkeeping of a run. Every message a producer sends gets a runtime id (1, 2, ...),
 * the same on both models, which travels with it (a RabbitMQ header, a Kafka offset table) so
 * consumers, duplicates, losses and per-key order can be traced across redeliveries and
 * dead-lettering. Stored as flat typed arrays: a million messages cost about 16 MB.
 */
import { GrowableFloat64, GrowableInt32 } from './growable.js';

/** The header that carries the runtime id of a RabbitMQ message. */
export const SIM_ID_HEADER = 'x-sim-id';

/** Send time, key and per-key sequence of every message, by runtime id. */
export class MessageTable {
  private last = 0;
  private readonly times = new GrowableFloat64(4096);
  private readonly keys = new GrowableInt32(4096);
  private readonly seqs = new GrowableInt32(4096);

  /** The highest runtime id handed out. */
  get count(): number {
    return this.last;
  }

  /** Records a message; returns its runtime id. */
  add(time: number, keyIndex: number, keySeq: number): number {
    const id = ++this.last;
    this.times.set(id, time);
    this.keys.set(id, keyIndex);
    this.seqs.set(id, keySeq);
    return id;
  }

  sentAt(id: number): number {
    return this.times.get(id);
  }

  keyIndex(id: number): number {
    return this.keys.get(id);
  }

  keySeq(id: number): number {
    return this.seqs.get(id);
  }
}

/**
 * Message keys, numbered. Order is tracked per (producer, key): two producers using the same key
 * make no ordering promise to each other. A keyless producer's messages share one implicit key.
 */
export class KeyRegistry {
  private readonly index = new Map<string, number>();
  /** By key number: the producer index and the key, for who asks which key a message had. */
  private readonly names: { readonly producer: number; readonly key: string }[] = [];
  private readonly next = new GrowableInt32(256);
  private size = 0;

  /** The number of the (producer, key) pair, created on first use. */
  keyIndex(producer: number, key: string): number {
    const name = `${producer}\u0000${key}`;
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.size++;
      this.index.set(name, i);
      this.names.push({ producer, key });
    }
    return i;
  }

  /** The producer index and key of key number `keyIndex` ('' for a keyless producer), or undefined. */
  describe(keyIndex: number): { readonly producer: number; readonly key: string } | undefined {
    return this.names[keyIndex];
  }

  /** The next sequence number (1, 2, ...) of a key. */
  nextSeq(keyIndex: number): number {
    const n = this.next.get(keyIndex) + 1;
    this.next.set(keyIndex, n);
    return n;
  }
}
