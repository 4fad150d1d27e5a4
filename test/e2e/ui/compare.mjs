// UI test in the real workbench: Compare Queue and Log from the command palette, a preset picked in
// the quick pick, the outcome table read (cells counted from the run), a row's moment shown on both
// diagrams; the panel hidden and shown again keeps the workload and the moment.
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';

const PRESET = 'A broker restart with durable and transient messages';

async function cell(frame, row, model) {
  return (await frame.locator(`tr[data-row="${row}"] td[data-model="${model}"]`).innerText()).trim();
}

export async function run({ page, shots, log }) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().waitFor({ timeout: 60_000 });
  await runCommandFromPalette(page, 'BrokerLens: Compare Queue and Log');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: PRESET }).first().click();
  await page.locator('.tabs-container .tab', { hasText: 'BrokerLens Compare' }).first().waitFor({ timeout: 30_000 });
  const frame = webviewFrame(page);
  await frame.locator('tr[data-row="restart"]').waitFor({ timeout: 30_000 });
  const rabbit = await cell(frame, 'restart', 'rabbitmq');
  const kafka = await cell(frame, 'restart', 'kafka');
  log('restart row:', rabbit, '|', kafka);
  if (rabbit !== '200 stored copies lost at the restart, 100 kept') throw new Error(`RabbitMQ restart cell: ${rabbit}`);
  if (kafka !== '0 stored copies lost at the restart, 300 kept') throw new Error(`Kafka restart cell: ${kafka}`);

  await frame.locator('tr[data-row="restart"] button.moment').click();
  await frame.locator('h2', { hasText: 'Both models at 2.00 s' }).waitFor({ timeout: 15_000 });
  await frame.locator('.model[data-model="kafka"] brokerlens-diagram g.node').first().waitFor({ timeout: 15_000 });
  await shots('compare-restart');

  // Hide (another editor takes the group) and show again: the page is rebuilt from the host.
  await runCommandFromPalette(page, 'BrokerLens: Open Simulator');
  await page.locator('.tabs-container .tab', { hasText: 'BrokerLens Simulator' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.tabs-container .tab', { hasText: 'BrokerLens Compare' }).first().click();
  const again = webviewFrame(page);
  await again.locator('h2', { hasText: 'Both models at 2.00 s' }).waitFor({ timeout: 30_000 });
  if ((await cell(again, 'restart', 'rabbitmq')) !== rabbit) throw new Error('the table changed after hide/show');
  log('after hide/show: the same table and moment');
}
