/**
 * Loads a panel's built bundle (dist/webview/<panel>.js) in headless Chromium behind a fake
 * `acquireVsCodeApi`, so a panel is tested as the user's browser runs it, with no VS Code.
 * The fake records every message the webview posts, and `send` delivers host messages to it.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Why browser tests cannot run here (skip reason), or undefined. Under REQUIRE_E2E=1 never skips. */
export function browserSkipReason(): string | undefined {
  const missing = !fs.existsSync(CHROMIUM) ? `Chromium not found at ${CHROMIUM}` : !fs.existsSync(path.join(root, 'dist', 'webview')) ? 'dist/webview is not built (run npm run build)' : undefined;
  if (!missing) return undefined;
  if (process.env.REQUIRE_E2E === '1') return undefined; // let the test fail loudly instead
  console.error(`!!! WEBVIEW TESTS SKIPPED: ${missing}. Install it (apt-get install chromium) to run them.`);
  return missing;
}

/** A panel loaded in a page. */
export interface PanelPage {
  readonly page: Page;
  /** Messages the webview posted to the host, oldest first. */
  posted(): Promise<unknown[]>;
  /** Waits until the webview posted a message with this method. */
  waitForPosted(method: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Delivers a host → webview message. */
  send(message: unknown): Promise<void>;
  /** What the page last saved with setState. */
  savedState(): Promise<unknown>;
  close(): Promise<void>;
}

const fakeHost = (state: unknown): string => `
  window.__posted = [];
  window.__state = ${JSON.stringify(state ?? null).replace(/</g, '\\u003c')} ?? undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
`;

/** Themes the fake page can wear: VS Code's default dark and light, and High Contrast (dark). */
export type HarnessTheme = 'light' | 'dark' | 'hc';

const THEME_VARS: Record<HarnessTheme, string> = {
  dark: '--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-descriptionForeground:#9d9d9d;--vscode-editorWidget-background:#202020;--vscode-widget-border:#313131;--vscode-font-family:sans-serif;--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#89d185;--vscode-charts-yellow:#cca700;--vscode-charts-red:#f14c4c;--vscode-charts-purple:#b180d7;--vscode-focusBorder:#0078d4',
  light: '--vscode-foreground:#3b3b3b;--vscode-editor-background:#ffffff;--vscode-descriptionForeground:#717171;--vscode-editorWidget-background:#f8f8f8;--vscode-widget-border:#e5e5e5;--vscode-font-family:sans-serif;--vscode-button-background:#005fb8;--vscode-button-foreground:#ffffff;--vscode-charts-blue:#1a85ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#388a34;--vscode-charts-yellow:#bf8803;--vscode-charts-red:#e51400;--vscode-charts-purple:#652d90;--vscode-focusBorder:#005fb8',
  // VS Code's "Default High Contrast": black, white text, cyan borders, orange focus.
  hc: '--vscode-foreground:#ffffff;--vscode-editor-background:#000000;--vscode-descriptionForeground:#ffffff;--vscode-editorWidget-background:#0c141f;--vscode-widget-border:#6fc3df;--vscode-contrastBorder:#6fc3df;--vscode-contrastActiveBorder:#f38518;--vscode-font-family:sans-serif;--vscode-button-background:#000000;--vscode-button-foreground:#ffffff;--vscode-button-border:#6fc3df;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#89d185;--vscode-charts-yellow:#ffd700;--vscode-charts-red:#f14c4c;--vscode-charts-purple:#b180d7;--vscode-focusBorder:#f38518',
};

/** Opens `dist/webview/<bundle>.js` in a fresh page with the theme's CSS variables (and `state` as the page's saved setState). */
const NONCE = 'aGFybmVzcy1ub25jZS0xMjM0';
/** Collects CSP refusals (the real webview logs them and drops the style or script). */
const VIOLATIONS = "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));";

export async function openPanel(bundle: string, theme: HarnessTheme = 'dark', options: { readonly state?: unknown; readonly viewport?: { width: number; height: number }; readonly l10n?: Readonly<Record<string, string>> } = {}): Promise<PanelPage> {
  const webviewDir = path.join(root, 'dist', 'webview');
  const vars = THEME_VARS[theme];
  // The extension's own Content-Security-Policy (panels/html.ts): a style attribute or an inline
  // script the real webview would refuse is refused here too, and close() fails the suite on it.
  const csp = ["default-src 'none'", "img-src 'self' data:", `style-src 'self' 'nonce-${NONCE}'`, "font-src 'self'", `script-src 'nonce-${NONCE}'`].join('; ');
  const page0 = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><link rel="stylesheet" href="/codicons/codicon.css" id="vscode-codicon-stylesheet">
    <style nonce="${NONCE}">body{${vars};background:var(--vscode-editor-background);margin:0}</style><script nonce="${NONCE}">${VIOLATIONS}${fakeHost(options.state)}</script></head>
    <body class="${theme === 'hc' ? 'vscode-high-contrast' : `vscode-${theme}`}"><script type="application/json" id="brokerlens-l10n">${JSON.stringify(options.l10n ?? {}).replace(/</g, '\\u003c')}</script><div id="app"></div><script type="module" nonce="${NONCE}" src="/${bundle}.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page0);
      return;
    }
    const file = path.join(webviewDir, path.normalize(url.pathname));
    if (!file.startsWith(webviewDir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 900, height: 600 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  const posted = (): Promise<unknown[]> => page.evaluate(() => (globalThis as unknown as { __posted: unknown[] }).__posted);
  return {
    page,
    posted,
    async waitForPosted(method, timeoutMs = 5000) {
      const handle = await page.waitForFunction(
        (m) => (globalThis as unknown as { __posted: { method?: string }[] }).__posted.find((x) => x.method === m),
        method,
        { timeout: timeoutMs },
      );
      return (await handle.jsonValue()) as Record<string, unknown>;
    },
    async send(message) {
      await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), message);
    },
    savedState: () => page.evaluate(() => (globalThis as unknown as { __state: unknown }).__state),
    async close() {
      if (errors.length) console.error(`page errors: ${errors.join('; ')}`);
      const violations = await page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations).catch(() => [] as string[]);
      await browser.close();
      await new Promise((r) => server.close(r));
      if (violations.length) throw new Error(`the ${bundle} panel broke its Content-Security-Policy: ${violations.join(' | ')}`);
    },
  };
}
