/**
 * A bounded ring buffer of engine events. A million-message run emits millions of events; the panels
 * only ever need the most recent ones, so the buffer keeps the last `capacity` and counts the rest.
 */
export class EventBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private length = 0;
  private total = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.total++;
    if (this.length < this.capacity) {
      this.items[(this.start + this.length) % this.capacity] = item;
      this.length++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Events pushed since creation, including those no longer held. */
  get pushed(): number {
    return this.total;
  }

  /** Events dropped because the buffer was full. */
  get dropped(): number {
    return this.total - this.length;
  }

  get size(): number {
    return this.length;
  }

  /** The held events, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  /** Removes and returns the held events, oldest first. */
  drain(): T[] {
    const out = this.toArray();
    this.items.fill(undefined);
    this.start = 0;
    this.length = 0;
    return out;
  }
}
