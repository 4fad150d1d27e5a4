// UI test on the built-in Simulator (no broker needed): the demo's Kafka group billing-service opens
// in the Consumer group panel from its inline tree action (members, lag, the reset form), and the
// demo queue billing.invoices opens in the same panel from the palette's Show Queue Consumers.
// Screenshots in each theme.
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';
import { answer, expandPath, openExplorer, treeRow } from '../harness/workbench.mjs';

export async function run({ page, shots, log }) {
  const tree = await openExplorer(page);
  await expandPath(tree, ['Simulator', 'Kafka model', 'Consumer Groups']);
  const group = treeRow(tree, 'billing-service');
  await group.waitFor({ timeout: 15_000 });
  await group.hover();
  await group.locator('.action-label[aria-label="Open Consumer Group"]').click();

  let view = webviewFrame(page);
  await view.locator('h1', { hasText: 'Consumer group billing-service' }).waitFor({ timeout: 30_000 });
  await view.locator('p.muted', { hasText: 'Simulator (simulator)' }).first().waitFor({ timeout: 15_000 });
  await view.locator('table.partitions tbody tr').nth(2).waitFor({ timeout: 30_000 });
  const lag = Number((await view.locator('dd.total-lag').innerText()).replace(/,/g, ''));
  if (!(lag > 0)) throw new Error(`the demo group should have lag, saw ${lag}`);
  log('simulator group header:', (await view.locator('dl.header').innerText()).replace(/\s+/g, ' '));
  await view.locator('section.reset').waitFor();
  await page.mouse.move(700, 850);
  await shots('simulator-group-panel');

  await runCommandFromPalette(page, 'View: Close All Editors');
  await runCommandFromPalette(page, 'BrokerLens: Show Queue Consumers');
  await answer(page, 'Simulator', 'Simulator');
  // Only the RabbitMQ model has queues, so no model is asked for.
  await answer(page, 'billing.invoices', 'billing.invoices');
  view = webviewFrame(page);
  await view.locator('h1', { hasText: 'Consumers of queue billing.invoices' }).waitFor({ timeout: 30_000 });
  await view.locator('p.no-consumers').waitFor({ timeout: 30_000 });
  const header = (await view.locator('dl.header').innerText()).replace(/\s+/g, ' ');
  log('simulator queue header:', header);
  if (!/Type quorum/.test(header) || !/Consumers 0/.test(header)) throw new Error(`unexpected queue header: ${header}`);
  await page.mouse.move(700, 850);
  await shots('simulator-queue-consumers');
}
