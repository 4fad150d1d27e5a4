/**
 * The routing explainer: which bindings of which exchanges a message would match, and which queues
 * would get a copy. A pure function over plain lists (ExchangeInfo, BindingInfo, queue names), so
 * the real-RabbitMQ adapter can feed it what the management API lists; it walks the exchange graph
 * the same way the engine routes (exchanges.ts) and matches with the same BindingMatcher.
 */
import type { BindingInfo, ExchangeInfo, RouteExplanation, RouteQuestion, RouteStep } from '../../model/topology.js';
import { notFound } from './amqpError.js';
import { BindingMatcher } from './exchanges.js';
import type { RabbitExchangeType } from './exchanges.js';
import type { HeaderValue } from '../../model/message.js';

/** What the explainer needs to know about a vhost. */
export interface RouteTopology {
  readonly exchanges: readonly ExchangeInfo[];
  readonly bindings: readonly BindingInfo[];
  /** Names of existing queues (the default exchange routes only to these). */
  readonly queues: readonly string[];
}

const KNOWN_TYPES: readonly string[] = ['direct', 'fanout', 'topic', 'headers'];

/** The publish routing key followed by CC and BCC header keys, as RabbitMQ routes with them. */
export function routingKeysOf(routingKey: string, headers: Readonly<Record<string, unknown>> | undefined): string[] {
  const keys = [routingKey];
  for (const h of ['CC', 'BCC']) {
    const v = headers?.[h];
    if (Array.isArray(v)) for (const k of v) if (typeof k === 'string') keys.push(k);
  }
  return keys;
}

/**
 * Explains where a message would go. Throws an AmqpError (404) when the exchange does not exist,
 * as publishing to it would.
 */
export function explainRoute(topology: RouteTopology, question: RouteQuestion): RouteExplanation {
  const exchanges = new Map<string, ExchangeInfo>();
  for (const x of topology.exchanges) exchanges.set(x.name, x);
  const queueSet = new Set(topology.queues);
  const start = exchanges.get(question.exchange) ?? (question.exchange === '' ? defaultExchange() : undefined);
  if (!start) throw notFound('exchange', question.exchange);
  const keys = routingKeysOf(question.routingKey, question.headers);
  const headers = question.headers as Readonly<Record<string, HeaderValue>> | undefined;
  const steps: RouteStep[] = [];
  const queues = new Set<string>();

  if (start.name === '') {
    const matched: BindingInfo[] = [];
    for (const key of new Set(keys)) {
      if (queueSet.has(key)) {
        matched.push({ source: '', destination: key, destinationType: 'queue', routingKey: key, arguments: {} });
        queues.add(key);
      }
    }
    steps.push({ exchange: '', exchangeType: 'direct', matched, unmatched: [] });
    return { steps, queues: [...queues].sort(), unroutable: queues.size === 0 };
  }

  const seen = new Set<string>([start.name]);
  const work: ExchangeInfo[] = [start];
  for (let x = work.shift(); x; x = work.shift()) {
    const own = topology.bindings.filter((b) => b.source === x!.name);
    const type = KNOWN_TYPES.includes(x.type) ? (x.type as RabbitExchangeType) : undefined;
    const hits: BindingInfo[] = [];
    if (type) {
      const matcher = new BindingMatcher<BindingInfo>(type);
      for (const b of own) matcher.add(b);
      matcher.match(keys, headers, hits);
    }
    const matched = [...new Set(hits)];
    const unmatched = own.filter((b) => !matched.includes(b));
    let alternate: string | undefined;
    if (matched.length === 0) {
      const ae = x.arguments['alternate-exchange'];
      if (typeof ae === 'string' && exchanges.has(ae)) {
        alternate = ae;
        if (!seen.has(ae)) {
          seen.add(ae);
          work.push(exchanges.get(ae)!);
        }
      }
    }
    for (const b of matched) {
      if (b.destinationType === 'queue') {
        if (queueSet.has(b.destination)) queues.add(b.destination);
      } else if (!seen.has(b.destination) && exchanges.has(b.destination)) {
        seen.add(b.destination);
        work.push(exchanges.get(b.destination)!);
      }
    }
    steps.push(alternate === undefined
      ? { exchange: x.name, exchangeType: x.type, matched, unmatched }
      : { exchange: x.name, exchangeType: x.type, matched, unmatched, alternateExchange: alternate });
  }
  return { steps, queues: [...queues].sort(), unroutable: queues.size === 0 };
}

function defaultExchange(): ExchangeInfo {
  return { name: '', type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} };
}
