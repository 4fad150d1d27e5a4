/**
 * Java ordering rules the Kafka client depends on, reproduced so assignments match byte for byte:
 *  - String.compareTo (UTF-16 code unit order; JS `<` on strings is the same order);
 *  - java.util.HashMap iteration order over String keys. Several assignor steps iterate a HashMap of
 *    member ids (e.g. AbstractStickyAssignor's assignOwnedPartitions), so who keeps an extra partition
 *    depends on it. A HashMap iterates its buckets in index order, bucket = spread(hashCode) & (cap-1)
 *    with spread(h) = h ^ (h >>> 16), and within a bucket in insertion order (resizes split buckets
 *    preserving order). The capacity starts at 16 and doubles whenever size exceeds 0.75 x capacity.
 *    Treeified buckets (8+ colliding keys in a table of 64+) are not modelled.
 */
import { javaStringHash } from './murmur2.js';

/** Java's String.compareTo as a sort comparator. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order in which a `new HashMap<>()` filled with `keys` (in this insertion order) iterates them. */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const mask = capacity - 1;
  const buckets = keys.map((key, index) => {
    const h = javaStringHash(key);
    return { key, index, bucket: (h ^ (h >>> 16)) & mask };
  });
  buckets.sort((x, y) => x.bucket - y.bucket || x.index - y.index);
  return buckets.map((b) => b.key);
}

/** TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode(), in 32-bit int arithmetic. */
export function javaTopicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHash(topic)) | 0;
}

/**
 * The iteration order of a `new HashSet<>()` under adds and removes, for the one place an assignor
 * takes `set.iterator().next()` (AbstractStickyAssignor.PartitionMovements). Same rules as
 * javaHashMapOrder: bucket index order, then insertion order within a bucket; the table doubles when
 * the size exceeds 0.75 x capacity and never shrinks; a removed and re-added element goes to the end.
 */
export class JavaHashSet<T> {
  private capacity = 16;
  private sequence = 0;
  private readonly entries = new Map<string, { readonly value: T; readonly hash: number; readonly seq: number }>();

  constructor(private readonly keyOf: (value: T) => string, private readonly hashOf: (value: T) => number) {}

  get size(): number {
    return this.entries.size;
  }

  add(value: T): void {
    const k = this.keyOf(value);
    if (this.entries.has(k)) return;
    const h = this.hashOf(value);
    this.entries.set(k, { value, hash: h ^ (h >>> 16), seq: this.sequence++ });
    if (this.entries.size > this.capacity * 0.75) this.capacity *= 2;
  }

  delete(value: T): void {
    this.entries.delete(this.keyOf(value));
  }

  /** What `iterator().next()` returns, or undefined when empty. */
  first(): T | undefined {
    const mask = this.capacity - 1;
    let best: { value: T; bucket: number; seq: number } | undefined;
    for (const e of this.entries.values()) {
      const bucket = e.hash & mask;
      if (!best || bucket < best.bucket || (bucket === best.bucket && e.seq < best.seq)) best = { value: e.value, bucket, seq: e.seq };
    }
    return best?.value;
  }
}
