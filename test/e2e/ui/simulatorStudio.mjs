// UI test in the real workbench: open the Simulator, pick a preset in the studio, step it, set a
// breakpoint on a rebalance, run to it and read the paused reason; hide the panel and show it again
// (the page is rebuilt) and reload the window (the serializer and workspace storage bring the
// studio back at the same simulated time).
import { reloadWindow, runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';

const SIMULATOR_TITLE = 'BrokerLens Simulator';
const PRESET = 'A consumer crashes before ack / commit';

async function clock(frame) {
  return (await frame.locator('.status .clock').innerText()).trim();
}

async function reason(frame) {
  return (await frame.locator('.status .paused-reason').innerText()).trim();
}

/** Waits until the paused reason matches `pattern` (the host answers asynchronously). */
async function waitForReason(frame, pattern, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await reason(frame).catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the paused reason stayed "${text}", expected ${pattern}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function run({ page, shots, log }) {
  await page.locator('.activitybar [aria-label^="BrokerLens"]').first().waitFor({ timeout: 60_000 });
  await runCommandFromPalette(page, 'BrokerLens: Open Simulator');
  await page.locator('.tabs-container .tab', { hasText: SIMULATOR_TITLE }).first().waitFor({ timeout: 30_000 });
  let frame = webviewFrame(page);
  await frame.locator('brokerlens-diagram g.node').first().waitFor({ timeout: 30_000 });

  // The preset, chosen in the studio's scenario list.
  const scenario = frame.locator('select[name="scenario"]');
  await scenario.selectOption({ label: PRESET });
  await frame.locator('brokerlens-diagram g.node[data-node="q:payments"]').waitFor({ timeout: 15_000 });
  log('studio loaded:', PRESET);

  // Step: one scheduler entry with its events, and the paused reason says so.
  for (let i = 0; i < 3; i++) await frame.locator('vscode-button.step').click();
  const stepped = await waitForReason(frame, /^Paused after one step \(\d+ events\)\.$/);
  log('after three steps:', await clock(frame), stepped);

  // A breakpoint on a rebalance, then Run: the Kafka group's first rebalance stops it.
  await frame.locator('select[name="bp-kind"]').selectOption('rebalance');
  await frame.locator('button.add', { hasText: 'Add breakpoint' }).click();
  await frame.locator('.breakpoints li', { hasText: 'Pause when a consumer group rebalances' }).waitFor({ timeout: 10_000 });
  await frame.locator('select[name="speed"]').selectOption('10');
  await frame.locator('vscode-button.run').click();
  const paused = await waitForReason(frame, /^Paused at \d+\.\d{3} s on Kafka model: consumer group payments-worker rebalanced \(generation 1\)\.$/);
  const at = await clock(frame);
  log('breakpoint:', paused);
  await frame.locator('button.tab', { hasText: 'Kafka model' }).click();
  await frame.locator('brokerlens-diagram g.node[data-node="m:worker#0"]').waitFor({ timeout: 10_000 });
  await page.mouse.move(700, 850);
  await shots('studio-breakpoint');

  // Hidden and shown again: the page is rebuilt and gets the same studio back.
  await runCommandFromPalette(page, 'File: New Untitled Text File');
  await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor({ timeout: 15_000 });
  await page.locator('.tabs-container .tab', { hasText: SIMULATOR_TITLE }).first().click();
  frame = webviewFrame(page);
  await frame.locator('.status .clock', { hasText: at }).waitFor({ timeout: 30_000 });
  await frame.locator('.breakpoints li', { hasText: 'Pause when a consumer group rebalances' }).waitFor({ timeout: 10_000 });
  log('shown again at', await clock(frame));

  // A window reload: VS Code restores the panel (WebviewPanelSerializer) and the studio comes back
  // from workspace storage, replayed to the same simulated time.
  await reloadWindow(page, 'mainThreadWebview-brokerlens.simulator');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.tabs-container .tab', { hasText: SIMULATOR_TITLE }).first().waitFor({ timeout: 60_000 });
  await page.locator('.tabs-container .tab', { hasText: SIMULATOR_TITLE }).first().click();
  frame = webviewFrame(page);
  await frame.locator('.status .clock', { hasText: at }).waitFor({ timeout: 60_000 });
  await frame.locator('select[name="scenario"] option:checked', { hasText: PRESET }).waitFor({ state: 'attached', timeout: 10_000 });
  log('after a window reload, restored at', await clock(frame));
  await shots('studio-restored');
}
