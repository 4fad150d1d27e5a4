/**
 * User regexes on the host (issue 14, defect 4): RE2 (re2js, what BrokerLens runs) against the
 * reference JavaScript RegExp (what it ran before) on ^(a+)+$, and the worst lateness of a 10 ms
 * event-loop heartbeat while the Browse filter scans 10,000 such records.
 * Run: node --import tsx bench/regexHeartbeat.ts
 */
import { compileFilter } from '../src/extension/core/browse/filter.js';
import { compileUserRegex } from '../src/extension/core/browse/userRegex.js';

const enc = new TextEncoder();
const time = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

// Reference: the backtracking engine doubles its time per extra 'a'; 22 keeps the run short.
const short = `${'a'.repeat(22)}!`;
const native = /^(a+)+$/;
const re2 = compileUserRegex('^(a+)+$');
const nativeMs = time(() => native.test(short));
const re2Ms = time(() => { for (let i = 0; i < 1000; i++) re2.test(short); }) / 1000;
console.log(`^(a+)+$ on 23 bytes: RegExp ${nativeMs.toFixed(1)} ms, RE2 ${(re2Ms * 1000).toFixed(1)} us (RE2 ${Math.round(nativeMs / re2Ms)}x faster); RegExp doubles per byte, RE2 is linear`);

const keep = compileFilter({ kind: 'text', field: 'value', pattern: '^(a+)+$', regex: true });
const record = { id: '0:0', destination: 't', partition: 0, offset: 0, timestamp: 0, size: 29, key: null, value: enc.encode(`${'a'.repeat(28)}!`), headers: {} };
let worst = 0;
let last = performance.now();
const beat = setInterval(() => {
  const now = performance.now();
  worst = Math.max(worst, now - last - 10);
  last = now;
}, 10);
const t0 = performance.now();
for (let i = 0; i < 10_000; i++) {
  keep(record);
  // A page scan yields between batches of 100 records.
  if (i % 100 === 0) await new Promise((r) => setImmediate(r));
}
const elapsed = performance.now() - t0;
await new Promise((r) => setTimeout(r, 30));
clearInterval(beat);
console.log(`Browse filter ^(a+)+$ over 10,000 records of 29 bytes: ${elapsed.toFixed(0)} ms, ${((elapsed / 10_000) * 1000).toFixed(1)} us/record; worst heartbeat lateness ${worst.toFixed(1)} ms (bar: 100 ms)`);
