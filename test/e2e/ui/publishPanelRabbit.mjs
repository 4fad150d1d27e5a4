// UI test in the real workbench against the real RabbitMQ. The connection is added the way a user adds
// it: BrokerLens: Add Connection from the palette, every wizard prompt answered in VS Code's own quick
// input, the password typed into its password box, so the extension stores it in SecretStorage itself
// (never in settings; this file never logs it). Then: Open Publish Panel on an exchange, the route
// preview names the bound queue, Send, Send ×N with exact counts (checked against the broker's own
// queue count); then a dead-lettered message is retried to its original queue from Browse and found
// there in Browse. Skipped with one loud line when RabbitMQ is down (failed under REQUIRE_BROKERS=1).
import { createRequire } from 'node:module';
import { brokerEnv, reachable } from '../harness/brokers.mjs';
import { runCommandFromPalette } from '../harness/browser.mjs';
import { openExplorer, openFromPalette, pick, setField as type, waitForRow } from '../harness/workbench.mjs';

const require = createRequire(import.meta.url);

/**
 * Runs Add Connection through the real quick input, answering each prompt by its title (so a step
 * added to the wizard later is answered with its default instead of breaking the test).
 */
async function addConnection(page, log, answers) {
  await runCommandFromPalette(page, 'BrokerLens: Add Connection');
  const widget = page.locator('.quick-input-widget');
  let lastTitle = '';
  let saved = false;
  let closedSince;
  for (let step = 0; step < 400; step++) {
    // Wait for the next prompt (its title changes), or for the wizard to close after saving.
    const next = await page
      .waitForFunction(
        (previous) => {
          const w = globalThis.document.querySelector('.quick-input-widget');
          if (!w || w.style.display === 'none' || !w.checkVisibility?.()) return 'closed';
          const title = w.querySelector('.quick-input-title')?.textContent ?? '';
          const input = w.querySelector('.quick-input-box input');
          const prompt = w.querySelector('.quick-input-message')?.textContent ?? '';
          const key = `${title}|${input?.getAttribute('type')}|${prompt}`;
          return key !== previous ? key : false;
        },
        lastTitle,
        { timeout: 30_000, polling: 100 },
      )
      .then((h) => h.jsonValue());
    if (next === 'closed') {
      // Between two prompts the widget closes for a moment: done only after the last one, or when it stays closed.
      // (Before the first prompt, the command may still be activating the extension: wait for it.)
      closedSince ??= Date.now();
      if (saved || (lastTitle !== '' && Date.now() - closedSince > 10_000)) return;
      if (Date.now() - closedSince > 60_000) throw new Error('Add Connection showed no prompt within 60 s');
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    closedSince = undefined;
    lastTitle = next;
    const [title, inputType] = next.split('|');
    const input = widget.locator('.quick-input-box input');
    const listed = await widget.locator('.quick-input-list .monaco-list-row').count();
    const answer = answers(title, inputType === 'password', next);
    if (/Save the connection in/.test(title)) saved = true;
    log(`wizard: ${title}${inputType === 'password' ? ' (password, typed, not logged)' : answer === undefined ? ' (default)' : ` → ${answer}`}`);
    if (answer === undefined) {
      await page.keyboard.press('Enter');
    } else if (listed > 0 && inputType !== 'password' && !/name|address|API|credentials/i.test(title)) {
      await pick(page, answer);
    } else {
      await input.fill(answer);
      await page.keyboard.press('Enter');
    }
  }
  throw new Error('Add Connection did not finish');
}

/** Browse Messages on a queue from the palette, past the notice that reading a queue takes its messages. */
async function browseQueue(page, connectionName, queue) {
  const view = await openFromPalette(page, 'BrokerLens: Browse Messages', [connectionName, queue], `Messages: ${queue}`);
  await view.locator('vscode-button.peek-anyway').click({ timeout: 30_000 });
  return view;
}

async function waitUntil(what, check, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

export async function run({ page, shots, log, theme }) {
  const env = brokerEnv();
  const amqpUrl = env.BROKERLENS_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const { hostname, port } = new URL(amqpUrl);
  if (!(await reachable(hostname, Number(port || 5672)))) {
    const why = `RabbitMQ unreachable at ${hostname}:${port || 5672}`;
    if (process.env.REQUIRE_BROKERS === '1') throw new Error(`${why}; REQUIRE_BROKERS=1 forbids skipping`);
    console.log(`!!! PUBLISH PANEL RABBITMQ E2E SKIPPED: ${why}. Run \`npm run brokers:up\`.`);
    return;
  }
  const user = env.BROKERLENS_RABBITMQ_USER ?? 'brokerlens';
  const password = env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret';
  const mgmtUrl = env.BROKERLENS_RABBITMQ_MGMT_URL ?? 'http://127.0.0.1:15672';

  // The fixture, through the real client (amqplib): a topic exchange with one queue bound to
  // order.paid, and a work queue that dead-letters into a DLQ through the default exchange.
  const amqp = require('amqplib');
  const base = `publish2.e2e.${theme}.${Date.now()}`;
  const exchange = `${base}.x`;
  const paid = `${base}.paid`;
  const work = `${base}.work`;
  const dlq = `${base}.dlq`;
  const marker = `dead-${theme}-${Date.now()}`;
  const conn = await amqp.connect(amqpUrl);
  const ch = await conn.createConfirmChannel();
  try {
    await ch.assertExchange(exchange, 'topic', { durable: false });
    await ch.assertQueue(paid, { durable: false });
    await ch.bindQueue(paid, exchange, 'order.paid');
    await ch.assertQueue(dlq, { durable: false });
    await ch.assertQueue(work, { durable: false, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq } });
    ch.sendToQueue(work, Buffer.from(JSON.stringify({ marker })), { contentType: 'application/json' });
    await ch.waitForConfirms();
    // A consumer refuses it (requeue false): RabbitMQ dead-letters it into the DLQ with x-death naming `work`.
    await waitUntil('the message to reach the work queue', async () => (await ch.checkQueue(work)).messageCount === 1);
    const got = await ch.get(work, { noAck: false });
    if (!got) throw new Error('the work queue was empty');
    ch.nack(got, false, false);
    await waitUntil('the message to be dead-lettered', async () => (await ch.checkQueue(dlq)).messageCount === 1);

    // The connection, added through the wizard in the real UI.
    const connectionName = `Publish2 e2e RabbitMQ ${theme}`;
    const tree = await openExplorer(page);
    await addConnection(page, log, (title, isPassword) => {
      if (isPassword) return password;
      if (/broker\)?$|: broker/i.test(title)) return 'RabbitMQ';
      if (/: name$/.test(title)) return connectionName;
      if (/AMQP address/.test(title)) return 'amqp://127.0.0.1:5672/';
      if (/management API/.test(title)) return mgmtUrl;
      if (/credentials/.test(title)) return user;
      if (/Save the connection in/.test(title)) return 'User settings';
      return undefined;
    });
    await waitForRow(tree, connectionName);
    log('connection added through the wizard; password in SecretStorage');

    // Publish panel on the exchange.
    const panel = await openFromPalette(page, 'BrokerLens: Open Publish Panel', [connectionName, exchange], `Publish: ${exchange}`);
    await panel.locator('h1', { hasText: 'Publish' }).waitFor({ timeout: 30_000 });
    await type(panel.locator('vscode-textfield.routing-key'), 'order.paid');
    await type(panel.locator('vscode-textarea.payload'), `{"orderId":"o-{{seq}}","theme":"${theme}"}`);
    const route = panel.locator('.route', { hasText: '1 queue receives it:' });
    await route.waitFor({ timeout: 30_000 });
    const routeText = (await route.innerText()).trim();
    if (!routeText.includes(paid)) throw new Error(`the route preview does not name ${paid}: ${routeText}`);
    log('route preview:', routeText.replace(/\s+/g, ' '));
    await shots('publish-rabbit-route');

    await panel.locator('vscode-button.send-one:not([disabled])').click();
    const sentence = panel.locator('.result .sentence');
    await sentence.waitFor({ timeout: 30_000 });
    const text = (await sentence.innerText()).trim();
    const expected = `Published to exchange ${exchange} with routing key "order.paid"; the broker confirmed it and queue ${paid} received it.`;
    if (text !== expected) throw new Error(`unexpected result: ${text}`);
    log('sent:', text);
    await waitUntil('the queue to hold the message', async () => (await ch.checkQueue(paid)).messageCount === 1);
    await shots('publish-rabbit-sent');

    // Send ×N: exact counts in the panel, and exactly that many more in the queue.
    const count = 500;
    await type(panel.locator('vscode-textfield.count'), String(count));
    await panel.locator('vscode-button.send-many:not([disabled])').click();
    const tally = panel.locator('.result .tally');
    await tally.waitFor({ timeout: 60_000 });
    const cell = async (c) => (await panel.locator(`.result .tally .${c}`).innerText()).trim();
    const counts = { confirmed: await cell('t-confirmed'), returned: await cell('t-returned'), nacked: await cell('t-nacked'), failed: await cell('t-failed'), notSent: await cell('t-notsent') };
    if (JSON.stringify(counts) !== JSON.stringify({ confirmed: String(count), returned: '0', nacked: '0', failed: '0', notSent: '0' })) throw new Error(`Send ×${count} tally: ${JSON.stringify(counts)}`);
    await waitUntil(`the queue to hold ${count + 1} messages`, async () => (await ch.checkQueue(paid)).messageCount === count + 1 || (await ch.checkQueue(paid)).messageCount);
    log(`Send ×${count}: ${JSON.stringify(counts)}; the broker counts ${count + 1} in ${paid}`);
    await shots('publish-rabbit-send-many');

    // Browse the DLQ, retry the dead-lettered message to its original queue.
    const dead = await browseQueue(page, connectionName, dlq);
    const deadRow = dead.locator('.row.record', { hasText: marker });
    await deadRow.first().waitFor({ timeout: 30_000 });
    await deadRow.first().click();
    await dead.locator('vscode-button.retry').waitFor({ timeout: 30_000 });
    await shots('browse-dead-letter');
    await dead.locator('vscode-button.retry').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
    if (!question.includes(`Move the dead-lettered message from ${dlq} back to the queue it died in`)) throw new Error(`unexpected question: ${question}`);
    log('confirm:', question);
    await dialog.locator('.monaco-button', { hasText: 'Move 1' }).click();
    await waitUntil('the message to leave the DLQ for the work queue', async () => {
      const [w, d] = [(await ch.checkQueue(work)).messageCount, (await ch.checkQueue(dlq)).messageCount];
      return (w === 1 && d === 0) || { work: w, dlq: d };
    });
    const toast = page.locator('.notifications-toasts', { hasText: 'moved back to' });
    await toast.first().waitFor({ timeout: 30_000 });
    log('retry:', (await toast.first().innerText()).trim().split('\n')[0]);

    // Found back in the original queue, in Browse.
    const back = await browseQueue(page, connectionName, work);
    await back.locator('.row.record', { hasText: marker }).first().waitFor({ timeout: 30_000 });
    log('the retried message is back in', work);
    await shots('browse-retried-in-original-queue');
  } finally {
    for (const q of [paid, work, dlq]) await ch.deleteQueue(q).catch(() => undefined);
    await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close().catch(() => undefined);
  }
}
