/**
 * AMQP 0-9-1 errors as RabbitMQ raises them. A channel-level error closes the channel it happened on
 * (and so returns its unacknowledged messages); a connection-level one closes the whole connection.
 * Reply texts follow RabbitMQ 3.10 word for word where a client would show them.
 */
import { Reply, replyName, replyScope, type ReplyCodeValue } from '../../rules/amqpReplyCodes.js';

/** AMQP reply codes (the shared table, core/rules/amqpReplyCodes.ts). */
export const ReplyCode = Reply;

/** One of {@link ReplyCode}. */
export type AmqpReplyCode = ReplyCodeValue;

/** What the error closes, as in RabbitMQ: soft errors close the channel, hard errors the connection. */
export type AmqpErrorScope = 'channel' | 'connection';

/** An AMQP error raised by the simulated broker. `message` is RabbitMQ's reply text, e.g. "NOT_FOUND - no queue 'q' in vhost '/'". */
export class AmqpError extends Error {
  readonly replyCode: AmqpReplyCode;
  readonly scope: AmqpErrorScope;
  /** The reply text without the "CODE - " prefix. */
  readonly reason: string;

  constructor(replyCode: AmqpReplyCode, reason: string, scope?: AmqpErrorScope) {
    super(`${replyName(replyCode)} - ${reason}`);
    this.name = 'AmqpError';
    this.replyCode = replyCode;
    this.reason = reason;
    // 5xx are hard errors in AMQP 0-9-1: RabbitMQ closes the connection for them.
    this.scope = scope ?? replyScope(replyCode);
  }

  /** The symbolic name, e.g. 'NOT_FOUND'. */
  get replyName(): string {
    return replyName(this.replyCode);
  }
}

/** True for an AmqpError, also across module copies (checks the shape, not the prototype). */
export function isAmqpError(value: unknown): value is AmqpError {
  return value instanceof Error && value.name === 'AmqpError' && typeof (value as { replyCode?: unknown }).replyCode === 'number';
}

/** "queue 'q' in vhost '/'" / "exchange 'x' in vhost '/'", as RabbitMQ prints resources. */
export function resourceName(kind: 'queue' | 'exchange', name: string): string {
  return `${kind} '${name}' in vhost '/'`;
}

/** 404 for a missing queue or exchange. */
export function notFound(kind: 'queue' | 'exchange', name: string): AmqpError {
  return new AmqpError(ReplyCode.NOT_FOUND, `no ${resourceName(kind, name)}`);
}

/** 405 for an exclusive queue used from another connection (RabbitMQ's exact text). */
export function resourceLocked(queue: string): AmqpError {
  return new AmqpError(
    ReplyCode.RESOURCE_LOCKED,
    `cannot obtain exclusive access to locked ${resourceName('queue', queue)}. It could be originally declared on another `
      + 'connection or the exclusive property value does not match that of the original declaration.',
  );
}

/** 406 for a redeclaration that differs from what exists. */
export function inequivalentArg(kind: 'queue' | 'exchange', name: string, arg: string, received: string, current: string): AmqpError {
  return new AmqpError(
    ReplyCode.PRECONDITION_FAILED,
    `inequivalent arg '${arg}' for ${resourceName(kind, name)}: received ${received} but current is ${current}`,
  );
}
