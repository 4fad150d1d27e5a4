/**
 * A seeded pseudo-random source (mulberry32): small, fast and identical on every platform, so a seed
 * reproduces a run exactly. Not for cryptography.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** The internal state, for persistence. */
  snapshot(): number {
    return this.state;
  }

  /** Restores a state taken by {@link snapshot}. */
  restore(state: number): void {
    this.state = state >>> 0;
  }
}
