// UI test against the real Kafka: a group with committed offsets (5 of 20 records per partition,
// consumed by a real kafkajs consumer that then left) on a connection from workspace settings; the
// group's inline "Open Consumer Group" action in the tree opens the panel; the panel shows its lag;
// a reset to Earliest goes through the preview and the confirm; the lag grows to every record.
// Screenshots in each theme. Needs the test broker (npm run brokers:up); without it the test says so
// in one loud line, and fails under REQUIRE_BROKERS=1.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { prepareOrSkip } from '../harness/brokers.mjs';
import { webviewFrame } from '../harness/browser.mjs';
import { expandPath, openExplorer, treeRow, withWorkspaceConnections } from '../harness/workbench.mjs';

const BROKER = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0];

/** A topic with 2 × 20 records and an Empty group that committed 5 per partition. */
async function prepare(log) {
  const kafka = new Kafka({ clientId: 'brokerlens-e2e', brokers: [BROKER], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `brokerlens.e2e.groups.${randomUUID().slice(0, 8)}`;
  const groupId = `brokerlens-e2e-group-${randomUUID().slice(0, 8)}`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 40 }, (_, i) => ({ value: `v${i}`, partition: i % 2, timestamp: String(Date.now() - 300_000 + i * 1000) })) });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let committed = 0;
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const offset = Number(message.offset);
      if (offset < 5) {
        await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
        committed++;
      }
    },
  });
  const deadline = Date.now() + 30_000;
  while (committed < 10) {
    if (Date.now() > deadline) throw new Error('the consumer did not commit 5 records per partition');
    await new Promise((r) => setTimeout(r, 100));
  }
  await consumer.disconnect();
  log(`group ${groupId} on ${topic}: committed 5 of 20 per partition, consumer stopped`);
  return {
    topic,
    groupId,
    cleanup: async () => {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export async function run({ page, shots, log, workspaceDir }) {
  const prepared = await prepareOrSkip(() => prepare(log), log, `consumer group panel UI test: no Kafka at ${BROKER}`);
  if (!prepared) return;
  // A connection from workspace settings (no secrets), as a team would commit it.
  const connection = { kind: 'kafka', id: 'e2e-kafka', name: 'E2E Kafka', brokers: [BROKER] };
  try {
    await withWorkspaceConnections(workspaceDir, [connection], async () => {
      const tree = await openExplorer(page);
      await expandPath(tree, ['E2E Kafka', 'Consumer Groups']);
      const group = treeRow(tree, prepared.groupId);
      await group.waitFor({ timeout: 30_000 });
      log('group row:', (await group.textContent()).trim());
      await group.hover();
      await group.locator('.action-label[aria-label="Open Consumer Group"]').click();

      const view = webviewFrame(page);
      await view.locator('h1', { hasText: `Consumer group ${prepared.groupId}` }).waitFor({ timeout: 30_000 });
      const totalLag = view.locator('dd.total-lag');
      await totalLag.filter({ hasText: /^30$/ }).waitFor({ timeout: 30_000 });
      log('header:', (await view.locator('dl.header').innerText()).replace(/\s+/g, ' '));
      const rows = view.locator('table.partitions tbody tr');
      if ((await rows.count()) !== 2) throw new Error(`expected 2 partition rows, saw ${await rows.count()}`);
      for (let i = 0; i < 2; i++) {
        const cells = (await rows.nth(i).innerText()).replace(/\s+/g, ' ').trim();
        if (!cells.startsWith(`${prepared.topic} ${i} 5 20 15 `)) throw new Error(`partition row ${i}: ${cells}`);
        if (!/ (4|5) min \d+ s$/.test(cells)) throw new Error(`partition row ${i} lag in time: ${cells}`);
      }
      await page.mouse.move(700, 450);
      await shots('group-panel');

      // Reset to Earliest: preview, Apply, confirm; the lag becomes every record.
      await view.locator('select.mode').selectOption('earliest');
      await view.locator('vscode-button.preview-button').click();
      const preview = view.locator('table.preview-table tbody tr');
      await preview.first().waitFor({ timeout: 30_000 });
      const previewRows = (await preview.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      log('preview:', previewRows.join(' | '));
      if (previewRows.join('|') !== '0 5 0 5 0|1 5 0 5 0') throw new Error(`unexpected preview: ${previewRows.join(' | ')}`);
      await shots('group-reset-preview');
      await view.locator('vscode-button.apply').click();
      await view.locator('vscode-button.confirm-apply').click();
      await view.locator('p.applied').waitFor({ timeout: 30_000 });
      await totalLag.filter({ hasText: /^40$/ }).waitFor({ timeout: 30_000 });
      log('lag after the reset:', await totalLag.innerText());
      await view.locator('vscode-button.revert').waitFor({ timeout: 30_000 });
      await page.mouse.move(700, 450);
      await shots('group-after-reset');
    });
  } finally {
    await prepared.cleanup();
  }
}
