// UI test: click through the Simulator connection's tree (both models), then publish a message from
// the command palette, answering its pickers as a user would, and read the result notification.
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';
import { answer, expandPath, expandRow, openExplorer, treeRow, waitForTab } from '../harness/workbench.mjs';

export async function run({ page, shots, log }) {
  const tree = await openExplorer(page);

  await expandPath(tree, ['Simulator', 'Kafka model', 'Topics', 'orders'], { log });
  await treeRow(tree, 'partition 2').waitFor({ timeout: 15_000 });
  await expandRow(tree, 'Consumer Groups', { log });
  await treeRow(tree, 'billing-service').waitFor({ timeout: 15_000 });
  await shots('simulator-kafka-tree');

  await expandPath(tree, ['RabbitMQ model', 'Queues'], { log });
  const emailQueue = treeRow(tree, 'email.confirmations');
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
  const orders = treeRow(tree, 'orders');
  await orders.hover();
  await orders.locator('.action-label[aria-label="Browse Messages"]').click();
  await waitForTab(page, 'Messages: orders');
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
