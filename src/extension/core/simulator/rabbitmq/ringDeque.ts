/**
 * A growable ring buffer with O(1) push/shift/unshift/pop. Queues of a million messages use this
 * instead of Array.prototype.shift, which is O(n) once V8 leaves its fast path.
 */
export class RingDeque<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    this.items = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  unshift(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.items[this.head] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const index = (this.head + this.count - 1) & this.mask;
    const item = this.items[index];
    this.items[index] = undefined;
    this.count--;
    return item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** The item at position `index` from the head (0 = head). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) & this.mask];
  }

  /** Overwrites the item at `index` (0 = head). */
  setAt(index: number, item: T): void {
    if (index < 0 || index >= this.count) throw new RangeError(`index ${index} out of range`);
    this.items[(this.head + index) & this.mask] = item;
  }

  /** Removes the item at `index`, shifting the shorter side; O(min(index, length - index)). */
  removeAt(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const item = this.at(index);
    if (index < this.count / 2) {
      for (let i = index; i > 0; i--) this.items[(this.head + i) & this.mask] = this.items[(this.head + i - 1) & this.mask];
      this.items[this.head] = undefined;
      this.head = (this.head + 1) & this.mask;
    } else {
      for (let i = index; i < this.count - 1; i++) this.items[(this.head + i) & this.mask] = this.items[(this.head + i + 1) & this.mask];
      this.items[(this.head + this.count - 1) & this.mask] = undefined;
    }
    this.count--;
    return item;
  }

  clear(): void {
    this.items = new Array<T | undefined>(16);
    this.mask = 15;
    this.head = 0;
    this.count = 0;
  }

  /** Items from head to tail. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) & this.mask] as T;
    return out;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}
