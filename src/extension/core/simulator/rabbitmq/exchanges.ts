/**
 * Exchanges, bindings and routing, as rabbit_exchange:route/2 (RabbitMQ 3.10) does it:
 *
 * - default exchange (''): each routing key names a queue; no bindings, no alternate exchange;
 * - direct: bindings whose key equals a routing key; fanout: every binding; topic: the trie in
 *   topicMatcher.ts; headers: headersMatcher.ts (the routing key is ignored);
 * - a message carries several routing keys when published with CC/BCC headers;
 * - exchange-to-exchange bindings are followed breadth-first with a set of exchanges already seen,
 *   so cycles end, and every queue is collected once however many paths reach it;
 * - an exchange whose bindings matched nothing at all (neither queue nor exchange) passes the
 *   message to its alternate-exchange, when that exchange exists (`process_alternate/2`).
 */
import type { HeaderValue } from '../../model/message.js';
import { compileHeadersBinding, matchHeaders } from './headersMatcher.js';
import type { CompiledHeadersBinding } from './headersMatcher.js';
import { canonicalArgs } from './amqpValues.js';
import { TopicTrie } from './topicMatcher.js';
import type { RabbitQueue } from './queue.js';

/** Exchange types the model implements. */
export type RabbitExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

/** What a binding must carry for matching. */
export interface MatchableBinding {
  readonly routingKey: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

const TOPIC_CACHE_LIMIT = 4096;

/**
 * The bindings of one exchange, indexed for its type. Used by the engine's routing and by
 * explainRoute, so both answer the same way.
 */
export class BindingMatcher<B extends MatchableBinding> {
  readonly bindings: B[] = [];
  private readonly direct = new Map<string, B[]>();
  private readonly topic = new TopicTrie<B>();
  /** Topic results per routing key; cleared whenever bindings change. */
  private readonly topicCache = new Map<string, B[]>();
  /** Cache hits since the cache was last cleared, and lookups left before caching is tried again. */
  private cacheHits = 0;
  private cachePause = 0;
  private readonly headers = new Map<B, CompiledHeadersBinding>();

  constructor(readonly type: RabbitExchangeType) {}

  add(b: B): void {
    this.bindings.push(b);
    if (this.type === 'direct') {
      const list = this.direct.get(b.routingKey);
      if (list) list.push(b);
      else this.direct.set(b.routingKey, [b]);
    } else if (this.type === 'topic') {
      this.topic.add(b.routingKey, b);
      this.topicCache.clear();
    } else if (this.type === 'headers') {
      this.headers.set(b, compileHeadersBinding(b.arguments));
    }
  }

  remove(b: B): void {
    const i = this.bindings.indexOf(b);
    if (i < 0) return;
    this.bindings.splice(i, 1);
    if (this.type === 'direct') {
      const list = this.direct.get(b.routingKey)!;
      list.splice(list.indexOf(b), 1);
      if (list.length === 0) this.direct.delete(b.routingKey);
    } else if (this.type === 'topic') {
      this.topic.remove(b.routingKey, b);
      this.topicCache.clear();
    } else if (this.type === 'headers') {
      this.headers.delete(b);
    }
  }

  /** Appends the bindings matching a message to `out` (a binding may appear once per routing key). */
  match(routingKeys: readonly string[], headers: Readonly<Record<string, HeaderValue>> | undefined, out: B[]): void {
    switch (this.type) {
      case 'fanout':
        for (const b of this.bindings) out.push(b);
        return;
      case 'direct':
        for (let i = 0; i < routingKeys.length; i++) {
          const list = this.direct.get(routingKeys[i]!);
          if (list) for (const b of list) out.push(b);
        }
        return;
      case 'topic':
        for (let i = 0; i < routingKeys.length; i++) {
          const key = routingKeys[i]!;
          if (this.cachePause > 0) {
            // Keys rarely repeat here: caching would cost more than the trie walk it saves.
            this.cachePause--;
            this.topic.match(key, out);
            continue;
          }
          let hits = this.topicCache.get(key);
          if (hits) this.cacheHits++;
          else {
            hits = [];
            this.topic.match(key, hits);
            if (this.topicCache.size >= TOPIC_CACHE_LIMIT) {
              if (this.cacheHits < TOPIC_CACHE_LIMIT) this.cachePause = 16 * TOPIC_CACHE_LIMIT;
              this.topicCache.clear();
              this.cacheHits = 0;
            }
            this.topicCache.set(key, hits);
          }
          for (let j = 0; j < hits.length; j++) out.push(hits[j]!);
        }
        return;
      case 'headers':
        for (const b of this.bindings) if (matchHeaders(this.headers.get(b)!, headers)) out.push(b);
        return;
    }
  }
}

/** A binding inside the engine. */
export interface EngineBinding extends MatchableBinding {
  readonly source: ExchangeState;
  readonly destination: RabbitQueue | ExchangeState;
  readonly destinationType: 'queue' | 'exchange';
  /** Identity: (source, destination, key, canonical arguments). */
  readonly identity: string;
}

/** Identity of a binding for duplicate detection and unbind. */
export function bindingIdentity(destinationType: string, destination: string, routingKey: string, args: Readonly<Record<string, unknown>>): string {
  return `${destinationType}\u0000${destination}\u0000${routingKey}\u0000${canonicalArgs(args)}`;
}

/** An exchange. */
export class ExchangeState {
  readonly matcher: BindingMatcher<EngineBinding>;
  /** Bindings where this exchange is the destination (removed when it is deleted). */
  readonly incoming = new Set<EngineBinding>();
  private readonly byIdentity = new Map<string, EngineBinding>();
  routeMark = 0;
  deleted = false;

  constructor(
    readonly name: string,
    readonly type: RabbitExchangeType,
    readonly durable: boolean,
    readonly autoDelete: boolean,
    readonly internal: boolean,
    readonly args: Readonly<Record<string, unknown>>,
  ) {
    this.matcher = new BindingMatcher<EngineBinding>(type);
  }

  /** The alternate-exchange argument, when set. */
  get alternateExchange(): string | undefined {
    const ae = this.args['alternate-exchange'];
    return typeof ae === 'string' ? ae : undefined;
  }

  find(identity: string): EngineBinding | undefined {
    return this.byIdentity.get(identity);
  }

  addBinding(b: EngineBinding): void {
    this.byIdentity.set(b.identity, b);
    this.matcher.add(b);
  }

  removeBinding(b: EngineBinding): void {
    this.byIdentity.delete(b.identity);
    this.matcher.remove(b);
  }
}

/** Where routing looks exchanges and queues up. */
export interface RoutingTables {
  readonly exchanges: ReadonlyMap<string, ExchangeState>;
  readonly queues: ReadonlyMap<string, RabbitQueue>;
}

let routeEpoch = 0;
const scratch: EngineBinding[] = [];

/**
 * The queues a message published to `start` reaches, each once, sorted by name as RabbitMQ's
 * lists:usort/1 leaves them.
 */
export function routeToQueues(
  tables: RoutingTables,
  start: ExchangeState,
  routingKeys: readonly string[],
  headers: Readonly<Record<string, HeaderValue>> | undefined,
): RabbitQueue[] {
  const epoch = ++routeEpoch;
  const queues: RabbitQueue[] = [];
  if (start.name === '') {
    for (const key of routingKeys) {
      const q = tables.queues.get(key);
      if (q && q.routeMark !== epoch) {
        q.routeMark = epoch;
        queues.push(q);
      }
    }
  } else {
    start.routeMark = epoch;
    let work: ExchangeState[] | undefined;
    let x: ExchangeState | undefined = start;
    while (x) {
      scratch.length = 0;
      x.matcher.match(routingKeys, headers, scratch);
      if (scratch.length === 0) {
        const aeName = x.alternateExchange;
        const ae = aeName === undefined ? undefined : tables.exchanges.get(aeName);
        if (ae && ae.routeMark !== epoch) {
          ae.routeMark = epoch;
          (work ??= []).push(ae);
        }
      }
      for (let i = 0; i < scratch.length; i++) {
        const dest = scratch[i]!.destination;
        if (dest.routeMark === epoch) continue;
        dest.routeMark = epoch;
        if (dest instanceof ExchangeState) (work ??= []).push(dest);
        else queues.push(dest);
      }
      x = work?.shift();
    }
    scratch.length = 0;
  }
  if (queues.length > 1) queues.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return queues;
}
