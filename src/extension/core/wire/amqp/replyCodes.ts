/**
 * AMQP 0-9-1 reply codes as the listener sends them in channel.close and connection.close, and the
 * reply texts RabbitMQ 3.10 uses for the errors the listener itself raises (framing, handshake,
 * methods the engine never sees). Errors raised by the engine arrive as its AmqpError, whose codes
 * and texts already follow RabbitMQ; {@link toWireError} turns either into what goes on the wire.
 *
 * The code table itself is core/rules/amqpReplyCodes.ts, shared with the adapters and the engine.
 */
import { Reply, replyName, replyScope } from '../../rules/amqpReplyCodes.js';
import { isAmqpError } from '../../simulator/rabbitmq/amqpError.js';

export { Reply, replyName };

/** Whether an error closes the channel (soft) or the whole connection (hard), as in AMQP 0-9-1. */
export type WireErrorScope = 'channel' | 'connection';

/** An error to report on the wire: the code, RabbitMQ's reply text ("NOT_FOUND - no queue ..."), and what it closes. */
export class WireError extends Error {
  constructor(
    readonly code: number,
    /** The text after "CODE - ". */
    readonly reason: string,
    readonly scope: WireErrorScope = replyScope(code),
  ) {
    super(`${replyName(code)} - ${reason}`);
    this.name = 'WireError';
  }

  /** The reply text as RabbitMQ writes it, cut to a shortstr. */
  get replyText(): string {
    return shortstr(this.message);
  }
}

/** 501 FRAME_ERROR (always closes the connection). */
export function frameError(reason: string): WireError {
  return new WireError(Reply.FRAME_ERROR, reason, 'connection');
}

/** 505 UNEXPECTED_FRAME. */
export function unexpectedFrame(reason: string): WireError {
  return new WireError(Reply.UNEXPECTED_FRAME, reason, 'connection');
}

/** 503 COMMAND_INVALID. */
export function commandInvalid(reason: string): WireError {
  return new WireError(Reply.COMMAND_INVALID, reason, 'connection');
}

/** 540 NOT_IMPLEMENTED (RabbitMQ makes it a connection error). */
export function notImplemented(reason: string): WireError {
  return new WireError(Reply.NOT_IMPLEMENTED, reason, 'connection');
}

/** 403 after a failed login: RabbitMQ's exact text, which says nothing about which part was wrong. */
export function loginRefused(mechanism: string): WireError {
  return new WireError(Reply.ACCESS_REFUSED, `Login was refused using authentication mechanism ${mechanism}. For details see the broker logfile.`, 'connection');
}

/** 530 for a vhost the simulator does not have (it has one vhost, '/'); RabbitMQ's text. */
export function vhostNotFound(vhost: string): WireError {
  return new WireError(Reply.NOT_ALLOWED, `vhost ${vhost} not found`, 'connection');
}

/** The listener is stopping or the user disconnected the client: 320 CONNECTION_FORCED. */
export function connectionForced(reason: string): WireError {
  return new WireError(Reply.CONNECTION_FORCED, reason, 'connection');
}

/**
 * What goes on the wire for a thrown value: engine AmqpErrors and WireErrors keep their code, text
 * and scope; anything else (a bug, an encoding failure) is a 541 INTERNAL_ERROR closing the connection.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof WireError) return error;
  if (isAmqpError(error)) return new WireError(error.replyCode, error.reason, error.scope);
  const detail = error instanceof Error ? error.message : String(error);
  return new WireError(Reply.INTERNAL_ERROR, detail, 'connection');
}

/** Cuts a string to 255 UTF-8 bytes (a shortstr) on a character boundary. */
export function shortstr(text: string): string {
  if (Buffer.byteLength(text) <= 255) return text;
  let out = text.slice(0, 255);
  while (Buffer.byteLength(out) > 255) out = out.slice(0, -1);
  return out;
}
