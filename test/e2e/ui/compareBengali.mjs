// UI test with VS Code's display language set to Bengali (code-server --locale bn): the Compare
// panel and the Simulator panel show their strings from the Bengali bundle.
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';

export const locale = 'bn';

export async function run({ page, shots, log }) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().waitFor({ timeout: 60_000 });
  // The command's title comes from package.nls.bn.json.
  await runCommandFromPalette(page, 'BrokerLens: Queue আর Log তুলনা করুন');
  // The preset titles come from the host in the display language.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'key অনুযায়ী ক্রম' }).first().click({ timeout: 15_000 });
  const frame = webviewFrame(page);
  await frame.locator('tr[data-row="orderPerKey"]').waitFor({ timeout: 30_000 });
  const heading = (await frame.locator('tr[data-row="orderPerKey"] th').innerText()).trim();
  log('compare row heading:', heading);
  if (!heading.includes('key অনুযায়ী ক্রম')) throw new Error(`the compare table is not in Bengali: ${heading}`);
  await frame.locator('h2', { hasText: 'একটি সময়রেখায় দুই মডেল' }).waitFor({ timeout: 15_000 });
  await shots('compare-bn');

  await frame.locator('vscode-button.studio').click();
  await page.locator('.tabs-container .tab', { hasText: 'BrokerLens Simulator' }).first().waitFor({ timeout: 30_000 });
  const sim = webviewFrame(page);
  const step = (await sim.locator('vscode-button.step').innerText({ timeout: 30_000 })).trim();
  log('simulator step button:', step);
  if (step !== 'এক ধাপ') throw new Error(`the simulator panel is not in Bengali: ${step}`);
  await shots('simulator-bn');
}
