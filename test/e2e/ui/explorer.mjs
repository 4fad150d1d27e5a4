// UI test in the real workbench (code-server + chromium), run by test/e2e/run.mjs once per theme.
// The page already shows the workbench with BrokerLens loaded from source.
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';

const SIMULATOR_TITLE = 'BrokerLens Simulator';

export async function run({ page, shots, log }) {
  // activity bar entry contributed by viewsContainers.activitybar (title "BrokerLens")
  const icon = page.locator('.activitybar [aria-label^="BrokerLens"]').first();
  await icon.waitFor({ timeout: 60_000 });
  log('activity bar entry:', await icon.getAttribute('aria-label'));
  await icon.click();
  await page.mouse.move(700, 450); // no hover tooltip over the activity bar in the screenshots

  // the view container, its only view "Explorer" (header merged into the side bar title) and its tree
  const viewlet = page.locator('[id="workbench.view.extension.brokerlens"]');
  await viewlet.waitFor({ timeout: 30_000 });
  const title = page.locator('.part.sidebar .composite.title h2');
  await title.filter({ hasText: 'Explorer' }).waitFor({ timeout: 30_000 });
  log('side bar title:', await title.textContent());
  const tree = viewlet.locator('[role="tree"][aria-label="Explorer"]');
  await tree.waitFor({ timeout: 30_000 });

  // the built-in simulator connection is a tree row labelled "Simulator"
  const simulatorRow = tree.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^\s*Simulator\s*$/ }) });
  await simulatorRow.first().waitFor({ timeout: 30_000 });
  const rows = await tree.locator('.monaco-list-row').allTextContents();
  log(`tree rows (${rows.length}):`, rows.map((r) => r.trim()).join(' | '));
  await shots('explorer');

  // F1 → "BrokerLens: Open Simulator" → the webview panel shows its heading
  await runCommandFromPalette(page, 'BrokerLens: Open Simulator');
  log('command issued');
  const tab = page.locator('.tabs-container .tab', { hasText: SIMULATOR_TITLE });
  await tab.first().waitFor({ timeout: 30_000 });
  const heading = webviewFrame(page).locator('h1', { hasText: SIMULATOR_TITLE });
  await heading.first().waitFor({ timeout: 30_000 });
  log('webview heading:', (await heading.first().textContent()).trim());
  await shots('simulator');
}
