// Publish Message (the quick-input path) in the real extension host against the real RabbitMQ: the
// connection is added with the wizard, the message is typed in, and the result says which queues
// received it (the "confirmed, and no word of where it went"), or that none did.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { BrokerLensApi } from '../../../src/extension/extension.js';
import { brokerEnv, brokerGate } from '../../support/brokers.js';
import { withScriptedUi } from './scriptedUi.js';

const RABBIT_PASSWORD = process.env.BROKERLENS_RABBITMQ_PASSWORD ?? 'brokerlens-secret';

async function api(): Promise<BrokerLensApi> {
  const ext = vscode.extensions.getExtension<BrokerLensApi>('brokerlens.brokerlens');
  assert.ok(ext);
  return ext.activate();
}

/** Runs Publish Message with scripted answers, noting what the value box was prefilled with. */
async function publishCapturing(answers: string[]): Promise<{ messages: string[]; prefilled: string | undefined }> {
  const w = vscode.window as typeof vscode.window & Record<string, unknown>;
  let prefilled: string | undefined;
  const { messages } = await withScriptedUi(answers, async () => {
    const scripted = w.showInputBox as typeof vscode.window.showInputBox;
    w.showInputBox = ((options?: vscode.InputBoxOptions) => {
      if (options?.title === 'Publish Message: value') prefilled = options.value;
      return scripted(options);
    }) as typeof vscode.window.showInputBox;
    try {
      return await vscode.commands.executeCommand('brokerlens.message.publish');
    } finally {
      w.showInputBox = scripted;
    }
  });
  return { messages, prefilled };
}

describe('Publish Message: real RabbitMQ', function () {
  const name = `E2E Publish ${randomUUID().slice(0, 6)}`;
  const exchange = `publish.e2e.${randomUUID().slice(0, 8)}`;
  const billing = `${exchange}.billing`;
  const audit = `${exchange}.audit`;
  before(async function () {
    const gate = await brokerGate('rabbitmq');
    gate.assertRequired();
    if (gate.skip) this.skip();
    await withScriptedUi(
      ['RabbitMQ', name, 'amqp://127.0.0.1:5672/', brokerEnv.rabbitmqMgmtUrl, 'brokerlens', RABBIT_PASSWORD, 'User settings'],
      () => vscode.commands.executeCommand('brokerlens.connection.add'),
    );
    const a = await api();
    const entry = a.connections.list().find((e) => e.config.name === name)!;
    const adapter = (await a.sessions.open(entry.config)).adapters[0]!;
    await adapter.exchanges!.declareExchange({ name: exchange, type: 'topic', durable: false, autoDelete: false });
    for (const [queue, key] of [[billing, 'order.paid'], [audit, 'order.#']] as const) {
      await adapter.createDestination({ kind: 'queue', name: queue, queueType: 'classic', durable: false });
      await adapter.exchanges!.bind({ source: exchange, destination: queue, destinationType: 'queue', routingKey: key });
    }
  });
  after(async () => {
    const a = await api();
    const entry = a.connections.list().find((e) => e.config.name === name);
    const adapter = entry && a.sessions.peek(entry.config.id)?.adapters[0];
    for (const q of [billing, audit]) await adapter?.deleteDestination(q, q).catch(() => undefined);
    await adapter?.exchanges?.deleteExchange(exchange, exchange).catch(() => undefined);
    await withScriptedUi([name, 'Remove'], () => vscode.commands.executeCommand('brokerlens.connection.remove')).catch(() => undefined);
  });

  it('says which queues received a typed message', async () => {
    const { messages } = await withScriptedUi(
      [name, exchange, 'order.paid', 'Type the value', '{"orderId":"o-1"}', 'source=e2e'],
      () => vscode.commands.executeCommand('brokerlens.message.publish'),
    );
    const expected = `info: Published to exchange ${exchange} with routing key "order.paid"; the broker confirmed it and 2 queues received it: ${[audit, billing].sort().join(', ')}.`;
    assert.ok(messages.includes(expected), messages.join('\n'));
    const a = await api();
    const entry = a.connections.list().find((e) => e.config.name === name)!;
    const adapter = a.sessions.peek(entry.config.id)!.adapters[0]!;
    const page = await adapter.browse({ destination: billing, start: { kind: 'earliest' }, limit: 5, acceptRequeue: true });
    assert.equal(new TextDecoder().decode(page.records[0]!.value!), '{"orderId":"o-1"}');
  });

  it('prefills the value with the last message sent there (never a placeholder), and says when nothing received it', async () => {
    const again = await publishCapturing([name, exchange, 'order.paid', 'Type the value', '{"orderId":"o-2"}', '']);
    assert.equal(again.prefilled, '{"orderId":"o-1"}');
    const unroutable = await publishCapturing([name, exchange, 'refund.created', 'Type the value', '{"orderId":"o-3"}', '']);
    assert.equal(unroutable.prefilled, '', 'nothing was sent with this routing key yet: the box is empty');
    assert.ok(unroutable.messages.some((m) => m.startsWith('warning: The broker returned the message as unroutable:')), unroutable.messages.join('\n'));
  });
});
