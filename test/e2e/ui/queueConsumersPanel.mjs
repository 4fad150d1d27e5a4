// UI test against the real RabbitMQ: a queue with two real consumers (amqplib, manual ack, prefetch 5
// and 3, nothing acked) on a connection from workspace settings; "BrokerLens: Show Queue Consumers"
// from the palette opens the panel; it shows both consumers with their tag, prefetch and ack mode,
// the ready and unacked counts from the management API, and the charts. Screenshots in each theme.
// Needs the test broker (npm run brokers:up); without it the test says so in one loud line, and fails
// under REQUIRE_BROKERS=1.
import { randomUUID } from 'node:crypto';
import amqplib from 'amqplib';
import { prepareOrSkip } from '../harness/brokers.mjs';
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';
import { answer, openExplorer, waitForRow, withWorkspaceConnections } from '../harness/workbench.mjs';

const AMQP = process.env.BROKERLENS_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const MGMT = process.env.BROKERLENS_RABBITMQ_MGMT_URL ?? 'http://127.0.0.1:15672';
const CONNECTION = 'E2E RabbitMQ consumers';

/** A queue with 30 messages and two consumers that take 5 and 3 of them and never ack. */
async function prepare(log) {
  const queue = `polish.e2e.consumers.${randomUUID().slice(0, 8)}`;
  const connection = await amqplib.connect(AMQP);
  const admin = await connection.createConfirmChannel();
  await admin.assertQueue(queue, { durable: false, autoDelete: false });
  for (let i = 0; i < 30; i++) admin.sendToQueue(queue, Buffer.from(`m${i}`));
  await admin.waitForConfirms();
  const consumers = [];
  for (const [tag, prefetch] of [['polish-a', 5], ['polish-b', 3]]) {
    const ch = await connection.createChannel();
    await ch.prefetch(prefetch);
    await ch.consume(queue, () => undefined, { noAck: false, consumerTag: `${tag}-${queue.slice(-8)}` });
    consumers.push(ch);
  }
  log(`queue ${queue}: 30 messages, consumers with prefetch 5 and 3, nothing acked`);
  return {
    queue,
    cleanup: async () => {
      for (const ch of consumers) await ch.close().catch(() => undefined);
      await admin.deleteQueue(queue).catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

export async function run({ page, shots, log, workspaceDir }) {
  const prepared = await prepareOrSkip(() => prepare(log), log, `queue consumers UI test: no RabbitMQ at ${AMQP.replace(/\/\/[^@]*@/, '//')}`);
  if (!prepared) return;
  // guest (RabbitMQ's loopback-only default user) needs no stored password.
  const connection = { kind: 'rabbitmq', id: 'e2e-rabbit-consumers', name: CONNECTION, amqpUrl: 'amqp://127.0.0.1:5672/', managementUrl: MGMT, username: 'guest' };
  try {
    await withWorkspaceConnections(workspaceDir, [connection], async () => {
      await waitForRow(await openExplorer(page), CONNECTION);

      await runCommandFromPalette(page, 'BrokerLens: Show Queue Consumers');
      await answer(page, CONNECTION, CONNECTION);
      await answer(page, prepared.queue, prepared.queue);
      const view = webviewFrame(page);
      await view.locator('h1', { hasText: `Consumers of queue ${prepared.queue}` }).waitFor({ timeout: 30_000 });
      // The management API's counts follow its stats interval (5 s): poll through the panel's own refresh.
      await view.locator('dd.consumer-count', { hasText: /^2$/ }).waitFor({ timeout: 60_000 });
      await view.locator('dd.unacked', { hasText: /^8$/ }).waitFor({ timeout: 60_000 });
      await view.locator('dd.ready', { hasText: /^22$/ }).waitFor({ timeout: 60_000 });
      const header = (await view.locator('dl.header').innerText()).replace(/\s+/g, ' ');
      log('queue header:', header);
      if (!/Type classic/.test(header) || !/Single active consumer no/.test(header)) throw new Error(`unexpected queue header: ${header}`);
      const rows = (await view.locator('table.consumers tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).sort();
      log('consumers:', rows.join(' | '));
      if (rows.length !== 2) throw new Error(`expected 2 consumer rows, saw ${rows.length}`);
      const suffix = prepared.queue.slice(-8);
      const expect = [new RegExp(`^polish-a-${suffix} .+ 5 manual ack up$`), new RegExp(`^polish-b-${suffix} .+ 3 manual ack up$`)];
      rows.forEach((r, i) => {
        if (!expect[i].test(r)) throw new Error(`consumer row ${i}: ${r}`);
      });
      await view.locator('brokerlens-chart.depth-chart canvas').waitFor({ timeout: 15_000 });
      await page.mouse.move(700, 850);
      await shots('queue-consumers-real');
    });
  } finally {
    await prepared.cleanup();
  }
}
