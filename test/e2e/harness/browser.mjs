// Headless Debian chromium driven by playwright-core (no browser download: executablePath is the
// system chromium), plus helpers to open code-server's workbench.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags tried on these machines (no sandbox as root, no GPU, nothing that phones home). */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]);

export const VIEWPORT = Object.freeze({ width: 1400, height: 900 });

/**
 * Launches chromium (headless unless E2E_HEADED=1). playwright starts it in its own process group
 * and kills that group on close and, synchronously, when this process exits.
 */
export async function launchBrowser({ headless = process.env.E2E_HEADED !== '1' } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: [...CHROMIUM_ARGS],
    // run.mjs owns SIGINT/SIGTERM (it must stop code-server too); playwright's exit hook still
    // kills the browser if the process goes away
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** vscode-remote URI for a path on the code-server machine; code-server's authority is host:port. */
export function remoteUri(baseUrl, absPath) {
  return `vscode-remote://${new URL(baseUrl).host}${absPath}`;
}

/**
 * URL of the workbench with a folder open and, optionally, an extension loaded from source
 * (extensionDevelopmentPath) and extension tests to run in the extension host (extensionTestsPath).
 */
export function workbenchUrl({ baseUrl, folder, extensionDevelopmentPath, extensionTestsPath, skipWelcome = true }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(baseUrl, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(baseUrl, extensionTestsPath)]);
  if (skipWelcome) payload.push(['skipWelcome', 'true']);
  let url = `${baseUrl.replace(/\/$/, '')}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/**
 * Opens the workbench in `page`. Waits for `.monaco-workbench` unless waitForWorkbench is false
 * (extension-test runs only need the page loaded).
 */
export async function openWorkbench(page, { baseUrl, folder, extensionDevelopmentPath, extensionTestsPath, waitForWorkbench = true, timeout = 60_000 }) {
  const url = workbenchUrl({ baseUrl, folder, extensionDevelopmentPath, extensionTestsPath });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  if (waitForWorkbench) await page.locator('.monaco-workbench').waitFor({ timeout });
  return url;
}

/**
 * Navigates every page to about:blank first, so each workbench disconnects from code-server
 * gracefully (a bare close leaves its extension host running for the reconnection grace period),
 * then closes the browser. Never throws.
 */
export async function closeBrowser(browser) {
  if (!browser) return;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) await blankPage(page);
  }
  await browser.close().catch(() => {});
}

/** Navigates one page to about:blank (same reason as closeBrowser), ignoring errors. */
export async function blankPage(page) {
  if (!page || page.isClosed()) return;
  await page.goto('about:blank', { timeout: 10_000 }).catch(() => {});
}

/** The document inside the (first) webview panel: outer iframe.webview, inner #active-frame. */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
}

/** Runs a command through the command palette (F1), by its full label ("Category: Title"). */
export async function runCommandFromPalette(page, label, { timeout = 15_000 } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/**
 * Reloads the window once VS Code has written its editor layout holding every needle (view types, tab titles)
 * in one value of the workspace state database. VS Code writes that state when the window loses focus, on
 * an idle timer, and on unload; the unload write is asynchronous, and a reload under load can cut
 * it off, so a bare `page.reload()` sometimes came back with no tabs. A user's reload happens long
 * after the last write; this waits for the write instead (the idle timer writes within a minute).
 */
export async function reloadWindow(page, needles, { timeout = 90_000 } = {}) {
  // Every needle must be in one stored value: an earlier write can hold the first panel but not a tab opened since.
  const all = Array.isArray(needles) ? needles : [needles];
  // Losing focus makes VS Code flush its storage at once, where the browser reports the blur.
  await page.evaluate(() => globalThis.dispatchEvent(new Event("blur"))).catch(() => undefined);
  await page.waitForFunction(async (texts) => {
    const names = (await globalThis.indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('vscode-web-state-db-'));
    for (const name of names) {
      const db = await new Promise((resolve, reject) => {
        const open = globalThis.indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('ItemTable')) continue;
        // Only the editor part's own memento: the editor history ('history.entries') also holds the
        // webviews, and matching it once let a reload restore an older layout.
        const value = await new Promise((resolve) => {
          const get = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get('memento/workbench.parts.editor');
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => resolve(undefined);
        });
        if (typeof value === 'string' && texts.every((t) => value.includes(t))) return true;
      } finally {
        db.close();
      }
    }
    return false;
  }, all, { timeout, polling: 1_000 });
  await page.reload();
}
