/**
 * The one x-death reader (core/rules/xDeath.ts) for the real RabbitMQ adapter and the simulator,
 * on every form a decoder hands it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_ORIGIN_REASON, originOfDeath, parseDeaths } from '../../../src/extension/core/rules/xDeath.js';

describe('x-death rule', () => {
  it('reads a typed timestamp, a plain-number time, a string count and a bigint count alike', () => {
    // The simulator's old copy dropped the numeric time and turned the string count into 1.
    const deaths = parseDeaths({
      'x-death': [
        { count: '3', reason: 'expired', queue: 'work', time: 1_700_000_000, exchange: 'orders', 'routing-keys': ['orders.new'] },
        { count: 2n, reason: 'delivery_limit', queue: 'q', time: { '!': 'timestamp', value: 1_600_000_000 }, exchange: '', 'routing-keys': ['q'] },
        { count: 1, reason: 'maxlen', queue: 'm', exchange: 'x', 'routing-keys': [] },
      ],
    });
    assert.deepEqual(deaths, [
      { queue: 'work', reason: 'expired', count: 3, exchange: 'orders', routingKeys: ['orders.new'], time: 1_700_000_000_000 },
      { queue: 'q', reason: 'delivery_limit', count: 2, exchange: '', routingKeys: ['q'], time: 1_600_000_000_000 },
      { queue: 'm', reason: 'maxlen', count: 1, exchange: 'x', routingKeys: [] },
    ]);
  });

  it('skips what is not an x-death table, and defaults what RabbitMQ always writes', () => {
    assert.deepEqual(parseDeaths(undefined), []);
    assert.deepEqual(parseDeaths({ 'x-death': 'nonsense' }), []);
    assert.deepEqual(parseDeaths({ 'x-death': [null, 7, { queue: 'a', count: 'many' }] }), [{ queue: 'a', reason: 'rejected', count: 1, exchange: '', routingKeys: [] }]);
  });

  it('the origin is the newest death: its exchange and first routing key', () => {
    const headers = { 'x-death': [{ queue: 'b', reason: 'rejected', count: 1, exchange: 'ex2', 'routing-keys': ['k2', 'cc'] }, { queue: 'a', reason: 'expired', count: 1, exchange: 'ex1', 'routing-keys': ['k1'] }] };
    assert.deepEqual(originOfDeath(headers), { exchange: 'ex2', routingKey: 'k2' });
    assert.equal(originOfDeath({}), undefined);
    assert.match(NO_ORIGIN_REASON, /no x-death header/);
  });
});
