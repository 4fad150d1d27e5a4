/**
 * Topic matching. The table was recorded from RabbitMQ 3.10.8: one topic exchange, one queue per
 * binding key, each routing key published once, and the queues that received it listed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TopicTrie, splitTopicKey, topicMatches } from '../../../../src/extension/core/simulator/rabbitmq/topicMatcher.js';

const PATTERNS = ['', '#', '*', '#.#', '*.*', 'a', 'a.*', 'a.#', '#.a', '*.a', 'a.*.b', 'a.#.b', 'a..b', 'a.*.*', '.a', 'a.', '.', '*.', '.*', '#.', '.#', '#.*', '*.#', '#.#.a', 'a.#.#', '#.*.#', 'a.b.c', '*.*.*'];

/** Routing key → binding keys that matched it on RabbitMQ 3.10.8. */
const OBSERVED: Readonly<Record<string, readonly string[]>> = {
  '': ['', '#', '#.#'],
  a: ['#', '*', '#.#', 'a', 'a.#', '#.a', '#.*', '*.#', '#.#.a', 'a.#.#', '#.*.#'],
  b: ['#', '*', '#.#', '#.*', '*.#', '#.*.#'],
  'a.b': ['#', '#.#', '*.*', 'a.*', 'a.#', 'a.#.b', '#.*', '*.#', 'a.#.#', '#.*.#'],
  'a.b.c': ['#', '#.#', 'a.#', 'a.*.*', '#.*', '*.#', 'a.#.#', '#.*.#', 'a.b.c', '*.*.*'],
  'a..b': ['#', '#.#', 'a.#', 'a.*.b', 'a.#.b', 'a..b', 'a.*.*', '#.*', '*.#', 'a.#.#', '#.*.#', '*.*.*'],
  'a.x.b': ['#', '#.#', 'a.#', 'a.*.b', 'a.#.b', 'a.*.*', '#.*', '*.#', 'a.#.#', '#.*.#', '*.*.*'],
  'a.x.y.b': ['#', '#.#', 'a.#', 'a.#.b', '#.*', '*.#', 'a.#.#', '#.*.#'],
  '.a': ['#', '#.#', '*.*', '#.a', '*.a', '.a', '.*', '.#', '#.*', '*.#', '#.#.a', '#.*.#'],
  'a.': ['#', '#.#', '*.*', 'a.*', 'a.#', 'a.', '*.', '#.', '#.*', '*.#', 'a.#.#', '#.*.#'],
  '.': ['#', '#.#', '*.*', '.', '*.', '.*', '#.', '.#', '#.*', '*.#', '#.*.#'],
  '..': ['#', '#.#', '#.', '.#', '#.*', '*.#', '#.*.#', '*.*.*'],
  'x.a': ['#', '#.#', '*.*', '#.a', '*.a', '#.*', '*.#', '#.#.a', '#.*.#'],
  'a.b.b': ['#', '#.#', 'a.#', 'a.*.b', 'a.#.b', 'a.*.*', '#.*', '*.#', 'a.#.#', '#.*.#', '*.*.*'],
  'a.a': ['#', '#.#', '*.*', 'a.*', 'a.#', '#.a', '*.a', '#.*', '*.#', '#.#.a', 'a.#.#', '#.*.#'],
  '#': ['#', '*', '#.#', '#.*', '*.#', '#.*.#'],
  '*': ['#', '*', '#.#', '#.*', '*.#', '#.*.#'],
  'a.#': ['#', '#.#', '*.*', 'a.*', 'a.#', '#.*', '*.#', 'a.#.#', '#.*.#'],
  'a.*': ['#', '#.#', '*.*', 'a.*', 'a.#', '#.*', '*.#', 'a.#.#', '#.*.#'],
};

function matchAll(trie: TopicTrie<string>, key: string): string[] {
  const out: string[] = [];
  trie.match(key, out);
  return [...new Set(out)].sort();
}

/** An independent reference: plain recursion over words, no trie. */
function reference(pattern: readonly string[], words: readonly string[]): boolean {
  if (pattern.length === 0) return words.length === 0;
  const [p, ...rest] = pattern;
  if (p === '#') {
    for (let i = 0; i <= words.length; i++) if (reference(rest, words.slice(i))) return true;
    return false;
  }
  if (words.length === 0) return false;
  return (p === '*' || p === words[0]) && reference(rest, words.slice(1));
}

describe('topic matcher', () => {
  it('splits keys on every dot, keeping empty words, and the empty key has no words', () => {
    assert.deepEqual(splitTopicKey(''), []);
    assert.deepEqual(splitTopicKey('a..b'), ['a', '', 'b']);
    assert.deepEqual(splitTopicKey('.a'), ['', 'a']);
    assert.deepEqual(splitTopicKey('a.'), ['a', '']);
    assert.deepEqual(splitTopicKey('.'), ['', '']);
  });

  const trie = new TopicTrie<string>();
  for (const p of PATTERNS) trie.add(p, p);
  for (const [key, expected] of Object.entries(OBSERVED)) {
    it(`routes '${key}' to exactly the bindings RabbitMQ 3.10.8 chose`, () => {
      assert.deepEqual(matchAll(trie, key), [...expected].sort());
    });
  }

  it('agrees with an independent recursive matcher on random keys over a, b, *, # and empty words', () => {
    const word = fc.constantFrom('a', 'b', '', '*', '#');
    const key = fc.array(word, { maxLength: 5 }).map((w) => w.join('.'));
    fc.assert(fc.property(key, key, (pattern, routingKey) => {
      const expected = reference(splitTopicKey(pattern), splitTopicKey(routingKey));
      assert.equal(topicMatches(pattern, routingKey), expected, `pattern '${pattern}' key '${routingKey}'`);
    }), { numRuns: 3000 });
  });

  it('stops matching a removed binding and prunes without disturbing others', () => {
    const t = new TopicTrie<string>();
    t.add('a.*', 'q1');
    t.add('a.*', 'q2');
    t.add('a.b.#', 'q3');
    assert.equal(t.remove('a.*', 'q1'), true);
    assert.equal(t.remove('a.*', 'q1'), false);
    assert.deepEqual(matchAll(t, 'a.b'), ['q2', 'q3']);
    t.remove('a.b.#', 'q3');
    assert.deepEqual(matchAll(t, 'a.b.c'), []);
    assert.equal(t.count, 1);
  });

  it('reports a value once per matching binding key, so callers can dedupe', () => {
    const t = new TopicTrie<string>();
    t.add('a.*', 'q');
    t.add('#', 'q');
    const out: string[] = [];
    t.match('a.b', out);
    assert.deepEqual(out.sort(), ['q', 'q']);
  });
});
