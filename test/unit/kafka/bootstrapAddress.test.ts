/**
 * IPv6 bootstrap addresses (issue 14, defect 11): "[::1]:1" was diagnosed as a host name that could
 * not be resolved (kafkajs split it at the first ':'); nothing listens there, and that is what the
 * sentence must say.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { fromKafkajsHost, toKafkajsBroker } from '../../../src/extension/core/adapters/kafka/bootstrapAddress.js';
import { KafkaAdapter } from '../../../src/extension/core/adapters/kafka/kafkaAdapter.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import { parseBrokers } from '../../../src/extension/commands/commandText.js';
import { parseConnectionList } from '../../../src/extension/core/connections/validateConnection.js';

describe('IPv6 bootstrap addresses', () => {
  it('round-trips literals through the stand-in host name and leaves others alone', () => {
    for (const [literal, expanded] of [['::1', '0:0:0:0:0:0:0:1'], ['fe80::1:2', 'fe80:0:0:0:0:0:1:2'], ['2001:db8::ffff:10.0.0.1', '2001:db8:0:0:0:ffff:a00:1']] as const) {
      const broker = toKafkajsBroker(`[${literal}]:9092`);
      assert.match(broker, /^ipv6-[0-9a-f-]+\.brokerlens\.invalid:9092$/);
      const host = fromKafkajsHost(broker.slice(0, broker.lastIndexOf(':')));
      assert.equal(host, expanded);
      assert.ok(net.isIPv6(host));
    }
    assert.equal(toKafkajsBroker('127.0.0.1:9092'), '127.0.0.1:9092');
    assert.equal(fromKafkajsHost('kafka-1'), 'kafka-1');
  });

  it('the wizard and settings accept [IPv6]:port', () => {
    assert.deepEqual(parseBrokers('[::1]:9092, 127.0.0.1:9092'), ['[::1]:9092', '127.0.0.1:9092']);
    assert.equal(parseBrokers('::1:9092'), undefined);
    assert.equal(parseConnectionList([{ kind: 'kafka', id: 'k', name: 'K', brokers: ['[::1]:9092'] }]).connections.length, 1);
  });

  it('[::1]:1 says nothing is listening, not that a name could not be resolved', async () => {
    const adapter = new KafkaAdapter({ kind: 'kafka', id: 'k', name: 'K', brokers: ['[::1]:1'], connectionTimeoutMs: 1000 }, {});
    await assert.rejects(adapter.connect(), (e: unknown) => {
      assert.ok(isBrokerError(e));
      assert.equal(e.code, 'unreachable');
      assert.match(e.message, /nothing is listening at \[::1\]:1 \(ECONNREFUSED\)/);
      assert.doesNotMatch(e.message, /resolved|ENOTFOUND/);
      return true;
    });
    await adapter.disconnect();
  });
});
