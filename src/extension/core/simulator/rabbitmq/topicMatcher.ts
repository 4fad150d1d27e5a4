/**
 * Topic matching as RabbitMQ 3.x does it (rabbit_exchange_type_topic.erl): binding keys are stored
 * in a trie over words, compiled once per binding change, and a routing key is matched by walking
 * the trie, never by a regex per binding per message.
 *
 * Words are split on '.' exactly like `split_topic_key/1`: the empty key has zero words, and every
 * dot separates two words even when they are empty, so 'a..b' is ['a', '', 'b'], '.a' is ['', 'a'],
 * 'a.' is ['a', ''] and '.' is ['', '']. `*` matches exactly one word (an empty word included), `#`
 * matches zero or more words. The walk mirrors `trie_match/4` and `trie_match_skip_any/4`: at each
 * node the literal word, `*` and `#` children are tried. The behaviour was checked against
 * RabbitMQ 3.10.8 (see test/unit/simulator/rabbitmq/topicMatcher.test.ts for the table).
 */

/** Splits a topic routing or binding key into words the way RabbitMQ does. */
export function splitTopicKey(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

class TopicNode<T> {
  children: Map<string, TopicNode<T>> | undefined;
  values: T[] | undefined;
}

/**
 * A trie of topic binding keys. `T` is what a binding leads to (a binding record); the same value
 * may be added under several keys and is reported once per matching key (callers dedupe).
 */
export class TopicTrie<T> {
  private readonly root = new TopicNode<T>();
  private size = 0;

  /** Number of (key, value) entries. */
  get count(): number {
    return this.size;
  }

  add(bindingKey: string, value: T): void {
    let node = this.root;
    for (const word of splitTopicKey(bindingKey)) {
      node.children ??= new Map();
      let child = node.children.get(word);
      if (!child) {
        child = new TopicNode<T>();
        node.children.set(word, child);
      }
      node = child;
    }
    (node.values ??= []).push(value);
    this.size++;
  }

  /** Removes one (key, value) entry; prunes empty branches. Returns false when absent. */
  remove(bindingKey: string, value: T): boolean {
    const words = splitTopicKey(bindingKey);
    const path: TopicNode<T>[] = [this.root];
    let node = this.root;
    for (const word of words) {
      const child = node.children?.get(word);
      if (!child) return false;
      node = child;
      path.push(node);
    }
    const index = node.values ? node.values.indexOf(value) : -1;
    if (index < 0) return false;
    node.values!.splice(index, 1);
    if (node.values!.length === 0) node.values = undefined;
    this.size--;
    for (let i = words.length; i > 0; i--) {
      const n = path[i]!;
      if (n.values || (n.children && n.children.size > 0)) break;
      path[i - 1]!.children!.delete(words[i - 1]!);
    }
    return true;
  }

  /** Appends every value whose binding key matches `routingKey` to `out` (duplicates possible). */
  match(routingKey: string, out: T[]): void {
    if (this.size === 0) return;
    this.walk(this.root, splitTopicKey(routingKey), 0, out);
  }

  private walk(node: TopicNode<T>, words: readonly string[], i: number, out: T[]): void {
    const children = node.children;
    if (i === words.length) {
      if (node.values) for (const v of node.values) out.push(v);
      const hash = children?.get('#');
      if (hash) this.skipAny(hash, words, i, out);
      return;
    }
    if (!children) return;
    const word = words[i]!;
    const exact = children.get(word);
    if (exact) this.walk(exact, words, i + 1, out);
    const star = children.get('*');
    if (star) this.walk(star, words, i + 1, out);
    const hash = children.get('#');
    if (hash) this.skipAny(hash, words, i, out);
  }

  /** `#` swallows zero, one, ... all remaining words. */
  private skipAny(node: TopicNode<T>, words: readonly string[], i: number, out: T[]): void {
    for (let j = i; j <= words.length; j++) this.walk(node, words, j, out);
  }
}

/** True when `bindingKey` matches `routingKey` (a one-off check; routing uses a {@link TopicTrie}). */
export function topicMatches(bindingKey: string, routingKey: string): boolean {
  const trie = new TopicTrie<true>();
  trie.add(bindingKey, true);
  const out: true[] = [];
  trie.match(routingKey, out);
  return out.length > 0;
}
