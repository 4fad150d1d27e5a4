/**
 * SASL for connection.start-ok: PLAIN (RFC 4616: authzid NUL user NUL password, what amqplib, the
 * Java client and pika send by default) and RabbitMQ's AMQPLAIN (a field table without its length
 * prefix holding LOGIN and PASSWORD). The simulator's users are plain name/password pairs, guest/guest
 * unless the listener is given others.
 */
import { decodeTable } from './codec.js';
import { commandInvalid } from './replyCodes.js';

/** A user the listener accepts. */
export interface WireUser {
  readonly username: string;
  readonly password: string;
}

/** The mechanisms offered in connection.start, in order of preference. */
export const MECHANISMS = ['PLAIN', 'AMQPLAIN'] as const;

/** Credentials read from a start-ok response. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Reads the credentials of a start-ok. Throws 503 (as RabbitMQ does) for a mechanism it does not
 * offer; returns undefined for a response that does not parse (the login is then refused).
 */
export function readCredentials(mechanism: string, response: Buffer): Credentials | undefined {
  if (mechanism === 'PLAIN') {
    const parts = response.toString('utf8').split('\0');
    if (parts.length !== 3) return undefined;
    return { username: parts[1]!, password: parts[2]! };
  }
  if (mechanism === 'AMQPLAIN') {
    let table: Record<string, unknown>;
    try {
      table = decodeTable(response);
    } catch {
      return undefined;
    }
    const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : undefined);
    const username = text(table['LOGIN']);
    const password = text(table['PASSWORD']);
    return username === undefined || password === undefined ? undefined : { username, password };
  }
  throw commandInvalid(`unknown authentication mechanism '${mechanism}'`);
}

/** True when the credentials name one of the users (compared in constant time per user). */
export function authenticate(users: readonly WireUser[], c: Credentials): boolean {
  let ok = false;
  for (const u of users) if (sameText(u.username, c.username) && sameText(u.password, c.password)) ok = true;
  return ok;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
