/**
 * Headers-exchange matching. The table was recorded from RabbitMQ 3.10.8 (amqplib client): one
 * headers exchange, one queue per binding, each message published once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeaderValue } from '../../../../src/extension/core/model/message.js';
import { compileHeadersBinding, matchHeaders, validateHeadersBindingArgs } from '../../../../src/extension/core/simulator/rabbitmq/headersMatcher.js';
import { harness, replyCodeOf } from './helpers.js';

const BINDINGS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  allEmpty: { 'x-match': 'all' },
  anyEmpty: { 'x-match': 'any' },
  noMatch: { a: 1 },
  allA1: { 'x-match': 'all', a: 1 },
  allAstr1: { 'x-match': 'all', a: '1' },
  allA15: { 'x-match': 'all', a: 1.5 },
  allVoid: { 'x-match': 'all', a: null },
  allTrue: { 'x-match': 'all', b: true },
  allAB: { 'x-match': 'all', a: 1, c: 'x' },
  anyAB: { 'x-match': 'any', a: 1, c: 'x' },
  allX: { 'x-match': 'all', 'x-t': 'a' },
  allWithX: { 'x-match': 'all-with-x', 'x-t': 'a' },
  anyX: { 'x-match': 'any', 'x-t': 'a' },
  anyWithX: { 'x-match': 'any-with-x', 'x-t': 'a' },
  allArr: { 'x-match': 'all', arr: ['a', 'b'] },
};

const MESSAGES: readonly (readonly [string, Record<string, HeaderValue> | undefined, readonly string[]])[] = [
  ['no headers', undefined, ['allEmpty', 'allX']],
  ['a=1', { a: 1 }, ['allEmpty', 'noMatch', 'allA1', 'allVoid', 'anyAB', 'allX']],
  ["a='1'", { a: '1' }, ['allEmpty', 'allAstr1', 'allVoid', 'allX']],
  ['a=1.5', { a: 1.5 }, ['allEmpty', 'allA15', 'allVoid', 'allX']],
  ['a=bytes "1"', { a: new TextEncoder().encode('1') }, ['allEmpty', 'allAstr1', 'allVoid', 'allX']],
  ['a=void', { a: null }, ['allEmpty', 'allVoid', 'allX']],
  ['b=true', { b: true }, ['allEmpty', 'allTrue', 'allX']],
  ["b='true'", { b: 'true' }, ['allEmpty', 'allX']],
  ['b=1', { b: 1 }, ['allEmpty', 'allX']],
  ["a=1,c='x'", { a: 1, c: 'x' }, ['allEmpty', 'noMatch', 'allA1', 'allVoid', 'allAB', 'anyAB', 'allX']],
  ["c='x'", { c: 'x' }, ['allEmpty', 'anyAB', 'allX']],
  ["x-t='a'", { 'x-t': 'a' }, ['allEmpty', 'allX', 'allWithX', 'anyWithX']],
  ['arr=[a,b]', { arr: ['a', 'b'] }, ['allEmpty', 'allX', 'allArr']],
  ['arr=[a]', { arr: ['a'] }, ['allEmpty', 'allX']],
];

describe('headers matcher', () => {
  const compiled = Object.entries(BINDINGS).map(([name, args]) => [name, compileHeadersBinding(args)] as const);
  for (const [label, headers, expected] of MESSAGES) {
    it(`message with ${label} matches the bindings RabbitMQ 3.10.8 chose`, () => {
      const hits = compiled.filter(([, b]) => matchHeaders(b, headers)).map(([n]) => n);
      assert.deepEqual(hits.sort(), [...expected].sort());
    });
  }

  it('refuses an unknown or non-string x-match with RabbitMQ\'s texts, and accepts the four modes', () => {
    assert.equal(validateHeadersBindingArgs({ 'x-match': 'bogus' }), 'Invalid x-match field value <<"bogus">>; expected all, any, all-with-x, or any-with-x');
    assert.equal(validateHeadersBindingArgs({ 'x-match': 5 }), 'Invalid x-match field type byte (value 5); expected longstr');
    for (const mode of ['all', 'any', 'all-with-x', 'any-with-x']) assert.equal(validateHeadersBindingArgs({ 'x-match': mode }), undefined);
    assert.equal(validateHeadersBindingArgs({ a: 1 }), undefined);
  });

  it('routes through a headers exchange in the broker and refuses a bad binding with 406', () => {
    const h = harness();
    h.broker.declareExchange('hx', 'headers', { durable: false });
    h.broker.declareQueue('pdf', { durable: false });
    h.broker.bind('pdf', 'hx', '', { 'x-match': 'all', format: 'pdf', region: null });
    assert.deepEqual(h.pub('hx', 'ignored', 'x', { headers: { format: 'pdf', region: 'eu' } }).queues, ['pdf']);
    assert.deepEqual(h.pub('hx', 'ignored', 'x', { headers: { format: 'pdf' } }).queues, []);
    assert.equal(replyCodeOf(() => h.broker.bind('pdf', 'hx', '', { 'x-match': 'most' })), 406);
  });
});
