// UI test: Start Simulator Listeners from the palette, the status bar shows the Kafka port, the
// user's own client (kafkajs, in this Node process) connects, and its row appears under
// Simulator › Listeners › Kafka; its inline Disconnect Client action closes it; a click on the
// status bar item stops the listeners. Screenshots in each theme.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { runCommandFromPalette } from '../harness/browser.mjs';
import { expandPath, openExplorer, treeRow } from '../harness/workbench.mjs';

export async function run({ page, shots, log }) {
  const tree = await openExplorer(page);

  await runCommandFromPalette(page, 'BrokerLens: Start Simulator Listeners');
  const status = page.locator('.statusbar-item', { hasText: /Kafka :\d+/ }).first();
  await status.waitFor({ timeout: 30_000 });
  const port = Number(/Kafka :(\d+)/.exec(await status.textContent())[1]);
  log('status bar:', (await status.textContent()).trim());

  const producer = new Kafka({ brokers: [`127.0.0.1:${port}`], clientId: 'ui-service', logLevel: logLevel.NOTHING, retry: { retries: 0 } })
    .producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic: 'orders', messages: [{ key: 'ui', value: '{"from":"my service"}' }] });
    await expandPath(tree, ['Simulator', 'Listeners', 'Kafka']);
    const client = treeRow(tree, 'ui-service');
    await client.waitFor({ timeout: 15_000 });
    log('client row:', (await client.textContent()).trim());
    await page.mouse.move(700, 450);
    await shots('listeners-tree');
    await client.hover();
    await client.locator('.action-label[aria-label="Disconnect Client"]').click();
    await client.waitFor({ state: 'detached', timeout: 15_000 });
    log('client disconnected from the tree');
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  await page.locator('.statusbar-item', { hasText: /Kafka :\d+/ }).first().click();
  await page.locator('.statusbar-item', { hasText: 'Listeners off' }).first().waitFor({ timeout: 15_000 });
  log('listeners stopped from the status bar');
}
