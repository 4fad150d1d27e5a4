import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';
import { kafkaInit, kafkaRow, nextPosted, pageResult, postedCount, queueInit, queueRow, reply } from './browseFixtures.js';

const skip = browserSkipReason();
const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
const params = (m: Record<string, unknown>): unknown => m['params'];

describe('browse message actions and staleness, in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('browse', 'dark', { viewport: { width: 1300, height: 600 } });
    await panel.waitForPosted('webview/ready');
    await panel.send(queueInit());
    await panel.page.locator('vscode-button.peek-anyway').click();
    const load = (await nextPosted(panel, 'browse/load', 0)).message;
    await reply(panel, load, pageResult([queueRow(0), { ...queueRow(1), dead: true }, queueRow(2)], { sideEffect: 'requeued' }));
    await panel.page.locator('.row.record').first().waitFor();
  });
  after(async () => panel?.close());

  it('acts on all shown messages when none is selected, and offers Retry because one was dead-lettered', async () => {
    assert.equal(await panel.page.locator('vscode-button.retry').count(), 1);
    for (const [button, method] of [['republish', 'browse/republish'], ['retry', 'browse/retry'], ['export', 'browse/export']] as const) {
      const from = await postedCount(panel);
      await panel.page.locator(`vscode-button.${button}`).click();
      assert.deepEqual(params((await nextPosted(panel, method, from)).message), { scope: 'shown' });
    }
  });

  it('acts on the selected message; Retry shows only for a dead-lettered one', async () => {
    await panel.page.locator('.row.record').nth(0).click();
    assert.equal(await panel.page.locator('vscode-button.retry').count(), 0, 'the selected message has no x-death');
    await panel.page.locator('.row.record').nth(1).click();
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.retry').click();
    assert.deepEqual(params((await nextPosted(panel, 'browse/retry', from)).message), { scope: 'selected', ref: { id: '2' } });
  });

  it('shows every column header of a queue in full (Redelivered, Headers, Size)', async () => {
    type Cell = { scrollWidth: number; clientWidth: number; textContent: string | null };
    const cut = await panel.page.locator('[role=columnheader]').evaluateAll((cells) => (cells as unknown as Cell[]).filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
    assert.deepEqual(cut, []);
    assert.ok((await panel.page.locator('[role=columnheader]').allTextContents()).includes('Redelivered'));
  });

  it('acts on several messages chosen with Ctrl-click and Shift-click', async () => {
    await panel.page.locator('.row.record').nth(0).click();
    await panel.page.locator('.row.record').nth(2).click({ modifiers: ['Control'] });
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').count(), 2);
    assert.equal(await text(panel, '.marked-count'), '2 selected');
    let from = await postedCount(panel);
    await panel.page.locator('vscode-button.export').click();
    assert.deepEqual(params((await nextPosted(panel, 'browse/export', from)).message), { scope: 'selected', refs: [{ id: '1' }, { id: '3' }] });
    await panel.page.locator('.row.record').nth(2).click({ modifiers: ['Shift'] });
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').count(), 3);
    from = await postedCount(panel);
    await panel.page.locator('vscode-button.retry').click();
    assert.deepEqual(params((await nextPosted(panel, 'browse/retry', from)).message), { scope: 'selected', refs: [{ id: '1' }, { id: '2' }, { id: '3' }] });
    // A plain click selects one again.
    await panel.page.locator('.row.record').nth(1).click();
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').count(), 1);
  });

  it('marks the page stale when the host says the queue changed, and Refresh reads again', async () => {
    await panel.send({ kind: 'notification', method: 'browse/stale', params: { message: 'The queue was purged after this page was read; Refresh to see what it holds now.' } });
    assert.match(await text(panel, '.notice.stale'), /^The queue was purged after this page was read/);
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.stale-refresh').click();
    const load = (await nextPosted(panel, 'browse/load', from)).message;
    await reply(panel, load, pageResult([queueRow(0)], { sideEffect: 'requeued' }));
    await panel.page.locator('.notice.stale').waitFor({ state: 'detached' });
  });
});

describe('browse opened at a record (a publish result link)', { skip }, () => {
  it('reads its first page from that offset of that partition, and saves what a reload needs', async () => {
    const panel = await openPanel('browse', 'dark');
    try {
      await panel.waitForPosted('webview/ready');
      await panel.send(kafkaInit({ partition: 2, startOffset: 41, connectionId: 'local-kafka' }));
      const load = (await nextPosted(panel, 'browse/load', 0)).message;
      assert.deepEqual(params(load), { start: { kind: 'offset', offset: 41 }, partition: 2, limit: 100, acceptRequeue: false });
      await reply(panel, load, pageResult([kafkaRow(41, 2)]));
      assert.deepEqual(await panel.savedState(), { connectionId: 'local-kafka', broker: 'kafka', destination: 'orders', partition: 2 });
    } finally {
      await panel.close();
    }
  });
});

describe('browse in High Contrast', { skip }, () => {
  it('outlines the selected row with the theme\'s active border, so it stands out without a selection colour', async () => {
    const panel = await openPanel('browse', 'hc');
    try {
      await panel.waitForPosted('webview/ready');
      await panel.send(kafkaInit());
      await reply(panel, (await nextPosted(panel, 'browse/load', 0)).message, pageResult([0, 1, 2].map((i) => kafkaRow(i))));
      await panel.page.locator('.row.record').nth(1).click();
      // Page-side code as text: this file is compiled without the DOM library.
      const style = (n: number): Promise<string> => panel.page.locator('.row.record').nth(n).evaluate(
        new Function('el', 'const s = getComputedStyle(el); return s.outlineStyle + " " + s.outlineColor;') as (el: unknown) => string,
      );
      assert.match(await style(1), /^(solid|dashed) rgb\(243, 133, 24\)$/);
      assert.match(await style(0), /^none|rgba\(0, 0, 0, 0\)$/);
      // Column headers are not cut: each header cell is as wide as its text.
      type Cell = { scrollWidth: number; clientWidth: number; textContent: string | null };
      const cut = await panel.page.locator('[role=columnheader]').evaluateAll((cells) => (cells as unknown as Cell[]).filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
      assert.deepEqual(cut, []);
    } finally {
      await panel.close();
    }
  });
});
