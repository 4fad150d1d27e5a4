/**
 * The Browse panel's live-tail status line, in Chromium with the fake host: waiting for partitions that
 * stopped answering (a broker died, a leader moved), resumed, the failure that ends the tail, a
 * malformed status refused, and the line brought back by a webview reload. Screenshots in dark and light.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';
import { applyTheme, kafkaInit, kafkaRow, nextPosted, pageResult, postedCount, reply } from './browseFixtures.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const skip = browserSkipReason();
const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
const reason = 'Reading partition 0 of topic "orders" failed: its leader closed the connection; nothing to do, the tail reads on as soon as a leader answers.';
const waiting = { kind: 'waiting', partitions: [{ partition: 0, offset: 1234 }], message: reason };

/** Opens the panel on "orders" with one page shown and the live tail on. */
async function tailing(theme: 'dark' | 'light'): Promise<PanelPage> {
  const panel = await openPanel('browse', theme);
  await applyTheme(panel, theme);
  await panel.waitForPosted('webview/ready');
  await panel.send(kafkaInit());
  await reply(panel, (await nextPosted(panel, 'browse/load', 0)).message, pageResult(Array.from({ length: 12 }, (_, i) => kafkaRow(i))));
  const from = await postedCount(panel);
  await panel.page.locator('vscode-checkbox.tail').click();
  await reply(panel, (await nextPosted(panel, 'browse/tailStart', from)).message, {});
  return panel;
}

describe('browse panel: the live tail status line, in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await tailing('dark');
  });
  after(async () => panel?.close());

  it('shows no status line while every partition answers', async () => {
    await panel.page.locator('.row.record').first().waitFor();
    assert.equal(await panel.page.locator('.status .tail-status').count(), 0);
  });

  it('says which partition the tail waits for, from which offset, and why, in one line', async () => {
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: waiting });
    const line = panel.page.locator('.status .tail-status.waiting');
    await line.waitFor();
    assert.equal(await text(panel, '.status .tail-status'), `Live tail is waiting for partition 0 (from offset 1,234): ${reason}`);
    assert.equal(await line.locator('vscode-icon[name=sync]').getAttribute('spin'), '', 'the icon turns while it waits');
    assert.equal(await panel.page.locator('vscode-checkbox.tail').evaluate((e) => (e as unknown as { checked: boolean }).checked), true, 'the tail stays on');
    // Records that arrive meanwhile (other partitions) still append.
    await panel.send({ kind: 'notification', method: 'browse/tailRecords', params: { records: [kafkaRow(12, 1)] } });
    await panel.page.locator('.status .summary', { hasText: '1 live' }).waitFor();
    assert.equal(await panel.page.locator('.status .tail-status').count(), 1, 'still one line');
  });

  it('names every waiting partition in the same single line', async () => {
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: { ...waiting, partitions: [{ partition: 0, offset: 1234 }, { partition: 2, offset: 77 }] } });
    await panel.page.locator('.status .tail-status', { hasText: 'partitions 0, 2' }).waitFor();
    assert.equal(await panel.page.locator('.status .tail-status').count(), 1);
    assert.equal(await text(panel, '.status .tail-status'), `Live tail is waiting for partitions 0, 2: ${reason}`);
  });

  it('says the tail resumed, and from where', async () => {
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: { kind: 'resumed', partitions: [{ partition: 0, offset: 1234 }, { partition: 2, offset: 77 }] } });
    await panel.page.locator('.status .tail-status.resumed').waitFor();
    assert.equal(await text(panel, '.status .tail-status'), 'Live tail resumed on partitions 0, 2: nothing was missed.');
    assert.equal(await panel.page.locator('.status .tail-status vscode-icon[name=pass]').count(), 1);
  });

  it('refuses a malformed status and reports it instead of rendering it', async () => {
    const from = await postedCount(panel);
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: { kind: 'waiting', partitions: [], message: 'x' } });
    const report = (await nextPosted(panel, 'webview/error', from)).message;
    assert.match(String((report['params'] as { message: string }).message), /browse\/tailStatus/);
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: { kind: 'reconnecting', partitions: [{ partition: 0, offset: 1 }] } });
    await nextPosted(panel, 'webview/error', from + 1);
    assert.equal(await text(panel, '.status .tail-status'), 'Live tail resumed on partitions 0, 2: nothing was missed.', 'the line shown is unchanged');
  });

  it('replaces the line with the failure when the tail ends, and switches the tail off', async () => {
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: waiting });
    await panel.page.locator('.status .tail-status.waiting').waitFor();
    await panel.send({ kind: 'notification', method: 'browse/error', params: { source: 'tail', message: 'Live tail of orders failed: the topic does not exist any more; browse another topic.' } });
    await panel.page.locator('.status .error', { hasText: 'Live tail of orders failed' }).waitFor();
    assert.equal(await panel.page.locator('.status .tail-status').count(), 0);
    assert.equal(await panel.page.locator('vscode-checkbox.tail').evaluate((e) => (e as unknown as { checked: boolean }).checked), false);
    // A late status of the ended tail shows nothing.
    await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: waiting });
    await panel.page.waitForTimeout(100);
    assert.equal(await panel.page.locator('.status .tail-status').count(), 0);
  });

  it('shows the waiting line again after a webview reload (init carries it)', async () => {
    await panel.send(kafkaInit({ restoring: false, tailing: true, tailStatus: waiting }));
    await panel.page.locator('.status .tail-status.waiting').waitFor();
    assert.equal(await panel.page.locator('vscode-checkbox.tail').evaluate((e) => (e as unknown as { checked: boolean }).checked), true);
  });
});

for (const theme of ['dark', 'light'] as const) {
  describe(`browse panel: tail status screenshot (${theme})`, { skip }, () => {
    let panel: PanelPage;
    before(async () => {
      panel = await tailing(theme);
    });
    after(async () => panel?.close());

    it('renders the waiting line', async () => {
      await panel.page.setViewportSize({ width: 1280, height: 560 });
      await panel.send({ kind: 'notification', method: 'browse/tailStatus', params: waiting });
      await panel.page.locator('.status .tail-status.waiting').waitFor();
      fs.mkdirSync(shots, { recursive: true });
      await panel.page.screenshot({ path: path.join(shots, `browse-tail-waiting-${theme}.png`) });
    });
  });
}
