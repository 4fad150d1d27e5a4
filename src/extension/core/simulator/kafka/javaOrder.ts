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
