/**
 * The Consumer group panel's header keeps the two lag figures of core/rules/lag.ts apart: Kafka's
 * total (partitions with a commit) and, beside it, the records on partitions with no commit yet, with
 * how many partitions those are; the topic's totals row adds up the same way. Absent when every partition
 * has a commit. Built bundle, fake host.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const init = { kind: 'notification', method: 'groups/init', params: { connectionId: 'local', connectionName: 'Local Kafka', groupId: 'billing', refreshSeconds: 5, simulated: false } };
const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

function snapshot(withoutCommit: boolean): Record<string, unknown> {
  const offsets = [
    { topic: 'invoices', partition: 0, committed: 900, logStart: 0, highWatermark: 1000, lag: 100 },
    { topic: 'invoices', partition: 1, logStart: 200, highWatermark: 1400, lag: 1200 },
    { topic: 'invoices', partition: 2, logStart: 0, highWatermark: 500, lag: 500 },
  ].map((o, i) => (withoutCommit || i === 0 ? o : { ...o, committed: o.highWatermark, lag: 0 }));
  return {
    kind: 'notification',
    method: 'groups/snapshot',
    params: {
      group: {
        groupId: 'billing', state: 'Empty', type: 'classic', protocolType: 'consumer', members: [], offsets,
        totalLag: 100,
        ...(withoutCommit ? { lagWithoutCommit: 1700, partitionsWithoutCommit: 2 } : { lagWithoutCommit: 0, partitionsWithoutCommit: 0 }),
      },
      history: [{ at: Date.UTC(2026, 11, 5, 9), totalLag: 100, consumeRate: null, produceRate: null }],
      canRevert: false,
      topics: ['invoices'],
    },
  };
}

describe('consumer group panel: lag on partitions with no commit, beside the total', { skip: browserSkipReason() }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('groups', 'dark', { viewport: { width: 1200, height: 900 } });
    await panel.waitForPosted('webview/ready');
    await panel.send(init);
  });
  after(async () => panel?.close());

  it('shows Kafka\'s total and, beside it, what waits on partitions with no commit', async () => {
    await panel.send(snapshot(true));
    await panel.page.locator('dl.header .lag-without-commit').waitFor();
    assert.match(await text(panel, 'dl.header'), /Total lag 100 Not committed yet 1,700 on 2 partition\(s\)/);
    assert.match(await panel.page.locator('dl.header .lag-without-commit').getAttribute('title') ?? '', /not in the total lag, as in kafka-consumer-groups/);
    // The topic's totals row adds up to the header's figure and names the rest apart (it said 1,800).
    assert.equal(await text(panel, 'tfoot tr.total[data-topic=invoices] td.lag'), '100 + 1,700 not committed yet');
    assert.match(await panel.page.locator('tr[data-partition="1"] td.lag').getAttribute('title') ?? '', /No committed offset/);
    fs.mkdirSync(shots, { recursive: true });
    await panel.page.screenshot({ path: path.join(shots, 'groups-lag-without-commit-dark.png') });
  });

  it('shows nothing extra when every partition has a commit', async () => {
    await panel.send(snapshot(false));
    await panel.page.locator('dl.header .lag-without-commit').waitFor({ state: 'detached' });
    assert.equal(await panel.page.locator('dl.header .lag-without-commit').count(), 0);
    assert.match(await text(panel, 'dl.header'), /Total lag 100$/);
    assert.equal(await text(panel, 'tfoot tr.total[data-topic=invoices] td.lag'), '100');
  });
});
