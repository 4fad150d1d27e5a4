/**
 * The Add/Edit Connection questions (connectionWizardFlow.ts), answered by a script: every Kafka TLS
 * and SASL path, RabbitMQ credentials moved out of URLs, refusals as the user types, step numbers,
 * and an edit that changes one field and keeps every other one (issue 14, defect 3).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runWizardFlow } from '../../../src/extension/commands/connectionWizardFlow.js';
import type { KafkaConnectionConfig, RabbitMqConnectionConfig } from '../../../src/extension/core/model/connection.js';
import { scriptedWizard, validationOf, type ScriptedAnswer } from '../../support/scriptedWizard.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brokerlens-wizard-'));
const pem = (name: string): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  return file;
};
const ca = pem('ca.crt');
const cert = pem('client.crt');
const key = pem('client.key');

/** The optional last Kafka question, answered "none". */
const noRegistry: ScriptedAnswer = ['schema registry (optional)', 'No schema registry'];

async function run(answers: readonly ScriptedAnswer[], start: Parameters<typeof runWizardFlow>[1] = { hasWorkspace: false }) {
  const s = scriptedWizard(answers);
  const result = await runWizardFlow(s.ui, start);
  assert.equal(s.left(), 0, `unused answers; asked: ${s.asked.join(' | ')}`);
  return { result, asked: s.asked, notices: s.notices };
}

describe('connection wizard: Kafka', () => {
  it('plain: no TLS, no SASL', async () => {
    const { result, asked } = await run([['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', '127.0.0.1:9092'], ['(4/5): TLS settings', 'No TLS'], ['(5/5)', 'None'], noRegistry]);
    assert.deepEqual({ ...result!.config, id: 'x' }, { kind: 'kafka', id: 'x', name: 'K', brokers: ['127.0.0.1:9092'] });
    assert.deepEqual(result!.secrets, {});
    assert.equal(result!.scope, 'user');
    // Every step number once, in order (the RabbitMQ flow used to show "(3/4)" twice).
    assert.deepEqual(asked.map((t) => /\((\d)\/5\)/.exec(t)?.[1]), ['1', '2', '3', '4', '5', undefined]);
  });

  for (const [label, mechanism] of [['SASL/PLAIN', 'plain'], ['SCRAM-SHA-256', 'scram-sha-256'], ['SCRAM-SHA-512', 'scram-sha-512']] as const) {
    it(`SASL ${mechanism}: user in settings, password only in secrets`, async () => {
      const { result } = await run([['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', '127.0.0.1:9094'], ['(4/5)', 'No TLS'], ['(5/5)', label], ['(5/5)', 'brokerlens'], ['(5/5)', 's3cret'], noRegistry]);
      const config = result!.config as KafkaConnectionConfig;
      assert.deepEqual(config.sasl, { mechanism, username: 'brokerlens' });
      assert.equal(config.tls, undefined);
      assert.deepEqual(result!.secrets, { password: 's3cret' });
      assert.ok(!JSON.stringify(config).includes('s3cret'));
    });
  }

  it('TLS with a private CA, mutual TLS and SCRAM together', async () => {
    const { result } = await run([
      ['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', '127.0.0.1:9095'],
      ['(4/5): TLS settings', 'TLS, verify'], ['(4/5)', ca], ['(4/5)', cert], ['(4/5)', key],
      ['(5/5)', 'SCRAM-SHA-512'], ['(5/5)', 'u'], ['(5/5)', 'p'], noRegistry,
    ]);
    const config = result!.config as KafkaConnectionConfig;
    assert.deepEqual(config.tls, { enabled: true, rejectUnauthorized: true, caFile: ca, certFile: cert, keyFile: key });
    assert.deepEqual(config.sasl, { mechanism: 'scram-sha-512', username: 'u' });
  });

  it('TLS without verification says so', async () => {
    const { result, notices } = await run([['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', 'h:9095'], ['(4/5)', 'without verification'], ['(4/5)', ''], ['(4/5)', ''], ['(5/5)', 'None'], noRegistry]);
    assert.deepEqual((result!.config as KafkaConnectionConfig).tls, { enabled: true, rejectUnauthorized: false });
    assert.ok(notices.some((n) => /verification is OFF/.test(n)), notices.join('\n'));
  });

  it('refuses a missing CA file and a certificate without key as they are typed', async () => {
    const head: ScriptedAnswer[] = [['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', 'h:1'], ['(4/5)', 'TLS, verify']];
    const missing = await validationOf(head, '(4/5)', path.join(dir, 'nope.pem'), (ui) => runWizardFlow(ui, { hasWorkspace: false }));
    assert.match(missing ?? '', /no readable file/);
    const noKey = await validationOf([...head, ['(4/5)', ''], ['(4/5)', cert]], '(4/5)', '', (ui) => runWizardFlow(ui, { hasWorkspace: false }));
    assert.match(noKey ?? '', /needs its key/);
  });

  it('Escape at any step saves nothing', async () => {
    const full: ScriptedAnswer[] = [
      ['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', 'h:1'], ['(4/5)', 'No TLS'], ['(5/5)', 'SASL/PLAIN'], ['(5/5)', 'u'], ['(5/5)', 'p'],
      ['schema registry', 'Schema registry'], ['schema registry', 'https://sr:8081'], ['schema registry', 'Bearer'], ['schema registry', 'tok'], ['schema registry', 'system CAs'],
    ];
    for (let i = 0; i < full.length; i++) {
      const s = scriptedWizard([...full.slice(0, i), [full[i]![0], undefined]]);
      assert.equal(await runWizardFlow(s.ui, { hasWorkspace: false }), undefined, `escape at step ${i + 1}`);
    }
  });

  it('an edit of one field keeps every other field, TLS and SASL included', async () => {
    const existing: KafkaConnectionConfig = {
      kind: 'kafka', id: 'prod-1234abcd', name: 'Prod', brokers: ['a:9093', 'b:9093'], clientId: 'team-x',
      tls: { enabled: true, caFile: ca, certFile: cert, keyFile: key, rejectUnauthorized: true, servername: 'kafka.internal' },
      sasl: { mechanism: 'scram-sha-256', username: 'svc' }, connectionTimeoutMs: 7000, requestTimeoutMs: 45_000,
    };
    const secrets = { password: 'old-pw', keyPassphrase: 'key-pw' };
    // Only the name changes; every other answer is the pre-filled value, the password left empty.
    const { result } = await run(
      [['(2/5)', 'Prod EU'], ['(3/5)', 'a:9093,b:9093'], ['(4/5)', 'TLS, verify'], ['(4/5)', ca], ['(4/5)', cert], ['(4/5)', key], ['(5/5)', 'SCRAM-SHA-256'], ['(5/5)', 'svc'], ['(5/5)', ''], noRegistry],
      { existing, existingSecrets: secrets, existingScope: 'workspace', hasWorkspace: true },
    );
    assert.deepEqual(result!.config, { ...existing, name: 'Prod EU' });
    assert.deepEqual(result!.secrets, secrets);
    assert.equal(result!.scope, 'workspace');
  });
});

describe('connection wizard: Kafka schema registry step', () => {
  const head: ScriptedAnswer[] = [['(1/5)', 'Apache Kafka'], ['(2/5)', 'K'], ['(3/5)', 'h:9092'], ['(4/5)', 'No TLS'], ['(5/5)', 'None']];

  it('basic auth over https with a private CA: settings hold the user name, the password goes to secrets only', async () => {
    const { result, asked } = await run([
      ...head, ['schema registry', 'Schema registry'], ['schema registry', 'https://sr.internal:8081/apis/ccompat/v7'], ['schema registry', 'basic'],
      ['schema registry', 'alice'], ['schema registry', 'p@ss'], ['schema registry', 'CA file'], ['schema registry', ca],
    ]);
    const config = result!.config as KafkaConnectionConfig;
    assert.deepEqual(config.schemaRegistry, { url: 'https://sr.internal:8081/apis/ccompat/v7', auth: 'basic', username: 'alice', caFile: ca });
    assert.deepEqual(result!.secrets, { schemaRegistrySecret: 'p@ss' });
    assert.ok(!JSON.stringify(config).includes('p@ss'));
    assert.ok(asked.slice(5).every((t) => t === 'Add Connection: schema registry (optional)'), asked.join(' | '));
  });

  it('verification is on by default; turning it off is said; a bearer token; http asks nothing about TLS', async () => {
    const off = await run([...head, ['schema registry', 'Schema registry'], ['schema registry', 'https://sr:8081'], ['schema registry', 'Bearer'], ['schema registry', 'tok-1'], ['schema registry', 'Do not verify']]);
    assert.deepEqual((off.result!.config as KafkaConnectionConfig).schemaRegistry, { url: 'https://sr:8081', auth: 'bearer', rejectUnauthorized: false });
    assert.deepEqual(off.result!.secrets, { schemaRegistrySecret: 'tok-1' });
    assert.ok(off.notices.some((n) => /verification is off for this schema registry/.test(n)), off.notices.join('\n'));
    const system = await run([...head, ['schema registry', 'Schema registry'], ['schema registry', 'https://sr:8081'], ['schema registry', 'No authentication'], ['schema registry', 'system CAs']]);
    assert.deepEqual((system.result!.config as KafkaConnectionConfig).schemaRegistry, { url: 'https://sr:8081', auth: 'none' });
    const plain = await run([...head, ['schema registry', 'Schema registry'], ['schema registry', 'http://127.0.0.1:18081/apis/ccompat/v7'], ['schema registry', 'No authentication']]);
    assert.deepEqual((plain.result!.config as KafkaConnectionConfig).schemaRegistry, { url: 'http://127.0.0.1:18081/apis/ccompat/v7', auth: 'none' });
  });

  it('refuses a URL with credentials, another scheme, and an empty user name as they are typed', async () => {
    const at = [...head, ['schema registry', 'Schema registry']] as ScriptedAnswer[];
    assert.match(await validationOf(at, 'schema registry', 'https://bob:pw@sr:8081', (ui) => runWizardFlow(ui, { hasWorkspace: false })) ?? '', /without a user name or password/);
    assert.match(await validationOf(at, 'schema registry', 'ftp://sr', (ui) => runWizardFlow(ui, { hasWorkspace: false })) ?? '', /http:\/\/ or https:\/\//);
    assert.match(await validationOf([...at, ['schema registry', 'http://sr:8081'], ['schema registry', 'basic']], 'schema registry', ' ', (ui) => runWizardFlow(ui, { hasWorkspace: false })) ?? '', /needs a user name/);
  });

  it('an edit keeps the registry and its secret with Enter on each question; "No schema registry" removes both', async () => {
    const existing: KafkaConnectionConfig = {
      kind: 'kafka', id: 'k-1', name: 'K', brokers: ['h:9092'], schemaRegistry: { url: 'https://sr:8081', auth: 'basic', username: 'alice', caFile: ca },
    };
    const existingSecrets = { schemaRegistrySecret: 'old' };
    const start = { existing, existingSecrets, existingScope: 'user' as const, hasWorkspace: false };
    // The saved choice is listed first, so Enter (the first item) keeps it; an empty password keeps the saved one.
    const s = scriptedWizard([]);
    const firsts: string[] = [];
    const keep = await runWizardFlow({
      ...s.ui,
      pick: async (items, options) => {
        firsts.push(`${options.title}: ${items[0]!.label}`);
        return items[0]!.value;
      },
      input: async (options) => (options.password ? '' : options.value ?? ''),
    }, start);
    assert.deepEqual((keep!.config as KafkaConnectionConfig).schemaRegistry, existing.schemaRegistry);
    assert.deepEqual(keep!.secrets, existingSecrets);
    assert.ok(firsts.some((f) => f.endsWith('Schema registry (Confluent-compatible API)')), firsts.join(' | '));
    const dropped = await run([['(2/5)', 'K'], ['(3/5)', 'h:9092'], ['(4/5)', 'No TLS'], ['(5/5)', 'None'], noRegistry], start);
    assert.equal((dropped.result!.config as KafkaConnectionConfig).schemaRegistry, undefined);
    assert.deepEqual(dropped.result!.secrets, {});
  });
});

describe('connection wizard: RabbitMQ', () => {
  const head: ScriptedAnswer[] = [['(1/5)', 'RabbitMQ'], ['(2/5)', 'R']];

  it('asks each step once, numbered 1-5', async () => {
    const { result, asked } = await run([...head, ['(3/5)', 'amqp://127.0.0.1:5672/'], ['(4/5)', 'http://127.0.0.1:15672'], ['(5/5)', 'brokerlens'], ['(5/5)', 'pw']]);
    assert.deepEqual(result!.config, { kind: 'rabbitmq', id: result!.config.id, name: 'R', amqpUrl: 'amqp://127.0.0.1:5672/', managementUrl: 'http://127.0.0.1:15672', username: 'brokerlens' });
    assert.deepEqual(asked.map((t) => /\((\d)\/5\)/.exec(t)?.[1]), ['1', '2', '3', '4', '5', '5']);
  });

  it('moves user:password out of the management URL into the user name and secrets, and says so', async () => {
    const { result, notices } = await run([...head, ['(3/5)', 'amqp://127.0.0.1:5672/'], ['(4/5)', 'http://admin:hunter2@127.0.0.1:15672'], ['(5/5)', 'admin']]);
    const config = result!.config as RabbitMqConnectionConfig;
    assert.equal(config.managementUrl, 'http://127.0.0.1:15672');
    assert.equal(config.username, 'admin');
    assert.deepEqual(result!.secrets, { password: 'hunter2' });
    assert.ok(!JSON.stringify(config).includes('hunter2'));
    assert.ok(notices.some((n) => /taken out of the URL/.test(n)), notices.join('\n'));
  });

  it('moves a password out of the AMQP URL too', async () => {
    const { result } = await run([...head, ['(3/5)', 'amqp://bob:p%40ss@127.0.0.1:5672/v'], ['(4/5)', ''], ['(5/5)', 'bob']]);
    const config = result!.config as RabbitMqConnectionConfig;
    assert.equal(config.amqpUrl, 'amqp://127.0.0.1:5672/v');
    assert.equal(config.managementUrl, undefined);
    assert.deepEqual(result!.secrets, { password: 'p@ss' });
  });

  it('refuses amqp:// alone, a broken %-escape and a non-AMQP scheme as they are typed', async () => {
    const check = (text: string) => validationOf(head, '(3/5)', text, (ui) => runWizardFlow(ui, { hasWorkspace: false }));
    assert.match((await check('amqp://')) ?? '', /guest@localhost:5672/);
    assert.match((await check('amqp://127.0.0.1:1/%ZZ')) ?? '', /broken %-escape/);
    assert.match((await check('http://x')) ?? '', /amqp:\/\//);
    assert.equal(await check('amqps://broker:5671/%2F'), undefined);
  });

  it('an edit of one field keeps the CA, client certificate, key, server name and timeout', async () => {
    const existing: RabbitMqConnectionConfig = {
      kind: 'rabbitmq', id: 'mq-1', name: 'MQ', amqpUrl: 'amqps://mq.internal:5671/prod', managementUrl: 'https://mq.internal:15671', username: 'svc',
      tls: { enabled: true, caFile: ca, certFile: cert, keyFile: key, rejectUnauthorized: true, servername: 'mq.internal' }, connectionTimeoutMs: 9000,
    };
    const secrets = { password: 'pw', keyPassphrase: 'kp' };
    const { result } = await run(
      [['(2/5)', 'MQ'], ['(3/5)', 'amqps://mq.internal:5671/prod'], ['(4/5)', 'https://mq2.internal:15671'], ['(3/5): TLS settings', 'TLS, verify'], ['(3/5)', ca], ['(3/5)', cert], ['(3/5)', key], ['(5/5)', 'svc'], ['(5/5)', '']],
      { existing, existingSecrets: secrets, existingScope: 'user', hasWorkspace: true },
    );
    assert.deepEqual(result!.config, { ...existing, managementUrl: 'https://mq2.internal:15671' });
    assert.deepEqual(result!.secrets, secrets);
  });
});
