/**
 * Connections written into settings.json by hand (issue 14, "found against the real brokers"): a
 * Kafka connection with a TLS block and no `enabled` field is a TLS connection, not a dropped entry;
 * an entry that cannot be used is described with its position and field (the tree shows it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConnectionList } from '../../../src/extension/core/connections/validateConnection.js';

describe('hand-written connection entries', () => {
  it('a TLS block without "enabled" means TLS on', () => {
    const { connections, problems } = parseConnectionList([
      { kind: 'kafka', id: 'tls-kafka', name: 'TLS Kafka', brokers: ['127.0.0.1:9095'], tls: { caFile: '/certs/ca.crt' }, sasl: { mechanism: 'scram-sha-512', username: 'svc' } },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections[0], { kind: 'kafka', id: 'tls-kafka', name: 'TLS Kafka', brokers: ['127.0.0.1:9095'], tls: { enabled: true, caFile: '/certs/ca.crt' }, sasl: { mechanism: 'scram-sha-512', username: 'svc' } });
  });

  it('"enabled": false is kept', () => {
    assert.equal(parseConnectionList([{ kind: 'kafka', id: 'k', name: 'K', brokers: ['h:1'], tls: { enabled: false } }]).connections[0]?.kind, 'kafka');
  });

  it('a malformed entry is a problem naming the entry and the field, and the good ones stay', () => {
    const { connections, problems } = parseConnectionList([
      { kind: 'kafka', id: 'ok', name: 'OK', brokers: ['h:1'] },
      { kind: 'kafka', id: 'bad', name: 'Bad TLS', brokers: ['h:1'], tls: { enabled: 'yes' } },
    ]);
    assert.deepEqual(connections.map((c) => c.id), ['ok']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^entry 2 \("Bad TLS"\) field tls\.enabled: /);
  });
});

describe('hand-written AMQP URLs', () => {
  it('"amqp://" alone and a broken %-escape are problems that do not repeat the URL', () => {
    const { connections, problems } = parseConnectionList([
      { kind: 'rabbitmq', id: 'a', name: 'Bare', amqpUrl: 'amqp://' },
      { kind: 'rabbitmq', id: 'b', name: 'Escape', amqpUrl: 'amqp://u:Secr3t@h:5672/%ZZ' },
      { kind: 'rabbitmq', id: 'c', name: 'Fine', amqpUrl: 'amqp://127.0.0.1:5672/' },
    ]);
    assert.deepEqual(connections.map((c) => c.id), ['c']);
    assert.match(problems[0]!, /entry 1 \("Bare"\) field amqpUrl: .*guest@localhost:5672/);
    assert.match(problems[1]!, /entry 2 \("Escape"\) field amqpUrl: .*broken %-escape/);
    assert.ok(!problems.join(' ').includes('Secr3t'));
  });
});
