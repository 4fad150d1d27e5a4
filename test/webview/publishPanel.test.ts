import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type HarnessTheme, type PanelPage } from '../support/webviewHarness.js';
import { applyTheme, nextPosted, postedCount, reply } from './browseFixtures.js';
import { choose, kafkaDraft, kafkaInit, params, rabbitDraft, rabbitInit, text, type } from './publishFixtures.js';

const skip = browserSkipReason();
const docsImages = path.resolve(import.meta.dirname, '..', '..', 'docs', 'images');

/** Waits until Send is enabled (the host said the draft is valid). */
async function sendEnabled(panel: PanelPage): Promise<void> {
  await panel.page.locator('vscode-button.send-one:not([disabled])').waitFor();
}

describe('publish panel on a Kafka topic, in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('publish', 'dark', { viewport: { width: 1200, height: 860 } });
  });
  after(async () => panel?.close());

  it('says ready, shows the form after init and asks where the empty draft would go', async () => {
    await panel.waitForPosted('webview/ready');
    await panel.send(kafkaInit());
    const preview = (await nextPosted(panel, 'publish/preview', 0)).message;
    assert.deepEqual(params(preview), kafkaDraft);
    await reply(panel, preview, { problems: [{ field: 'payload', message: 'The payload is empty; JSON needs a value such as {} or "text".', line: 1, column: 1 }], route: { kind: 'partition', partitions: 3, reason: 'keyless' } });
    assert.match(await text(panel, '.route'), /No key: the producer picks one of the 3 partitions/);
    // The untouched empty payload is not shouted about in red; Send just waits for a valid draft.
    assert.equal(await panel.page.locator('.problem[data-field=payload]').count(), 0);
    assert.equal(await panel.page.locator('vscode-button.send-one').getAttribute('disabled'), '', 'Send waits for a valid draft');
  });

  it('updates the route as the key is typed, and drops a reply to an older draft', async () => {
    let from = await postedCount(panel);
    await type(panel, 'vscode-textfield.key', 'o-1');
    const first = (await nextPosted(panel, 'publish/preview', from)).message;
    assert.equal(params(first)['key'], 'o-1');
    from = await postedCount(panel);
    await type(panel, 'vscode-textarea.payload', '{"total": 1}');
    const second = (await nextPosted(panel, 'publish/preview', from)).message;
    assert.deepEqual([params(second)['key'], params(second)['payload']], ['o-1', '{"total": 1}']);
    // The older reply arrives last: it must not replace the newer one.
    await reply(panel, second, { problems: [], route: { kind: 'partition', partition: 2, partitions: 3, reason: 'key' } });
    await reply(panel, first, { problems: [{ field: 'payload', message: 'stale problem' }], route: { kind: 'partition', partition: 0, partitions: 3, reason: 'key' } });
    assert.match(await text(panel, '.route'), /^Partition 2 of 3: where this key always goes/);
    assert.equal(await panel.page.locator('.problem').count(), 0);
    await sendEnabled(panel);
  });

  it('shows a JSON mistake at its line and column under the payload', async () => {
    const from = await postedCount(panel);
    await type(panel, 'vscode-textarea.payload', '{\n  "total": }');
    const preview = (await nextPosted(panel, 'publish/preview', from)).message;
    await reply(panel, preview, { problems: [{ field: 'payload', message: 'The payload is not valid JSON at line 2, column 12: expected a value (object, array, string, number, true, false or null), found "}".', line: 2, column: 12 }] });
    assert.match(await text(panel, '.problem[data-field=payload]'), /line 2, column 12/);
    assert.equal(await panel.page.locator('vscode-textarea.payload').getAttribute('invalid'), '');
    const again = await postedCount(panel);
    await type(panel, 'vscode-textarea.payload', '{"total": 2}');
    await reply(panel, (await nextPosted(panel, 'publish/preview', again)).message, { problems: [], route: { kind: 'partition', partition: 2, partitions: 3, reason: 'key' } });
  });

  it('sends once and shows partition and offset with a link that opens Browse at the record', async () => {
    let from = await postedCount(panel);
    await panel.page.locator('vscode-button.send-one').click();
    const send = (await nextPosted(panel, 'publish/send', from)).message;
    assert.equal(params(send)['count'], 1);
    assert.equal((params(send)['draft'] as { payload: string }).payload, '{"total": 2}');
    await reply(panel, send, {
      status: 'done', ok: true, sentence: 'Published to topic orders: partition 2, offset 41.',
      tally: { requested: 1, confirmed: 1, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false },
      links: [{ destination: 'orders', partition: 2, offset: 41 }],
    });
    assert.equal(await text(panel, '.result .sentence'), 'Published to topic orders: partition 2, offset 41.');
    from = await postedCount(panel);
    await panel.page.locator('a.open-browse').click();
    assert.deepEqual(params((await nextPosted(panel, 'publish/openBrowse', from)).message), { destination: 'orders', partition: 2, offset: 41 });
  });

  it('sends ×N with progress and Cancel, and reports the exact counts', async () => {
    await type(panel, 'vscode-textfield.count', '100000');
    let from = await postedCount(panel);
    await panel.page.locator('vscode-button.send-many').click();
    const send = (await nextPosted(panel, 'publish/send', from)).message;
    assert.equal(params(send)['count'], 100_000);
    await panel.send({ kind: 'notification', method: 'publish/progress', params: { done: 25_000, tally: { requested: 100_000, confirmed: 25_000, returned: 0, nacked: 0, failed: 0, notSent: 75_000, cancelled: false } } });
    assert.match(await text(panel, '.progress'), /25,000 of 100,000/);
    assert.equal(await panel.page.locator('progress').evaluate((p: { value: number }) => p.value), 25_000);
    from = await postedCount(panel);
    await panel.page.locator('vscode-button.cancel').click();
    await nextPosted(panel, 'publish/cancel', from);
    assert.match(await text(panel, 'vscode-button.cancel'), /Cancelling/);
    await reply(panel, send, {
      status: 'done', ok: false, sentence: 'Cancelled. Of 100000 messages to topic orders: 30000 confirmed, 0 returned as unroutable, 0 nacked, 0 failed, 70000 not sent.',
      tally: { requested: 100_000, confirmed: 30_000, returned: 0, nacked: 0, failed: 0, notSent: 70_000, cancelled: true }, links: [],
    });
    assert.equal(await text(panel, '.t-confirmed'), '30,000');
    assert.equal(await text(panel, '.t-notsent'), '70,000');
    assert.equal(await panel.page.locator('.progress').count(), 0);
  });

  it('refuses a count outside 1 to 1,000,000 without asking the host', async () => {
    await type(panel, 'vscode-textfield.count', '1000001');
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.send-many').click();
    assert.match(await text(panel, '.error'), /from 1 to 1,000,000/);
    assert.equal((await panel.posted()).slice(from).filter((m) => (m as { method?: string }).method === 'publish/send').length, 0);
  });

  it('lists the history and resends an entry with one click', async () => {
    const entry = { at: Date.UTC(2026, 11, 5, 6), summary: '{"n":7}', draft: { ...kafkaDraft, key: 'k-7', payload: '{"n":7}' } };
    await panel.send({ kind: 'notification', method: 'publish/history', params: { history: [entry] } });
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.history-resend').click();
    const send = (await nextPosted(panel, 'publish/send', from)).message;
    assert.deepEqual(params(send), { draft: entry.draft, count: 1 });
    await reply(panel, send, { status: 'done', ok: true, sentence: 'Published to topic orders: partition 0, offset 42.', tally: { requested: 1, confirmed: 1, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false }, links: [] });
    assert.equal(await panel.page.locator('vscode-textfield.key').evaluate((el: { value: string }) => el.value), 'k-7');
  });

  it('saves the draft with setState, and a reloaded page shows it again instead of the host draft', async () => {
    const saved = (await panel.savedState()) as { connectionId: string; draft: { key: string } };
    assert.equal(saved.connectionId, 'local-kafka');
    assert.equal(saved.draft.key, 'k-7');
    const reloaded = await openPanel('publish', 'dark', { state: saved });
    try {
      await reloaded.waitForPosted('webview/ready');
      await reloaded.send(kafkaInit());
      const preview = (await nextPosted(reloaded, 'publish/preview', 0)).message;
      assert.equal((params(preview) as { key: string }).key, 'k-7');
    } finally {
      await reloaded.close();
    }
  });

  it('sends with Ctrl+Enter from the payload', async () => {
    // The resent draft's preview is still waiting for its answer: Send waits for it.
    const previews = (await panel.posted()).filter((m) => (m as { method?: string }).method === 'publish/preview');
    await reply(panel, previews.at(-1) as Record<string, unknown>, { problems: [], route: { kind: 'partition', partition: 1, partitions: 3, reason: 'key' } });
    await sendEnabled(panel);
    const from = await postedCount(panel);
    await panel.page.locator('vscode-textarea.payload textarea').focus();
    await panel.page.keyboard.press('Control+Enter');
    const send = (await nextPosted(panel, 'publish/send', from)).message;
    assert.equal(params(send)['count'], 1);
    await reply(panel, send, { status: 'done', ok: true, sentence: 'Published to topic orders: partition 1, offset 43.', tally: { requested: 1, confirmed: 1, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false }, links: [] });
  });

  it('imports NDJSON through the host and shows a bad line as one sentence', async () => {
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.import').click();
    const request = (await nextPosted(panel, 'publish/import', from)).message;
    assert.equal((params(request)['draft'] as { destination: string }).destination, 'orders');
    assert.match(await text(panel, '.progress'), /Importing…/);
    await reply(panel, request, { status: 'invalid', problems: [{ field: 'import', message: 'Line 7 of the file is not JSON; nothing was sent. Each line must be one exported record.' }] });
    assert.equal(await text(panel, '.result.bad'), 'Line 7 of the file is not JSON; nothing was sent. Each line must be one exported record.');
  });

  it('shows a malformed host reply as an error instead of a result', async () => {
    // The resent draft's preview is still waiting for its answer: Send waits for it.
    const previews = (await panel.posted()).filter((m) => (m as { method?: string }).method === 'publish/preview');
    await reply(panel, previews.at(-1) as Record<string, unknown>, { problems: [], route: { kind: 'partition', partition: 1, partitions: 3, reason: 'key' } });
    await sendEnabled(panel);
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.send-one').click();
    const send = (await nextPosted(panel, 'publish/send', from)).message;
    await reply(panel, send, { status: 'done', ok: 'yes', sentence: 42 });
    assert.match(await text(panel, '.error'), /The host replied with an unexpected result/);
  });
});

describe('publish panel on RabbitMQ, in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('publish', 'dark', { viewport: { width: 1200, height: 900 } });
    await panel.waitForPosted('webview/ready');
    await panel.send(rabbitInit());
  });
  after(async () => panel?.close());

  it('offers exchanges and queues with the built-in ones marked', async () => {
    const options = await panel.page.locator('vscode-single-select.destination vscode-option').allTextContents();
    assert.deepEqual(options.map((o) => o.trim()), ['(default exchange) ◆', 'amq.topic ◆', 'shop', 'billing']);
  });

  it('shows which queues the routing key reaches, with the binding that matched', async () => {
    const preview = (await nextPosted(panel, 'publish/preview', 0)).message;
    await reply(panel, preview, {
      problems: [],
      route: {
        kind: 'route', queues: ['audit', 'billing'], unroutable: false,
        steps: [{ exchange: 'shop', exchangeType: 'topic', unmatched: 1, matched: [
          { destination: 'billing', destinationType: 'queue', routingKey: 'order.*', arguments: '' },
          { destination: 'audit', destinationType: 'queue', routingKey: '#', arguments: '' },
        ] }],
      },
    });
    assert.match(await text(panel, '.route'), /^2 queues receive it: shop \(topic\) → queue billing binding key "order\.\*" shop \(topic\) → queue audit binding key "#"$/);
  });

  it('says "unroutable" and why when nothing matches', async () => {
    const from = await postedCount(panel);
    await type(panel, 'vscode-textfield.routing-key', 'refund.created');
    const preview = (await nextPosted(panel, 'publish/preview', from)).message;
    assert.equal(params(preview)['routingKey'], 'refund.created');
    await reply(panel, preview, { problems: [], route: { kind: 'route', queues: [], unroutable: true, steps: [{ exchange: 'shop', exchangeType: 'topic', matched: [], unmatched: 2 }] } });
    assert.match(await text(panel, '.route.unroutable'), /Unroutable: no queue receives this message\. None of the 2 bindings matches/);
  });

  it('sends to a queue through the default exchange when a queue is chosen', async () => {
    const from = await postedCount(panel);
    await choose(panel, 'vscode-single-select.destination', 'queue:billing');
    const preview = (await nextPosted(panel, 'publish/preview', from)).message;
    assert.deepEqual([params(preview)['destination'], params(preview)['routingKey']], ['', 'billing']);
    assert.equal(await text(panel, 'label[for=routingKey]'), 'Queue');
  });

  it('edits AMQP properties and shows the priority problem on its field', async () => {
    const from = await postedCount(panel);
    await type(panel, 'vscode-textfield.prop-priority', '300');
    const preview = (await nextPosted(panel, 'publish/preview', from)).message;
    assert.equal((params(preview)['properties'] as { priority: string }).priority, '300');
    await reply(panel, preview, { problems: [{ field: 'properties.priority', message: 'Priority must be a whole number from 0 to 255.' }] });
    assert.match(await text(panel, '.properties'), /Priority must be a whole number from 0 to 255\./);
  });

  it('reports a publish result that names the queues that got it', async () => {
    const from0 = await postedCount(panel);
    await type(panel, 'vscode-textfield.prop-priority', '5');
    await reply(panel, (await nextPosted(panel, 'publish/preview', from0)).message, { problems: [], route: { kind: 'route', queues: ['billing'], unroutable: false, steps: [{ exchange: '', exchangeType: 'direct', unmatched: 0, matched: [{ destination: 'billing', destinationType: 'queue', routingKey: 'billing', arguments: '' }] }] } });
    await sendEnabled(panel);
    const from = await postedCount(panel);
    await panel.page.locator('vscode-button.send-one').click();
    const send = (await nextPosted(panel, 'publish/send', from)).message;
    await reply(panel, send, { status: 'done', ok: true, sentence: 'Published to queue billing (default exchange); the broker confirmed it and queue billing received it.', queues: ['billing'], tally: { requested: 1, confirmed: 1, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false }, links: [{ destination: 'billing' }] });
    assert.match(await text(panel, '.result'), /queue billing received it\. Browse queue billing$/);
  });
});

describe('publish panel screenshots (light, dark, high contrast)', { skip }, () => {
  for (const theme of ['light', 'dark', 'hc'] as HarnessTheme[]) {
    it(`renders the RabbitMQ form with its route in ${theme}`, async () => {
      const panel = await openPanel('publish', theme, { viewport: { width: 1280, height: 900 } });
      try {
        await panel.waitForPosted('webview/ready');
        // VS Code's input, dropdown and button colours (the harness sets only the base ones); HC keeps its own.
        if (theme !== 'hc') await applyTheme(panel, theme);
        await panel.send(rabbitInit({
          draft: { ...rabbitDraft, headers: [{ name: 'x-tenant', value: 'eu' }], payload: '{\n  "orderId": "o-{{seq}}",\n  "total": {{int:1:500}}\n}', properties: { contentType: 'application/json', deliveryMode: '2', messageId: 'm-{{seq}}' } },
          history: [{ at: Date.UTC(2026, 11, 5, 6), summary: 'order.paid · {"orderId":"o-1","total":42}', draft: rabbitDraft }],
        }));
        const preview = (await nextPosted(panel, 'publish/preview', 0)).message;
        await reply(panel, preview, { problems: [], route: { kind: 'route', queues: ['audit', 'billing'], unroutable: false, steps: [{ exchange: 'shop', exchangeType: 'topic', unmatched: 1, matched: [{ destination: 'billing', destinationType: 'queue', routingKey: 'order.*', arguments: '' }, { destination: 'audit', destinationType: 'queue', routingKey: '#', arguments: '' }] }] } });
        await panel.page.locator('.route .queues').waitFor();
        fs.mkdirSync(docsImages, { recursive: true });
        await panel.page.screenshot({ path: path.join(docsImages, `publish-${theme}.png`) });
      } finally {
        await panel.close();
      }
    });
  }
});
