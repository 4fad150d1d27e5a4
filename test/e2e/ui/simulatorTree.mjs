// UI test: click through the Simulator connection's tree (both models), then publish a message from
// the command palette, answering its pickers as a user would, and read the result notification.
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';

/** The tree row whose label is exactly `label`. */
function row(page, tree, label) {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return tree.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
}

async function expand(page, tree, label, log) {
  // The tree refreshes when a connection's state changes, which can swallow a click on a row being
  // re-rendered: click again until the row says it is expanded.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = row(page, tree, label);
    await r.waitFor({ timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) === 'true') break;
    if (Date.now() > deadline) throw new Error(`the row "${label}" did not expand`);
    await r.click();
    await page.waitForTimeout(300);
  }
  log(`expanded ${label}`);
}

/** Answers the open QuickPick / InputBox: types `text` and presses Enter once the list shows `expect`. */
async function answer(page, text, expect) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(text);
  if (expect) await page.locator('.quick-input-list .monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export async function run({ page, shots, log }) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().click();
  await page.mouse.move(700, 450);
  const tree = page.locator('[id="workbench.view.extension.brokerlens"] [role="tree"][aria-label="Explorer"]');
  await tree.waitFor({ timeout: 30_000 });

  await expand(page, tree, 'Simulator', log);
  await expand(page, tree, 'Kafka model', log);
  await expand(page, tree, 'Topics', log);
  await expand(page, tree, 'orders', log);
  await row(page, tree, 'partition 2').waitFor({ timeout: 15_000 });
  await expand(page, tree, 'Consumer Groups', log);
  await row(page, tree, 'billing-service').waitFor({ timeout: 15_000 });
  await shots('simulator-kafka-tree');

  await expand(page, tree, 'RabbitMQ model', log);
  await expand(page, tree, 'Queues', log);
  const emailQueue = row(page, tree, 'email.confirmations');
  await emailQueue.waitFor({ timeout: 15_000 });
  const description = (await emailQueue.locator('.label-description').textContent())?.trim();
  if (description !== '3 ready · 0 unacked · 0 consumers') throw new Error(`unexpected queue description: ${description}`);
  log('email.confirmations:', description);
  await shots('simulator-rabbitmq-tree');

  // Publish Message from the palette: connection, model, topic, value, key, headers
  await runCommandFromPalette(page, 'BrokerLens: Publish Message');
  await answer(page, 'Simulator', 'Simulator');
  await answer(page, 'Kafka model', 'Kafka model');
  await answer(page, 'orders', 'orders');
  await answer(page, 'Type the value', 'Type the value');
  await answer(page, '{"event":"order.placed","orderId":"o-2000"}');
  await answer(page, 'o-2000');
  await answer(page, 'trace=e2e');
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Published to topic orders: partition' });
  await toast.first().waitFor({ timeout: 15_000 });
  log('notification:', (await toast.first().textContent())?.trim());
  await shots('published');

  // Browse Messages from the topic row's inline action: the panel reads without consuming
  const orders = row(page, tree, 'orders');
  await orders.hover();
  await orders.locator('.action-label[aria-label="Browse Messages"]').click();
  await page.locator('.tabs-container .tab', { hasText: 'Messages: orders' }).first().waitFor({ timeout: 30_000 });
  const frame = webviewFrame(page);
  await frame.locator('.row.record').nth(6).waitFor({ timeout: 30_000 });
  const count = await frame.locator('.row.record').count();
  if (count !== 7) throw new Error(`expected the 6 demo records and the one published, saw ${count}`);
  await frame.locator('.row.record', { hasText: 'o-2000' }).first().click();
  await frame.locator('pre.value', { hasText: 'order.placed' }).first().waitFor({ timeout: 15_000 });
  log('browse: 7 records, detail of the published one shown');
  await page.mouse.move(700, 850);
  await shots('browse');
}
