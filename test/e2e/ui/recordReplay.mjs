// UI test: Record Messages… from the simulator's Kafka topic row (context menu), answering the name
// and count prompts; the file lands in .brokerlens/recordings; then Replay… from the result toast into
// the simulator's RabbitMQ queue (connection, model, queue, rate) and read the exact report.
import fs from 'node:fs';
import path from 'node:path';
import { answer, expandPath, openExplorer, treeRow } from '../harness/workbench.mjs';

export async function run({ page, shots, log, theme, workspaceDir }) {
  const tree = await openExplorer(page);
  await expandPath(tree, ['Simulator', 'Kafka model', 'Topics'], { log });

  // Record Messages… from the topic's context menu.
  const name = `e2e-orders-${theme}`;
  await treeRow(tree, 'orders').click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Record Messages…' }).first();
  await item.waitFor({ timeout: 15_000 });
  await shots('record-menu');
  await item.click();
  const nameInput = page.locator('.quick-input-widget input');
  await nameInput.waitFor({ timeout: 15_000 });
  const proposed = await nameInput.inputValue();
  if (!/^orders-\d{8}-\d{6}$/.test(proposed)) throw new Error(`unexpected proposed name: ${proposed}`);
  await answer(page, name);
  await answer(page, '1000', undefined, { prompt: 'How many messages at most?' });
  const recorded = page.locator('.notifications-toasts .notification-list-item', { hasText: `Recorded 6 messages of orders to .brokerlens/recordings/${name}.ndjson` });
  await recorded.first().waitFor({ timeout: 30_000 });
  log('notification:', (await recorded.first().locator('.notification-list-item-message').textContent())?.trim());
  await page.waitForTimeout(600); // the toast slides in
  await shots('recorded');
  const file = path.join(workspaceDir, '.brokerlens', 'recordings', `${name}.ndjson`);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const header = JSON.parse(lines[0]);
  if (lines.length !== 7 || header.source.broker !== 'simulator-kafka' || header.source.destination !== 'orders') throw new Error(`unexpected recording: ${lines.length} lines, header ${lines[0]}`);
  log(`recording: header + ${lines.length - 1} messages`);

  // Replay… from the toast, into the RabbitMQ model's queue.
  await recorded.first().locator('.monaco-button', { hasText: 'Replay…' }).click();
  await answer(page, 'Into a topic', 'Into a topic, queue or exchange');
  await answer(page, 'Simulator', 'Simulator');
  await answer(page, 'RabbitMQ model', 'RabbitMQ model');
  await answer(page, 'email.confirmations', 'email.confirmations');
  await answer(page, '0', undefined, { prompt: 'Messages per second' });
  const replayed = page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Replayed ${name}.ndjson into email.confirmations (Simulator): 6 of 6 messages accepted, 0 refused.` });
  await replayed.first().waitFor({ timeout: 30_000 });
  log('notification:', (await replayed.first().textContent())?.trim());
  await expandPath(tree, ['RabbitMQ model', 'Queues'], { log });
  // The demo queue held 3 ready messages; the 6 replayed ones are there too.
  const queue = treeRow(tree, 'email.confirmations');
  const deadline = Date.now() + 15_000;
  let description = '';
  while (!(description = (await queue.locator('.label-description').textContent())?.trim() ?? '').startsWith('9 ready')) {
    if (Date.now() > deadline) throw new Error(`email.confirmations should hold 9 ready messages: ${description}`);
    await page.waitForTimeout(300);
  }
  log('email.confirmations:', description);
  await page.mouse.move(700, 850);
  await shots('replayed');
}
