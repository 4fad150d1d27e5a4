/**
 * The Browse table in headless Chromium (the built panel behind the webview tests' fake host): time
 * from handing the list its rows to the first frame painted, with 100 and with 100,000 rows (the
 * list is virtualized, so the two should cost about the same: target ratio at most 2), then the frame
 * intervals while scrolling through the 100,000 rows (target: 60 fps, 16.7 ms).
 *
 *   npm run bench:webview          (builds first)
 *   node --import tsx bench/webviewList.ts [rounds]
 */
import { openPanel } from '../test/support/webviewHarness.js';
import { kafkaInit, kafkaRow, nextPosted, pageResult, reply } from '../test/webview/browseFixtures.js';
import { saveResults } from './results.js';

const rounds = Number(process.argv[2] ?? 5);
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const median = (xs: number[]): number => percentile(xs, 50);

const panel = await openPanel('browse', 'dark', { viewport: { width: 1280, height: 900 } });
try {
  await panel.waitForPosted('webview/ready');
  await panel.send(kafkaInit());
  const load = (await nextPosted(panel, 'browse/load', 0)).message;
  await reply(panel, load, pageResult([0, 1, 2].map((i) => kafkaRow(i))));
  await panel.page.locator('.row.record').first().waitFor();
  // Page-side code is passed as text: the TypeScript loader would wrap named functions in helpers the page lacks.
  // Rows are built in the page (as the panel holds them after paging and live tail), then handed to the list.
  await panel.page.evaluate(`(() => {
    const template = ${JSON.stringify(kafkaRow(0))};
    const make = (n) => Array.from({ length: n }, (_, i) => ({ ...template, id: '0:' + i, offset: i, partition: i % 3,
      valuePreview: '{"seq":' + i + ',"event":"order.paid","orderId":"o-' + (1000 + (i % 97)) + '"}' }));
    globalThis.rows100 = make(100);
    globalThis.rows100k = make(100000);
    globalThis.listEl = () => document.querySelector('brokerlens-browse').shadowRoot.querySelector('brokerlens-record-list');
  })()`);
  // Two figures: Lit's update (the list's own work, to the DOM) and the first frame painted after it.
  const render = (key: string): Promise<{ update: number; paint: number }> => panel.page.evaluate(`new Promise((resolve) => {
    const list = globalThis.listEl();
    list.rows = [];
    list.updateComplete.then(() => requestAnimationFrame(() => {
      const t0 = performance.now();
      list.rows = globalThis.${key}.slice();
      list.updateComplete.then(() => {
        const update = performance.now() - t0;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve({ update, paint: performance.now() - t0 })));
      });
    }));
  })`);
  const small: { update: number; paint: number }[] = [];
  const large: { update: number; paint: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    small.push(await render('rows100'));
    large.push(await render('rows100k'));
  }
  const scroll = await panel.page.evaluate<number[]>(`new Promise((resolve) => {
    const viewport = globalThis.listEl().shadowRoot.querySelector('.viewport');
    const intervals = [];
    let last = performance.now();
    let frame = 0;
    const step = () => {
      const now = performance.now();
      if (frame > 0) intervals.push(now - last);
      last = now;
      // 300 frames, jumping about 7,000 rows per frame: every frame shows rows it has not shown before.
      viewport.scrollTop = (frame * 7333 * 22) % (100000 * 22);
      if (++frame <= 300) requestAnimationFrame(step);
      else resolve(intervals);
    };
    requestAnimationFrame(step);
  })`);
  const figures = {
    renderMs: { rows100: Number(median(small.map((x) => x.update)).toFixed(2)), rows100000: Number(median(large.map((x) => x.update)).toFixed(2)) },
    ratio: Number((median(large.map((x) => x.update)) / median(small.map((x) => x.update))).toFixed(2)),
    firstPaintMs: { rows100: Number(median(small.map((x) => x.paint)).toFixed(1)), rows100000: Number(median(large.map((x) => x.paint)).toFixed(1)) },
    paintRatio: Number((median(large.map((x) => x.paint)) / median(small.map((x) => x.paint))).toFixed(2)),
    rounds: { rows100: small.map((x) => Number(x.update.toFixed(2))), rows100000: large.map((x) => Number(x.update.toFixed(2))) },
    scrollFrameMs: { p50: Number(percentile(scroll, 50).toFixed(1)), p95: Number(percentile(scroll, 95).toFixed(1)), max: Number(Math.max(...scroll).toFixed(1)), frames: scroll.length },
    domRows: await panel.page.locator('.row.record').count(),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(`results: ${saveResults('webview-list', `node --import tsx bench/webviewList.ts ${rounds}`, figures)}`);
} finally {
  await panel.close();
}
