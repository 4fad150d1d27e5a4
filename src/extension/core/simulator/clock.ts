/**
 * Virtual time for the simulator. Nothing in the engine reads the wall clock: the same scenario and
 * seed must give the same event log, byte for byte.
 */

/** A clock the engine reads; only the scheduler moves it. */
export interface Clock {
  /** Milliseconds since the simulation's epoch. */
  now(): number;
}

/** A clock that moves only when told to. */
export class VirtualClock implements Clock {
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward to `time`; moving backward is a bug in the caller. */
  advanceTo(time: number): void {
    if (time < this.current) throw new RangeError(`clock cannot go back from ${this.current} to ${time}`);
    this.current = time;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}
