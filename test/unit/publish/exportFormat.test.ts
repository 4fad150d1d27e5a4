import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrokerRecord } from '../../../src/extension/core/model/message.js';
import { exportRecord, exportWriter, importRecord } from '../../../src/extension/core/publish/exportFormat.js';

const enc = new TextEncoder();
const kafkaRecord: BrokerRecord = {
  id: '2:41', destination: 'orders', partition: 2, offset: 41, timestamp: Date.UTC(2026, 11, 5, 6), size: 20,
  key: enc.encode('o-1'), value: new Uint8Array([0, 1, 2, 255]), headers: { trace: [enc.encode('a'), enc.encode('b')], source: enc.encode('shop') },
};
const rabbitRecord: BrokerRecord = {
  id: '1', destination: 'billing', size: 7, value: enc.encode('{"a":1}'), headers: { 'x-tenant': 'eu', 'x-count': 3 },
  exchange: 'shop', routingKey: 'order.paid', redelivered: true, properties: { contentType: 'application/json', deliveryMode: 2, priority: 4, messageId: 'm-1', timestamp: 1733378400 },
};

describe('export and import of records', () => {
  it('writes text as text and binary as base64, repeated Kafka headers each once, and reads back the same bytes', () => {
    const line = exportRecord(kafkaRecord);
    assert.deepEqual(line, {
      destination: 'orders', partition: 2, offset: 41, timestamp: Date.UTC(2026, 11, 5, 6), key: { text: 'o-1' }, value: { base64: 'AAEC/w==' },
      headers: [{ name: 'trace', text: 'a' }, { name: 'trace', text: 'b' }, { name: 'source', text: 'shop' }],
    });
    const back = importRecord(JSON.parse(JSON.stringify(line)), 'kafka');
    assert.deepEqual(back, { value: new Uint8Array([0, 1, 2, 255]), key: 'o-1', headerList: [['trace', 'a'], ['trace', 'b'], ['source', 'shop']], timestamp: Date.UTC(2026, 11, 5, 6) });
    assert.deepEqual(exportRecord(kafkaRecord, 'base64').key, { base64: 'by0x' });
  });

  it('keeps AMQP properties, routing and typed headers (as text) for RabbitMQ', () => {
    const line = exportRecord(rabbitRecord);
    assert.equal(line.exchange, 'shop');
    assert.equal(line.routingKey, 'order.paid');
    assert.deepEqual(line.headers, [{ name: 'x-tenant', text: 'eu' }, { name: 'x-count', text: '3' }]);
    const back = importRecord(JSON.parse(JSON.stringify(line)), 'rabbitmq');
    assert.deepEqual(back, { value: '{"a":1}', headers: { 'x-tenant': 'eu', 'x-count': '3' }, properties: rabbitRecord.properties });
  });

  it('refuses lines that are not records, naming what is wrong', () => {
    assert.throws(() => importRecord([1], 'kafka'), /JSON object/);
    assert.throws(() => importRecord({}, 'kafka'), /no "value"/);
    assert.throws(() => importRecord({ value: 'x' }, 'kafka'), /"value" must be/);
    assert.throws(() => importRecord({ value: { base64: '%%' } }, 'kafka'), /not valid base64/);
    assert.throws(() => importRecord({ value: null, headers: [{ text: 'x' }] }, 'kafka'), /header 1 has no "name"/);
  });

  it('streams NDJSON, JSON and CSV a record at a time', () => {
    const rows = [exportRecord(kafkaRecord), exportRecord(rabbitRecord)];
    const write = (format: 'ndjson' | 'json' | 'csv'): string => {
      const w = exportWriter(format);
      return w.head + rows.map((r, i) => w.record(r, i === 0)).join('') + w.tail;
    };
    assert.deepEqual(write('ndjson').trim().split('\n').map((l) => JSON.parse(l)), JSON.parse(JSON.stringify(rows)));
    assert.deepEqual(JSON.parse(write('json')), JSON.parse(JSON.stringify(rows)));
    const csv = write('csv').split('\r\n');
    assert.equal(csv[0], 'destination,partition,offset,timestamp,exchange,routingKey,keyEncoding,key,valueEncoding,value,headers,properties');
    assert.equal(csv[1]!.split(',').slice(0, 10).join(','), 'orders,2,41,2026-12-05T06:00:00.000Z,,,text,o-1,base64,AAEC/w==');
    assert.match(csv[2]!, /^billing,,,,shop,order\.paid,,,text,"\{""a"":1\}",/);
  });
});
