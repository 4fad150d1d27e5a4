/**
 * A fixed-bucket latency histogram, so percentiles of a million samples cost a walk over ~1,200
 * counters instead of a sort. Buckets are 1 ms wide below 64 ms (exact for whole milliseconds) and
 * then 32 per power of two (each within ~3% of its values) up to 2^40 ms.
 */

const LINEAR = 64;
const SUB = 32;
const MAX_EXP = 40;
const BUCKETS = LINEAR + (MAX_EXP - 6 + 1) * SUB;

/** Bucket index of a value in ms. */
export function bucketOf(ms: number): number {
  if (!(ms > 0)) return 0;
  if (ms < LINEAR) return Math.floor(ms);
  const e = Math.min(MAX_EXP, Math.floor(Math.log2(ms)));
  const sub = Math.min(SUB - 1, Math.floor(ms / 2 ** (e - 5)) - SUB);
  return LINEAR + (e - 6) * SUB + sub;
}

/** The value a bucket reports: its lower edge in the 1 ms range, its midpoint above. */
export function bucketValue(index: number): number {
  if (index < LINEAR) return index;
  const k = index - LINEAR;
  const e = 6 + Math.floor(k / SUB);
  const width = 2 ** (e - 5);
  return (SUB + (k % SUB)) * width + width / 2;
}

/** Counts samples into fixed buckets. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxValue = 0;
  private sum = 0;

  record(ms: number): void {
    this.counts[bucketOf(ms)]!++;
    this.total++;
    this.sum += ms;
    if (ms > this.maxValue) this.maxValue = ms;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxValue;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** The nearest-rank percentile (0 < p <= 100) at bucket resolution; 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(bucketValue(i), this.maxValue);
    }
    return this.maxValue;
  }

  /** Adds another histogram's samples. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.maxValue = 0;
  }
}
