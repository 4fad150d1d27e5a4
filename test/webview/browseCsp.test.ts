/**
 * The Browse panel under the same Content-Security-Policy the extension serves (panels/html.ts):
 * no inline styles, scripts only by nonce. The virtual list positions rows through the CSSOM; a
 * style attribute would be refused there and the rows would pile up at the top.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserSkipReason, CHROMIUM_FLAGS } from '../support/webviewHarness.js';
import { kafkaInit, kafkaRow, pageResult } from './browseFixtures.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const webviewDir = path.join(root, 'dist', 'webview');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';
const CSP = [
  "default-src 'none'", "img-src 'self' data:", `style-src 'self' 'nonce-${NONCE}'`, "font-src 'self'", `script-src 'nonce-${NONCE}'`,
].join('; ');

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<link rel="stylesheet" href="/codicons/codicon.css" id="vscode-codicon-stylesheet">
<script nonce="${NONCE}">
  window.__posted = []; window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + e.sample));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => {} });
</script></head>
<body><div id="app"></div><script type="module" nonce="${NONCE}" src="/browse.js"></script></body></html>`;

describe('browse panel under the extension\'s CSP, in Chromium', { skip: browserSkipReason() }, () => {
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  type Fake = { __posted: { method?: string; id?: number }[]; __violations: string[] };
  const g = <T>(fn: (w: Fake) => T): Promise<T> =>
    page.evaluate(`(${fn.toString()})(globalThis)`) as Promise<T>;

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      const file = path.join(webviewDir, path.normalize(url.pathname));
      if (!file.startsWith(webviewDir) || !fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream' }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('renders, positions and scrolls rows with no CSP violation', async () => {
    await page.waitForFunction(() => (globalThis as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'webview/ready'));
    await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), kafkaInit());
    await page.waitForFunction(() => (globalThis as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'browse/load'));
    const id = await g((w) => w.__posted.find((m) => m.method === 'browse/load')!.id);
    const result = pageResult(Array.from({ length: 500 }, (_, i) => kafkaRow(i)));
    await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), { kind: 'reply', id, ok: true, result });
    const rows = page.locator('.row.record');
    await rows.first().waitFor();
    const [a, b] = [await rows.nth(0).boundingBox(), await rows.nth(1).boundingBox()];
    assert.ok(a && b && b.y - a.y === 22, `rows stack 22px apart (${a?.y}, ${b?.y})`);
    await page.locator('.viewport').focus();
    await page.keyboard.press('End');
    await page.locator('.row.record[data-id="1:499"]').waitFor();
    assert.ok(await page.locator('.row.record[data-id="1:499"]').isVisible());
    assert.deepEqual(await g((w) => w.__violations), []);
  });
});
