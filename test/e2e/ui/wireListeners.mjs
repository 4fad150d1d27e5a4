// UI test: Start Simulator Listeners from the palette, the status bar shows the Kafka port, the
// user's own client (kafkajs, in this Node process) connects, and its row appears under
// Simulator › Listeners › Kafka; its inline Disconnect Client action closes it; a click on the
// status bar item stops the listeners. Screenshots in each theme.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { runCommandFromPalette } from '../harness/browser.mjs';

function row(page, tree, label) {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return tree.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
}

async function expand(page, tree, label) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = row(page, tree, label);
    await r.waitFor({ timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) === 'true') return;
    if (Date.now() > deadline) throw new Error(`the row "${label}" did not expand`);
    await r.click();
    await page.waitForTimeout(300);
  }
}

export async function run({ page, shots, log }) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().click();
  await page.mouse.move(700, 450);
  const tree = page.locator('[id="workbench.view.extension.brokerlens"] [role="tree"][aria-label="Explorer"]');
  await tree.waitFor({ timeout: 30_000 });

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
    await expand(page, tree, 'Simulator');
    await expand(page, tree, 'Listeners');
    await expand(page, tree, 'Kafka');
    const client = row(page, tree, 'ui-service');
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
