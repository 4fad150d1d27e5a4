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
import { isBrokerError } from '../../src/extension/core/model/errors.js';
import { brokerGate } from '../support/brokers.js';
import { scriptedWizard, type ScriptedAnswer } from '../support/scriptedWizard.js';
import { kafkaTest } from './kafka/kafkaTestKit.js';
import { rabbitEnv } from './rabbitmq/support.js';

const kafka = await brokerGate('kafka');
const rabbit = await brokerGate('rabbitmq');

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

const kafkaHead = (name: string, brokers: readonly string[]): ScriptedAnswer[] => [['(1/5)', 'Apache Kafka'], ['(2/5)', name], ['(3/5)', brokers.join(',')]];

describe('wizard paths on the real Kafka listeners', { skip: kafka.skip }, () => {
  it('PLAINTEXT', async () => {
    kafka.assertRequired();
    const o = await addAndConnect([...kafkaHead('plain', kafkaTest.plaintext), ['(4/5)', 'No TLS'], ['(5/5)', 'None']]);
    assert.equal(o.product, 'Apache Kafka');
  });

  for (const mechanism of ['SASL/PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    it(`SASL_PLAINTEXT with ${mechanism}`, async () => {
      const o = await addAndConnect([...kafkaHead(mechanism, kafkaTest.sasl), ['(4/5)', 'No TLS'], ['(5/5)', mechanism], ['(5/5)', kafkaTest.user], ['(5/5)', kafkaTest.password]]);
      assert.equal(o.product, 'Apache Kafka');
    });
  }

  it(`SASL with a wrong password is refused as authFailed`, async () => {
    await assert.rejects(
      addAndConnect([...kafkaHead('wrong', kafkaTest.sasl), ['(4/5)', 'No TLS'], ['(5/5)', 'SCRAM-SHA-512'], ['(5/5)', kafkaTest.user], ['(5/5)', 'not-the-password']]),
      (e: unknown) => isBrokerError(e) && e.code === 'authFailed' && !e.message.includes('not-the-password'),
    );
  });

  it('SSL verified against the test CA', async () => {
    const o = await addAndConnect([...kafkaHead('tls', kafkaTest.ssl), ['(4/5)', 'TLS, verify'], ['(4/5)', kafkaTest.ca], ['(4/5)', ''], ['(5/5)', 'None']]);
    assert.equal(o.product, 'Apache Kafka');
  });

  it('SSL with a client certificate (mutual TLS)', async () => {
    const o = await addAndConnect([...kafkaHead('mtls', kafkaTest.ssl), ['(4/5)', 'TLS, verify'], ['(4/5)', kafkaTest.ca], ['(4/5)', kafkaTest.clientCert], ['(4/5)', kafkaTest.clientKey], ['(5/5)', 'None']]);
    assert.equal(o.product, 'Apache Kafka');
  });

  it('SSL without verification connects (and is the user\'s explicit choice)', async () => {
    const o = await addAndConnect([...kafkaHead('noverify', kafkaTest.ssl), ['(4/5)', 'without verification'], ['(4/5)', ''], ['(4/5)', ''], ['(5/5)', 'None']]);
    assert.equal(o.product, 'Apache Kafka');
  });

  it('SSL verified with no CA given: the test CA is not trusted, said as tlsUntrusted', async () => {
    await assert.rejects(
      addAndConnect([...kafkaHead('untrusted', kafkaTest.ssl), ['(4/5)', 'TLS, verify'], ['(4/5)', ''], ['(4/5)', ''], ['(5/5)', 'None']]),
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
