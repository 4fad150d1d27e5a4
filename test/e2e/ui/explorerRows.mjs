// UI test of the explorer rows a new user meets (issue 14): the "Add a connection…" row while there is
// no connection of the user's own, and a connection whose broker is down shown as ONE error row with
// "click to retry" (a Kafka connection from workspace settings pointed at a port nothing listens on).
// Screenshots in each theme; run with E2E_THEMES=dark,hc for high contrast.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

function row(page, tree, label) {
  return tree.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
}

async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

export async function run({ page, shots, log, workspaceDir }) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().click();
  await page.mouse.move(700, 450);
  const tree = page.locator('[id="workbench.view.extension.brokerlens"] [role="tree"][aria-label="Explorer"]');
  await tree.waitFor({ timeout: 30_000 });
  const hint = row(page, tree, /^\s*Add a connection…\s*$/);
  await hint.waitFor({ timeout: 30_000 });
  log('first-run rows:', (await tree.locator('.monaco-list-row').allTextContents()).map((r) => r.trim()).join(' | '));
  await shots('explorer-add-connection-row');

  const settingsFile = path.join(workspaceDir, '.vscode', 'settings.json');
  const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  try {
    const port = await closedPort();
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({
      'brokerlens.connections': [{ kind: 'kafka', id: 'e2e-down', name: 'Kafka (down)', brokers: [`127.0.0.1:${port}`], connectionTimeoutMs: 2000 }],
    }, null, 2));
    const connection = row(page, tree, /^\s*Kafka \(down\)\s*$/);
    await connection.waitFor({ timeout: 30_000 });
    await hint.waitFor({ state: 'detached', timeout: 15_000 });
    await connection.click();
    const error = tree.locator('.monaco-list-row', { hasText: 'Connecting to Kafka failed' });
    await error.first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3_000); // long enough for a reconnect loop to show a second row or a spinner
    const errors = await error.count();
    const text = (await error.first().textContent()).trim();
    log('error row:', text);
    if (errors !== 1) throw new Error(`expected one error row, saw ${errors}`);
    if (!/nothing is listening at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/.test(text) || !/click to retry/.test(text)) throw new Error(`unexpected error row: ${text}`);
    // Only BrokerLens's own toasts count (the workbench may announce a forwarded port meanwhile).
    const ours = page.locator('.notifications-toasts .notification-toast', { hasText: /Kafka|Connecting|BrokerLens/ });
    if ((await ours.count()) !== 0) throw new Error(`a notification was shown for a broker that is down: ${await ours.first().textContent()}`);
    await page.mouse.move(700, 450);
    await shots('explorer-error-row');
  } finally {
    if (before === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, before);
  }
}
