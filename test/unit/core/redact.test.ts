/**
 * The one redaction helper (core/util/redact.ts) and every adapter error path fed URLs and
 * credentials with a secret in them: no sentence and no log detail may carry the secret (issue 14,
 * defects 1, 2 and 6).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { RabbitMqAdapter } from '../../../src/extension/core/adapters/rabbitmq/rabbitMqAdapter.js';
import { ManagementClient } from '../../../src/extension/core/adapters/rabbitmq/managementClient.js';
import type { BrokerAdapter } from '../../../src/extension/core/model/adapter.js';
import { BrokerError, isBrokerError } from '../../../src/extension/core/model/errors.js';
import { escapeControl, logValue, redactSecrets, safeLogText } from '../../../src/extension/core/util/redact.js';
import { validate } from '../../../src/extension/protocol/ipc.js';

const SECRET = 'Hunter2-s3cr3t';

describe('redactSecrets', () => {
  it('removes user:password@ from URLs of any scheme and keeps the rest', () => {
    assert.equal(redactSecrets(`fetch http://admin:${SECRET}@127.0.0.1:15672/api/queues failed`), 'fetch http://admin:***@127.0.0.1:15672/api/queues failed');
    assert.equal(redactSecrets(`amqps://u:${SECRET}@h/v and amqp://x:y@z`), 'amqps://u:***@h/v and amqp://x:***@z');
    assert.equal(redactSecrets('amqp://user@host:5672/'), 'amqp://user@host:5672/');
    assert.equal(redactSecrets(`"amqp://u:${encodeURIComponent('p@ss/w0rd')}@h"`), '"amqp://u:***@h"');
  });

  it('removes password=, "password": values and Basic auth', () => {
    assert.ok(!redactSecrets(`{"username":"u","password":"${SECRET}"}`).includes(SECRET));
    assert.ok(!redactSecrets(`sasl password=${SECRET}; next`).includes(SECRET));
    assert.ok(!redactSecrets(`authorization: Basic ${Buffer.from(`u:${SECRET}`).toString('base64')}`).includes('base64'));
    assert.ok(!redactSecrets(`authorization: Basic ${Buffer.from(`u:${SECRET}`).toString('base64')}`).includes(Buffer.from(`u:${SECRET}`).toString('base64')));
  });

  it('BrokerError redacts its sentence and its detail', () => {
    const e = new BrokerError('unreachable', `Connecting failed: http://a:${SECRET}@h refused. Retry.`, { cause: new Error(`connect to amqp://a:${SECRET}@h`) });
    assert.ok(!e.message.includes(SECRET) && !e.detail.includes(SECRET), `${e.message}\n${e.detail}`);
  });
});

describe('log values', () => {
  it('escapes control characters so a value cannot forge a log line', () => {
    assert.equal(escapeControl('a\nb\r\u001b[31m\u0000'), 'a\\nb\\r\\u001b[31m\\u0000');
    assert.equal(logValue('browse/page\n[info] forged'), 'browse/page\\n[info] forged');
    assert.equal(safeLogText('[x] line\nstack\u001b'), '[x] line\nstack\\u001b');
  });

  it('cuts a 1 MB rejected webview value to a few hundred characters and says its size', () => {
    const huge = 'A'.repeat(1_000_000);
    // valibot echoes the received value in a picklist's issue: the case a 1 MB log line came from.
    const checked = validate(v.object({ kind: v.picklist(['latest', 'earliest']) }), { kind: huge });
    assert.ok(!checked.ok && checked.problems.length > 1_000_000, 'the raw problem text holds the whole value');
    assert.equal(checked.ok, false);
    const line = logValue(checked.ok ? '' : checked.problems);
    assert.ok(line.length < 400, `${line.length} characters`);
    assert.match(line, /characters in all\)$/);
    assert.ok(logValue({ big: huge }).length < 400);
  });
});

/** Every call of the adapter, each expected to reject; returns what each rejection said. */
async function everyError(adapter: BrokerAdapter): Promise<string[]> {
  const calls: (() => Promise<unknown>)[] = [
    () => adapter.connect(),
    () => adapter.overview(),
    () => adapter.listDestinations(),
    () => adapter.createDestination({ name: 'redact-q' } as never),
    () => adapter.deleteDestination('redact-q', 'redact-q'),
    () => adapter.publish({ destination: 'redact-q' }, [{ value: 'x' } as never]),
    () => adapter.browse({ destination: 'redact-q', limit: 1 } as never),
  ];
  if (adapter.consumerGroups) calls.push(() => adapter.consumerGroups!.listGroups(), () => adapter.consumerGroups!.describeGroup('g'));
  if (adapter.partitions) calls.push(() => adapter.partitions!.listPartitions('t'), () => adapter.partitions!.describeConfigs('t'));
  if (adapter.exchanges) calls.push(() => adapter.exchanges!.listVhosts(), () => adapter.exchanges!.listExchanges(), () => adapter.exchanges!.listBindings(), () => adapter.exchanges!.purgeQueue('q', 'q'));
  if (adapter.deadLetters) calls.push(() => adapter.deadLetters!.list('q', 1));
  const said: string[] = [];
  for (const call of calls) {
    try {
      await call();
      said.push('(no error)');
    } catch (e) {
      said.push(isBrokerError(e) ? `${e.message}\n${e.detail}` : e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
    }
  }
  await adapter.disconnect().catch(() => undefined);
  return said;
}

describe('no adapter error path repeats a secret', () => {
  it('RabbitMQ: password in the AMQP URL and in the management URL, nothing listening', async () => {
    const adapter = new RabbitMqAdapter(
      { kind: 'rabbitmq', id: 'r', name: 'R', amqpUrl: `amqp://u:${SECRET}@127.0.0.1:1/`, managementUrl: `http://u:${SECRET}@127.0.0.1:1`, connectionTimeoutMs: 500 },
      {},
    );
    const said = await everyError(adapter);
    for (const text of said) assert.ok(!text.includes(SECRET), text);
    assert.ok(said.filter((t) => t !== '(no error)').length >= 8, said.join('\n---\n'));
  });

  it('RabbitMQ: a URL that does not parse gives one sentence without the URL', () => {
    for (const amqpUrl of [`amqp://u:${SECRET}@127.0.0.1:1/%ZZ`, `amqp://u:${SECRET}@[bad`, `http://u:${SECRET}@h`, 'amqp://']) {
      assert.throws(
        () => new RabbitMqAdapter({ kind: 'rabbitmq', id: 'r', name: 'R', amqpUrl }, {}),
        (e: unknown) => isBrokerError(e) && e.code === 'invalidInput' && !e.message.includes(SECRET) && !e.detail.includes(SECRET) && !/URI malformed/.test(e.message),
        amqpUrl,
      );
    }
  });

  it('Kafka: SASL password and key passphrase, nothing listening', async () => {
    const adapter = new KafkaAdapter(
      { kind: 'kafka', id: 'k', name: 'K', brokers: ['127.0.0.1:1'], sasl: { mechanism: 'plain', username: 'u' }, connectionTimeoutMs: 300, requestTimeoutMs: 1000 },
      { password: SECRET, keyPassphrase: SECRET },
    );
    const said = await everyError(adapter);
    for (const text of said) assert.ok(!text.includes(SECRET), text);
  });

  it('the management client: an unreachable URL with credentials', async () => {
    const client = new ManagementClient({ baseUrl: `http://u:${SECRET}@127.0.0.1:1`, username: 'u', password: SECRET, timeoutMs: 500 });
    await assert.rejects(client.get('/api/overview'), (e: unknown) => e instanceof Error && !`${e.message}${e.stack ?? ''}`.includes(SECRET));
  });
});
