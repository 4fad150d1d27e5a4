import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type HarnessTheme, type PanelPage } from '../support/webviewHarness.js';
import { applyTheme, nextPosted, postedCount, reply } from './browseFixtures.js';
import { choose, kafkaDraft, kafkaInit, params, text, type } from './publishFixtures.js';

// Payload mode "Schema (registry)" in the Publish panel, against a fake host: the subject and version
// pickers, problems at the field as the user types, Send only for a valid draft, the key's schema.
const skip = browserSkipReason();
const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');

const draft = kafkaDraft;
/** The Kafka connection with a schema registry, topic orders only. */
const init = (extra: Record<string, unknown> = {}) =>
  kafkaInit({ destinations: [{ name: 'orders', kind: 'topic', builtin: false, detail: '3 partitions' }], schemaRegistry: true, ...extra });
const subjects = ['orders-key', 'orders-value', 'payments-value'];
const valueInfo = { subjects, versions: [1, 2], schemaType: 'AVRO', version: 2, schemaId: 12, typeName: 'shop.Order', messageTypes: [] };
const keyInfo = { subjects, versions: [1], schemaType: 'PROTOBUF', version: 1, schemaId: 14, typeName: 'shop.OrderKey', messageTypes: ['shop.OrderKey', 'shop.OrderKey.Region'] };

/** Answers every preview posted from `from` on (the last one decides what is shown). */
async function answerPreviews(panel: PanelPage, from: number, result: unknown): Promise<void> {
  await nextPosted(panel, 'publish/preview', from);
  await new Promise((r) => setTimeout(r, 300));
  const posted = (await panel.posted()) as Record<string, unknown>[];
  for (let i = from; i < posted.length; i++) if (posted[i]!['method'] === 'publish/preview') await reply(panel, posted[i]!, result);
}

describe('publish panel, payload mode Schema (registry), in Chromium', { skip }, () => {
  let panel: PanelPage;
  before(async () => {
    panel = await openPanel('publish', 'dark', { viewport: { width: 1200, height: 900 } });
  });
  after(async () => panel?.close());

  it('offers Schema (registry) only on a connection with a registry', async () => {
    const plain = await openPanel('publish', 'dark');
    try {
      await plain.waitForPosted('webview/ready');
      await plain.send(init({ schemaRegistry: false }));
      await plain.page.locator('vscode-single-select.payload-mode').waitFor();
      assert.equal(await plain.page.locator('vscode-single-select.payload-mode vscode-option[value=schema]').count(), 0);
      assert.equal(await plain.page.locator('vscode-checkbox.key-schema').count(), 0);
    } finally {
      await plain.close();
    }
    await panel.waitForPosted('webview/ready');
    await panel.send(init());
    await panel.page.locator('vscode-single-select.payload-mode vscode-option[value=schema]').waitFor({ state: 'attached' });
    assert.equal(await panel.page.locator('vscode-checkbox.key-schema').count(), 1);
  });

  it('choosing the mode lists the subjects and picks the topic\'s own <topic>-value, then its versions', async () => {
    let from = await postedCount(panel);
    await choose(panel, 'vscode-single-select.payload-mode', 'schema');
    const list = (await nextPosted(panel, 'publish/schemaInfo', from)).message;
    assert.deepEqual(params(list), { subject: '', version: '' });
    from = await postedCount(panel);
    await reply(panel, list, { subjects, versions: [], messageTypes: [] });
    const chosen = (await nextPosted(panel, 'publish/schemaInfo', from)).message;
    assert.deepEqual(params(chosen), { subject: 'orders-value', version: '' });
    await reply(panel, chosen, valueInfo);
    await panel.page.locator('.schema-value .schema-summary').waitFor();
    assert.equal(await text(panel, '.schema-value .schema-summary'), 'Avro · shop.Order · v2 · schema id 12');
    assert.equal(await panel.page.locator('.schema-value vscode-single-select.schema-version vscode-option').count(), 3, 'latest, v2, v1');
    assert.match(await text(panel, '.schema-value vscode-single-select.schema-version vscode-option'), /latest \(v2\)/);
    const preview = (await nextPosted(panel, 'publish/preview', from)).message;
    assert.deepEqual((params(preview)['schema'] as Record<string, unknown>)['value'], { subject: 'orders-value', version: '', messageType: '' });
    assert.equal(params(preview)['payloadMode'], 'schema');
  });

  it('shows the schema\'s complaint at the field while typing, and Send stays off until the value fits', async () => {
    let from = await postedCount(panel);
    await type(panel, 'vscode-textarea.payload', '{"id": "o-1", "total": "twelve"}');
    await answerPreviews(panel, from, { problems: [{ field: 'payload', message: 'The value does not fit schema orders-value v2: field "total" expected an int. Nothing was published.' }], route: { kind: 'partition', partitions: 3, reason: 'keyless' } });
    assert.match(await text(panel, '.problem[data-field=payload]'), /field "total" expected an int/);
    assert.equal(await panel.page.locator('vscode-button.send-one').getAttribute('disabled'), '');
    assert.equal(await panel.page.locator('vscode-button.send-many').getAttribute('disabled'), '');
    from = await postedCount(panel);
    await type(panel, 'vscode-textarea.payload', '{"id": "o-{{seq}}", "total": 12}');
    await answerPreviews(panel, from, { problems: [], route: { kind: 'partition', partitions: 3, reason: 'keyless' } });
    await panel.page.locator('vscode-button.send-one:not([disabled])').waitFor();
    assert.equal(await panel.page.locator('.problem').count(), 0);
  });

  it('a chosen version and a registry problem for the subject show on the schema row', async () => {
    let from = await postedCount(panel);
    await choose(panel, '.schema-value vscode-single-select.schema-version', '1');
    const info = (await nextPosted(panel, 'publish/schemaInfo', from)).message;
    assert.deepEqual(params(info), { subject: 'orders-value', version: '1' });
    await reply(panel, info, { ...valueInfo, version: 1, schemaId: 11 });
    await panel.page.getByText('schema id 11').waitFor();
    from = await postedCount(panel);
    await choose(panel, '.schema-value vscode-single-select.schema-subject', 'payments-value');
    const missing = (await nextPosted(panel, 'publish/schemaInfo', from)).message;
    assert.deepEqual(params(missing), { subject: 'payments-value', version: '' });
    await reply(panel, missing, { subjects, versions: [], messageTypes: [], problem: 'Subject "payments-value" has no versions in the schema registry.' });
    await answerPreviews(panel, from, { problems: [{ field: 'schema.value', message: 'Subject "payments-value" has no versions in the schema registry.' }] });
    assert.match(await text(panel, '.schema-value .problem'), /has no versions/);
    assert.equal(await panel.page.locator('.schema-value .problem').count(), 1, 'said once, not twice');
    from = await postedCount(panel);
    await choose(panel, '.schema-value vscode-single-select.schema-subject', 'orders-value');
    await reply(panel, (await nextPosted(panel, 'publish/schemaInfo', from)).message, valueInfo);
    await answerPreviews(panel, from, { problems: [], route: { kind: 'partition', partitions: 3, reason: 'keyless' } });
  });

  it('the key can have its own schema (Protobuf: message types offered), and Send carries both choices', async () => {
    let from = await postedCount(panel);
    await panel.page.locator('vscode-checkbox.key-schema').click();
    const list = (await nextPosted(panel, 'publish/schemaInfo', from)).message;
    from = await postedCount(panel);
    await reply(panel, list, { subjects, versions: [], messageTypes: [] });
    const own = (await nextPosted(panel, 'publish/schemaInfo', from)).message;
    assert.deepEqual(params(own), { subject: 'orders-key', version: '' });
    await reply(panel, own, keyInfo);
    await panel.page.locator('.schema-key vscode-single-select.schema-message-type').waitFor();
    assert.equal(await panel.page.locator('.schema-key vscode-single-select.schema-message-type vscode-option').count(), 2);
    from = await postedCount(panel);
    await choose(panel, '.schema-key vscode-single-select.schema-message-type', 'shop.OrderKey.Region');
    await type(panel, 'vscode-textfield.key', '{"code": "eu"}');
    await answerPreviews(panel, from, { problems: [], route: { kind: 'partition', partition: 1, partitions: 3, reason: 'key' } });
    await panel.page.locator('vscode-button.send-one:not([disabled])').waitFor();
    from = await postedCount(panel);
    await panel.page.locator('vscode-button.send-one').click();
    const send = params((await nextPosted(panel, 'publish/send', from)).message);
    const sent = send['draft'] as Record<string, unknown>;
    assert.deepEqual(sent['schema'], {
      value: { subject: 'orders-value', version: '', messageType: '' },
      key: { subject: 'orders-key', version: '', messageType: 'shop.OrderKey.Region' },
    });
    assert.equal(sent['key'], '{"code": "eu"}');
    await reply(panel, (await nextPosted(panel, 'publish/send', from)).message, {
      status: 'done', ok: true, sentence: 'Published to topic orders: partition 1, offset 7.', links: [{ destination: 'orders', partition: 1, offset: 7 }],
      tally: { requested: 1, confirmed: 1, returned: 0, nacked: 0, failed: 0, notSent: 0, cancelled: false },
    });
    assert.match(await text(panel, '.result'), /partition 1, offset 7/);
    // The choice survives a reload (setState), so a restored panel encodes the same way.
    const saved = (await panel.savedState()) as { draft: Record<string, unknown> };
    assert.equal(saved.draft['payloadMode'], 'schema');
    assert.deepEqual((saved.draft['schema'] as Record<string, unknown>)['key'], sent['schema'] && (sent['schema'] as Record<string, unknown>)['key']);
  });
});

describe('publish panel with a schema: screenshots (light, dark, high contrast)', { skip }, () => {
  for (const theme of ['light', 'dark', 'hc'] as HarnessTheme[]) {
    it(`renders the schema choice and a field problem in ${theme}`, async () => {
      const panel = await openPanel('publish', theme, { viewport: { width: 1280, height: 900 } });
      try {
        await panel.waitForPosted('webview/ready');
        if (theme !== 'hc') await applyTheme(panel, theme);
        await panel.send(init({
          draft: {
            ...draft, payloadMode: 'schema', key: '{"id": "o-1"}', payload: '{\n  "id": "o-{{seq}}",\n  "total": "twelve"\n}',
            schema: { value: { subject: 'orders-value', version: '', messageType: '' }, key: { subject: 'orders-key', version: '', messageType: '' } },
          },
        }));
        for (let answered = 0; answered < 2; answered++) {
          const ask = (await nextPosted(panel, 'publish/schemaInfo', 0)).message;
          const all = ((await panel.posted()) as Record<string, unknown>[]).filter((m) => m['method'] === 'publish/schemaInfo');
          for (const m of all) await reply(panel, m, (params(m)['subject'] === 'orders-key' ? keyInfo : valueInfo));
          void ask;
        }
        await reply(panel, (await nextPosted(panel, 'publish/preview', 0)).message, {
          problems: [{ field: 'payload', message: 'The value does not fit schema orders-value v2: field "total" expected an int. Nothing was published.' }],
          route: { kind: 'partition', partition: 2, partitions: 3, reason: 'key' },
        });
        await panel.page.locator('.schema-key .schema-summary').waitFor();
        await panel.page.locator('.problem[data-field=payload]').waitFor();
        fs.mkdirSync(shots, { recursive: true });
        await panel.page.screenshot({ path: path.join(shots, `publish-schema-${theme}.png`) });
      } finally {
        await panel.close();
      }
    });
  }
});
