import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConnectionList } from '../../../src/extension/core/connections/validateConnection.js';

describe('parseConnectionList (brokerlens.connections)', () => {
  it('accepts Kafka and RabbitMQ entries', () => {
    const { connections, problems } = parseConnectionList([
      { kind: 'kafka', id: 'local-kafka', name: 'Local Kafka', brokers: ['127.0.0.1:9092'] },
      { kind: 'rabbitmq', id: 'local-rabbit', name: 'Local RabbitMQ', amqpUrl: 'amqp://127.0.0.1:5672/', managementUrl: 'http://127.0.0.1:15672' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections.map((c) => c.id), ['local-kafka', 'local-rabbit']);
  });

  it('skips a bad entry with its position and field, and keeps the good ones', () => {
    const { connections, problems } = parseConnectionList([
      { kind: 'kafka', id: 'k', name: 'Broken', brokers: ['no-port'] },
      { kind: 'kafka', id: 'ok', name: 'Fine', brokers: ['h:1'] },
    ]);
    assert.deepEqual(connections.map((c) => c.id), ['ok']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^entry 1 \("Broken"\) field brokers\.0: must be host:port or \[IPv6\]:port; the entry is ignored\.$/);
  });

  it('refuses a value that is not a list, and unknown kinds', () => {
    assert.deepEqual(parseConnectionList({}).problems, ['the setting must be a list of connections.']);
    assert.equal(parseConnectionList([{ kind: 'mqtt', id: 'x', name: 'x' }]).problems.length, 1);
  });
});
