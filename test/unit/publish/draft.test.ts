import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyDraft, jsonProblem, planDraft, type DraftCheck, type PublishDraft } from '../../../src/extension/core/publish/draft.js';
import { seededRandom } from '../../../src/extension/core/publish/template.js';

const kafka = (patch: Partial<PublishDraft> = {}): PublishDraft => ({ ...emptyDraft('kafka', 'orders'), payload: '{"a":1}', ...patch });
const rabbit = (patch: Partial<PublishDraft> = {}): PublishDraft => ({ ...emptyDraft('rabbitmq', 'shop', 'order.paid'), payload: '{"a":1}', ...patch });
const problems = (check: DraftCheck): Record<string, string> => (check.ok ? {} : Object.fromEntries(check.problems.map((p) => [p.field, p.message])));
const plan = (check: DraftCheck) => {
  assert.ok(check.ok, JSON.stringify(check));
  return check.plan;
};

describe('publish draft', () => {
  it('builds a Kafka record: key, repeated headers in order, partition, timestamp, compression', () => {
    const p = plan(planDraft(kafka({
      key: 'k-1', partition: '2', timestamp: '2026-12-05T06:00:00Z', compression: 'gzip',
      headers: [{ name: 'trace', value: 'a' }, { name: 'trace', value: 'b' }],
    }), { partitions: 3 }));
    assert.deepEqual(p.target, { destination: 'orders', compression: 'gzip' });
    assert.deepEqual(p.build(0), { value: '{"a":1}', key: 'k-1', headerList: [['trace', 'a'], ['trace', 'b']], partition: 2, timestamp: Date.UTC(2026, 11, 5, 6) });
    assert.equal(p.dynamic, false);
  });

  it('builds a RabbitMQ message with every AMQP property typed', () => {
    const p = plan(planDraft(rabbit({
      mandatory: false,
      headers: [{ name: 'x-tenant', value: 'eu' }],
      properties: {
        contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: '1', priority: '9', expiration: '60000', messageId: 'm-{{seq}}',
        correlationId: 'c-1', replyTo: 'replies', type: 'order.paid', userId: 'guest', appId: 'brokerlens', timestamp: '1733378400000',
      },
    })));
    assert.deepEqual(p.target, { destination: 'shop', routingKey: 'order.paid', mandatory: false });
    assert.deepEqual(p.build(4), {
      value: '{"a":1}',
      headers: { 'x-tenant': 'eu' },
      properties: {
        deliveryMode: 1, priority: 9, expiration: '60000', timestamp: 1733378400, contentType: 'application/json', contentEncoding: 'utf-8',
        replyTo: 'replies', type: 'order.paid', userId: 'guest', appId: 'brokerlens', messageId: 'm-5', correlationId: 'c-1',
      },
    });
    assert.equal(p.dynamic, true);
  });

  it('expands templates in key, payload and header values per message', () => {
    const p = plan(planDraft(kafka({ key: 'o-{{seq}}', payload: '{"n":{{seq}},"c":"{{pick:x|y}}"}', headers: [{ name: 'i', value: '{{index}}' }] })));
    const random = seededRandom(3);
    const m = p.build(9, random);
    assert.equal(m.key, 'o-10');
    assert.match(String(m.value), /^\{"n":10,"c":"[xy]"\}$/);
    assert.deepEqual(m.headerList, [['i', '9']]);
  });

  it('decodes base64 payloads (whitespace allowed) to the exact bytes', () => {
    const p = plan(planDraft(kafka({ payloadMode: 'base64', payload: 'AAEC\n/w==' })));
    assert.deepEqual(p.build(0).value, new Uint8Array([0, 1, 2, 255]));
  });

  it('reports invalid JSON at its line and column', () => {
    const check = planDraft(kafka({ payload: '{\n  "a": 1,\n  "b": }' }));
    assert.equal(check.ok, false);
    const problem = !check.ok ? check.problems.find((p) => p.field === 'payload') : undefined;
    assert.equal(problem?.line, 3);
    assert.equal(problem?.column, 8);
    assert.match(problem!.message, /^The payload is not valid JSON at line 3, column 8: /);
    assert.equal(jsonProblem('[1,2]'), undefined);
    assert.match(problems(planDraft(kafka({ payload: '  ' }))).payload!, /payload is empty/);
  });

  it('refuses each bad field with its own sentence', () => {
    assert.match(problems(planDraft(kafka({ payloadMode: 'base64', payload: 'abc$' }))).payload!, /not valid base64/);
    assert.match(problems(planDraft(kafka({ payloadMode: 'base64', payload: 'abc' }))).payload!, /not valid base64/);
    assert.match(problems(planDraft(kafka({ partition: '-1' }))).partition!, /whole number/);
    assert.match(problems(planDraft(kafka({ partition: '3' }), { partitions: 3 })).partition!, /has no partition 3: it has 3 \(0 to 2\)/);
    assert.match(problems(planDraft(kafka({ timestamp: 'yesterday' }))).timestamp!, /milliseconds since 1970/);
    assert.match(problems(planDraft(kafka({ destination: ' ' }))).destination!, /Choose the topic/);
    assert.match(problems(planDraft(kafka({ headers: [{ name: '', value: 'v' }] })))['headers.0.name']!, /has no name/);
    assert.match(problems(planDraft(kafka({ headers: [{ name: 'a\u0001', value: 'v' }] })))['headers.0.name']!, /control character/);
    assert.match(problems(planDraft(rabbit({ headers: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] })))['headers.1.name']!, /appears twice/);
    assert.match(problems(planDraft(rabbit({ properties: { priority: '256' } })))['properties.priority']!, /0 to 255/);
    assert.match(problems(planDraft(rabbit({ properties: { priority: '1.5' } })))['properties.priority']!, /0 to 255/);
    assert.match(problems(planDraft(rabbit({ properties: { expiration: '-5' } })))['properties.expiration']!, /0 or more/);
    assert.match(problems(planDraft(rabbit({ properties: { deliveryMode: '3' } })))['properties.deliveryMode']!, /1 \(transient\) or 2/);
    assert.match(problems(planDraft(kafka({ payload: '{{nope}}' }))).payload!, /Unknown placeholder/);
    assert.match(problems(planDraft(kafka({ payload: '"0123456789"' }), { maxPayloadBytes: 5 })).payload!, /12 bytes, above the 5 bytes/);
  });

  it('allows repeated header names on Kafka, where the protocol allows them', () => {
    assert.equal(planDraft(kafka({ headers: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] })).ok, true);
  });
});
