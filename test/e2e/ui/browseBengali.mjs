// UI test with VS Code's display language set to Bengali (code-server --locale bn), in the light and
// the dark theme: the BrokerLens explorer (tree labels, descriptions) and the Browse panel (toolbar,
// status line, detail pane) show their strings from the Bengali bundle, not English.
import { webviewFrame } from '../harness/browser.mjs';
import { expandPath, expandRow, openExplorer, treeRow, waitForTab } from '../harness/workbench.mjs';

export const locale = 'bn';
export const allThemes = true;

const BENGALI = /[\u0980-\u09FF]/;

export async function run({ page, shots, log }) {
  // The tree's aria-label is in Bengali too: any label.
  const tree = await openExplorer(page, { label: null });

  await expandRow(tree, 'Simulator', { log });
  const kafka = treeRow(tree, 'Kafka মডেল');
  const kafkaNote = (await kafka.locator('.label-description').textContent({ timeout: 15_000 }))?.trim() ?? '';
  log('Kafka model description:', kafkaNote);
  if (!kafkaNote.includes('মেসেজ থেকে যায়')) throw new Error(`the model description is not in Bengali: ${kafkaNote}`);
  await expandPath(tree, ['Kafka মডেল', 'Topic সমূহ'], { log });
  const orders = treeRow(tree, 'orders');
  const ordersNote = (await orders.locator('.label-description').textContent({ timeout: 15_000 }))?.trim() ?? '';
  log('orders description:', ordersNote);
  if (!/পার্টিশন · .*মেসেজ/.test(ordersNote)) throw new Error(`the topic description is not in Bengali: ${ordersNote}`);
  await expandRow(tree, 'orders', { log });
  await treeRow(tree, 'পার্টিশন 2').waitFor({ timeout: 15_000 });
  await expandRow(tree, 'Consumer Group-সমূহ', { log });
  await expandPath(tree, ['RabbitMQ মডেল', 'Queue সমূহ'], { log });
  const email = treeRow(tree, 'email.confirmations');
  const emailNote = (await email.locator('.label-description').textContent({ timeout: 15_000 }))?.trim() ?? '';
  log('email.confirmations description:', emailNote);
  if (!emailNote.includes('প্রস্তুত')) throw new Error(`the queue description is not in Bengali: ${emailNote}`);
  await shots('explorer-bn');

  // The Scenarios node under the Simulator: the presets with their titles in Bengali. Collapse the
  // models first so it is on screen.
  await treeRow(tree, 'RabbitMQ মডেল').click();
  await treeRow(tree, 'Kafka মডেল').click();
  await expandRow(tree, 'সিনারিও', { log });
  const preset = tree.locator('.monaco-list-row', { has: page.locator('.label-description', { hasText: 'preset (আগে থেকে তৈরি)' }) }).first();
  const presetTitle = (await preset.locator('.label-name').textContent({ timeout: 15_000 }))?.trim() ?? '';
  log('first preset row:', presetTitle);
  if (!BENGALI.test(presetTitle)) throw new Error(`the preset title is not in Bengali: ${presetTitle}`);
  await preset.hover();
  await preset.locator('.action-label[aria-label="সিমুলেটরে খুলুন"]').waitFor({ timeout: 15_000 });
  await preset.locator('.action-label[aria-label="দুই মডেলে তুলনা করুন"]').waitFor({ timeout: 15_000 });
  await shots('scenarios-bn');
  await treeRow(tree, 'সিনারিও').click();
  await expandRow(tree, 'Kafka মডেল', { log });

  // Browse from the topic row's inline action, whose title comes from package.nls.bn.json.
  await orders.hover();
  await orders.locator('.action-label[aria-label="মেসেজ ব্রাউজ করুন"]').click();
  await waitForTab(page, 'মেসেজ: orders');
  const frame = webviewFrame(page);
  await frame.locator('.row.record').nth(3).waitFor({ timeout: 30_000 });
  const refresh = (await frame.locator('vscode-button.refresh').innerText()).trim();
  const status = (await frame.locator('.status .summary').innerText({ timeout: 15_000 })).trim();
  const notice = (await frame.locator('.notice.read').innerText()).trim();
  log('Browse refresh button:', refresh, '| status:', status, '| notice:', notice);
  if (refresh !== 'রিফ্রেশ') throw new Error(`the Browse toolbar is not in Bengali: ${refresh}`);
  if (!status.includes('দেখানো হচ্ছে')) throw new Error(`the Browse status line is not in Bengali: ${status}`);
  if (!BENGALI.test(notice)) throw new Error(`the read notice is not in Bengali: ${notice}`);
  await frame.locator('.row.record').nth(1).click();
  const metadata = frame.locator('brokerlens-record-detail h3', { hasText: 'মেটাডেটা' });
  await metadata.waitFor({ timeout: 15_000 });
  await shots('browse-bn');
}
