/**
 * Typed arrays that grow by doubling: per-message bookkeeping for a million messages costs a few
 * flat buffers, not a million objects, and reading an index never written returns 0.
 */

type TypedCtor<T> = { new (length: number): T };
type Typed = Float64Array | Int32Array | Uint8Array;

class Growable<T extends Typed> {
  protected data: T;

  constructor(private readonly ctor: TypedCtor<T>, initial = 1024) {
    this.data = new ctor(initial);
  }

  get(i: number): number {
    return i < this.data.length ? this.data[i]! : 0;
  }

  set(i: number, value: number): void {
    if (i >= this.data.length) this.ensure(i);
    this.data[i] = value;
  }

  /** Current capacity (indexes below it read without bounds growth). */
  get capacity(): number {
    return this.data.length;
  }

  private ensure(i: number): void {
    let n = this.data.length;
    while (n <= i) n *= 2;
    const next = new this.ctor(n);
    next.set(this.data as never);
    this.data = next;
  }
}

/** A growable Float64Array. */
export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(initial?: number) {
    super(Float64Array, initial);
  }
}

/** A growable Int32Array. */
export class GrowableInt32 extends Growable<Int32Array> {
  constructor(initial?: number) {
    super(Int32Array, initial);
  }
}

/** A growable Uint8Array used as per-message flag bits. */
export class GrowableFlags extends Growable<Uint8Array> {
  constructor(initial?: number) {
    super(Uint8Array, initial);
  }

  has(i: number, bit: number): boolean {
    return (this.get(i) & bit) !== 0;
  }

  add(i: number, bit: number): void {
    this.set(i, this.get(i) | bit);
  }

  remove(i: number, bit: number): void {
    if (i < this.data.length) this.data[i] = this.data[i]! & ~bit;
  }
}
