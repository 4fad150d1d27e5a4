// The steps the UI tests share in the workbench: open the BrokerLens explorer, find and expand its
// rows, answer VS Code's quick input, wait for an editor tab, reach the active webview, and put
// connections into the workspace settings for the length of a test.
import fs from 'node:fs';
import path from 'node:path';
import { runCommandFromPalette } from './browser.mjs';

const TREE = '[id="workbench.view.extension.brokerlens"] [role="tree"]';

/**
 * Clicks the BrokerLens activity bar entry and returns the explorer tree once it is shown. The mouse
 * moves off the activity bar so no hover tooltip lands in a screenshot. `label` is the tree's
 * aria-label ("Explorer"); null matches it in any display language.
 */
export async function openExplorer(page, { label = 'Explorer', timeout = 30_000 } = {}) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().click();
  await page.mouse.move(700, 450);
  const tree = page.locator(label === null ? TREE : `${TREE}[aria-label="${label}"]`);
  await tree.waitFor({ timeout });
  return tree;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The tree row whose label is exactly `label`. */
export function treeRow(tree, label) {
  const exact = new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`);
  return tree.locator('.monaco-list-row', { has: tree.page().locator('.label-name', { hasText: exact }) }).first();
}

/**
 * Expands the row labelled `label`. The tree refreshes when a connection's state changes, which can
 * swallow a click on a row being re-rendered: click again until the row says it is expanded.
 * `log`, when given, is told "expanded <label>".
 */
export async function expandRow(tree, label, { log, timeout = 30_000 } = {}) {
  const page = tree.page();
  const deadline = Date.now() + timeout;
  for (;;) {
    const r = treeRow(tree, label);
    await r.waitFor({ timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) === 'true') break;
    if (Date.now() > deadline) throw new Error(`the row "${label}" did not expand`);
    await r.click();
    await page.waitForTimeout(300);
  }
  log?.(`expanded ${label}`);
}

/** Expands the rows labelled `labels`, one after another (a path down the tree). */
export async function expandPath(tree, labels, options = {}) {
  for (const label of labels) await expandRow(tree, label, options);
}

/** Waits until the tree lists a row holding `name` (workspace settings reach the extension asynchronously). */
export async function waitForRow(tree, name, { timeout = 30_000 } = {}) {
  await tree.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout });
}

/**
 * Answers the open QuickPick / InputBox: types `text` and presses Enter once the list shows `expect`
 * (no wait for a list when `expect` is not given). With `prompt`, first waits for the widget to show
 * that prompt: an input box can follow another in the same widget.
 */
export async function answer(page, text, expect, { prompt } = {}) {
  if (prompt) await page.locator('.quick-input-widget', { hasText: prompt }).waitFor({ timeout: 15_000 });
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(text);
  if (expect) await page.locator('.quick-input-list .monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Answers a quick pick with the row whose label holds `text`. */
export async function pick(page, text) {
  await answer(page, text, text);
}

/** Waits for the editor tab whose title holds `title` and returns it. */
export async function waitForTab(page, title, { timeout = 30_000 } = {}) {
  const tab = page.locator('.tabs-container .tab', { hasText: title }).first();
  await tab.waitFor({ timeout });
  return tab;
}

/**
 * Runs `command` from the palette, answers its quick picks with `picks` (connection, destination, …)
 * one after another, waits for the tab titled `tab` and returns the active webview's document.
 */
export async function openFromPalette(page, command, picks, tab) {
  await runCommandFromPalette(page, command);
  for (const text of picks) await pick(page, text);
  await waitForTab(page, tab);
  return activeWebview(page);
}

/** The document inside the webview whose tab is active. */
export function activeWebview(page) {
  return page.frameLocator('.editor-group-container.active iframe.webview, iframe.webview').last().frameLocator('#active-frame');
}

/** Sets a vscode-elements field inside a webview and fires the event the panel listens to (input for text, change for a select). */
export async function setField(locator, value, event = 'input') {
  await locator.evaluate(
    (el, [v, e]) => {
      el.value = v;
      el.dispatchEvent(new Event(e, { bubbles: true, composed: true }));
    },
    [value, event],
  );
}

/**
 * Runs `fn` with `connections` as the workspace's brokerlens.connections (.vscode/settings.json, as a
 * team would commit them), then puts the settings file back as it was, whatever `fn` did.
 */
export async function withWorkspaceConnections(workspaceDir, connections, fn) {
  const settingsFile = path.join(workspaceDir, '.vscode', 'settings.json');
  const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  try {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'brokerlens.connections': connections }, null, 2));
    return await fn();
  } finally {
    if (before === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, before);
  }
}
