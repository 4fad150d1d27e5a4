// UI test: the Publish panel encodes with a schema in the real workbench. A Kafka connection with the
// real schema registry (workspace settings); Open Publish Panel from the palette; payload mode
// "Schema (registry)" picks the topic's own <topic>-value subject and its latest version; a value that
// does not fit is said at the field (the "total" field named) with Send off; a value that fits is sent
// to the real Kafka in the Confluent wire format, and Browse (through the result link) shows it decoded
// with the schema id. Skipped with one loud line when Kafka or the registry is down (failed under
// REQUIRE_BROKERS=1).
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { registerSchema, registryUp } from '../harness/brokers.mjs';
import { activeWebview, openExplorer, openFromPalette, setField as set, waitForRow, waitForTab, withWorkspaceConnections } from '../harness/workbench.mjs';

const BROKERS = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REGISTRY = process.env.BROKERLENS_SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';

export async function run({ page, shots, log, theme, workspaceDir }) {
  if (!(await registryUp(REGISTRY))) {
    if (process.env.REQUIRE_BROKERS === '1') throw new Error(`the schema registry at ${REGISTRY} is not up; REQUIRE_BROKERS=1 forbids skipping`);
    log(`!!! PUBLISH SCHEMA UI TEST SKIPPED: no schema registry at ${REGISTRY}. Run \`npm run brokers:up\`.`);
    return;
  }
  const run = `${theme}.${randomUUID().slice(0, 8)}`;
  const topic = `schema2.e2e.orders.${run}`;
  const subject = `${topic}-value`;
  const schema = {
    type: 'record',
    name: 'Order',
    namespace: `e2e.o${run.replace(/[^a-z0-9]/g, '')}`,
    fields: [
      { name: 'id', type: 'string' },
      { name: 'total', type: 'int' },
      { name: 'placed', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ],
  };
  const id = await registerSchema(REGISTRY, subject, schema);
  const admin = new Kafka({ clientId: 'e2e-publish-schema', brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  log(`topic ${topic}, subject ${subject} (schema id ${id})`);

  const name = `Publish Schema ${theme}`;
  const connection = { kind: 'kafka', id: `e2e-publish-schema-${theme}`, name, brokers: BROKERS, schemaRegistry: { url: REGISTRY } };
  try {
    await withWorkspaceConnections(workspaceDir, [connection], async () => {
      const tree = await openExplorer(page);
      // The first start of a code-server is slow to read workspace settings: the wait is generous.
      await waitForRow(tree, name, { timeout: 60_000 });
      const panel = await openFromPalette(page, 'BrokerLens: Open Publish Panel', [name, topic], `Publish: ${topic}`);
      await panel.locator('h1', { hasText: 'Publish' }).waitFor({ timeout: 30_000 });

      // Schema (registry): the topic's own subject is chosen, at its latest version.
      await panel.locator('vscode-single-select.payload-mode vscode-option[value="schema"]').waitFor({ state: 'attached', timeout: 30_000 });
      await set(panel.locator('vscode-single-select.payload-mode'), 'schema', 'change');
      const summary = panel.locator('.schema-value .schema-summary');
      await summary.filter({ hasText: `schema id ${id}` }).waitFor({ timeout: 30_000 });
      const said = (await summary.innerText()).trim();
      if (said !== `Avro · ${schema.namespace}.Order · v1 · schema id ${id}`) throw new Error(`unexpected schema summary: ${said}`);
      log('schema chosen:', said);

      // A value that does not fit: the field is named under the payload, and Send stays off.
      await set(panel.locator('vscode-textarea.payload'), '{"id": "o-1", "total": "twelve", "placed": "2026-12-05T06:00:00.000Z"}');
      const problem = panel.locator('.problem[data-field="payload"]');
      await problem.filter({ hasText: 'field "total"' }).waitFor({ timeout: 30_000 });
      log('problem:', (await problem.innerText()).trim());
      if ((await panel.locator('vscode-button.send-one').getAttribute('disabled')) === null) throw new Error('Send is enabled while the value does not fit');
      await shots('publish-schema-invalid');

      // A value that fits: sent, framed with the schema id.
      await set(panel.locator('vscode-textarea.payload'), `{"id": "o-${theme}", "total": 42, "placed": "2026-12-05T06:00:00.000Z"}`);
      await panel.locator('vscode-button.send-one:not([disabled])').click();
      const sentence = panel.locator('.result .sentence');
      await sentence.waitFor({ timeout: 30_000 });
      const text = (await sentence.innerText()).trim();
      log('result:', text);
      if (!new RegExp(`^Published to topic ${topic.replace(/\./g, '\\.')}: partition 0, offset 0\\.$`).test(text)) throw new Error(`unexpected result: ${text}`);
      await shots('publish-schema-sent');

      // Browse at the record shows it decoded, with the schema id.
      await panel.locator('a.open-browse').click();
      await waitForTab(page, `Messages: ${topic}`);
      const browse = activeWebview(page);
      const row = browse.locator('.row.record', { hasText: `"id":"o-${theme}"` }).first();
      await row.waitFor({ timeout: 30_000 });
      const cell = (await row.innerText()).replace(/\s+/g, ' ');
      if (!cell.includes(`schema ${id}`) || !cell.includes(`{"id":"o-${theme}","total":42,"placed":"2026-12-05T06:00:00.000Z"}`)) {
        throw new Error(`the record is not shown decoded with its schema id: ${cell}`);
      }
      log('browse shows it decoded:', cell);
      await shots('publish-schema-browse');
    });
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
