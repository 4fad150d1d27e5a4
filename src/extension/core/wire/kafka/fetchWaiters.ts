/**
 * Long polling for Fetch: a fetch that found fewer than min.bytes waits for an append to one of its
 * partitions or for max.wait.ms, whichever comes first, as a broker's DelayedFetch does. One engine
 * listener serves every waiting fetch.
 */
import type { KafkaCluster } from '../../simulator/kafka/cluster.js';

interface Waiter {
  readonly keys: ReadonlySet<string>;
  readonly wake: () => void;
}

/** Waiting fetches of one listener. */
export class FetchWaiters {
  private readonly waiters = new Set<Waiter>();
  private readonly unsubscribe: () => void;

  constructor(cluster: KafkaCluster) {
    this.unsubscribe = cluster.on((e) => {
      if (e.type !== 'appended' || this.waiters.size === 0) return;
      const key = `${e.topic}\u0000${e.partition}`;
      for (const w of [...this.waiters]) if (w.keys.has(key)) w.wake();
    });
  }

  /** Resolves after an append to one of `partitions`, after `ms`, or when `abort` fires. */
  wait(partitions: readonly { readonly topic: string; readonly partition: number }[], ms: number, onAbort: (fn: () => void) => () => void): Promise<void> {
    return new Promise((resolve) => {
      const keys = new Set(partitions.map((p) => `${p.topic}\u0000${p.partition}`));
      let removeAbort: () => void = () => undefined;
      const waiter: Waiter = {
        keys,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          removeAbort();
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, Math.max(0, ms));
      this.waiters.add(waiter);
      removeAbort = onAbort(waiter.wake);
    });
  }

  get size(): number {
    return this.waiters.size;
  }

  dispose(): void {
    this.unsubscribe();
    for (const w of [...this.waiters]) w.wake();
  }
}
