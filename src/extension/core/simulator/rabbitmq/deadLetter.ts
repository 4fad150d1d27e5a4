/**
 * Dead-lettering as rabbit_dead_letter.erl (RabbitMQ 3.10) writes it, checked against 3.10.8:
 *
 * - The new message goes to the queue's x-dead-letter-exchange with [x-dead-letter-routing-key] when
 *   set (and the CC header removed), otherwise with all the original routing keys (CC and BCC too).
 * - The `expiration` property is removed; its value is kept as `original-expiration` in the entry.
 * - x-death is an array of tables, newest first. An entry is per (queue, reason): dying again in the
 *   same queue for the same reason increments `count` and moves that entry to the front, keeping
 *   its first `time`, `exchange` and `routing-keys`. The very first entry keeps RabbitMQ's
 *   insertion order (count, reason, queue, time, exchange, routing-keys); every later write
 *   stores the entry with sorted keys, exactly as `rabbit_misc:sort_field_table/1` leaves it.
 * - `routing-keys` holds the publish routing key followed by the CC keys.
 * - x-first-death-reason / -queue / -exchange are set once, on the first death.
 * - Cycle: a message dead-lettered for any reason but 'rejected' is dropped for a target queue that
 *   already appears in x-death when no entry up to and including that queue's is 'rejected'
 *   (`is_cycle/2`); so a queue dead-lettering expired messages to itself drops them.
 */
import type { HeaderValue } from '../../model/message.js';
import { amqpTimestamp } from './amqpValues.js';
import type { AmqpHeaders, DeathReason, StoredMessage } from './types.js';

type Table = Record<string, HeaderValue>;

function ccKeys(headers: AmqpHeaders | undefined): string[] {
  const cc = headers?.['CC'];
  return Array.isArray(cc) ? cc.filter((k): k is string => typeof k === 'string') : [];
}

function sortTable(t: Table): Table {
  const out: Table = {};
  for (const k of Object.keys(t).sort()) out[k] = t[k]!;
  return out;
}

/** Builds the message a queue dead-letters. `id` is the new engine message id. */
export function deadLetterMessage(
  msg: StoredMessage,
  reason: DeathReason,
  queue: string,
  dlx: string,
  dlRoutingKey: string | undefined,
  timeMs: number,
  id: number,
): StoredMessage {
  const old = msg.headers ?? {};
  const info: Table = {
    reason,
    queue,
    time: amqpTimestamp(timeMs) as unknown as HeaderValue,
    exchange: msg.exchange,
    'routing-keys': [msg.routingKey, ...ccKeys(msg.headers)],
  };
  if (msg.properties.expiration !== undefined) info['original-expiration'] = msg.properties.expiration;

  const headers: Table = {};
  const previous = old['x-death'];
  if (!Array.isArray(previous)) {
    headers['x-death'] = [{ count: 1, ...info }];
    for (const [k, v] of Object.entries(old)) if (k !== 'x-death') headers[k] = v;
    headers['x-first-death-exchange'] = msg.exchange;
    headers['x-first-death-queue'] = queue;
    headers['x-first-death-reason'] = reason;
  } else {
    const tables = previous as readonly Table[];
    const index = tables.findIndex((t) => t['queue'] === queue && t['reason'] === reason);
    let entry: Table;
    if (index >= 0) {
      const found = tables[index]!;
      const count = typeof found['count'] === 'number' ? found['count'] + 1 : 1;
      entry = sortTable({ ...found, count });
    } else {
      entry = sortTable({ count: 1, ...info });
    }
    const others = tables.filter((_, i) => i !== index);
    for (const [k, v] of Object.entries(old)) headers[k] = k === 'x-death' ? [entry, ...others] : v;
  }
  if (dlRoutingKey !== undefined) delete headers['CC'];

  const { expiration: _dropped, ...properties } = msg.properties;
  return {
    id,
    exchange: dlx,
    routingKey: dlRoutingKey ?? msg.routingKey,
    routingKeys: dlRoutingKey !== undefined ? [dlRoutingKey] : msg.routingKeys,
    properties,
    headers,
    body: msg.body,
    ttl: -1,
    persistent: msg.persistent,
    publishedAt: msg.publishedAt,
    encoded: msg.encoded,
    modified: true,
  };
}

/** rabbit_dead_letter:is_cycle/2 for a target queue, given the already updated x-death. */
export function isDeadLetterCycle(reason: DeathReason, headers: AmqpHeaders | undefined, targetQueue: string): boolean {
  if (reason === 'rejected') return false;
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths)) return false;
  for (const d of deaths as readonly Table[]) {
    if (d['reason'] === 'rejected') return false;
    if (d['queue'] === targetQueue) return true;
  }
  return false;
}
