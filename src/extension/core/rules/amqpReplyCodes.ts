/**
 * AMQP 0-9-1 reply codes, with RabbitMQ's use of them: the one table for the real RabbitMQ adapter
 * (which reads them out of amqplib's errors), the simulator's RabbitMQ model (which raises them), the
 * simulator adapter, and the AMQP wire listener (which sends them). What a user reads for a reply is
 * decided here too, so "no queue", "inequivalent arg" or "access refused" read the same whether the
 * broker was real or simulated.
 */
import { BrokerError, describeCause, type BrokerErrorCode } from '../model/errors.js';

/** Reply codes (AMQP 0-9-1 constants). */
export const Reply = {
  SUCCESS: 200,
  NO_ROUTE: 312,
  CONNECTION_FORCED: 320,
  ACCESS_REFUSED: 403,
  NOT_FOUND: 404,
  RESOURCE_LOCKED: 405,
  PRECONDITION_FAILED: 406,
  FRAME_ERROR: 501,
  SYNTAX_ERROR: 502,
  COMMAND_INVALID: 503,
  CHANNEL_ERROR: 504,
  UNEXPECTED_FRAME: 505,
  RESOURCE_ERROR: 506,
  NOT_ALLOWED: 530,
  NOT_IMPLEMENTED: 540,
  INTERNAL_ERROR: 541,
} as const;

/** One of {@link Reply}. */
export type ReplyCodeValue = (typeof Reply)[keyof typeof Reply];

const NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(Reply).map(([k, v]) => [v, k]));

/** Symbolic name of a reply code, e.g. 404 → 'NOT_FOUND'. */
export function replyName(code: number): string {
  return NAMES[code] ?? String(code);
}

/** Whether a reply closes the channel (soft) or the whole connection (hard), as RabbitMQ does it. */
export function replyScope(code: number): 'channel' | 'connection' {
  return code >= 500 || code === Reply.CONNECTION_FORCED ? 'connection' : 'channel';
}

/** What failed, for the sentence: "Declaring queue 'orders'". */
export interface ReplyContext {
  readonly action: string;
}

/** "queue 'x' in vhost '/'" → { kind: 'queue', name: 'x', vhost: '/' }. */
export function parseResource(text: string): { kind: string; name: string; vhost: string } | undefined {
  const m = /(queue|exchange|vhost) '((?:[^']|'(?! in vhost))*)' in vhost '([^']*)'/.exec(text);
  return m ? { kind: m[1]!, name: m[2]!, vhost: m[3]! } : undefined;
}

/**
 * A channel or connection close from RabbitMQ (real or simulated) as one BrokerError sentence: what
 * failed, why, what to do. `text` is RabbitMQ's reply text ("NOT_FOUND - no queue 'q' in vhost '/'").
 * Undefined for a code this table has no sentence for (the caller says something generic).
 */
export function replyError(code: number, text: string, ctx: ReplyContext, cause: unknown): BrokerError | undefined {
  const res = parseResource(text);
  const what = res ? `${res.kind} '${res.name}' in vhost '${res.vhost}'` : 'the resource';
  const make = (kind: BrokerErrorCode, sentence: string): BrokerError => new BrokerError(kind, sentence, { cause, detail: describeCause(cause) });
  switch (code) {
    case Reply.NOT_FOUND:
      return make('notFound', `${ctx.action} failed: ${what} does not exist; check the name, or create it first.`);
    case Reply.PRECONDITION_FAILED: {
      const arg = /inequivalent arg '([^']+)'.*?received (.+?) but current is (.+?)$/s.exec(text);
      if (arg) {
        return make('preconditionFailed', `${ctx.action} failed: ${what} already exists with a different '${arg[1]}' (current ${arg[3]}, requested ${arg[2]}); declare it with the same settings, or delete it first.`);
      }
      if (/not empty/.test(text)) return make('preconditionFailed', `${ctx.action} failed: ${what} is not empty; purge it first or delete it anyway.`);
      if (/in use/.test(text)) return make('preconditionFailed', `${ctx.action} failed: ${what} is in use; stop its consumers or bindings first.`);
      const reason = text.replace(/^PRECONDITION_FAILED - /, '');
      return make('preconditionFailed', `${ctx.action} failed: RabbitMQ refused it (${reason}); change the request and try again.`);
    }
    case Reply.ACCESS_REFUSED: {
      const user = /for user '([^']*)'/.exec(text)?.[1];
      if (user === undefined) {
        // Not a permission: a reserved name, the default exchange, an internal exchange, an exclusive queue.
        return make('accessRefused', `${ctx.action} failed: RabbitMQ refused it (${text.replace(/^ACCESS_REFUSED - /, '')}); use a name without the reserved "amq." prefix, leave the default and internal exchanges alone, and use an exclusive queue only from its own connection.`);
      }
      return make('accessRefused', `${ctx.action} failed: user '${user}' has no permission on ${what}; ask an administrator for configure/write/read permissions, or use a name the user's permissions allow.`);
    }
    case Reply.RESOURCE_LOCKED:
      return make('accessRefused', `${ctx.action} failed: ${what} is exclusive to another connection; use it from that connection or pick another queue.`);
    case Reply.CONNECTION_FORCED:
      return make('disconnected', `${ctx.action} failed: the broker closed the connection (${text}); BrokerLens reconnects by itself, try again in a moment.`);
    case Reply.NOT_IMPLEMENTED:
      return make('unsupported', `${ctx.action} failed: RabbitMQ does not offer this on that queue type (${text.replace(/^NOT_IMPLEMENTED - /, '')}); use a classic or quorum queue for it.`);
    case Reply.NOT_ALLOWED:
      return make('invalidInput', `${ctx.action} failed: RabbitMQ does not allow it (${text.replace(/^NOT_ALLOWED - /, '')}); change the request and try again.`);
    default:
      return undefined;
  }
}
