import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bucketOf, bucketValue, LatencyHistogram } from '../../../../src/extension/core/simulator/runtime/histogram.js';

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

test('whole milliseconds below 64 are exact', () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < 64; i++) h.record(i);
  assert.equal(h.percentile(50), 31);
  assert.equal(h.percentile(100), 63);
  assert.equal(h.max, 63);
});

test('percentiles are within one bucket (about 3%) of the exact nearest-rank value', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 2000 }), fc.constantFrom(50, 95, 99), (values, p) => {
    const h = new LatencyHistogram();
    for (const v of values) h.record(v);
    const exact = exactPercentile([...values].sort((a, b) => a - b), p);
    const got = h.percentile(p);
    assert.ok(Math.abs(got - exact) <= Math.max(1, exact / 16), `p${p}: ${got} vs ${exact}`);
  }), { numRuns: 300 });
});

test('buckets are monotonic and each value lies in its bucket', () => {
  fc.assert(fc.property(fc.double({ min: 0, max: 2 ** 39, noNaN: true }), fc.double({ min: 0, max: 2 ** 39, noNaN: true }), (a, b) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    assert.ok(bucketOf(lo) <= bucketOf(hi));
    // The value a bucket reports is within 1 ms (linear range) or 1/32 (log range) of what went in.
    assert.ok(Math.abs(bucketValue(bucketOf(hi)) - hi) <= Math.max(1, hi / 32), `${hi} → ${bucketValue(bucketOf(hi))}`);
  }), { numRuns: 500 });
});

test('merge and reset', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  a.record(10);
  b.record(20);
  b.record(30);
  a.merge(b);
  assert.equal(a.count, 3);
  assert.equal(a.percentile(50), 20);
  assert.equal(a.mean, 20);
  a.reset();
  assert.equal(a.count, 0);
  assert.equal(a.percentile(99), 0);
});
