/**
 * Metrics over simulated time, bucketed per simulated second: rates, backlog (RabbitMQ queue depth,
 * Kafka consumer lag) and end-to-end latency percentiles. Latency runs from the producer's send to
 * the end of successful handling (what "the e-mail went out" means), and is measured with
 * fixed-bucket histograms: one per open bucket and one for the whole run.
 */
import { LatencyHistogram } from './histogram.js';

/** One closed bucket, normally one simulated second [startMs, endMs). */
export interface MetricsBucket {
  readonly startMs: number;
  readonly endMs: number;
  readonly published: number;
  readonly delivered: number;
  readonly processed: number;
  readonly redeliveries: number;
  readonly duplicates: number;
  readonly failures: number;
  /** Published per second over the bucket. */
  readonly publishRate: number;
  /** Delivered per second over the bucket. */
  readonly deliveryRate: number;
  /** RabbitMQ: ready + unacked messages in the consumed queues at the end of the bucket; Kafka: 0. */
  readonly queueDepth: number;
  /** Kafka: sum over groups and partitions of high watermark - committed offset; RabbitMQ: 0. */
  readonly consumerLag: number;
  readonly latencyP50: number;
  readonly latencyP95: number;
  readonly latencyP99: number;
}

/** Latency figures of a histogram. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Summarizes a histogram. */
export function summarizeLatency(h: LatencyHistogram): LatencySummary {
  return { count: h.count, p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99), max: h.max, mean: h.mean };
}

/** Collects the run's counters and series. Bounded: one bucket per simulated second. */
export class MetricsCollector {
  readonly latency = new LatencyHistogram();
  private readonly bucketLatency = new LatencyHistogram();
  private readonly closed: MetricsBucket[] = [];
  private bucketStart = 0;
  published = 0;
  delivered = 0;
  processed = 0;
  redeliveries = 0;
  duplicates = 0;
  failures = 0;
  private at = { published: 0, delivered: 0, processed: 0, redeliveries: 0, duplicates: 0, failures: 0 };

  constructor(private readonly maxBuckets = 100_000) {}

  onPublished(n = 1): void {
    this.published += n;
  }

  onDelivered(redelivered: boolean): void {
    this.delivered++;
    if (redelivered) this.redeliveries++;
  }

  onDuplicate(): void {
    this.duplicates++;
  }

  onFailure(): void {
    this.failures++;
  }

  onProcessed(latencyMs: number): void {
    this.processed++;
    this.latency.record(latencyMs);
    this.bucketLatency.record(latencyMs);
  }

  /** Closes the open bucket at `endMs` with the backlog sampled then, and opens the next one. */
  closeBucket(endMs: number, queueDepth: number, consumerLag: number): void {
    if (endMs <= this.bucketStart) return;
    const seconds = (endMs - this.bucketStart) / 1000;
    const a = this.at;
    const published = this.published - a.published;
    const delivered = this.delivered - a.delivered;
    this.closed.push({
      startMs: this.bucketStart,
      endMs,
      published,
      delivered,
      processed: this.processed - a.processed,
      redeliveries: this.redeliveries - a.redeliveries,
      duplicates: this.duplicates - a.duplicates,
      failures: this.failures - a.failures,
      publishRate: published / seconds,
      deliveryRate: delivered / seconds,
      queueDepth,
      consumerLag,
      latencyP50: this.bucketLatency.percentile(50),
      latencyP95: this.bucketLatency.percentile(95),
      latencyP99: this.bucketLatency.percentile(99),
    });
    // A run longer than maxBuckets seconds keeps the latest ones, like the event buffer.
    if (this.closed.length > this.maxBuckets) this.closed.shift();
    this.bucketLatency.reset();
    this.bucketStart = endMs;
    this.at = { published: this.published, delivered: this.delivered, processed: this.processed, redeliveries: this.redeliveries, duplicates: this.duplicates, failures: this.failures };
  }

  /** Moves the start of the open bucket (after a time skip, the skipped span is not a bucket). */
  restartBucketAt(timeMs: number): void {
    this.bucketStart = timeMs;
  }

  /** The closed buckets, oldest first. */
  series(): readonly MetricsBucket[] {
    return this.closed;
  }
}
