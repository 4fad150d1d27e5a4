import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VirtualClock } from '../../../../src/extension/core/simulator/clock.js';
import { Scheduler, type SchedulerTask } from '../../../../src/extension/core/simulator/runtime/scheduler.js';

test('entries run in (time, scheduling order), whatever order they were added in', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
    const clock = new VirtualClock(0);
    const s = new Scheduler(clock);
    const ran: number[] = [];
    const task: SchedulerTask = { run: (i) => ran.push(i) };
    times.forEach((t, i) => s.schedule(t, task, i));
    while (s.step());
    const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
    assert.deepEqual(ran, expected);
    assert.equal(s.executed, times.length);
  }), { numRuns: 300 });
});

test('entries scheduled while running interleave correctly and the clock follows', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { maxLength: 100 }), (pairs) => {
    const clock = new VirtualClock(0);
    const s = new Scheduler(clock);
    const log: [number, number][] = [];
    const child: SchedulerTask = { run: (i) => log.push([clock.now(), i]) };
    const parent: SchedulerTask = {
      run: (i) => {
        log.push([clock.now(), i]);
        s.schedule(clock.now() + pairs[i]![1], child, 1000 + i);
      },
    };
    pairs.forEach(([t], i) => s.schedule(t, parent, i));
    let last = 0;
    while (s.step()) {
      assert.ok(clock.now() >= last, 'time never goes back');
      last = clock.now();
    }
    assert.equal(log.length, pairs.length * 2);
    for (const [time, i] of log) if (i >= 1000) assert.equal(time, pairs[i - 1000]![0] + pairs[i - 1000]![1]);
  }), { numRuns: 200 });
});

test('a time in the past runs now; daemons do not count as pending work; shiftAll postpones everything', () => {
  const clock = new VirtualClock(100);
  const s = new Scheduler(clock);
  const seen: number[] = [];
  const task: SchedulerTask = { run: (i) => seen.push(clock.now() * 10 + i) };
  s.schedule(50, task, 1);
  s.schedule(200, task, 2, true);
  assert.equal(s.pendingWork, 1);
  assert.equal(s.size, 2);
  s.shiftAll(1000);
  assert.equal(s.peekTime(), 1100);
  while (s.step());
  assert.deepEqual(seen, [11001, 12002]);
  assert.equal(s.pendingWork, 0);
  assert.equal(s.peekTime(), Number.POSITIVE_INFINITY);
});
