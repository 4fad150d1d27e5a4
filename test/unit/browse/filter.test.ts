import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilter, headerText } from '../../../src/extension/core/browse/filter.js';
import { compileExpression, ExpressionError } from '../../../src/extension/core/browse/filterExpression.js';
import type { BrowseFilter } from '../../../src/extension/core/model/browse.js';
import { isBrokerError } from '../../../src/extension/core/model/errors.js';
import type { BrokerRecord, RecordHeaders } from '../../../src/extension/core/model/message.js';

const enc = new TextEncoder();

function rec(value: string | null, extra: Partial<BrokerRecord> & { keyText?: string; headerTexts?: Record<string, string> } = {}): BrokerRecord {
  const headers: Record<string, RecordHeaders[string]> = { ...extra.headers };
  for (const [k, v] of Object.entries(extra.headerTexts ?? {})) headers[k] = enc.encode(v);
  return {
    id: `${extra.partition ?? 0}:${extra.offset ?? 0}`,
    destination: 't',
    partition: 0,
    offset: 0,
    timestamp: 1000,
    size: 0,
    ...extra,
    key: extra.keyText !== undefined ? enc.encode(extra.keyText) : extra.key ?? null,
    value: value === null ? null : enc.encode(value),
    headers,
  };
}

const keep = (filter: BrowseFilter, r: BrokerRecord): boolean => compileFilter(filter)(r);
const expr = (expression: string, r: BrokerRecord): boolean => keep({ kind: 'expression', expression }, r);

describe('text filter', () => {
  it('matches a substring of the value, case-insensitive unless asked', () => {
    const r = rec('Order Shipped');
    assert.equal(keep({ kind: 'text', field: 'value', pattern: 'shipped' }, r), true);
    assert.equal(keep({ kind: 'text', field: 'value', pattern: 'shipped', caseSensitive: true }, r), false);
    assert.equal(keep({ kind: 'text', field: 'value', pattern: 'a.b' }, rec('axb')), false, 'a substring is literal, not a regex');
    assert.equal(keep({ kind: 'text', field: 'value', pattern: 'x' }, rec(null)), false, 'a tombstone has no text');
  });

  it('matches a regular expression, and refuses an invalid one before reading anything', () => {
    assert.equal(keep({ kind: 'text', field: 'value', pattern: '^id-\\d{3}$', regex: true }, rec('id-042')), true);
    assert.equal(keep({ kind: 'text', field: 'value', pattern: '^id-\\d{3}$', regex: true }, rec('id-0420')), false);
    assert.throws(() => compileFilter({ kind: 'text', field: 'value', pattern: '(', regex: true }), (e) => isBrokerError(e) && e.code === 'invalidInput' && e.message.includes('"("'));
  });

  it('matches the key, falling back to the routing key for messages without a key', () => {
    assert.equal(keep({ kind: 'text', field: 'key', pattern: 'cust-7' }, rec('v', { keyText: 'cust-7' })), true);
    assert.equal(keep({ kind: 'text', field: 'key', pattern: 'orders.eu' }, rec('v', { routingKey: 'orders.eu' })), true);
    assert.equal(keep({ kind: 'text', field: 'key', pattern: 'x' }, rec('v')), false);
  });

  it('matches one named header, or any header when no name is given', () => {
    const r = rec('v', { headerTexts: { trace: 'abc-123', tenant: 'acme' } });
    assert.equal(keep({ kind: 'text', field: 'header', header: 'trace', pattern: '123' }, r), true);
    assert.equal(keep({ kind: 'text', field: 'header', header: 'tenant', pattern: '123' }, r), false);
    assert.equal(keep({ kind: 'text', field: 'header', pattern: 'acme' }, r), true);
  });

  it('reads header values of every shape as text', () => {
    assert.equal(headerText(enc.encode('bytes')), 'bytes');
    assert.equal(headerText(42), '42');
    assert.equal(headerText(null), '');
    assert.equal(headerText([enc.encode('a'), 'b']), 'a\nb');
    assert.equal(headerText({ x: enc.encode('y') }), '{"x":"y"}');
    assert.equal(headerText(undefined), undefined);
  });
});

describe('expression filter', () => {
  const r = rec('{"order":{"id":42,"total":12.5,"tags":["vip","eu"]},"status":"SHIPPED"}', {
    keyText: 'cust-7', partition: 3, offset: 120, timestamp: 5000, headerTexts: { 'x-trace': 't-9', tenant: 'acme' },
  });

  it('compares fields, numbers and strings with == != < <= > >=', () => {
    assert.equal(expr('partition == 3', r), true);
    assert.equal(expr('offset >= 100 && offset < 121', r), true);
    assert.equal(expr('timestamp > 5000', r), false);
    assert.equal(expr('key == "cust-7"', r), true);
    assert.equal(expr("key != 'cust-7'", r), false);
    assert.equal(expr('partition <= 2', r), false);
  });

  it('reads JSON fields of the value, and headers by name', () => {
    assert.equal(expr('value.order.id == 42', r), true);
    assert.equal(expr('value.order.total > 10 && value.status == "SHIPPED"', r), true);
    assert.equal(expr('value["order"]["tags"][1] == "eu"', r), true);
    assert.equal(expr('headers.tenant == "acme"', r), true);
    assert.equal(expr('headers["x-trace"] == "t-9"', r), true);
    assert.equal(expr('headers.x-trace == "t-9"', r), true);
    assert.equal(expr('value.order.missing == null', r), true, 'a missing field is null');
    assert.equal(expr('value.order.id == 42', rec('not json')), false);
  });

  it('has contains, startsWith, endsWith, matches, lower and length, as functions or methods', () => {
    assert.equal(expr('contains(value, "SHIPPED")', r), true);
    assert.equal(expr('value.contains("SHIPPED")', r), true);
    assert.equal(expr('contains(value.order.tags, "vip")', r), true);
    assert.equal(expr('key.startsWith("cust-") && key.endsWith("7")', r), true);
    assert.equal(expr('matches(key, "^cust-\\\\d+$")', r), true);
    assert.equal(expr('headers.tenant.matches("^ac")', r), true);
    assert.equal(expr('lower(value.status) == "shipped"', r), true);
    assert.equal(expr('length(value.order.tags) == 2', r), true);
  });

  it('has &&, ||, ! and parentheses with the usual precedence', () => {
    assert.equal(expr('partition == 1 || partition == 3 && offset == 120', r), true);
    assert.equal(expr('(partition == 1 || partition == 3) && offset == 999', r), false);
    assert.equal(expr('!(partition == 3)', r), false);
    assert.equal(expr('!value.order.missing', r), true);
  });

  it('cannot reach anything but the record: no globals, no prototype properties, no calls but its own', () => {
    assert.equal(expr('value.constructor == null', r), true);
    assert.equal(expr('value.__proto__ == null', r), true);
    assert.equal(expr('value.order.toString == null', r), true);
    for (const bad of ['process.exit(1)', 'globalThis', 'require("fs")', 'value.constructor("x")', 'key; 1', 'eval("1")', 'x => 1']) {
      assert.throws(() => compileExpression(bad), ExpressionError, bad);
    }
  });

  it('reports where an expression is wrong, as invalidInput', () => {
    assert.throws(() => compileFilter({ kind: 'expression', expression: 'partition == ' }), (e) => isBrokerError(e) && e.code === 'invalidInput' && /column 14/.test(e.message));
    assert.throws(() => compileFilter({ kind: 'expression', expression: 'offset > 1 &&& x' }), (e) => isBrokerError(e) && e.code === 'invalidInput');
    assert.throws(() => compileFilter({ kind: 'expression', expression: 'matches(key, "(")' }), (e) => isBrokerError(e) && /regular expression/.test(e.message));
    assert.throws(() => compileExpression('('.repeat(100) + '1' + ')'.repeat(100)), /nested too deeply/);
    assert.throws(() => compileExpression('"unterminated'), /unterminated string/);
    assert.throws(() => compileExpression('contains(key)'), /takes 2 argument/);
  });
});
