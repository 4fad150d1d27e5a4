/**
 * The Compare panel's cost: running a workload on both models with every run recorded (events,
 * per-message deliveries and handlings, backlog after each entry) and the outcome table counted from
 * the logs, against the plain runtime on the same scenario in the same process (the reference);
 * the scene at a row's moment (a replay to that time); and the bytes of the panel's messages.
 *
 *   node --import tsx bench/compare.ts [rounds]
 */
import { runComparison, sceneAt } from '../src/extension/core/simulator/compare/compareRun.js';
import { PRESETS } from '../src/extension/core/simulator/presets/index.js';
import { ComparisonRun } from '../src/extension/core/simulator/runtime/comparison.js';
import { compareSceneMessage, compareStateMessage } from '../src/extension/panels/compare/messages.js';
import { saveResults } from './results.js';

const rounds = Number(process.argv[2] ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const noYield = (): Promise<void> => Promise.resolve();

const rows: Record<string, unknown>[] = [];
for (const p of PRESETS) {
  const plain: number[] = [];
  const recorded: number[] = [];
  const scenes: number[] = [];
  let entries = 0;
  let stateBytes = 0;
  let sceneBytes = 0;
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so neither side always runs on a warmer JIT.
    const runPlain = (): void => {
      const t = performance.now();
      new ComparisonRun(p.scenario, { eventCapacity: 1 }).run();
      plain.push(performance.now() - t);
    };
    const runRecorded = async (): Promise<void> => {
      const t = performance.now();
      const c = await runComparison(p.scenario, { yieldControl: noYield });
      recorded.push(performance.now() - t);
      entries = c.logs.rabbitmq.entries.length + c.logs.kafka.entries.length;
      const moment = c.rows.find((x) => x.moment)?.moment?.timeMs ?? 0;
      const ts = performance.now();
      const scene = sceneAt(c, moment);
      scenes.push(performance.now() - ts);
      stateBytes = JSON.stringify(compareStateMessage('done', { kind: 'preset', id: p.id, title: p.title, lookFor: '' }, c)).length;
      sceneBytes = JSON.stringify(compareSceneMessage(scene)).length;
    };
    if (r % 2 === 0) {
      runPlain();
      await runRecorded();
    } else {
      await runRecorded();
      runPlain();
    }
  }
  const row = {
    preset: p.id,
    logEntries: entries,
    plainMs: Number(median(plain).toFixed(1)),
    compareMs: Number(median(recorded).toFixed(1)),
    ratio: Number((median(recorded) / median(plain)).toFixed(2)),
    sceneMs: Number(median(scenes).toFixed(1)),
    stateBytes,
    sceneBytes,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.log(saveResults('compare', `node --import tsx bench/compare.ts ${rounds}`, { rounds, presets: rows }));
