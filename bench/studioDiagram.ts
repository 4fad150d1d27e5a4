/**
 * Benchmark of the studio's diagram in headless Chromium (the built panel behind the fake host of
 * the webview tests): the RabbitMQ model with 20 queues and 20 consumers, frames arriving ten times
 * a second with traffic on every edge so that about 1,000 messages are in flight at once, for a few
 * seconds. Reports the animation's frame intervals (target: 60 fps, 16.7 ms) and the time each
 * frame's drawing took, and the dots on screen.
 *
 *   node esbuild.js && node --import tsx bench/studioDiagram.ts [seconds] [perEdge]
 */
import { openPanel } from '../test/support/webviewHarness.js';
import { wide } from '../test/unit/simulator/studio/support.js';
import { StudioSession, type StudioFrame } from '../src/extension/core/simulator/studio/session.js';
import { presetInfos } from '../src/extension/panels/simulator/presetOutcome.js';
import { saveResults } from './results.js';

const seconds = Number(process.argv[2] ?? 6);
const perEdge = Number(process.argv[3] ?? 3);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// A real session's first frame gives the diagram; the traffic frames reuse it with flows on every edge.
const frames: StudioFrame[] = [];
const session = new StudioSession(wide(), { env: { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined }, onFrame: (f) => frames.push(f) });
for (let i = 0; i < 2000; i++) session.step();
session.frame(true);
const full = frames.at(-1)!;
const rabbit = full.models[0]!;
const edges = rabbit.graph!.edges.map((e) => e.id);

const panel = await openPanel('simulator', 'dark', { viewport: { width: 1280, height: 1000 } });
try {
  await panel.waitForPosted('webview/ready');
  await panel.send({ kind: 'notification', method: 'simulator/state', params: { models: [], presets: presetInfos(), updatedAt: Date.now() } });
  await panel.send({ kind: 'notification', method: 'simulator/studioFrame', params: JSON.parse(JSON.stringify(full)) });
  await panel.page.locator('brokerlens-diagram g.node').first().waitFor();
  const flows = Object.fromEntries(edges.map((id) => [id, perEdge]));
  const traffic = { ...full, full: false, state: 'running', models: full.models.map((m, i) => ({ ...m, graph: undefined, buckets: [], flows: i === 0 ? flows : {} })), events: [] };
  const stats = (): Promise<{ intervals: number[]; draws: number[]; dots: number }> => panel.page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelector(s: string): { shadowRoot: { querySelector(s: string): unknown } | null } | null } }).document.querySelector('brokerlens-simulator')?.shadowRoot?.querySelector('brokerlens-diagram') as unknown as { frameStats(): { intervals: number[]; draws: number[]; dots: number } };
    return d.frameStats();
  });
  // Warm up one second, then measure.
  const send = async (ms: number, sample?: (dots: number) => void): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await panel.send({ kind: 'notification', method: 'simulator/studioFrame', params: traffic });
      await panel.page.waitForTimeout(100);
      if (sample) sample((await stats()).dots);
    }
  };
  await send(1000);
  await stats();
  const dots: number[] = [];
  const intervals: number[] = [];
  const draws: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await panel.send({ kind: 'notification', method: 'simulator/studioFrame', params: traffic });
    await panel.page.waitForTimeout(100);
    const s = await stats();
    dots.push(s.dots);
    intervals.push(...s.intervals);
    draws.push(...s.draws);
  }
  const figures = {
    nodes: rabbit.graph!.nodes.length, edges: edges.length, perEdgePerFrame: perEdge, framesPerSecondSent: 10,
    dotsInFlight: { median: percentile(dots, 50), min: Math.min(...dots), max: Math.max(...dots) },
    frameIntervalMs: { p50: percentile(intervals, 50), p95: percentile(intervals, 95), p99: percentile(intervals, 99), count: intervals.length },
    fps: intervals.length / (intervals.reduce((a, b) => a + b, 0) / 1000),
    drawMs: { p50: percentile(draws, 50), p95: percentile(draws, 95), p99: percentile(draws, 99) },
    within16_7ms: intervals.filter((x) => x <= 16.7 + 1).length / Math.max(1, intervals.length),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(`wrote ${saveResults('studio-diagram', `node --import tsx bench/studioDiagram.ts ${seconds} ${perEdge}`, figures)}`);
} finally {
  await panel.close();
}
