// UI test against the real RabbitMQ and Kafka: two connections from workspace settings marked
// allowScratchRuns; the Compare panel on the preset "A consumer crashes before ack / commit"; its
// "Run on Real Brokers…" button, a RabbitMQ and a Kafka connection picked in the quick picks; the
// comparison read when the run is done (the simulator's prediction beside what each real broker did,
// and both brokers' throughput); and nothing of the run left on either broker. Screenshots in each
// theme. Needs the test brokers (npm run brokers:up): without them it says so in one loud line, and
// fails under REQUIRE_BROKERS=1.
import { Kafka, logLevel } from 'kafkajs';
import { runCommandFromPalette, webviewFrame } from '../harness/browser.mjs';
import { waitForTab, withWorkspaceConnections } from '../harness/workbench.mjs';

const BROKER = (process.env.BROKERLENS_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0];
const MGMT = process.env.BROKERLENS_RABBITMQ_MGMT_URL ?? 'http://127.0.0.1:15672';
const PRESET = 'A consumer crashes before ack / commit';

async function brokersUp() {
  const admin = new Kafka({ clientId: 'brokerlens-e2e', brokers: [BROKER], logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();
  await admin.connect();
  await admin.disconnect();
  const res = await fetch(`${MGMT}/api/overview`, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
  if (!res.ok) throw new Error(`RabbitMQ management API: HTTP ${res.status}`);
}

/** Names on both brokers that start with `prefix`. */
async function leftOn(prefix) {
  const auth = { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` };
  const queues = await (await fetch(`${MGMT}/api/queues`, { headers: auth })).json();
  const exchanges = await (await fetch(`${MGMT}/api/exchanges`, { headers: auth })).json();
  const admin = new Kafka({ clientId: 'brokerlens-e2e', brokers: [BROKER], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = await admin.listTopics();
  await admin.disconnect();
  return [...queues.map((q) => q.name), ...exchanges.map((x) => x.name), ...topics].filter((n) => n.startsWith(prefix));
}

async function pick(page, label) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

export async function run({ page, shots, log, workspaceDir }) {
  try {
    await brokersUp();
  } catch (error) {
    if (process.env.REQUIRE_BROKERS === '1') throw error;
    log(`SKIPPED Run on Real Brokers UI test: the test brokers are not reachable (${error.message}); run npm run brokers:up`);
    return;
  }
  const connections = [
    { kind: 'rabbitmq', id: 'e2e-scratch-rabbit', name: 'Scratch RabbitMQ', amqpUrl: 'amqp://127.0.0.1:5672/', managementUrl: MGMT, allowScratchRuns: true },
    { kind: 'kafka', id: 'e2e-scratch-kafka', name: 'Scratch Kafka', brokers: [BROKER], allowScratchRuns: true },
  ];
  await withWorkspaceConnections(workspaceDir, connections, async () => {
    await page.locator('.activitybar [aria-label^="BrokerLens"]').first().waitFor({ timeout: 60_000 });
    await runCommandFromPalette(page, 'BrokerLens: Compare Queue and Log');
    await pick(page, PRESET);
    await waitForTab(page, 'BrokerLens Compare');
    const frame = webviewFrame(page);
    await frame.locator('tr[data-row="crash"]').first().waitFor({ timeout: 30_000 });

    await frame.locator('vscode-button.run-real').click();
    await pick(page, 'Scratch RabbitMQ');
    await pick(page, 'Scratch Kafka');
    await frame.locator('.real-progress').waitFor({ timeout: 30_000 });
    log('progress:', (await frame.locator('.real-progress').innerText()).trim());
    await frame.locator('table.real tbody tr').first().waitFor({ timeout: 120_000 });

    const observed = async (row, model) => (await frame.locator(`table.real tr[data-row="${row}"] td[data-model="${model}"][data-side="observed"]`).innerText()).trim();
    const predicted = async (row, model) => (await frame.locator(`table.real tr[data-row="${row}"] td[data-model="${model}"][data-side="predicted"]`).innerText()).trim();
    const rabbitLeft = await observed('afterConsumption', 'rabbitmq');
    const kafkaLeft = await observed('afterConsumption', 'kafka');
    log('observed after consumption:', rabbitLeft, '|', kafkaLeft);
    if (!rabbitLeft.startsWith('0 of 100 stored copies left; 100 handled')) throw new Error(`RabbitMQ observed: ${rabbitLeft}`);
    if (!kafkaLeft.startsWith('100 of 100 stored copies left; 100 handled')) throw new Error(`Kafka observed: ${kafkaLeft}`);
    if ((await predicted('afterConsumption', 'rabbitmq')) !== '0 of 100 stored copies left; 100 handled') throw new Error('the prediction is not beside the observation');
    log('crash row:', await predicted('crash', 'kafka'), '=>', await observed('crash', 'kafka'));
    log('summary:', (await frame.locator('.real-run .summary').innerText()).trim());
    const tp = (await frame.locator('table.throughput tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log('throughput:', tp.join(' | '));
    if (tp.length !== 2 || !tp[0].startsWith('RabbitMQ (Scratch RabbitMQ) 2,000 ') || !tp[1].startsWith('Kafka (Scratch Kafka) 2,000 ')) throw new Error(`throughput rows: ${tp.join(' | ')}`);
    for (const t of tp) if (/ 0( |$)/.test(t.replace(/^\S+ \([^)]*\) 2,000/, ''))) throw new Error(`a zero rate: ${t}`);
    await frame.locator('.real-run').scrollIntoViewIfNeeded();
    await page.mouse.move(700, 450);
    await shots('compare-real-run');

    const runId = (await frame.locator('.run-id').innerText()).replace(/^run /, '').trim();
    const left = await leftOn(`brokerlens.scratch.${runId}.`);
    if (left.length) throw new Error(`run ${runId} left ${left.join(', ')}`);
    log(`run ${runId}: nothing left on either broker`);
  });
}
