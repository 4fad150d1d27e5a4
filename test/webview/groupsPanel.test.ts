/**
 * The Consumer group panel's built bundle in headless Chromium behind the fake host: header, members
 * (with the consumer protocol's target assignment), partitions with lag in records and time and
 * totals per topic, the charts fed by snapshots, the reset flow (refusal while active, preview,
 * confirm, apply, revert offered only when there is one), malformed host messages, the share-group
 * notice, and screenshots in dark, light and high contrast.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const T = Date.UTC(2026, 10, 25, 9, 0, 0);

const init = { kind: 'notification', method: 'groups/init', params: { connectionId: 'local', connectionName: 'Local Kafka', groupId: 'orders-service', refreshSeconds: 5, simulated: false } };

const partition = (topic: string, p: number, committed: number, high: number, lagMs?: number) => ({
  topic, partition: p, committed, logStart: 0, highWatermark: high, lag: high - committed, ...(lagMs !== undefined ? { lagMs } : {}),
});

function snapshot(over: { members?: unknown[]; state?: string; canRevert?: boolean; offsets?: unknown[]; history?: unknown[] } = {}): Record<string, unknown> {
  const offsets = over.offsets ?? [partition('orders', 0, 120, 150, 95_000), partition('orders', 1, 80, 80), partition('orders', 2, 10, 210, 3_725_000), partition('payments', 0, 5, 9, 42_000)];
  const totalLag = (offsets as { lag: number }[]).reduce((n, o) => n + o.lag, 0);
  return {
    kind: 'notification',
    method: 'groups/snapshot',
    params: {
      group: {
        groupId: 'orders-service',
        state: over.state ?? 'Stable',
        type: 'consumer',
        protocolType: 'consumer',
        assignor: 'uniform',
        groupEpoch: 7,
        assignmentEpoch: 7,
        coordinator: '127.0.0.1:9092 (node 1)',
        members: over.members ?? [
          {
            memberId: 'Hc1x3W7JQ2u0m4v5Fq9A8g',
            clientId: 'orders-1',
            host: '/127.0.0.1',
            assignments: [{ topic: 'orders', partitions: [0, 1, 2] }],
            targetAssignments: [{ topic: 'orders', partitions: [0, 1] }],
            memberEpoch: 6,
          },
        ],
        offsets,
        totalLag,
      },
      history: over.history ?? [
        { at: T, totalLag: 300, consumeRate: null, produceRate: null },
        { at: T + 5000, totalLag: 260, consumeRate: 20, produceRate: 12 },
        { at: T + 10_000, totalLag: totalLag, consumeRate: 18.5, produceRate: 14 },
      ],
      canRevert: over.canRevert ?? false,
      topics: ['orders', 'payments', 'audit'],
    },
  };
}

async function postedCount(panel: PanelPage, method: string): Promise<number> {
  return ((await panel.posted()) as { method?: string }[]).filter((m) => m.method === method).length;
}

/** Waits for the n-th (1-based) message with `method`. */
async function nthPosted(panel: PanelPage, method: string, n: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const all = ((await panel.posted()) as Record<string, unknown>[]).filter((m) => m.method === method);
    if (all.length >= n) return all[n - 1]!;
    if (Date.now() > deadline) assert.fail(`no ${n}th ${method}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

for (const theme of ['dark', 'light', 'hc'] as const) {
  describe(`consumer group panel in Chromium (${theme})`, { skip: browserSkipReason() }, () => {
    let panel: PanelPage;
    before(async () => {
      panel = await openPanel('groups', theme, { viewport: { width: 1200, height: 1700 } });
      await panel.waitForPosted('webview/ready');
      await panel.send(init);
    });
    after(async () => panel?.close());

    it('shows the header, members with assignment and target, and partitions with lag in records and time', async () => {
      await panel.page.getByRole('heading', { name: 'Consumer group orders-service' }).waitFor();
      assert.match(await text(panel, 'p.muted'), /Local Kafka/);
      assert.match(await panel.page.getByText('Loading…').innerText(), /Loading/);
      await panel.send(snapshot());
      await panel.page.locator('table.partitions').waitFor();
      const header = await text(panel, 'dl.header');
      assert.match(header, /State Stable/);
      assert.match(header, /Protocol consumer/);
      assert.match(header, /Server-side assignor uniform/);
      assert.match(header, /Group epoch 7/);
      assert.match(header, /Coordinator 127\.0\.0\.1:9092 \(node 1\)/);
      assert.match(header, /Members 1/);
      assert.match(header, /Total lag 234/);
      const member = await text(panel, 'table.members tbody tr');
      assert.match(member, /Hc1x3W7JQ2u0m4v5Fq9A8g orders-1 \/127\.0\.0\.1 orders: 0, 1, 2 orders: 0, 1 6/);
      const rows = panel.page.locator('table.partitions tbody tr');
      assert.equal(await rows.count(), 4);
      assert.equal((await rows.nth(0).innerText()).replace(/\s+/g, ' ').trim(), 'orders 0 120 150 30 1 min 35 s');
      assert.equal((await rows.nth(1).innerText()).replace(/\s+/g, ' ').trim(), 'orders 1 80 80 0 –');
      assert.equal((await rows.nth(2).innerText()).replace(/\s+/g, ' ').trim(), 'orders 2 10 210 200 1 h 2 min');
      const totals = panel.page.locator('table.partitions tfoot tr');
      assert.equal((await totals.nth(0).innerText()).replace(/\s+/g, ' ').trim(), 'orders total 3 230 1 h 2 min');
      assert.equal((await totals.nth(1).innerText()).replace(/\s+/g, ' ').trim(), 'payments total 1 4 42 s');
    });

    it('feeds the charts: one bar per partition, total lag and rates over time', async () => {
      await panel.page.locator('brokerlens-lag-bars canvas').waitFor();
      const bars = await panel.page.locator('brokerlens-lag-bars').evaluate((el) => (el as unknown as { bars: { label: string; lag: number }[] }).bars);
      assert.deepEqual(bars, [{ label: 'orders:0', lag: 30 }, { label: 'orders:1', lag: 0 }, { label: 'orders:2', lag: 200 }, { label: 'payments:0', lag: 4 }]);
      const lagData = await panel.page.locator('brokerlens-chart.lag-chart').evaluate((el) => (el as unknown as { data: unknown }).data);
      assert.deepEqual(lagData, [[0, 5, 10], [300, 260, 234]]);
      const rateData = await panel.page.locator('brokerlens-chart.rate-chart').evaluate((el) => (el as unknown as { data: unknown }).data);
      assert.deepEqual(rateData, [[0, 5, 10], [null, 20, 18.5], [null, 12, 14]]);
      assert.equal(await panel.page.locator('brokerlens-chart canvas').count(), 2);
      assert.match(await text(panel, 'p.rates'), /consumed 19\/s, produced 14\/s/);
      fs.mkdirSync(shots, { recursive: true });
      await panel.page.screenshot({ path: path.join(shots, `groups-${theme}.png`), fullPage: true });
    });

    it('states the refusal in the form while the group has members, and keeps Apply disabled after a preview', async () => {
      assert.match(await text(panel, 'p.refusal'), /1 active member\(s\) \(state Stable\).*stop its consumers first/);
      assert.equal(await panel.page.locator('vscode-button.revert').count(), 0, 'no revert offered: nothing was applied');
      await panel.page.locator('vscode-button.preview-button').click();
      const req = await nthPosted(panel, 'groups/preview', 1);
      assert.deepEqual(req.params, { topic: 'orders', target: { kind: 'earliest' } });
      await panel.send({ kind: 'reply', id: req.id, ok: true, result: { topic: 'orders', revert: false, rows: [{ partition: 0, current: 120, next: 0, replayed: 120, skipped: 0 }] } });
      await panel.page.locator('table.preview-table').waitFor();
      assert.equal(await panel.page.locator('vscode-button.apply').getAttribute('disabled'), '');
    });

    it('previews chosen partitions, confirms, applies, and then offers the revert as a preview', async () => {
      await panel.send(snapshot({ members: [], state: 'Empty' }));
      await panel.page.locator('p.no-members').waitFor();
      assert.equal(await panel.page.locator('p.refusal').count(), 0);
      await panel.page.locator('select.scope').selectOption('some');
      await panel.page.locator('input.pick[data-partition="2"]').check();
      await panel.page.locator('select.mode').selectOption('shift');
      await panel.page.locator('input.shift').fill('-5');
      assert.equal(await panel.page.locator('table.preview-table').count(), 0, 'changing the form drops the stale preview');
      await panel.page.locator('vscode-button.preview-button').click();
      const req = await nthPosted(panel, 'groups/preview', 2);
      assert.deepEqual(req.params, { topic: 'orders', partitions: [2], target: { kind: 'shift', by: -5 } });
      await panel.send({ kind: 'reply', id: req.id, ok: true, result: { topic: 'orders', revert: false, rows: [{ partition: 2, current: 10, next: 5, replayed: 5, skipped: 0 }] } });
      assert.equal(await text(panel, 'table.preview-table tbody tr'), '2 10 5 5 0');
      await panel.page.locator('vscode-button.apply').click();
      assert.match(await text(panel, 'p.confirm'), /Commit these offsets for group orders-service\? The group replays 5 records and skips 0\./);
      assert.equal(await postedCount(panel, 'groups/apply'), 0, 'nothing applied before the confirm');
      await panel.page.locator('vscode-button.confirm-apply').click();
      const apply = await nthPosted(panel, 'groups/apply', 1);
      assert.deepEqual(apply.params, {}, 'Apply names no offsets: the host applies the preview it holds');
      await panel.send({ kind: 'reply', id: apply.id, ok: true, result: { topic: 'orders', revert: false, rows: [{ partition: 2, current: 10, next: 5, replayed: 5, skipped: 0 }] } });
      assert.match(await text(panel, 'p.applied'), /Committed 1 partition\(s\) of orders/);

      await panel.send(snapshot({ members: [], state: 'Empty', canRevert: true, offsets: [partition('orders', 0, 120, 150), partition('orders', 1, 80, 80), partition('orders', 2, 5, 210, 3_800_000)] }));
      await panel.page.locator('vscode-button.revert').click();
      const revert = await nthPosted(panel, 'groups/previewRevert', 1);
      await panel.send({ kind: 'reply', id: revert.id, ok: true, result: { topic: 'orders', revert: true, rows: [{ partition: 2, current: 5, next: 10, replayed: 0, skipped: 5 }] } });
      assert.match(await text(panel, 'section.preview h3'), /Preview of the revert on orders/);
      assert.match(await panel.page.locator('vscode-button.apply').innerText(), /Apply the revert/);
    });

    it('says what to fix instead of sending an invalid request, and shows the host refusal as one sentence', async () => {
      await panel.page.locator('select.mode').selectOption('timestamp');
      await panel.page.locator('input.timestamp').fill('yesterday-ish');
      const before = await postedCount(panel, 'groups/preview');
      await panel.page.locator('vscode-button.preview-button').click();
      assert.match(await text(panel, 'p.form-error'), /ISO time/);
      assert.equal(await postedCount(panel, 'groups/preview'), before);
      await panel.page.locator('input.timestamp').fill('2026-11-25T08:00:00Z');
      await panel.page.locator('vscode-button.preview-button').click();
      const req = await nthPosted(panel, 'groups/preview', before + 1);
      assert.deepEqual(req.params, { topic: 'orders', partitions: [2], target: { kind: 'timestamp', timestamp: Date.UTC(2026, 10, 25, 8) } });
      await panel.send({ kind: 'reply', id: req.id, ok: false, error: 'Resetting the offsets of group "orders-service" failed: the group has 1 active member (state Stable). Stop every consumer of the group, then apply the reset again.' });
      assert.match(await text(panel, 'p.form-error'), /1 active member \(state Stable\)\. Stop every consumer/);
    });

    it('copies offsets from another group: loads the group list from the host, then previews that target', async () => {
      await panel.page.locator('select.mode').selectOption('group');
      await panel.page.locator('select.from-group').focus();
      const list = await nthPosted(panel, 'groups/list', 1);
      await panel.send({ kind: 'reply', id: list.id, ok: true, result: { groupIds: ['billing-service', 'audit-replay'] } });
      await panel.page.locator('select.from-group option', { hasText: 'audit-replay' }).waitFor({ state: 'attached' });
      await panel.page.locator('select.from-group').selectOption('audit-replay');
      const before = await postedCount(panel, 'groups/preview');
      await panel.page.locator('vscode-button.preview-button').click();
      const req = await nthPosted(panel, 'groups/preview', before + 1);
      assert.deepEqual(req.params, { topic: 'orders', partitions: [2], target: { kind: 'group', groupId: 'audit-replay' } });
      await panel.send({ kind: 'reply', id: req.id, ok: true, result: { topic: 'orders', revert: false, rows: [{ partition: 2, current: 5, next: 150, replayed: 0, skipped: 145 }] } });
      assert.equal(await text(panel, 'table.preview-table tbody tr'), '2 5 150 0 145');
    });

    it('ignores malformed snapshots and keeps the last good one; shows a poll error as one sentence', async () => {
      const bad = snapshot();
      (bad.params as { group: { totalLag: unknown } }).group.totalLag = 'lots';
      await panel.send(bad);
      await panel.send({ kind: 'notification', method: 'groups/snapshot', params: { group: null } });
      const report = await panel.waitForPosted('webview/error');
      assert.match(String((report.params as { message: string }).message), /ignored groups\/snapshot with invalid params/);
      assert.equal(await panel.page.locator('table.partitions tbody tr').count(), 3, 'the last valid snapshot stays');
      await panel.send({ kind: 'notification', method: 'groups/error', params: { message: 'Refreshing group orders-service failed: the broker is not reachable.' } });
      assert.match(await text(panel, 'p.poll-error'), /not reachable/);
    });

    it('keeps which group it shows and the form across a reload (setState)', async () => {
      const saved = (await panel.savedState()) as { target: { groupId: string; connectionId: string }; form: { mode: string; scope: string; partitions: number[] } };
      assert.equal(saved.target.groupId, 'orders-service');
      assert.equal(saved.target.connectionId, 'local');
      assert.deepEqual([saved.form.mode, saved.form.scope, saved.form.partitions], ['group', 'some', [2]]);
    });
  });
}

describe('consumer group panel: share groups and the Refresh button', { skip: browserSkipReason() }, () => {
  it('lists a share group with its type and says it is not supported yet', async () => {
    const panel = await openPanel('groups', 'dark');
    try {
      await panel.waitForPosted('webview/ready');
      await panel.send(init);
      await panel.send({
        kind: 'notification',
        method: 'groups/snapshot',
        params: { group: { groupId: 'orders-service', state: 'Stable', type: 'share', protocolType: 'share', unsupported: 'shareGroup', members: [], offsets: [], totalLag: 0 }, history: [], canRevert: false, topics: [] },
      });
      assert.match(await text(panel, 'p.unsupported'), /share group \(KIP-932\).*does not support them yet/);
      assert.match(await text(panel, 'dl.header'), /Protocol share/);
      assert.equal(await panel.page.locator('section.reset').count(), 0, 'no reset form for a share group');
      await panel.page.locator('vscode-button.refresh').click();
      assert.deepEqual((await panel.waitForPosted('groups/refresh')).params, {});
    } finally {
      await panel.close();
    }
  });
});

const queueInit = { kind: 'notification', method: 'groups/init', params: { connectionId: 'local-rabbit', connectionName: 'Local RabbitMQ', groupId: 'orders.created', refreshSeconds: 5, simulated: false, subject: 'queue' } };
const queueSnapshot = (history: unknown[]): Record<string, unknown> => ({
  kind: 'notification',
  method: 'groups/queueSnapshot',
  params: {
    queue: {
      queue: 'orders.created',
      type: 'quorum',
      ready: 1250,
      unacked: 3,
      singleActiveConsumer: true,
      consumers: [
        { tag: 'amq.ctag-billing-1', channel: '127.0.0.1:51234 -> 127.0.0.1:5672 (1)', prefetch: 3, ackMode: 'manual', active: true, activityStatus: 'single_active' },
        { tag: 'amq.ctag-billing-2', channel: '127.0.0.1:51240 -> 127.0.0.1:5672 (1)', prefetch: 0, ackMode: 'auto', active: false, activityStatus: 'waiting' },
      ],
    },
    history,
  },
});

for (const theme of ['dark', 'light', 'hc'] as const) {
  describe(`queue consumers panel in Chromium (${theme})`, { skip: browserSkipReason() }, () => {
    it('shows ready, unacked, single-active-consumer status per consumer, and the rate charts', async () => {
      const panel = await openPanel('groups', theme, { viewport: { width: 1200, height: 900 } });
      try {
        await panel.waitForPosted('webview/ready');
        await panel.send(queueInit);
        await panel.page.getByRole('heading', { name: 'Consumers of queue orders.created' }).waitFor();
        await panel.send(queueSnapshot([
          { at: T, ready: 1200, unacked: 3, publishRate: 40, deliverRate: 30, ackRate: 30 },
          { at: T + 5000, ready: 1250, unacked: 3, publishRate: 42.5, deliverRate: 31, ackRate: 29 },
        ]));
        await panel.page.locator('table.consumers').waitFor();
        assert.match(await text(panel, 'dl.header'), /Type quorum Ready 1,250 Unacked 3 Consumers 2 Single active consumer yes/);
        const rows = panel.page.locator('table.consumers tbody tr');
        assert.equal((await rows.nth(0).innerText()).replace(/\s+/g, ' ').trim(), 'amq.ctag-billing-1 127.0.0.1:51234 -> 127.0.0.1:5672 (1) 3 manual ack active (single active consumer)');
        assert.equal((await rows.nth(1).innerText()).replace(/\s+/g, ' ').trim(), 'amq.ctag-billing-2 127.0.0.1:51240 -> 127.0.0.1:5672 (1) unlimited auto ack waiting (single active consumer)');
        const rates = await panel.page.locator('brokerlens-chart.rate-chart').evaluate((el) => (el as unknown as { data: unknown }).data);
        assert.deepEqual(rates, [[0, 5], [40, 42.5], [30, 31], [30, 29]]);
        await panel.page.locator('brokerlens-chart.depth-chart canvas').waitFor();
        assert.match(await text(panel, 'p.rates'), /publish 43\/s, deliver 31\/s, ack 29\/s/);
        assert.equal(await panel.page.locator('section.reset').count(), 0, 'a queue has no offsets to reset');
        await panel.page.screenshot({ path: path.join(shots, `queue-consumers-${theme}.png`), fullPage: true });
        const saved = (await panel.savedState()) as { target: { subject: string; groupId: string } };
        assert.deepEqual([saved.target.subject, saved.target.groupId], ['queue', 'orders.created']);
      } finally {
        await panel.close();
      }
    });
  });
}
