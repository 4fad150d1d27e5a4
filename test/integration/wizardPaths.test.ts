/**
 * Every path of the Add Connection wizard, answered by a script and then connected with what it
 * saved, against the real listeners brokers:up starts (issue 14, "found when tried as a new user
 * would"): Kafka PLAINTEXT, SASL PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512 on 9094, TLS with the test CA,
 * mutual TLS, TLS without verification on 9095; TLS with no CA is refused as untrusted; RabbitMQ with
 * user:password typed into the management URL (moved out, and the management API answers), and
 * AMQPS with the test CA.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWizardFlow } from '../../src/extension/commands/connectionWizardFlow.js';
import { createAdapters } from '../../src/extension/core/adapters/factory.js';
import type { KafkaConnectionConfig } from '../../src/extension/core/model/connection.js';
import { isBrokerError } from '../../src/extension/core/model/errors.js';
import { probeSchemaRegistry } from '../../src/extension/services/schemaRegistries.js';
import { brokerEnv, brokerGate } from '../support/brokers.js';
import { scriptedWizard, type ScriptedAnswer } from '../support/scriptedWizard.js';
import { kafkaTest } from './kafka/kafkaTestKit.js';
import { rabbitEnv } from './rabbitmq/support.js';

const kafka = await brokerGate('kafka');
const rabbit = await brokerGate('rabbitmq');
const registry = await brokerGate('registry');

/** Runs the wizard with `answers`, then connects what it produced and reads the overview. */
async function addAndConnect(answers: readonly ScriptedAnswer[]): Promise<{ product: string; notes: readonly string[]; nodes: number }> {
  const s = scriptedWizard(answers);
  const result = await runWizardFlow(s.ui, { hasWorkspace: false });
  assert.ok(result, `the wizard was cancelled; asked: ${s.asked.join(' | ')}`);
  assert.equal(s.left(), 0);
  const adapters = createAdapters(result.config, result.secrets);
  try {
    for (const a of adapters) await a.connect();
    const overview = await adapters[0]!.overview();
    return { product: overview.product, notes: overview.notes, nodes: overview.nodes.length };
  } finally {
    await Promise.allSettled(adapters.map((a) => a.disconnect()));
  }
}

/** The optional last Kafka question, answered "none". */
const noRegistry: ScriptedAnswer = ['schema registry', 'No schema registry'];

const kafkaHead = (name: string, brokers: readonly string[]): ScriptedAnswer[] => [['(1/5)', 'Apache Kafka'], ['(2/5)', name], ['(3/5)', brokers.join(',')]];

describe('wizard paths on the real Kafka listeners', { skip: kafka.skip }, () => {
  it('PLAINTEXT', async () => {
    kafka.assertRequired();
    const o = await addAndConnect([...kafkaHead('plain', kafkaTest.plaintext), ['(4/5)', 'No TLS'], ['(5/5)', 'None'], noRegistry]);
    assert.equal(o.product, 'Apache Kafka');
  });

  for (const mechanism of ['SASL/PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    it(`SASL_PLAINTEXT with ${mechanism}`, async () => {
      const o = await addAndConnect([...kafkaHead(mechanism, kafkaTest.sasl), ['(4/5)', 'No TLS'], ['(5/5)', mechanism], ['(5/5)', kafkaTest.user], ['(5/5)', kafkaTest.password], noRegistry]);
      assert.equal(o.product, 'Apache Kafka');
    });
  }

  it(`SASL with a wrong password is refused as authFailed`, async () => {
    await assert.rejects(
      addAndConnect([...kafkaHead('wrong', kafkaTest.sasl), ['(4/5)', 'No TLS'], ['(5/5)', 'SCRAM-SHA-512'], ['(5/5)', kafkaTest.user], ['(5/5)', 'not-the-password'], noRegistry]),
      (e: unknown) => isBrokerError(e) && e.code === 'authFailed' && !e.message.includes('not-the-password'),
    );
  });

  it('SSL verified against the test CA', async () => {
    const o = await addAndConnect([...kafkaHead('tls', kafkaTest.ssl), ['(4/5)', 'TLS, verify'], ['(4/5)', kafkaTest.ca], ['(4/5)', ''], ['(5/5)', 'None'], noRegistry]);
    assert.equal(o.product, 'Apache Kafka');
  });

  it('SSL with a client certificate (mutual TLS)', async () => {
    const o = await addAndConnect([...kafkaHead('mtls', kafkaTest.ssl), ['(4/5)', 'TLS, verify'], ['(4/5)', kafkaTest.ca], ['(4/5)', kafkaTest.clientCert], ['(4/5)', kafkaTest.clientKey], ['(5/5)', 'None'], noRegistry]);
    assert.equal(o.product, 'Apache Kafka');
  });

  it('SSL without verification connects (and is the user\'s explicit choice)', async () => {
    const o = await addAndConnect([...kafkaHead('noverify', kafkaTest.ssl), ['(4/5)', 'without verification'], ['(4/5)', ''], ['(4/5)', ''], ['(5/5)', 'None'], noRegistry]);
    assert.equal(o.product, 'Apache Kafka');
  });

  it('SSL verified with no CA given: the test CA is not trusted, said as tlsUntrusted', async () => {
    await assert.rejects(
      addAndConnect([...kafkaHead('untrusted', kafkaTest.ssl), ['(4/5)', 'TLS, verify'], ['(4/5)', ''], ['(4/5)', ''], ['(5/5)', 'None'], noRegistry]),
      (e: unknown) => isBrokerError(e) && e.code === 'tlsUntrusted',
    );
  });
});

describe('wizard paths on the real RabbitMQ', { skip: rabbit.skip }, () => {
  it('user:password typed into the management URL: moved out, and the management API answers', async () => {
    rabbit.assertRequired();
    const mgmt = new URL(rabbitEnv.managementUrl);
    mgmt.username = rabbitEnv.user;
    mgmt.password = rabbitEnv.password;
    const o = await addAndConnect([
      ['(1/5)', 'RabbitMQ'], ['(2/5)', 'mq'], ['(3/5)', `amqp://${rabbitEnv.host}:${rabbitEnv.amqpPort}/`], ['(4/5)', mgmt.toString()], ['(5/5)', rabbitEnv.user],
    ]);
    assert.equal(o.product, 'RabbitMQ');
    assert.ok(!o.notes.some((n) => /management/i.test(n) && /unavailable|unreachable|AMQP-only/i.test(n)), o.notes.join(' '));
  });

  it('AMQPS verified against the test CA', async () => {
    const o = await addAndConnect([
      ['(1/5)', 'RabbitMQ'], ['(2/5)', 'mqs'], ['(3/5)', `amqps://${rabbitEnv.host}:${rabbitEnv.amqpsPort}/`], ['(4/5)', ''],
      ['(3/5): TLS', 'TLS, verify'], ['(3/5)', rabbitEnv.ca], ['(3/5)', ''], ['(5/5)', rabbitEnv.user], ['(5/5)', rabbitEnv.password],
    ]);
    assert.equal(o.product, 'RabbitMQ');
  });
});

describe('wizard paths with the real schema registry (Apicurio, Confluent API)', { skip: kafka.skip ?? registry.skip }, () => {
  /** Runs the wizard to the end with the registry answers, then tests the registry as Add Connection does before saving. */
  async function addWithRegistry(answers: readonly ScriptedAnswer[]) {
    const s = scriptedWizard([...kafkaHead('with registry', kafkaTest.plaintext), ['(4/5)', 'No TLS'], ['(5/5)', 'None'], ['schema registry', 'Schema registry'], ...answers]);
    const result = await runWizardFlow(s.ui, { hasWorkspace: false });
    assert.ok(result, `the wizard was cancelled; asked: ${s.asked.join(' | ')}`);
    assert.equal(s.left(), 0);
    const config = result.config as KafkaConnectionConfig;
    return { config, probe: await probeSchemaRegistry(config.schemaRegistry!, result.secrets.schemaRegistrySecret) };
  }

  it('http, no authentication: the registry answers with its subjects', async () => {
    kafka.assertRequired();
    registry.assertRequired();
    const { config, probe } = await addWithRegistry([['schema registry', brokerEnv.schemaRegistryUrl], ['schema registry', 'No authentication']]);
    assert.deepEqual(config.schemaRegistry, { url: brokerEnv.schemaRegistryUrl, auth: 'none' });
    assert.ok(probe.ok, probe.ok ? '' : probe.sentence);
  });

  it('https verified with the test CA passes; with the system CAs it is refused in one sentence naming the certificate', async () => {
    const ca = process.env.BROKERLENS_TLS_CA ?? `${process.cwd()}/.brokers/certs/ca.crt`;
    const verified = await addWithRegistry([['schema registry', brokerEnv.schemaRegistryTlsUrl], ['schema registry', 'No authentication'], ['schema registry', 'CA file'], ['schema registry', ca]]);
    assert.ok(verified.probe.ok, verified.probe.ok ? '' : verified.probe.sentence);
    const untrusted = await addWithRegistry([['schema registry', brokerEnv.schemaRegistryTlsUrl], ['schema registry', 'No authentication'], ['schema registry', 'system CAs']]);
    assert.ok(!untrusted.probe.ok);
    assert.match(untrusted.probe.ok ? '' : untrusted.probe.sentence, /^Listing schema registry subjects failed: the certificate of the schema registry at .* is not trusted .*Add its CA certificate to the connection\.$/);
  });

  it('a wrong path and a closed port fail the test in one sentence each, and no secret is in it', async () => {
    const wrongPath = await addWithRegistry([['schema registry', brokerEnv.schemaRegistryUrl.replace('/apis/ccompat/v7', '/nothing-here')], ['schema registry', 'basic'], ['schema registry', 'alice'], ['schema registry', 'hunter2-secret']]);
    assert.ok(!wrongPath.probe.ok);
    const wrongSentence = wrongPath.probe.ok ? '' : wrongPath.probe.sentence;
    assert.match(wrongSentence, /did not answer as a schema registry/);
    assert.ok(!wrongSentence.includes('hunter2-secret'));
    const closed = await addWithRegistry([['schema registry', 'http://127.0.0.1:1/'], ['schema registry', 'No authentication']]);
    assert.ok(!closed.probe.ok);
    assert.match(closed.probe.ok ? '' : closed.probe.sentence, /could not reach the schema registry at http:\/\/127\.0\.0\.1:1\//);
  });
});
