/**
 * The unacknowledged deliveries of one channel, by delivery tag. Tags grow by one per delivery, so
 * a ring buffer indexed by (tag - first tag) replaces a Map: O(1) lookup, in-order iteration for
 * ack-multiple, and no per-entry allocation. Settled slots become holes that are trimmed from the
 * front, as RabbitMQ's pending-ack queue is.
 */
import { RingDeque } from './ringDeque.js';

/** Tag-indexed unacked entries. */
export class UnackedWindow<T> {
  private readonly slots = new RingDeque<T | undefined>(64);
  /** Tag of slot 0. */
  private base = 1;
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Records `value` under `tag`; tags must be given in increasing order. */
  set(tag: number, value: T): void {
    if (this.live === 0) {
      this.slots.clear();
      this.base = tag;
    }
    while (this.base + this.slots.length < tag) this.slots.push(undefined);
    this.slots.push(value);
    this.live++;
  }

  get(tag: number): T | undefined {
    return this.slots.at(tag - this.base);
  }

  has(tag: number): boolean {
    return this.get(tag) !== undefined;
  }

  delete(tag: number): boolean {
    const i = tag - this.base;
    if (this.slots.at(i) === undefined) return false;
    if (i === 0) {
      this.slots.shift();
      this.base++;
      while (this.slots.length > 0 && this.slots.peek() === undefined) {
        this.slots.shift();
        this.base++;
      }
    } else {
      this.replace(i);
    }
    this.live--;
    return true;
  }

  /** Removes and returns every entry with tag <= `tag`, in tag order. */
  takeUpTo(tag: number): T[] {
    const out: T[] = [];
    while (this.slots.length > 0 && this.base <= tag) {
      const v = this.slots.shift();
      this.base++;
      if (v !== undefined) {
        out.push(v);
        this.live--;
      }
    }
    while (this.slots.length > 0 && this.slots.peek() === undefined) {
      this.slots.shift();
      this.base++;
    }
    return out;
  }

  /** Every entry in tag order. */
  values(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const v = this.slots.at(i);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  clear(): void {
    this.slots.clear();
    this.live = 0;
  }

  /** Punches a hole at index `i` (not the head). */
  private replace(i: number): void {
    this.slots.setAt(i, undefined);
  }
}
