// Record Messages… and Replay Recording… on the real brokers in the real extension host: 1,000
// records of a real Kafka topic recorded from the palette, replayed into a real RabbitMQ classic
// queue, and that queue recorded back only after the peek warning was accepted (Cancel records
// nothing). Connections are added through the wizard; names are unique per run.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { BrokerLensApi } from '../../../src/extension/extension.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { withScriptedUi } from './scriptedUi.js';

const RABBIT_PASSWORD = process.env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret';
const COUNT = 1000;

async function api(): Promise<BrokerLensApi> {
  return vscode.extensions.getExtension<BrokerLensApi>('brokerlens.brokerlens')!.activate();
}

describe('Record and replay: real Kafka and RabbitMQ', function () {
  const id = randomUUID().slice(0, 6);
  const kafkaName = `fidrec Kafka ${id}`;
  const rabbitName = `fidrec RabbitMQ ${id}`;
  const topic = `fidrec.e2e.${id}`;
  const queue = `fidrec.e2e.q.${id}`;
  before(async function () {
    const kafka = await brokerGate('kafka');
    const rabbit = await brokerGate('rabbitmq');
    kafka.assertRequired();
    rabbit.assertRequired();
    if (kafka.skip || rabbit.skip) this.skip();
    await withScriptedUi(['Apache Kafka', kafkaName, brokerEnv.kafkaBrokers.join(','), 'No TLS', 'None', 'No schema registry', 'User settings'], () => vscode.commands.executeCommand('brokerlens.connection.add'));
    await withScriptedUi(['RabbitMQ', rabbitName, 'amqp://127.0.0.1:5672/', brokerEnv.rabbitmqMgmtUrl, 'brokerlens', RABBIT_PASSWORD, 'User settings'], () => vscode.commands.executeCommand('brokerlens.connection.add'));
  });
  after(async () => {
    const a = await api();
    for (const [name, dest] of [[kafkaName, topic], [rabbitName, queue]] as const) {
      const entry = a.connections.list().find((e) => e.config.name === name);
      const adapter = entry && a.sessions.peek(entry.config.id)?.adapters[0];
      await adapter?.deleteDestination(dest, dest).catch(() => undefined);
      if (entry) await withScriptedUi([name, 'Remove'], () => vscode.commands.executeCommand('brokerlens.connection.remove')).catch(() => undefined);
    }
  });

  it(`records ${COUNT} records of a real Kafka topic, replays them into RabbitMQ, and records that queue after the peek warning`, async function () {
    this.timeout(120_000);
    const a = await api();
    const kafka = a.connections.list().find((e) => e.config.name === kafkaName)!;
    const rabbit = a.connections.list().find((e) => e.config.name === rabbitName)!;
    const kafkaAdapter = (await a.sessions.open(kafka.config)).adapters[0]!;
    await kafkaAdapter.createDestination({ kind: 'topic', name: topic, partitions: 3, replicationFactor: 1 });
    await kafkaAdapter.publish({ destination: topic }, Array.from({ length: COUNT }, (_, i) => ({ key: `k${i % 13}`, value: `{"n":${i}}` })));

    const name = `fidrec-real-${id}`;
    const recorded = await withScriptedUi([kafkaName, topic, name, String(COUNT * 2), undefined], () => vscode.commands.executeCommand<vscode.Uri>('brokerlens.recording.record'));
    assert.deepEqual(recorded.messages.length, 1);
    assert.match(recorded.messages[0]!, new RegExp(`^info: Recorded ${COUNT} messages of ${topic.replace(/\./g, '\\.')} to \\.brokerlens/recordings/${name}\\.ndjson \\(.* KB\\); it stopped because it reached the end of the destination\\.$`));

    const rabbitAdapter = (await a.sessions.open(rabbit.config)).adapters[0]!;
    await rabbitAdapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: false });
    const replayed = await withScriptedUi([], () => vscode.commands.executeCommand<{ accepted: number; rejected: number }>('brokerlens.recording.replay', recorded.result, { connectionId: rabbit.config.id, destination: queue, ratePerSec: 0 }));
    assert.deepEqual([replayed.result.accepted, replayed.result.rejected], [COUNT, 0]);
    assert.deepEqual(replayed.messages, [`info: Replayed ${name}.ndjson into ${queue} (${rabbitName}): ${COUNT} of ${COUNT} messages accepted, 0 refused.`]);

    // A classic queue: the peek warning first; Cancel records nothing, accepting records every message and leaves them there.
    const cancelled = await withScriptedUi([rabbitName, queue, undefined], () => vscode.commands.executeCommand('brokerlens.recording.record'));
    assert.deepEqual([cancelled.result, cancelled.messages], [undefined, [`warning: Queue ${queue} is not a stream, so recording it is not read-only.`]]);
    const back = await withScriptedUi([rabbitName, queue, 'Record by Peeking', `${name}-back`, String(COUNT), undefined], () => vscode.commands.executeCommand<vscode.Uri>('brokerlens.recording.record'));
    assert.match(back.messages.at(-1)!, new RegExp(`^info: Recorded ${COUNT} messages of ${queue.replace(/\./g, '\\.')} to `));
    const page = await rabbitAdapter.browse({ destination: queue, start: { kind: 'earliest' }, limit: 5, acceptRequeue: true });
    assert.equal(page.records.length, 5, 'the queue keeps its messages');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(back.result));
    const values = text.trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { value: { text: string } }).value.text);
    assert.deepEqual(new Set(values), new Set(Array.from({ length: COUNT }, (_, i) => `{"n":${i}}`)));
  });
});
