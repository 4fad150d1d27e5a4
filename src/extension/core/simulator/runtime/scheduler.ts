/**
 * The discrete-event scheduler: a binary min-heap of (time, sequence) on the VirtualClock. The
 * sequence number breaks ties in scheduling order, so two events at the same millisecond always run
 * in the same order and a run is reproducible byte for byte.
 *
 * Entries are kept in parallel arrays and name a long-lived task plus a number, so scheduling a
 * message's processing allocates nothing; a task ignores an entry whose number (a token) it has
 * since invalidated, which is how timers are cancelled.
 */
import type { VirtualClock } from '../clock.js';

/** Something the scheduler runs. `arg` is the number given to {@link Scheduler.schedule}. */
export interface SchedulerTask {
  run(arg: number): void;
}

/** A binary heap of timed tasks driving a VirtualClock. */
export class Scheduler {
  private times: Float64Array = new Float64Array(64);
  private seqs: Float64Array = new Float64Array(64);
  private args: Float64Array = new Float64Array(64);
  private daemons: Uint8Array = new Uint8Array(64);
  private tasks: (SchedulerTask | undefined)[] = new Array<SchedulerTask | undefined>(64);
  private length = 0;
  private nextSeq = 0;
  private work = 0;
  /** Entries run since creation. */
  executed = 0;

  constructor(readonly clock: VirtualClock) {}

  /** Pending entries. */
  get size(): number {
    return this.length;
  }

  /** Pending entries that are not daemons (daemons: metrics ticks, idle polls, broker timers). */
  get pendingWork(): number {
    return this.work;
  }

  /** Time of the next entry, or Infinity. */
  peekTime(): number {
    return this.length === 0 ? Number.POSITIVE_INFINITY : this.times[0]!;
  }

  /**
   * Runs `task.run(arg)` at `time` (never before now). A daemon entry does not keep an
   * "until idle" run going on its own.
   */
  schedule(time: number, task: SchedulerTask, arg = 0, daemon = false): void {
    const now = this.clock.now();
    if (!(time >= now)) time = now;
    if (this.length === this.times.length) this.grow();
    let i = this.length++;
    const seq = this.nextSeq++;
    if (!daemon) this.work++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(time, seq, parent)) {
        this.move(parent, i);
        i = parent;
      } else break;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.args[i] = arg;
    this.daemons[i] = daemon ? 1 : 0;
    this.tasks[i] = task;
  }

  /** Runs the next entry: moves the clock to its time and calls it. False when nothing is pending. */
  step(): boolean {
    if (this.length === 0) return false;
    const time = this.times[0]!;
    const task = this.tasks[0]!;
    const arg = this.args[0]!;
    if (this.daemons[0] === 0) this.work--;
    this.removeTop();
    this.executed++;
    if (time > this.clock.now()) this.clock.advanceTo(time);
    task.run(arg);
    return true;
  }

  /** Postpones every pending entry by `delta` ms (a time skip); their order is unchanged. */
  shiftAll(delta: number): void {
    for (let i = 0; i < this.length; i++) this.times[i]! += delta;
  }

  /** True when (time, seq) comes before entry j, or before (t2, s2) when j is -1. */
  private before(time: number, seq: number, j: number, t2 = 0, s2 = 0): boolean {
    const t = j < 0 ? t2 : this.times[j]!;
    return time < t || (time === t && seq < (j < 0 ? s2 : this.seqs[j]!));
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.args[to] = this.args[from]!;
    this.daemons[to] = this.daemons[from]!;
    this.tasks[to] = this.tasks[from];
  }

  private removeTop(): void {
    const last = --this.length;
    if (last === 0) {
      this.tasks[0] = undefined;
      return;
    }
    const time = this.times[last]!;
    const seq = this.seqs[last]!;
    const arg = this.args[last]!;
    const daemon = this.daemons[last]!;
    const task = this.tasks[last];
    this.tasks[last] = undefined;
    // Sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      // The earlier child moves up while it comes before the entry being placed.
      const c = r < last && this.before(this.times[r]!, this.seqs[r]!, l) ? r : l;
      if (!this.before(this.times[c]!, this.seqs[c]!, -1, time, seq)) break;
      this.move(c, i);
      i = c;
    }
    this.times[i] = time;
    this.seqs[i] = seq;
    this.args[i] = arg;
    this.daemons[i] = daemon;
    this.tasks[i] = task;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const grow64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.times = grow64(this.times);
    this.seqs = grow64(this.seqs);
    this.args = grow64(this.args);
    const d = new Uint8Array(n);
    d.set(this.daemons);
    this.daemons = d;
    this.tasks.length = n;
  }
}
