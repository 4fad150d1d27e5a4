import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';
import { applyTheme, kafkaInit, kafkaRow, nextPosted, pageResult, postedCount, queueInit, queueRow, reply } from './browseFixtures.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const skip = browserSkipReason();
const next = { direction: 'forward', positions: { '0': 3, '1': 2, '2': 2 } };
const previous = { direction: 'backward', positions: { '0': 1, '1': 0, '2': 0 } };
const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

const detail = {
  id: '2:2',
  key: { kind: 'text', size: 6, text: 'o-1003', hex: '6f2d31303033', base64: 'by0xMDAz', truncated: false },
  value: {
    kind: 'json', size: 13, text: '{"total":1.5}', json: '{\n  "total": 1.5\n}', hex: '7b22746f74616c223a312e357d', base64: 'eyJ0b3RhbCI6MS41fQ==', truncated: false,
  },
  headers: [{ name: 'source', value: 'shop' }],
  properties: [],
};

describe('browse panel on a Kafka topic, in Chromium', { skip }, () => {
  let panel: PanelPage;
  let firstLoad: Record<string, unknown>;
  before(async () => {
    panel = await openPanel('browse', 'dark');
  });
  after(async () => panel?.close());

  it('says ready, and after browse/init asks for the newest page of all partitions, reading directly', async () => {
    await panel.waitForPosted('webview/ready');
    assert.equal(await postedCount(panel), 1, 'nothing but ready before init');
    await panel.send(kafkaInit());
    firstLoad = (await nextPosted(panel, 'browse/load', 0)).message;
    assert.deepEqual(firstLoad['params'], { start: { kind: 'latest' }, limit: 100, acceptRequeue: false });
    assert.match(await text(panel, '.notice.read'), /Reading does not consume: no consumer group, nothing committed\./);
    await panel.page.locator('vscode-progress-ring').first().waitFor();
    assert.ok(await panel.page.locator('vscode-button.cancel').isVisible(), 'a load in flight can be cancelled');
  });

  it('renders the page: partition, offset, key, one-line value, size, headers, and the status line', async () => {
    await reply(panel, firstLoad, pageResult([0, 1, 2, 3, 4, 5].map((i) => kafkaRow(i)), { next, previous }));
    const rows = panel.page.locator('.row.record');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 6);
    const cells = await rows.nth(2).locator('[role=gridcell]').allInnerTexts();
    assert.equal(cells[0], '2');
    assert.equal(cells[1], '2');
    assert.equal(cells[3], 'o-1003');
    assert.match(cells[4]!, /^\{"event":"order.paid","orderId":"o-1003"/);
    assert.equal(cells[6], '1');
    assert.equal(await rows.nth(2).locator('.timestamp').getAttribute('title'), '2026-11-25T09:00:02.000Z');
    assert.equal(await text(panel, '.status .summary'), 'Showing 6 records · scanned 6 · offsets 0…5 in 3 partitions');
  });

  it('shows the selected record in the detail pane: JSON, text, hex and base64 tabs, key, headers, metadata', async () => {
    const from = await postedCount(panel);
    await panel.page.locator('.row.record').nth(2).click();
    const request = (await nextPosted(panel, 'browse/detail', from)).message;
    assert.deepEqual(request['params'], { id: '2:2', partition: 2, offset: 2 });
    await reply(panel, request, detail);
    const pre = panel.page.locator('vscode-tab-panel:not([hidden]) pre.value');
    await pre.waitFor();
    assert.equal(await pre.innerText(), '{\n  "total": 1.5\n}');
    await panel.page.locator('vscode-tab-header', { hasText: 'Hex' }).click();
    assert.equal(await panel.page.locator('vscode-tab-panel:not([hidden]) pre.value').innerText(), '7b 22 74 6f 74 61 6c 22 3a 31 2e 35 7d');
    await panel.page.locator('vscode-tab-header', { hasText: 'Base64' }).click();
    assert.equal(await panel.page.locator('vscode-tab-panel:not([hidden]) pre.value').innerText(), 'eyJ0b3RhbCI6MS41fQ==');
    await panel.page.locator('vscode-tab-header', { hasText: 'Text' }).click();
    assert.equal(await panel.page.locator('vscode-tab-panel:not([hidden]) pre.value').innerText(), '{"total":1.5}');
    assert.equal(await text(panel, 'pre.key'), 'o-1003');
    assert.equal(await text(panel, 'table.headers'), 'source shop');
    assert.match(await text(panel, 'table.metadata'), /Partition 2 Offset 2 Timestamp .*2026-11-25T09:00:02.000Z/);
  });

  it('copies and opens the selected record through the host', async () => {
    let from = await postedCount(panel);
    await panel.page.locator('vscode-button', { hasText: 'Copy value' }).click();
    assert.deepEqual((await nextPosted(panel, 'browse/copy', from)).message['params'], { id: '2:2', partition: 2, offset: 2, what: 'value' });
    from = await postedCount(panel);
    await panel.page.locator('vscode-button', { hasText: 'Copy as JSON' }).click();
    assert.deepEqual((await nextPosted(panel, 'browse/copy', from)).message['params'], { id: '2:2', partition: 2, offset: 2, what: 'record' });
    from = await postedCount(panel);
    await panel.page.locator('vscode-button', { hasText: 'Open in editor' }).click();
    assert.deepEqual((await nextPosted(panel, 'browse/openInEditor', from)).message['params'], { id: '2:2', partition: 2, offset: 2 });
  });

  it('moves the selection with the keyboard: Down, End, Home, Escape', async () => {
    const list = panel.page.locator('.viewport');
    await list.focus();
    await panel.page.keyboard.press('ArrowDown');
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').getAttribute('data-index'), '3');
    await panel.page.keyboard.press('End');
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').getAttribute('data-index'), '5');
    await panel.page.keyboard.press('Home');
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').getAttribute('data-index'), '0');
    await panel.page.keyboard.press('Escape');
    assert.equal(await panel.page.locator('.row.record[aria-selected=true]').count(), 0);
    assert.equal(await panel.page.locator('brokerlens-record-detail').count(), 0, 'Escape closes the detail pane');
  });

  it('pages with the cursors of the page shown: Newer sends page.next, Older sends page.previous', async () => {
    let from = await postedCount(panel);
    await panel.page.locator('vscode-button.newer').click();
    const newer = (await nextPosted(panel, 'browse/load', from)).message;
    assert.deepEqual(newer['params'], { start: { kind: 'cursor', cursor: next }, limit: 100, acceptRequeue: false });
    await reply(panel, newer, pageResult([6, 7].map((i) => kafkaRow(i)), { previous: { direction: 'backward', positions: { '0': 3, '1': 2, '2': 2 } } }));
    await panel.page.locator('.row.record[data-id="0:6"]').waitFor();
    assert.equal(await panel.page.locator('.row.record').count(), 2);
    assert.ok(await panel.page.locator('vscode-button.newer').evaluate((b) => b.hasAttribute('disabled')), 'no next cursor: Newer is off');
    from = await postedCount(panel);
    await panel.page.locator('vscode-button.older').click();
    const older = (await nextPosted(panel, 'browse/load', from)).message;
    assert.deepEqual(older['params'], { start: { kind: 'cursor', cursor: { direction: 'backward', positions: { '0': 3, '1': 2, '2': 2 } } }, limit: 100, acceptRequeue: false });
    await reply(panel, older, pageResult([0, 1, 2, 3, 4, 5].map((i) => kafkaRow(i)), { next, previous }));
    await panel.page.locator('.row.record[data-id="0:0"]').waitFor();
  });

  it('sends the text filter and shows the adapter\'s filter error inline, in one sentence', async () => {
    await panel.page.locator('vscode-toolbar-button.regex').click();
    const field = panel.page.locator('vscode-textfield.filter input');
    await field.fill('(unclosed');
    const from = await postedCount(panel);
    await field.press('Enter');
    const load = (await nextPosted(panel, 'browse/load', from)).message;
    assert.deepEqual(load['params'], {
      start: { kind: 'latest' }, limit: 100, acceptRequeue: false,
      filter: { kind: 'text', field: 'value', pattern: '(unclosed', regex: true, caseSensitive: false },
    });
    const sentence = 'Filtering failed: "(unclosed" is not a valid regular expression (Unterminated group). Fix the pattern or turn off regex.';
    await reply(panel, load, { status: 'filterError', message: sentence });
    await panel.page.locator('.filter-error').waitFor();
    assert.equal(await text(panel, '.filter-error'), sentence);
    assert.equal(await panel.page.locator('.row.record').count(), 6, 'the page shown stays');
  });

  it('cancels a load in flight: the host is told, the previous page stays', async () => {
    await panel.page.locator('vscode-textfield.filter input').fill('');
    await panel.page.locator('vscode-button.refresh').click();
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.cancel').click();
    await nextPosted(panel, 'browse/cancel', from);
    await panel.page.locator('.notice-text').waitFor();
    assert.match(await text(panel, '.notice-text'), /Loading cancelled/);
    assert.equal(await panel.page.locator('.row.record').count(), 6);
  });

  it('reads again at once when the partition or page size changes (a topic read changes nothing)', async () => {
    let from = await postedCount(panel);
    await panel.page.locator('vscode-single-select.partition').evaluate((el: { value: string; dispatchEvent(e: unknown): boolean }) => {
      el.value = '1';
      el.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('change'));
    });
    const load = (await nextPosted(panel, 'browse/load', from)).message;
    assert.deepEqual(load['params'], { start: { kind: 'latest' }, partition: 1, limit: 100, acceptRequeue: false });
    await reply(panel, load, pageResult([1, 4, 7, 10, 13, 16].map((i) => kafkaRow(i, 1))));
    await panel.page.locator('.row.record[data-id="1:16"]').waitFor();
    from = await postedCount(panel);
    await panel.page.locator('vscode-single-select.limit').evaluate((el: { value: string; dispatchEvent(e: unknown): boolean }) => {
      el.value = '500';
      el.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('change'));
    });
    const bigger = (await nextPosted(panel, 'browse/load', from)).message;
    assert.deepEqual(bigger['params'], { start: { kind: 'latest' }, partition: 1, limit: 500, acceptRequeue: false });
    await reply(panel, bigger, pageResult([1, 4, 7, 10, 13, 16].map((i) => kafkaRow(i, 1))));
    // The start option names no count (it read "Latest 100" after a page-size change): the page size field says it.
    assert.equal(await panel.page.locator('vscode-single-select.start vscode-option[value=latest]').textContent(), 'Newest');
  });

  it('ignores a host message that fails validation and reports it instead of rendering it', async () => {
    const from = await postedCount(panel);
    await panel.send({ kind: 'notification', method: 'browse/tailRecords', params: { records: [{ id: 7, offset: -1 }] } });
    const report = (await nextPosted(panel, 'webview/error', from)).message;
    assert.match(String((report['params'] as { message: string }).message), /browse\/tailRecords/);
    assert.equal(await panel.page.locator('.row.record').count(), 6);
  });
});

describe('browse panel on a classic queue, in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('browse', 'dark');
    await applyTheme(panel, 'dark');
    await panel.waitForPosted('webview/ready');
    await panel.send(queueInit());
  });
  after(async () => panel?.close());

  it('shows the requeue warning before any read, and reads nothing on Cancel', async () => {
    await panel.page.locator('section.peek').waitFor();
    assert.match(await text(panel, 'section.peek'), /Peeking this queue takes messages and puts them back: they are marked redelivered/);
    await panel.page.waitForTimeout(200);
    const methods = (await panel.posted()).map((m) => (m as { method?: string }).method);
    assert.ok(!methods.includes('browse/load'), `no load before consent, posted: ${methods.join(', ')}`);
    await panel.page.locator('vscode-button.peek-cancel').click();
    await panel.page.locator('vscode-button.peek-again').waitFor();
    await panel.page.locator('vscode-button.refresh').click();
    await panel.page.locator('section.peek').waitFor();
    assert.ok(!(await panel.posted()).some((m) => (m as { method?: string }).method === 'browse/load'), 'Refresh asks again instead of reading');
  });

  it('sends the load with acceptRequeue only after "Peek anyway", from the head of the queue', async () => {
    await panel.page.locator('vscode-button.peek-anyway').click();
    const load = (await nextPosted(panel, 'browse/load', 0)).message;
    assert.deepEqual(load['params'], { start: { kind: 'earliest' }, limit: 100, acceptRequeue: true });
    await reply(panel, load, pageResult([0, 1, 2].map(queueRow), { sideEffect: 'requeued' }));
    await panel.page.locator('.row.record').first().waitFor();
    assert.equal(await panel.page.locator('.row.record .badge', { hasText: 'redelivered' }).count(), 3);
    assert.equal(await text(panel, '.row.record .routingKey'), 'order.placed');
    assert.match(await text(panel, '.status .summary'), /Showing 3 records · scanned 3 · peeked and requeued/);
    assert.equal(await panel.page.locator('section.peek').count(), 0);
    fs.mkdirSync(shots, { recursive: true });
    await panel.page.screenshot({ path: path.join(shots, 'browse-queue-dark.png') });
  });
});

describe('browse panel with 100,000 rows, in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('browse', 'dark');
    await panel.waitForPosted('webview/ready');
    await panel.send(kafkaInit({ partitions: [{ partition: 0, logStart: 0, highWatermark: 0 }] }));
    await reply(panel, (await nextPosted(panel, 'browse/load', 0)).message, pageResult([]));
  });
  after(async () => panel?.close());

  it('live-tails 100,000 rows into a virtualized list: few DOM rows, and the last row reachable', async () => {
    const from = await postedCount(panel);
    await panel.page.locator('vscode-checkbox.tail').click();
    const start = (await nextPosted(panel, 'browse/tailStart', from)).message;
    assert.deepEqual(start['params'], {});
    await reply(panel, start, {});
    // Built in the page: 100 notifications of 1,000 rows, as the host batches them.
    await panel.page.evaluate(() => {
      for (let batch = 0; batch < 100; batch++) {
        const records = [];
        for (let i = batch * 1000; i < (batch + 1) * 1000; i++) {
          records.push({ id: `0:${i}`, partition: 0, offset: i, timestamp: 1_790_000_000_000 + i, size: 40, keyKind: 'text', keyPreview: `k-${i}`,
            valueKind: 'text', valuePreview: `row ${i}`, valueSize: 20, headerCount: 0 });
        }
        (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage({ kind: 'notification', method: 'browse/tailRecords', params: { records } }, '*');
      }
    });
    await panel.page.locator('.status .summary', { hasText: 'Showing 100,000 records' }).waitFor();
    const inDom = await panel.page.locator('.row.record').count();
    assert.ok(inDom > 10 && inDom < 200, `${inDom} row elements for 100,000 rows`);
    await panel.page.locator('.viewport').focus();
    await panel.page.keyboard.press('End');
    const last = panel.page.locator('.row.record[data-id="0:99999"]');
    await last.waitFor();
    assert.ok(await last.isVisible());
    assert.equal(await last.getAttribute('aria-selected'), 'true');
    assert.ok((await panel.page.locator('.row.record').count()) < 200);
  });

  it('keeps the newest 100,000 rows when more arrive', async () => {
    await panel.send({ kind: 'notification', method: 'browse/tailRecords', params: { records: [{
      id: '0:100000', partition: 0, offset: 100000, size: 40, keyKind: 'null', keyPreview: '', valueKind: 'text', valuePreview: 'one more', valueSize: 8, headerCount: 0,
    }] } });
    await panel.page.locator('.status .summary', { hasText: 'oldest 1 dropped' }).waitFor();
    assert.match(await text(panel, '.status .summary'), /Showing 100,000 records · scanned 0 · offsets 1…100,000 · 100,001 live · oldest 1 dropped/);
  });

  it('stops the tail when switched off, and ignores records that arrive after', async () => {
    const from = await postedCount(panel);
    await panel.page.locator('vscode-checkbox.tail').click();
    const stop = (await nextPosted(panel, 'browse/tailStop', from)).message;
    await reply(panel, stop, {});
    await panel.send({ kind: 'notification', method: 'browse/tailRecords', params: { records: [{
      id: '0:100001', partition: 0, offset: 100001, size: 1, keyKind: 'null', keyPreview: '', valueKind: 'text', valuePreview: 'late', valueSize: 4, headerCount: 0,
    }] } });
    await panel.page.waitForTimeout(100);
    assert.match(await text(panel, '.status .summary'), /100,001 live/);
  });
});

for (const theme of ['dark', 'light'] as const) {
  describe(`browse panel screenshots (${theme})`, { skip }, () => {
    let panel: PanelPage;
    before(async () => {
      panel = await openPanel('browse', theme);
      await applyTheme(panel, theme);
      await panel.waitForPosted('webview/ready');
    });
    after(async () => panel?.close());

    it('renders a topic page with a selected record', async () => {
      await panel.page.setViewportSize({ width: 1280, height: 760 });
      await panel.send(kafkaInit());
      const load = (await nextPosted(panel, 'browse/load', 0)).message;
      await reply(panel, load, pageResult(Array.from({ length: 40 }, (_, i) => kafkaRow(i)), { next, previous }));
      await panel.page.locator('.row.record').nth(2).click();
      await reply(panel, (await nextPosted(panel, 'browse/detail', 0)).message, detail);
      await panel.page.locator('vscode-tab-panel:not([hidden]) pre.value').waitFor();
      fs.mkdirSync(shots, { recursive: true });
      await panel.page.screenshot({ path: path.join(shots, `browse-${theme}.png`) });
      // A narrower editor puts the detail pane under the list.
      await panel.page.setViewportSize({ width: 900, height: 700 });
      await panel.page.screenshot({ path: path.join(shots, `browse-narrow-${theme}.png`) });
    });
  });

  describe(`browse panel peek warning screenshot (${theme})`, { skip }, () => {
    let panel: PanelPage;
    before(async () => {
      panel = await openPanel('browse', theme);
      await applyTheme(panel, theme);
      await panel.waitForPosted('webview/ready');
    });
    after(async () => panel?.close());

    it('renders the peek warning', async () => {
      await panel.send(queueInit());
      await panel.page.locator('section.peek').waitFor();
      fs.mkdirSync(shots, { recursive: true });
      await panel.page.screenshot({ path: path.join(shots, `browse-peek-${theme}.png`) });
    });
  });
}
