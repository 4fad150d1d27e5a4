/**
 * The Browse panel's schema-decoded views in Chromium: the list previews decoded values with the
 * schema id, the detail pane shows the decoded JSON first with a line naming the schema, and a record
 * that could not be decoded shows one reason with its bytes still there. Light, dark, high contrast.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserSkipReason, openPanel, type PanelPage } from '../support/webviewHarness.js';
import { applyTheme, kafkaInit, nextPosted, pageResult, postedCount, reply } from './browseFixtures.js';

const shots = path.resolve(import.meta.dirname, '..', '..', '.artifacts', 'screenshots', 'webview');
const skip = browserSkipReason();
const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function decodedRow(i: number): Record<string, unknown> {
  const value = JSON.stringify({ sensor: `s-${i}`, at: new Date(T0 + i * 1000).toISOString(), celsius: `${20 + i}.50` });
  return {
    id: `0:${i}`, partition: 0, offset: i, timestamp: T0 + i * 1000, size: 40, keyKind: 'text', keyPreview: `s-${i}`,
    valueKind: 'json', valuePreview: value, valueSize: 31, headerCount: 0, valueSchema: { status: 'decoded', schemaId: 12 },
  };
}
const failedRow = {
  id: '0:9', partition: 0, offset: 9, timestamp: T0 + 9000, size: 12, keyKind: 'null', keyPreview: '',
  valueKind: 'binary', valuePreview: '00 7f ff ff f0 01 02', valueSize: 7, headerCount: 0, valueSchema: { status: 'failed', schemaId: 2147483632 },
};
const decodedDetail = {
  id: '0:1',
  key: { kind: 'text', size: 3, text: 's-1', hex: '732d31', base64: 'cy0x', truncated: false },
  value: {
    kind: 'binary', size: 31, hex: '000000000c0673', base64: 'AAAAAAwGcw==', truncated: false,
    schema: {
      status: 'decoded', schemaId: 12, source: 'registry', schemaType: 'AVRO', subject: 'schema.readings-value', version: 2, typeName: 'it.Reading',
      json: '{\n  "sensor": "s-1",\n  "at": "2026-11-25T09:00:01.000Z",\n  "celsius": "21.50"\n}',
    },
  },
  headers: [],
  properties: [],
};
const failedDetail = {
  id: '0:9',
  key: null,
  value: {
    kind: 'binary', size: 7, hex: '007ffffff00102', base64: 'AH///wABAg==', truncated: false,
    schema: { status: 'failed', schemaId: 2147483632, source: 'registry', reason: 'Schema id 2147483632 is not in the schema registry at http://127.0.0.1:18081/apis/ccompat/v7; the record was written with another registry, or the schema was deleted.' },
  },
  headers: [],
  properties: [],
};

for (const theme of ['dark', 'light', 'hc'] as const) {
  describe(`browse panel schema-decoded records (${theme})`, { skip }, () => {
    let panel: PanelPage;
    before(async () => {
      panel = await openPanel('browse', theme);
      if (theme !== 'hc') await applyTheme(panel, theme);
      await panel.waitForPosted('webview/ready');
      await panel.page.setViewportSize({ width: 1280, height: 760 });
    });
    after(async () => panel?.close());

    it('previews decoded values with their schema id and marks the one that could not be decoded', async () => {
      await panel.send(kafkaInit({ destination: 'schema.readings' }));
      const load = (await nextPosted(panel, 'browse/load', 0)).message;
      await reply(panel, load, pageResult([...[0, 1, 2, 3].map(decodedRow), failedRow]));
      const rows = panel.page.locator('.row.record');
      await rows.first().waitFor();
      const value = await rows.nth(1).locator('[role=gridcell]').nth(4).innerText();
      assert.match(value, /^schema 12\s+\{"sensor":"s-1","at":"2026-11-25T09:00:01\.000Z","celsius":"21\.50"\}$/);
      const failed = await rows.nth(4).locator('[role=gridcell]').nth(4).innerText();
      assert.match(failed, /^not decoded\s+00 7f ff ff f0 01 02$/);
    });

    it('shows the decoded JSON first, names the schema, and keeps the bytes in the other tabs', async () => {
      const from = await postedCount(panel);
      await panel.page.locator('.row.record').nth(1).click();
      await reply(panel, (await nextPosted(panel, 'browse/detail', from)).message, decodedDetail);
      const pre = panel.page.locator('vscode-tab-panel:not([hidden]) pre.value');
      await pre.waitFor();
      assert.equal(await pre.innerText(), decodedDetail.value.schema.json);
      assert.equal(await panel.page.locator('.schema-line').innerText(), 'Avro · schema id 12 · schema.readings-value v2 · it.Reading');
      const headers = await panel.page.locator('vscode-tab-header').allInnerTexts();
      assert.deepEqual(headers.map((h) => h.trim()), ['Decoded', 'Hex', 'Base64']);
      fs.mkdirSync(shots, { recursive: true });
      await panel.page.screenshot({ path: path.join(shots, `browse-schema-${theme}.png`) });
      await panel.page.locator('vscode-tab-header', { hasText: 'Hex' }).click();
      assert.equal(await panel.page.locator('vscode-tab-panel:not([hidden]) pre.value').innerText(), '00 00 00 00 0c 06 73');
    });

    it('says in one line why a record was not decoded, and still shows its bytes', async () => {
      const from = await postedCount(panel);
      await panel.page.locator('.row.record').nth(4).click();
      await reply(panel, (await nextPosted(panel, 'browse/detail', from)).message, failedDetail);
      const note = panel.page.locator('.schema-error');
      await note.waitFor();
      assert.equal(await note.innerText(), `Not decoded: ${failedDetail.value.schema.reason}`);
      assert.equal(await panel.page.locator('vscode-tab-panel:not([hidden]) pre.value').innerText(), '00 7f ff ff f0 01 02');
      await panel.page.screenshot({ path: path.join(shots, `browse-schema-failed-${theme}.png`) });
    });
  });
}
