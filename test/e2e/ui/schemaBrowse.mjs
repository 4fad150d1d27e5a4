// UI test: Browse decodes schema-framed records in the real workbench. A Kafka connection with a
// schema registry comes from workspace settings (as a team would commit it); the records are Avro,
// framed as Confluent's serializers write them, produced to the real Kafka with the schema in the real
// registry. The list shows decoded previews with the schema id, the detail pane the decoded JSON with
// the schema named, and a record whose schema id is unknown says why beside its bytes.
import { randomUUID } from 'node:crypto';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import { registerSchema, registryUp } from '../harness/brokers.mjs';
import { webviewFrame } from '../harness/browser.mjs';
import { expandPath, openExplorer, treeRow, waitForTab, withWorkspaceConnections } from '../harness/workbench.mjs';

const BROKERS = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REGISTRY = process.env.BROKERLENS_SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';

/** Confluent framing: magic byte 0, the schema id big-endian, the Avro binary. */
function frame(id, body) {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, body]);
}

export async function run({ page, shots, log, theme, workspaceDir }) {
  if (!(await registryUp(REGISTRY))) {
    if (process.env.REQUIRE_BROKERS === '1') throw new Error(`the schema registry at ${REGISTRY} is not up; REQUIRE_BROKERS=1 forbids skipping`);
    log(`!!! SCHEMA UI TEST SKIPPED: no schema registry at ${REGISTRY}. Run \`npm run brokers:up\`.`);
    return;
  }
  const run = `${theme}.${randomUUID().slice(0, 8)}`;
  const topic = `schema.e2e.ui.${run}`;
  const subject = `${topic}-value`;
  const schema = {
    type: 'record',
    name: 'Reading',
    namespace: `e2e.r${run.replace(/[^a-z0-9]/g, '')}`,
    fields: [
      { name: 'sensor', type: 'string' },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'celsius', type: 'double' },
    ],
  };
  const id = await registerSchema(REGISTRY, subject, schema);
  const type = avro.Type.forSchema(schema);
  const at = Date.UTC(2026, 11, 5, 6, 0, 0);
  const kafka = new Kafka({ clientId: 'e2e-schema-ui', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      ...['north', 'south', 'east'].map((sensor, i) => ({ key: sensor, value: frame(id, type.toBuffer({ sensor, at: at + i * 60_000, celsius: 20.5 + i })) })),
      { key: 'lost', value: frame(0x7ffffff0, Buffer.from([2, 0x41])) },
    ],
  });
  await producer.disconnect();
  log(`topic ${topic}: 3 records with schema id ${id}, 1 with an unknown id`);

  // The connection, from workspace settings, as a team would commit it.
  const name = `Schema UI ${theme}`;
  const connection = { kind: 'kafka', id: `e2e-schema-ui-${theme}`, name, brokers: BROKERS, schemaRegistry: { url: REGISTRY } };
  try {
    await withWorkspaceConnections(workspaceDir, [connection], async () => {
      const tree = await openExplorer(page);
      await expandPath(tree, [name, 'Schema Registry', subject], { log });
      await treeRow(tree, 'v1').waitFor({ timeout: 15_000 });
      await expandPath(tree, ['Topics'], { log });
      const topicRow = treeRow(tree, topic);
      await topicRow.waitFor({ timeout: 15_000 });
      await shots('schema-tree');
      await topicRow.hover();
      await topicRow.locator('.action-label[aria-label="Browse Messages"]').click();
      await waitForTab(page, `Messages: ${topic}`);

      const view = webviewFrame(page);
      const rows = view.locator('.row.record');
      await rows.nth(3).waitFor({ timeout: 30_000 });
      const north = view.locator('.row.record', { hasText: '"sensor":"north"' }).first();
      await north.waitFor({ timeout: 15_000 });
      const cell = (await north.innerText()).replace(/\s+/g, ' ');
      if (!cell.includes(`schema ${id}`) || !cell.includes('{"sensor":"north","at":"2026-12-05T06:00:00.000Z","celsius":20.5}')) {
        throw new Error(`the north row does not show the decoded value with its schema id: ${cell}`);
      }
      await north.click();
      const decoded = view.locator('vscode-tab-panel:not([hidden]) pre.value');
      await decoded.filter({ hasText: '"celsius": 20.5' }).first().waitFor({ timeout: 15_000 });
      const line = (await view.locator('.schema-line').first().innerText()).trim();
      if (line !== `Avro · schema id ${id} · ${subject} v1 · ${schema.namespace}.Reading`) throw new Error(`unexpected schema line: ${line}`);
      log('decoded:', line);
      await page.mouse.move(700, 850);
      await shots('schema-browse-decoded');

      await view.locator('.row.record', { hasText: 'not decoded' }).first().click();
      const reason = view.locator('.schema-error');
      await reason.waitFor({ timeout: 15_000 });
      const text = (await reason.innerText()).trim();
      if (!/^Not decoded: Schema id 2147483632 is not in the schema registry at /.test(text)) throw new Error(`unexpected reason: ${text}`);
      await view.locator('vscode-tab-panel:not([hidden]) pre.value', { hasText: '00 7f ff ff f0 02 41' }).waitFor({ timeout: 15_000 });
      log('undecodable:', text);
      await shots('schema-browse-failed');
    });
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
