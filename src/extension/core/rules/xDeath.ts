/**
 * RabbitMQ's x-death header, read once for the real adapter (amqplib's decoded headers) and the
 * simulator (the engine writes x-death the way rabbit_dead_letter does). RabbitMQ writes an array of
 * tables, newest death first, one per (queue, reason), with `count` a long and `time` an AMQP
 * timestamp in seconds. Decoders differ in how those arrive: amqplib gives a timestamp as a plain
 * number or as `{ '!': 'timestamp', value }`, a long as a number (or a bigint, or a numeric string from
 * a re-encoded message), so every form is accepted here; the simulator's old copy dropped a numeric
 * time and a string count.
 */
import type { DeathRecord } from '../model/adapter.js';

const REASONS: ReadonlySet<string> = new Set(['rejected', 'expired', 'maxlen', 'delivery_limit']);

/** A number out of a decoded AMQP field: number, bigint, numeric string, or a typed `{ value }` wrapper. */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === 'object' && value !== null && 'value' in value) return numeric((value as { value: unknown }).value);
  return undefined;
}

/** Parses x-death (newest first, as RabbitMQ orders it); `time` becomes milliseconds. */
export function parseDeaths(headers: Readonly<Record<string, unknown>> | undefined): DeathRecord[] {
  const raw = headers?.['x-death'];
  if (!Array.isArray(raw)) return [];
  const out: DeathRecord[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const reason = String(e['reason'] ?? '');
    const seconds = numeric(e['time']);
    const keys = e['routing-keys'];
    out.push({
      queue: String(e['queue'] ?? ''),
      reason: (REASONS.has(reason) ? reason : 'rejected') as DeathRecord['reason'],
      count: numeric(e['count']) ?? 1,
      exchange: String(e['exchange'] ?? ''),
      routingKeys: Array.isArray(keys) ? keys.map(String) : [],
      ...(seconds === undefined ? {} : { time: seconds * 1000 }),
    });
  }
  return out;
}

/** Where the newest death came from: its exchange and first routing key (what "move back" targets). */
export function originOfDeath(headers: Readonly<Record<string, unknown>> | undefined): { exchange: string; routingKey: string } | undefined {
  const [latest] = parseDeaths(headers);
  return latest ? { exchange: latest.exchange, routingKey: latest.routingKeys[0] ?? '' } : undefined;
}

/** Why a message without x-death cannot be moved back "to where it came from" (both adapters say it). */
export const NO_ORIGIN_REASON = 'it has no x-death header naming where it came from; move it to an explicit exchange instead.';
