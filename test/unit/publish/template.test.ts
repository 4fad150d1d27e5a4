import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate, seededRandom, TemplateError } from '../../../src/extension/core/publish/template.js';

const NOW = Date.UTC(2026, 11, 5, 6, 0, 0);

describe('message templates', () => {
  it('keeps text without placeholders as it is, and says it is not dynamic', () => {
    const t = parseTemplate('{"plain": "json"}');
    assert.equal(t.dynamic, false);
    assert.equal(t.expand(7), '{"plain": "json"}');
  });

  it('numbers messages with {{seq}} from 1 and {{index}} from 0', () => {
    const t = parseTemplate('order-{{seq}}/{{index}}');
    assert.equal(t.dynamic, true);
    assert.deepEqual([0, 1, 99].map((i) => t.expand(i)), ['order-1/0', 'order-2/1', 'order-100/99']);
  });

  it('writes the time as ISO 8601 and in milliseconds', () => {
    assert.equal(parseTemplate('{{now}}|{{nowMs}}').expand(0, undefined, NOW), '2026-12-05T06:00:00.000Z|' + NOW);
  });

  it('draws integers within MIN..MAX inclusive, reaching both ends', () => {
    const t = parseTemplate('{{int:-2:3}}');
    const random = seededRandom(42);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(Number(t.expand(i, random)));
    assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2, 3]);
  });

  it('picks every listed value and nothing else', () => {
    const t = parseTemplate('{{pick:EUR|USD|BDT}}');
    const random = seededRandom(7);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(t.expand(i, random));
    assert.deepEqual([...seen].sort(), ['BDT', 'EUR', 'USD']);
  });

  it('makes version-4 UUIDs, different for each message', () => {
    const t = parseTemplate('{{uuid}}');
    const a = t.expand(0);
    const b = t.expand(1);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
    assert.match(seededRandom(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes a literal {{ for \\{{', () => {
    assert.equal(parseTemplate('\\{{seq}} is {{seq}}').expand(4), '{{seq}} is 5');
  });

  it('refuses unknown, unclosed and inverted placeholders with the position', () => {
    assert.throws(() => parseTemplate('ab {{sequence}}'), (e: unknown) => e instanceof TemplateError && e.offset === 3 && /Unknown placeholder \{\{sequence\}\} at character 4/.test(e.message));
    assert.throws(() => parseTemplate('x {{seq'), (e: unknown) => e instanceof TemplateError && /not closed/.test(e.message));
    assert.throws(() => parseTemplate('{{int:5:1}}'), (e: unknown) => e instanceof TemplateError && /MIN ≤ MAX/.test(e.message));
    assert.throws(() => parseTemplate('{{pick:}}'), (e: unknown) => e instanceof TemplateError && /lists no values/.test(e.message));
  });
});
